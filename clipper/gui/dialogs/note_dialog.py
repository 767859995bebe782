"""A highlight's note and colour."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from clipper.gui.dialogs.common import ok_cancel, swatch


class NoteDialog(QDialog):
    def __init__(self, quote: str, colors: dict[str, str], color: str = "yellow",
                 note: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Note")
        self.color = QComboBox()
        for name, value in colors.items():
            self.color.addItem(swatch(value), name.capitalize(), name)
        self.color.setCurrentIndex(max(0, self.color.findData(color)))
        self.note = QPlainTextEdit(note)
        self.note.setAccessibleName("Note text")
        self.note.setPlaceholderText("Your note on these words")
        buttons = ok_cancel(self)
        form = QFormLayout(self)
        form.addRow(QLabel(f"“{quote[:150]}”"))
        form.addRow("Colour", self.color)
        form.addRow("Note", self.note)
        form.addRow(buttons)
        self.resize(440, 240)
        self.note.setFocus()  # type at once; Ctrl+Enter saves (Enter starts a new line)
        save = QShortcut(QKeySequence("Ctrl+Return"), self)
        save.activated.connect(buttons.accepted)
        QShortcut(QKeySequence("Ctrl+Enter"), self).activated.connect(buttons.accepted)
        buttons.setToolTip("Ctrl+Enter saves the note")

    def values(self) -> tuple[str, str]:
        return self.color.currentData(), self.note.toPlainText().strip()
