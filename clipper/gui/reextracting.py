"""Edit ▸ Extract text again: the shown clipping's text replaced by what its saved original
(page, mail or feed entry) gives with today's extraction, on the undo stack."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from clipper.core.errors import ClipperError
from clipper.core.kinds import ClippingField
from clipper.core.library import Library
from clipper.core.records import ClippingDetail, Reextraction
from clipper.gui.commands import EditClipping
from clipper.gui.worker import Worker


class ReextractWindow(Protocol):
    """What extracting again uses of the main window."""

    @property
    def library(self) -> Library: ...
    @property
    def worker(self) -> Worker: ...
    @property
    def undo(self) -> QUndoStack: ...
    @property
    def detail(self) -> ClippingDetail | None: ...

    def window(self) -> QWidget:
        """The window itself, to ask the user from (``QWidget.window``)."""
        ...

    def changed(self, clipping_id: int | None) -> None: ...
    def report(self, message: str) -> None: ...
    def report_error(self, message: str) -> None: ...
    def report_unexpected(self, exc: BaseException) -> None: ...


def extract_again(window: ReextractWindow) -> None:
    """Replace the shown clipping's text (undoable); asks first when marks would lose their
    words. The extraction runs on the worker: a large page takes a second."""
    if window.detail is None:
        return
    window.report("Extracting the text again from the saved original…")
    window.worker.run(window.library.extract_again, window.detail.clipping.id,
                      on_result=lambda again: _extracted(window, again),
                      on_error=lambda exc: window.report_error(str(exc))
                      if isinstance(exc, ClipperError) else window.report_unexpected(exc))


def _extracted(window: ReextractWindow, again: Reextraction) -> None:
    if not again.changed:
        window.report("The text is already what its saved original gives.")
        return
    body = again.body_changed
    if body and again.marks_lost and QMessageBox.question(
            window.window(), "Extract text again",
            f"{again.marks_lost} mark(s) would no longer find their words in the new text. "
            "Extract it anyway? (Edit ▸ Undo puts the old text back.)") != \
            QMessageBox.StandardButton.Yes:
        body = False
        if again.wire is None:
            return
    window.undo.beginMacro("Extract text again")
    if again.wire is not None:  # found in the original of a clipping that had no wire
        window.undo.push(EditClipping(window.library, window.changed, again.clipping_id,
                                      ClippingField.WIRE, None, again.wire))
    if body:
        window.undo.push(EditClipping(window.library, window.changed, again.clipping_id,
                                      ClippingField.BODY, again.old_body, again.new_body))
    window.undo.endMacro()
    via = f" It came through {again.wire}." if again.wire else ""
    window.report(("Text extracted again from the saved original." if body else
                   "The text stays as it is.") + via + " (Ctrl+Z puts the old back.)")
