"""A clipping typed or pasted by hand: title, outlet, URL, date and text; nothing is stored until
OK, and a duplicate is reported rather than stored twice."""

from __future__ import annotations

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
    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New clipping" if not text else "New clipping from pasted text")
        draft = parse_text_clipping(text) if text.strip() else ClippingDraft(title="", body="")
        self._flags = draft.flags
        self.title = QLineEdit(draft.title)
        self.outlet = QLineEdit(draft.source_name or "")
        self.url = QLineEdit(draft.url or "")
        self.published = QLineEdit(draft.published.strftime("%Y-%m-%d") if draft.published else "")
        self.published.setPlaceholderText("YYYY-MM-DD")
        self.body = QPlainTextEdit(draft.body)
        self.body.setAccessibleName("Clipping text")
        self.error = QLabel()
        self.error.setStyleSheet("color: #d9480f")
        self.error.hide()
        buttons = ok_cancel(self, self._accept)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Outlet", self.outlet)
        form.addRow("URL", self.url)
        form.addRow("Published", self.published)
        form.addRow("Text", self.body)
        if self._flags:
            form.addRow(QLabel(f"{len(self._flags)} publication flag(s) become bias notes."))
        form.addRow(self.error)
        form.addRow(buttons)
        self.resize(640, 520)

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
        return ClippingDraft(title=title, body=body,
                             source_name=self.outlet.text().strip() or None,
                             url=self.url.text().strip() or None,
                             published=parse_date(self.published.text()),
                             language=guess_language(f"{title}\n{body}"),
                             flags=self._flags, origin="typed or pasted")
