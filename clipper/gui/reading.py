"""Opening a clipping marks it read once it has stayed open a moment (not while skimming with
J and K), when the preference says so; each marking is an undoable edit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QUndoStack

from clipper.core.kinds import ReadingStatus
from clipper.core.library import Library
from clipper.core.records import ClippingDetail
from clipper.gui import settings as S
from clipper.gui.commands import Changed, MarkRead
from clipper.gui.settings import Settings

READ_AFTER_MS = 2000


class ReadMarker(QObject):
    def __init__(self, library: Library, settings: Settings, undo: QUndoStack,
                 changed: Changed, current: Callable[[], ClippingDetail | None],
                 parent: QObject) -> None:
        super().__init__(parent)
        self._library, self._settings, self._undo = library, settings, undo
        self._changed, self._current = changed, current
        self.timer = QTimer(self, singleShot=True, interval=READ_AFTER_MS)
        self.timer.timeout.connect(self._mark)

    def opened(self, detail: ClippingDetail | None) -> None:
        """A different clipping is shown (or none): start counting for it."""
        self.timer.stop()
        if (detail is not None and detail.clipping.status == ReadingStatus.UNREAD
                and self._library.can_mark_read and self._settings.get(S.MARK_READ_ON_OPEN)):
            self.timer.start()

    def _mark(self) -> None:
        detail = self._current()
        if detail is not None and detail.clipping.status == ReadingStatus.UNREAD:
            self._undo.push(MarkRead(self._library, self._changed, detail.clipping.id))
