"""A clipping before it is stored: typed by hand, pasted, or captured from a web address and
shown for review. Every field is editable; nothing is stored until OK, and a duplicate is
reported rather than stored twice."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from clipper.core.capture.language import guess_language
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.records import ClippingDraft
from clipper.gui.dialogs.common import ok_cancel
from clipper.gui.metadata_panel import parse_date


class NewClippingDialog(QDialog):
    def __init__(self, text: str = "", parent: QWidget | None = None,
                 draft: ClippingDraft | None = None) -> None:
        super().__init__(parent)
        if draft is not None:
            self.setWindowTitle("Review the captured clipping")
        else:
            self.setWindowTitle("New clipping" if not text else "New clipping from pasted text")
            draft = parse_text_clipping(text) if text.strip() else ClippingDraft("", "")
        self._draft = draft
        self.title = QLineEdit(draft.title)
        self.outlet = QLineEdit(draft.source_name or "")
        self.authors = QLineEdit(", ".join(draft.authors))
        self.authors.setPlaceholderText("Names, separated by commas")
        self.url = QLineEdit(draft.url or "")
        self.published = QLineEdit(draft.published.strftime("%Y-%m-%d") if draft.published else "")
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.body = QPlainTextEdit(draft.body)
        self.body.setAccessibleName("Clipping text")
        self.error = QLabel()
        self.error.setStyleSheet("color: #d9480f")
        self.error.hide()
        form = QFormLayout(self)
        if draft.origin and draft.url:
            form.addRow(QLabel("Check what was extracted from the page before it is stored."))
        for label, field in (("Title", self.title), ("Outlet", self.outlet),
                             ("Authors", self.authors), ("URL", self.url),
                             ("Published", self.published), ("Text", self.body)):
            form.addRow(label, field)
        if draft.flags:
            form.addRow(QLabel(f"{len(draft.flags)} publication flag(s) become bias notes."))
        form.addRow(self.error)
        form.addRow(ok_cancel(self, self._accept))
        self.resize(700, 560)

    def _accept(self) -> None:
        if not self.title.text().strip():
            self._error("A clipping needs a title.")
            return
        try:
            parse_date(self.published.text())
        except ValueError:
            self._error("Type the publication date as YYYY-MM-DD, or leave it empty.")
            return
        self.accept()

    def _error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def draft(self) -> ClippingDraft:
        body = self.body.toPlainText().strip()
        title = " ".join(self.title.text().split())
        authors = [a.strip() for a in self.authors.text().split(",") if a.strip()]
        return replace(
            self._draft, title=title, body=body, source_name=self.outlet.text().strip() or None,
            url=self.url.text().strip() or None, published=parse_date(self.published.text()),
            authors=authors,
            language=self._draft.language or guess_language(f"{title}\n{body}"),
            origin=self._draft.origin or "typed or pasted")
