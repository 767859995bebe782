"""Following changes made elsewhere: another window on the same library folder (this one opened
read-only), or the other people of a team library.

On a thread of its own (the window never waits for the network), a team library's follower
waits for the server to announce a change (LISTEN/NOTIFY), at most a second, then asks the
library's ``data_version``; a library in a folder is asked every 1.5 s. When it has moved, this
desktop's index takes the changes (a team library's change log) and the window is told to
re-read what it shows. A server that stops answering is said in the status bar, and asked
again until it answers; nothing the user typed is touched meanwhile.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from sqlalchemy.exc import DBAPIError

from clipper.core.errors import ServerUnavailableError
from clipper.core.library import Library
from clipper.core.records import ClippingDetail
from clipper.gui.worker import Worker

log = logging.getLogger(__name__)

TEAM_INTERVAL_MS = 1000  # what one analyst does shows at the others' within two seconds
FOLDER_INTERVAL_MS = 1500


class ChangeFollower(QObject):
    """Polls ``library`` and calls ``on_changed(shown_changed)`` on the GUI thread after
    others' changes; ``shown_changed``: the clipping the window shows (``shown()``: its id and
    the revision shown) was changed, or removed, meanwhile."""

    def __init__(self, library: Library, on_changed: Callable[[bool], None],
                 shown: Callable[[], tuple[int, int] | None],
                 say: Callable[[str, int], None], parent: QObject) -> None:
        super().__init__(parent)
        self._library = library
        self._on_changed = on_changed
        self._shown = shown
        self._say = say  # (message, milliseconds; 0: until replaced)
        self._seen: int | None = None
        self._asking = False
        self.offline = False
        self._worker = Worker(self, threads=1)  # apart: the window's busy sign stays still
        self._team = library.address is not None
        self._stopped = False
        self._timer = QTimer(self, interval=TEAM_INTERVAL_MS if self._team else
                             FOLDER_INTERVAL_MS)
        self._timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.poll()
        self._timer.start()

    def stop(self) -> None:
        self._stopped = True
        self._timer.stop()
        self._worker.wait(5000)

    def poll(self) -> None:
        if self._asking or self._stopped:
            return
        self._asking = True
        shown = self._shown()
        # A team library's server says when something changed: wait for it (at most a second)
        wait = TEAM_INTERVAL_MS / 1000 if self._team and self._seen is not None else 0.0
        self._worker.run(_take_changes, self._library, self._seen, shown[0] if shown else None,
                         wait, on_result=lambda answer: self._answered(answer[0], answer[1], shown),
                         on_error=self._failed)

    def _answered(self, version: int, revision: int | None,
                  shown: tuple[int, int] | None) -> None:
        self._asking = False
        if self.offline:
            self.offline = False
            self._say("The team library's server answers again.", 6000)
        first = self._seen is None
        if version != self._seen:
            self._seen = version
            if not first:
                now = self._shown()  # another clipping opened meanwhile: its revision is not
                # known here, so it is shown again too
                self._on_changed(now is not None and (now != shown or revision != now[1]))
        if self._team:
            QTimer.singleShot(0, self.poll)  # and wait for the next announcement at once

    def _failed(self, exc: BaseException) -> None:
        self._asking = False
        if isinstance(exc, ServerUnavailableError):
            if not self.offline:
                log.warning("team library server unreachable: %s", exc)
            self.offline = True
            self._say(f"{exc} Trying again every second.", 0)
            return
        log.error("following other changes failed", exc_info=exc)


def _take_changes(library: Library, seen: int | None, shown_id: int | None,
                  wait: float) -> tuple[int, int | None]:
    """The library's version now (after waiting up to ``wait`` seconds for a change to be
    announced), and the shown clipping's revision. A changed team library's log is taken into
    the index first (so the window's search finds the new clippings)."""
    revision = None
    try:
        if wait:
            library.wait_for_change(wait)
        version = library.data_version()
        if seen is not None and version != seen:
            if library.keeps_index:
                library.flush_index()
            if shown_id is not None:
                revision = library.revision(shown_id)
    except DBAPIError as exc:  # the connection broke half-way: the next poll tries again
        raise ServerUnavailableError(f"Cannot reach the team library {library.location}.") \
            from exc
    return version, revision


def shown_revision(detail: ClippingDetail | None) -> tuple[int, int] | None:
    """The shown clipping's id and revision (to notice that someone changed it)."""
    if detail is None or detail.clipping.id is None:
        return None
    return detail.clipping.id, detail.clipping.revision
