"""Feed subscriptions: add, list with unread counts, refresh, remove.

A refresh reads the feed once and captures each entry not seen before (by GUID, or by URL
across all feeds) as a clipping: from the entry's own content, or — for a feed in "fetch"
mode whose entries carry only a summary — from the linked article. One bad entry is
counted and noted on the feed, never raised; the rest of the feed goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, func, or_, select

from clipper.core.db import utcnow
from clipper.core.errors import (
    CaptureError,
    ClipperError,
    DuplicateError,
    InvalidInputError,
    NotFoundError,
)
from clipper.core.kinds import ReadingStatus
from clipper.core.models import Clipping, Feed, FeedEntry
from clipper.core.normalize import url_key
from clipper.core.records import ClippingDraft
from clipper.core.store.clippings import ClippingStore
from clipper.core.store.numbering import keep_high_water, unused_id
from clipper.core.store.reading import status_column
from clipper.core.store.unit_of_work import UnitOfWork

if TYPE_CHECKING:
    from clipper.core.capture.feeds import FeedItem, ParsedFeed
    from clipper.core.capture.fetch import Fetched

FEED_MODES = ("content", "fetch")
MAX_FEED_BYTES = 10 * 1024 * 1024
_MAX_ERROR_ENTRIES = 3


@dataclass
class FeedView:
    """A feed with the number of its clippings, and of those still unread."""

    feed: Feed
    unread: int
    clippings: int


@dataclass
class RefreshSummary:
    """What one refresh of a feed did."""

    feed_id: int
    title: str
    new: list[int] = field(default_factory=list)  # ids of the clippings captured
    duplicates: list[int] = field(default_factory=list)  # ids already in the library
    known: int = 0  # entries captured by an earlier refresh
    failed: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)
    error: str | None = None  # the feed itself could not be read
    cancelled: bool = False


class FeedStore:
    """Feed subscriptions; a refresh stores each new entry through the clippings."""

    def __init__(self, work: UnitOfWork, clippings: ClippingStore) -> None:
        self._work = work
        self._clippings = clippings

    def add_feed(self, url_or_path: str, mode: str = "content", interval: int = 60) -> Feed:
        """Subscribe to a feed (a web address or a feed file). The feed is read once, to
        check it is one and to take its title. Raises ``CaptureError`` when it cannot be
        read, ``InvalidInputError`` for a bad mode, interval or a feed already added."""
        if mode not in FEED_MODES:
            raise InvalidInputError(f"A feed's mode is one of {', '.join(FEED_MODES)}.")
        if interval < 1:
            raise InvalidInputError("A feed's refresh interval is at least one minute.")
        location = _location(url_or_path)
        with self._work.session() as session:
            existing = session.exec(select(Feed).where(Feed.url == location)).first()
        if existing is not None:
            raise InvalidInputError(f"Already subscribed to this feed (feed {existing.id}).")
        parsed = parse_feed(read_feed(location), location)
        with self._work.write() as session:
            feed = Feed(id=unused_id(session, Feed), url=location,
                        title=parsed.title or location, mode=mode, interval_minutes=interval,
                        created=utcnow())
            session.add(feed)
        return feed

    def get_feed(self, feed_id: int) -> Feed:
        with self._work.session() as session:
            return _get_feed(session, feed_id)

    def list_feeds(self) -> list[FeedView]:
        """Every feed, by title, with its clipping and unread counts and its last error."""
        with self._work.session() as session:
            feeds = session.exec(select(Feed).order_by(func.lower(Feed.title), Feed.id)).all()
            counts = dict(session.exec(
                select(FeedEntry.feed_id, func.count(func.distinct(Clipping.id)))
                .join(Clipping, Clipping.id == FeedEntry.clipping_id)
                .group_by(FeedEntry.feed_id)).all())
            unread = dict(session.exec(
                select(FeedEntry.feed_id, func.count(func.distinct(Clipping.id)))
                .join(Clipping, Clipping.id == FeedEntry.clipping_id)
                .where(status_column(self._work.personal_reading) == ReadingStatus.UNREAD)
                .group_by(FeedEntry.feed_id)).all())
            return [FeedView(f, unread.get(f.id, 0), counts.get(f.id, 0)) for f in feeds]

    def remove_feed(self, feed_id: int) -> None:
        """Unsubscribe; the clippings captured from the feed stay in the library."""
        with self._work.write() as session:
            feed = _get_feed(session, feed_id)
            keep_high_water(session, Feed)  # a feed added later does not take its number
            session.delete(feed)

    def refresh_feed(self, feed_id: int,
                     should_stop: Callable[[], bool] = lambda: False) -> RefreshSummary:
        """Capture the feed's new entries. Problems are recorded on the feed (its
        ``last_error``) and in the summary, not raised."""
        feed = self.get_feed(feed_id)
        summary = RefreshSummary(feed_id, feed.title)
        try:
            parsed = parse_feed(read_feed(feed.url), feed.url)
        except CaptureError as exc:
            summary.error = str(exc)
            self._record_refresh(feed_id, summary.error)
            return summary
        with self._work.deferred_indexing():
            for item in parsed.items:
                if should_stop():
                    summary.cancelled = True
                    break
                self._capture_item(feed, parsed, item, summary)
        self._record_refresh(feed_id, _failure_note(summary), parsed.title)
        return summary

    def refresh_due_feeds(self, now: datetime | None = None,
                          should_stop: Callable[[], bool] = lambda: False
                          ) -> list[RefreshSummary]:
        """Refresh every feed whose interval has passed since its last refresh."""
        now = now or utcnow()
        summaries = []
        for view in self.list_feeds():
            if should_stop():
                break
            feed = view.feed
            last = _aware(feed.last_refreshed)
            if last is None or last + timedelta(minutes=feed.interval_minutes) <= now:
                summaries.append(self.refresh_feed(feed.id, should_stop))
        return summaries

    # -- one entry -------------------------------------------------------------------------------

    def _capture_item(self, feed: Feed, parsed: ParsedFeed, item: FeedItem,
                      summary: RefreshSummary) -> None:
        guid, link = entry_key(item), url_key(item.url)
        if self._entry_known(feed.id, guid, link):
            summary.known += 1
            return
        try:
            draft = self._draft_for(feed, parsed, item)
            try:
                clipping_id = self._clippings.add_clipping(draft).id
                summary.new.append(clipping_id)
            except DuplicateError as exc:
                clipping_id = exc.existing_id
                summary.duplicates.append(clipping_id)
        except ClipperError as exc:
            summary.failed.append((item.title or item.url or "(untitled entry)", str(exc)))
            return
        with self._work.write() as session:
            session.add(FeedEntry(feed_id=feed.id, guid=guid, url=link,
                                  clipping_id=clipping_id, seen=utcnow()))

    def _draft_for(self, feed: Feed, parsed: ParsedFeed, item: FeedItem) -> ClippingDraft:
        draft = item_draft(item, parsed)
        if feed.mode != "fetch" or item.has_full_content or not item.url:
            return draft
        page = fetch(item.url)
        article = parse_html_page(page.content, url=page.url, charset=page.charset)
        article.title = article.title or draft.title
        article.published = article.published or draft.published
        article.authors = article.authors or draft.authors
        article.wire = article.wire or draft.wire
        article.source_name = article.source_name or draft.source_name
        article.url = article.url or draft.url
        return article

    def _entry_known(self, feed_id: int, guid: str, link: str | None) -> bool:
        with self._work.session() as session:
            query = select(FeedEntry.id).where(or_(
                (FeedEntry.feed_id == feed_id) & (FeedEntry.guid == guid),
                col(FeedEntry.url).is_not(None) & (FeedEntry.url == link)))
            return session.exec(query).first() is not None

    def _record_refresh(self, feed_id: int, error: str | None, title: str | None = None) -> None:
        with self._work.write() as session:
            feed = _get_feed(session, feed_id)
            feed.last_refreshed = utcnow()
            feed.last_error = error
            if title and not feed.title:
                feed.title = title
            session.add(feed)


def entry_key(item: FeedItem) -> str:
    """What identifies an entry in its feed: its GUID, else its link, else its text."""
    if item.guid:
        return item.guid
    if item.url:
        return item.url
    text = f"{item.title}\n{item.content_html or item.summary_html or ''}"
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_feed(location: str) -> bytes:
    """The bytes of the feed at a web address or in a file. Raises ``CaptureError``."""
    if location.startswith(("http://", "https://")):
        return fetch(location, accept=()).content
    path = Path(location)
    try:
        if path.stat().st_size > MAX_FEED_BYTES:
            raise CaptureError(f"The feed file {path} is larger than "
                               f"{MAX_FEED_BYTES // (1024 * 1024)} MB.")
        return path.read_bytes()
    except FileNotFoundError:
        raise CaptureError(f"The feed file {path} no longer exists.") from None
    except OSError as exc:
        raise CaptureError(f"The feed file {path} cannot be read ({exc.strerror}).") from None


def _location(url_or_path: str) -> str:
    value = url_or_path.strip()
    if value.startswith(("http://", "https://")):
        return value
    path = Path(value).expanduser()
    if path.is_file():
        return str(path.resolve())
    if "://" not in value and not path.exists():
        raise InvalidInputError(f"There is no file {path} (give a feed's web address or a "
                                "feed file).")
    raise InvalidInputError(f"'{url_or_path}' is neither a web address (http or https) nor a "
                            "feed file.")


def _get_feed(session: Session, feed_id: int) -> Feed:
    feed = session.get(Feed, feed_id)
    if feed is None:
        raise NotFoundError(f"There is no feed {feed_id}.")
    return feed


def _failure_note(summary: RefreshSummary) -> str | None:
    if not summary.failed:
        return None
    shown = "; ".join(f"{entry}: {reason}" for entry, reason in
                      summary.failed[:_MAX_ERROR_ENTRIES])
    more = len(summary.failed) - _MAX_ERROR_ENTRIES
    return (f"{len(summary.failed)} entr{'y' if len(summary.failed) == 1 else 'ies'} "
            f"failed: {shown}" + (f" (and {more} more)" if more > 0 else ""))


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


# Feed parsing and fetching bring feedparser, httpx and lxml: imported when first used.
def parse_feed(data: bytes, location: str) -> ParsedFeed:
    from clipper.core.capture.feeds import parse_feed as parse

    return parse(data, location)


def item_draft(item: FeedItem, parsed: ParsedFeed) -> ClippingDraft:
    from clipper.core.capture.feeds import item_draft as draft

    return draft(item, parsed)


def fetch(url: str, **options: object) -> Fetched:
    from clipper.core.capture.fetch import fetch as get

    return get(url, **options)


def parse_html_page(content: bytes, **options: object) -> ClippingDraft:
    from clipper.core.capture.html import parse_html_page as parse

    return parse(content, **options)
