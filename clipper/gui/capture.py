"""Capture in the window: a web address (typed, pasted or dropped) fetched on the worker and
shown for review before it is stored; feeds added, refreshed on demand (F5) and every few
minutes while Clipper runs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QInputDialog, QProgressDialog, QWidget

from clipper.core.capture.web import draft_from_url
from clipper.core.errors import ClipperError, DuplicateError
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from clipper.core.store.feeds import RefreshSummary
from clipper.gui.dialogs.feed_dialog import FeedDialog
from clipper.gui.dialogs.new_clipping_dialog import NewClippingDialog
from clipper.gui.worker import Worker

FEED_CHECK_MS = 60_000  # how often due feeds are looked for


def looks_like_url(text: str) -> bool:
    text = text.strip()
    return text.startswith(("http://", "https://")) and not any(c.isspace() for c in text)


class CaptureController(QObject):
    def __init__(self, library: Library, worker: Worker, window: QWidget,
                 stored: Callable[[int | None], None], report: Callable[[str], None],
                 report_error: Callable[[str], None]) -> None:
        super().__init__(window)
        self._library, self._worker, self._window = library, worker, window
        self._stored, self._report, self._report_error = stored, report, report_error
        self.review: NewClippingDialog | None = None
        self._feed_timer = QTimer(self)
        self._feed_timer.setInterval(FEED_CHECK_MS)
        self._feed_timer.timeout.connect(self.refresh_due_feeds)
        if not library.read_only:
            self._feed_timer.start()

    # -- web addresses -----------------------------------------------------------------------

    def ask_for_url(self) -> None:
        clip = QGuiApplication.clipboard().text().strip()
        url, ok = QInputDialog.getText(self._window, "Add from URL", "Web address",
                                       text=clip if looks_like_url(clip) else "")
        if ok and url.strip():
            self.capture_url(url.strip())

    def capture_url(self, url: str) -> None:
        """Fetch ``url`` on the worker, then show what was extracted for review."""
        progress = QProgressDialog(f"Fetching {url}…", "Cancel", 0, 0, self._window)
        progress.setWindowTitle("Add from URL")
        progress.setMinimumDuration(300)
        cancelled = []
        progress.canceled.connect(lambda: cancelled.append(True))

        def done() -> bool:
            """Close the progress dialog; whether the user still wants the result."""
            wanted = not cancelled
            progress.canceled.disconnect()  # closing it would count as Cancel
            progress.close()
            progress.deleteLater()
            return wanted

        def fetched(draft: ClippingDraft) -> None:
            if done():
                self.show_review(draft)

        def failed(exc: BaseException) -> None:
            if done():
                self._report_error(str(exc) if isinstance(exc, ClipperError)
                                   else f"The page could not be read: {exc!r}")

        self._worker.run(draft_from_url, url, on_result=fetched, on_error=failed)

    def show_review(self, draft: ClippingDraft) -> None:
        self.review = NewClippingDialog(parent=self._window, draft=draft)
        self.review.accepted.connect(lambda: self.store(self.review.draft()))
        self.review.open()

    def store(self, draft: ClippingDraft) -> int | None:
        try:
            clipping = self._library.add_clipping(draft)
        except DuplicateError as exc:
            self._report_error(f"This article is already in the library. {exc}")
            return None
        except ClipperError as exc:
            self._report_error(str(exc))
            return None
        self._report(f"Stored “{clipping.title}”.")
        self._stored(clipping.id)
        return clipping.id

    # -- feeds -------------------------------------------------------------------------------

    def ask_for_feed(self, address: str = "") -> None:
        dialog = FeedDialog(self._window, address)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        location, mode, interval = dialog.values()
        self._report(f"Subscribing to {location}…")
        self._worker.run(_subscribe, self._library, location, mode, interval,
                         on_result=self._refreshed, on_error=self._failed)

    def refresh_feed(self, feed_id: int) -> None:
        self._worker.run(lambda: [self._library.refresh_feed(feed_id)],
                         on_result=self._refreshed, on_error=self._failed)

    def refresh_all(self) -> None:
        self._report("Refreshing feeds…")
        self._worker.run(_refresh_all, self._library, on_result=self._refreshed,
                         on_error=self._failed)

    def refresh_due_feeds(self) -> None:
        self._worker.run(self._library.refresh_due_feeds, on_result=self._refreshed,
                         on_error=self._failed)

    def remove_feed(self, feed_id: int) -> None:
        try:
            self._library.remove_feed(feed_id)
        except ClipperError as exc:
            self._report_error(str(exc))
        self._stored(None)

    def _refreshed(self, summaries: list[RefreshSummary]) -> None:
        new = sum(len(s.new) for s in summaries)
        problems = [f"{s.title}: {s.error}" for s in summaries if s.error]
        entries = [f"{entry}: {reason}" for s in summaries for entry, reason in s.failed]
        if summaries:
            self._report(f"Feeds: {new} new clipping{'s' if new != 1 else ''}"
                         + (f"; {len(problems)} feed(s) failed ({problems[0]})" if problems
                            else "")
                         + (f"; {len(entries)} entr{'ies' if len(entries) != 1 else 'y'} "
                            f"could not be captured ({entries[0]})" if entries else "") + ".")
        self._stored(None)

    def _failed(self, exc: BaseException) -> None:
        self._report_error(str(exc) if isinstance(exc, ClipperError)
                           else f"The feed could not be read: {exc!r}")


def _subscribe(library: Library, location: str, mode: str, interval: int
               ) -> list[RefreshSummary]:
    feed = library.add_feed(location, mode=mode, interval=interval)
    return [library.refresh_feed(feed.id)]


def _refresh_all(library: Library) -> list[RefreshSummary]:
    return [library.refresh_feed(view.feed.id) for view in library.list_feeds()]
