"""A bias note: a category from the taxonomy and free text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QWidget,
)

from clipper.core.models import BiasCategory
from clipper.gui.dialogs.common import ok_cancel, swatch


class BiasDialog(QDialog):
    def __init__(self, categories: list[BiasCategory], quote: str | None = None,
                 category: str | None = None, note: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bias note")
        self.category = QComboBox()
        self.category.setAccessibleName("Bias category")
        for c in categories:
            self.category.addItem(swatch(c.color), c.name, c.key)
            self.category.setItemData(self.category.count() - 1, c.description,
                                      Qt.ItemDataRole.ToolTipRole)
        # No category is preselected: the first one would be a wrong default for most notes.
        self.category.setPlaceholderText("Choose a category…")
        self.category.setCurrentIndex(self.category.findData(category) if category else -1)
        self.note = QPlainTextEdit(note)
        self.note.setPlaceholderText("What is biased, and why (optional)")
        self.note.setAccessibleName("Bias note text")
        buttons = ok_cancel(self)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.category.currentIndex() >= 0)
        self.category.currentIndexChanged.connect(lambda index: ok.setEnabled(index >= 0))
        form = QFormLayout(self)
        where = f"On the words: “{quote[:150]}”" if quote else "On the whole clipping"
        form.addRow(QLabel(where))
        form.addRow("Category", self.category)
        form.addRow("Note", self.note)
        form.addRow(buttons)
        self.resize(460, 260)

    def values(self) -> tuple[str, str]:
        return self.category.currentData(), self.note.toPlainText().strip()
