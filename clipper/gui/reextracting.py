"""Edit ▸ Extract text again: the shown clipping's text replaced by what its saved original
(page, mail or feed entry) gives with today's extraction, on the undo stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from clipper.core.errors import ClipperError
from clipper.core.records import Reextraction
from clipper.gui.commands import EditClipping

if TYPE_CHECKING:
    from clipper.gui.main_window import MainWindow


def extract_again(window: MainWindow) -> None:
    """Replace the shown clipping's text (undoable); asks first when marks would lose their
    words. The extraction runs on the worker: a large page takes a second."""
    if window.detail is None:
        return
    window.report("Extracting the text again from the saved original…")
    window.worker.run(window.library.extract_again, window.detail.clipping.id,
                      on_result=lambda again: _extracted(window, again),
                      on_error=lambda exc: window.report_error(str(exc))
                      if isinstance(exc, ClipperError) else window.report_unexpected(exc))


def _extracted(window: MainWindow, again: Reextraction) -> None:
    if not again.changed:
        window.report("The text is already what its saved original gives.")
        return
    if again.marks_lost and QMessageBox.question(
            window, "Extract text again",
            f"{again.marks_lost} mark(s) would no longer find their words in the new text. "
            "Extract it anyway? (Edit ▸ Undo puts the old text back.)") != \
            QMessageBox.StandardButton.Yes:
        return
    window.undo.push(EditClipping(window.library, window.changed, again.clipping_id, "body",
                                  again.old_body, again.new_body))
    window.report("Text extracted again from the saved original (Ctrl+Z puts the old back).")
