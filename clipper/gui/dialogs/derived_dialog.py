"""Derived copies: the clippings that share much of their text with this one, and a side-by-side
view of the shared passages; one can be linked as the original ("derived from")."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from clipper.core.errors import ClipperError
from clipper.core.library import Library
from clipper.core.store.derivation import DerivedCandidate
from clipper.gui.worker import Worker

SHARED = "#ffd8a8"


class DerivedDialog(QDialog):
    def __init__(self, library: Library, worker: Worker, clipping_id: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Derived copies")
        self._library, self._clipping_id = library, clipping_id
        self.linked = False
        self._body = library.get_clipping(clipping_id).clipping.body
        self.status = QLabel("Comparing this clipping's text with the library…")
        self.candidates = QListWidget()
        self.candidates.setMaximumHeight(130)
        self.candidates.currentItemChanged.connect(self._show)
        self.left, self.right = QTextEdit(), QTextEdit()
        for side in (self.left, self.right):
            side.setReadOnly(True)
        self.left.setPlainText(self._body)
        self.left_title, self.right_title = QLabel("<b>This clipping</b>"), QLabel()
        self.link = QPushButton("Link as derived from the other")
        self.link.setToolTip("Marks this clipping as derived from the selected one and adds the "
                             "bias note “summary of another publication”")
        self.link.setEnabled(False)
        self.link.clicked.connect(self._link)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        split = QSplitter(Qt.Orientation.Horizontal)
        for title, text in ((self.left_title, self.left), (self.right_title, self.right)):
            column = QWidget()
            layout = QVBoxLayout(column)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(title)
            layout.addWidget(text)
            split.addWidget(column)
        buttons = QHBoxLayout()
        buttons.addWidget(self.link)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.candidates)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        self.resize(1100, 700)
        worker.run(library.find_derived, clipping_id, on_result=self._fill,
                   on_error=lambda exc: self.status.setText(f"The comparison failed: {exc}"))

    def _fill(self, candidates: list[DerivedCandidate]) -> None:
        if not candidates:
            self.status.setText("No other clipping shares a substantial part of this text.")
            return
        self.status.setText(f"{len(candidates)} clipping(s) share text with this one; the "
                            "shared passages are shaded.")
        for candidate in candidates:
            role = "probably the original" if candidate.likely_original else "probably a copy"
            item = QListWidgetItem(
                f"{candidate.score:.0%} of this text is in “{candidate.title}” "
                f"({candidate.source or 'unknown outlet'}, {candidate.date:%Y-%m-%d}) — {role}")
            item.setData(Qt.ItemDataRole.UserRole, candidate)
            self.candidates.addItem(item)
        self.candidates.setCurrentRow(0)

    def _show(self, item: QListWidgetItem | None) -> None:
        candidate: DerivedCandidate | None = item.data(Qt.ItemDataRole.UserRole) if item else None
        if candidate is None:
            return
        other = self._library.get_clipping(candidate.clipping_id).clipping
        self.right.setPlainText(other.body)
        self.right_title.setText(f"<b>{candidate.title}</b> — {candidate.source or ''}")
        _shade(self.left, [(p.start, p.end) for p in candidate.passages])
        _shade(self.right, [(p.other_start, p.other_end) for p in candidate.passages])
        self.link.setEnabled(candidate.likely_original)

    def _link(self) -> None:
        item = self.candidates.currentItem()
        if item is None:
            return
        candidate: DerivedCandidate = item.data(Qt.ItemDataRole.UserRole)
        try:
            self._library.link_derived(self._clipping_id, candidate.clipping_id)
        except ClipperError as exc:
            self.status.setText(str(exc))
            return
        self.linked = True
        self.status.setText(f"Linked: this clipping is derived from “{candidate.title}”.")
        self.link.setEnabled(False)


def _shade(view: QTextEdit, spans: list[tuple[int, int]]) -> None:
    text = view.toPlainText()
    selections = []
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(SHARED))
    fmt.setForeground(QColor("#111111"))
    for start, end in spans:
        cursor = QTextCursor(view.document())
        cursor.setPosition(_qt(text, start))
        cursor.setPosition(_qt(text, end), QTextCursor.MoveMode.KeepAnchor)
        selection = QTextEdit.ExtraSelection()
        selection.cursor, selection.format = cursor, fmt
        selections.append(selection)
    view.setExtraSelections(selections)
    if spans:
        cursor = QTextCursor(view.document())
        cursor.setPosition(_qt(text, spans[0][0]))
        view.setTextCursor(cursor)
        view.ensureCursorVisible()


def _qt(text: str, index: int) -> int:
    """A Python offset as a Qt (UTF-16) position."""
    return index + sum(1 for c in text[:index] if ord(c) > 0xFFFF)
