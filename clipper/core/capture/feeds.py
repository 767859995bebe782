"""RSS and Atom feeds, read with feedparser; each entry can become a clipping.

The bytes are decoded by ``decode_markup`` (the same rules as pages: BOM, valid UTF-8, the
declared charset, detection) and handed to feedparser as UTF-8 bytes. A document type
declaration is removed before parsing, so no entity a feed declares is ever expanded (an
"entity bomb") and no external entity is fetched; feedparser itself also drops unsafe
declarations and turns off external entities, and this is the second lock on that door.
"""

from __future__ import annotations

import calendar
import io
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser

from clipper.core.capture.authors import validated
from clipper.core.capture.encoding import decode_markup
from clipper.core.capture.language import guess_language
from clipper.core.capture.outlets import known_outlet
from clipper.core.capture.paragraphs import fragment_text
from clipper.core.capture.titles import outlet_name
from clipper.core.errors import EmptyFileError, UnsupportedFormatError
from clipper.core.records import ClippingDraft

FEED_CONTENT_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                      "application/xml", "text/xml", "application/x-rss+xml")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# A DOCTYPE with or without an internal subset ([...]) — entity declarations live there.
_DOCTYPE = re.compile(r"<!DOCTYPE[^>\[]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)
_ROOT = re.compile(r"<(?:[\w-]+:)?(rss|feed|RDF)\b", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class FeedItem:
    """One entry of a feed."""

    title: str
    guid: str | None
    url: str | None
    published: datetime | None
    authors: list[str] = field(default_factory=list)
    content_html: str | None = None  # the full content, when the feed carries it
    summary_html: str | None = None
    language: str | None = None

    @property
    def has_full_content(self) -> bool:
        """Whether the entry carries the article itself rather than a teaser."""
        if not self.content_html:
            return False
        return len(fragment_text(self.content_html)) > len(fragment_text(self.summary_html or ""))


@dataclass
class ParsedFeed:
    title: str
    link: str | None
    language: str | None
    items: list[FeedItem]


def looks_like_feed(data: bytes) -> bool:
    """Whether the bytes are an RSS, RDF or Atom document (by their root element)."""
    head = data[:4096].decode("utf-8", "replace")
    head = _DOCTYPE.sub("", _XML_DECLARATION.sub("", head))
    head = re.sub(r"<!--.*?-->|<\?.*?\?>", "", head, flags=re.DOTALL)
    match = _ROOT.search(head)
    return match is not None and not head[:match.start()].strip().lstrip("\ufeff")


def parse_feed(data: bytes, location: str | None = None) -> ParsedFeed:
    """The feed in ``data``; ``location`` (its address) resolves relative links.
    Raises ``UnsupportedFormatError`` when the bytes are not a feed."""
    if not looks_like_feed(data):
        raise UnsupportedFormatError("This is not an RSS or Atom feed.")
    text, _encoding = decode_markup(data)
    text = _DOCTYPE.sub("", _XML_DECLARATION.sub("", text, count=1), count=1)
    headers = {"content-type": "application/xml; charset=utf-8"}
    if location and location.startswith(("http://", "https://")):
        headers["content-location"] = location
    result = feedparser.parse(io.BytesIO(text.encode("utf-8")), response_headers=headers,
                              sanitize_html=True, resolve_relative_uris=True)
    if not result.get("version") and not result.entries:
        raise UnsupportedFormatError("This feed cannot be read: it is not RSS or Atom.")
    meta = result.feed
    language = _language_code(meta.get("language"))
    items = [_item(entry, language) for entry in result.entries]
    site = meta.get("link")
    for item in items:  # relative links in a feed read from a file: relative to its site
        if item.url and not item.url.startswith(("http://", "https://")) and site:
            item.url = urljoin(site, item.url)
    return ParsedFeed(title=_plain(meta.get("title")) or _fallback_title(location),
                      link=site, language=language, items=items)


def item_draft(item: FeedItem, feed: ParsedFeed) -> ClippingDraft:
    """A draft clipping from a feed entry's own content (or its summary when that is all
    the entry has)."""
    markup = item.content_html or item.summary_html or ""
    body = fragment_text(markup)
    title = item.title or _first_words(body) or "(untitled)"
    return ClippingDraft(
        title=title, body=body, source_name=feed_outlet(feed), url=item.url,
        authors=item.authors, published=item.published,
        language=item.language or feed.language or guess_language(f"{title}\n{body}"),
        html=markup.encode("utf-8") if markup else None, origin=item.url)


def feed_outlet(feed: ParsedFeed) -> str | None:
    """The outlet a feed's entries come from: the publication the outlet table lists for the
    feed's site (ilmessaggero.it is Il Messaggero, whatever the feed calls itself); else the
    feed's title, without the section when the title names the site ("Il Giornale -
    Cronache" from ilgiornale.it is Il Giornale)."""
    site = feed.link if feed.link and feed.link.startswith(("http://", "https://")) else None
    known = known_outlet(urlsplit(site).hostname) if site else None
    if known:
        return known
    if not feed.title:
        return None
    return outlet_name(None, feed.title, site) or feed.title


def parse_feed_file(data: bytes, path: Path) -> list[ClippingDraft]:
    """Every entry of a feed file as a draft clipping (the importer's reader for feeds)."""
    feed = parse_feed(data, str(path))
    if not feed.items:
        raise EmptyFileError("The feed holds no entries.")
    return [item_draft(item, feed) for item in feed.items]


def _item(entry: Any, feed_language: str | None) -> FeedItem:
    content = entry.get("content") or []
    html_parts = [c.get("value", "") for c in content if c.get("value")]
    summary = entry.get("summary") or None
    content_html = "\n".join(html_parts) or None
    if content_html and summary and fragment_text(summary) == fragment_text(content_html):
        summary = None
    return FeedItem(
        title=_plain(entry.get("title")),
        guid=entry.get("id") or None,
        url=_entry_link(entry),
        published=_entry_date(entry),
        authors=_authors(entry),
        content_html=content_html,
        summary_html=summary,
        language=_language_code(_detail_language(entry)) or feed_language,
    )


def _entry_link(entry: Any) -> str | None:
    for link in entry.get("links") or []:
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link["href"].strip()
    link = entry.get("link")
    if link:
        return link.strip()
    guid = entry.get("id") or ""
    return guid if guid.startswith(("http://", "https://")) else None


_NUMERIC_DATE = re.compile(r"^\s*(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})"
                           r"(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$")


def _entry_date(entry: Any) -> datetime | None:
    # dict.get: feedparser's own get() maps a missing "updated" to "published", with a warning
    for key in ("published", "updated"):  # "2020/1/10 14:33:00": feedparser reads 1 November
        match = _NUMERIC_DATE.match(dict.get(entry, key) or "")
        if match:
            try:
                year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
                return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
            except ValueError:
                break
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = dict.get(entry, key)
        if parsed:
            return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    for key in ("published", "updated"):
        text = dict.get(entry, key)
        if text:
            return _fallback_date(text)
    return None


def _fallback_date(value: str) -> datetime | None:
    """Dates feedparser does not know: month and day names in other languages, for one."""
    import dateparser  # slow to import; most feeds never need it

    parsed = dateparser.parse(value, settings={"RETURN_AS_TIMEZONE_AWARE": True,
                                               "TO_TIMEZONE": "UTC"})
    return parsed.astimezone(UTC) if parsed else None


def _authors(entry: Any) -> list[str]:
    """The entry's authors, validated as a page's are (no roles, desks, placeholders, the
    same name twice in two spellings); RSS's "address (Name)" gives the name."""
    names = [a.get("name", "").strip() for a in entry.get("authors") or [] if a.get("name")]
    if not names and entry.get("author"):
        names = [entry["author"].strip()]
    names = [_MAILBOX_NAME.sub(r"\1", n) for n in names]
    return validated(names)[0]


_MAILBOX_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")


def _detail_language(entry: Any) -> str | None:
    for key in ("content", "summary_detail", "title_detail"):
        detail = entry.get(key)
        if isinstance(detail, list):
            detail = detail[0] if detail else None
        if detail and detail.get("language"):
            return detail["language"]
    return None


def _language_code(value: str | None) -> str | None:
    if not value:
        return None
    code = re.split(r"[-_]", value.strip())[0].lower()
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _plain(value: str | None) -> str:
    """A title as plain text (Atom titles may carry markup)."""
    if not value:
        return ""
    if "<" in value:
        value = _TAG.sub(" ", value)
    return " ".join(value.split())


def _first_words(body: str, most: int = 12) -> str:
    words = body.split()
    return " ".join(words[:most]) + ("…" if len(words) > most else "")


def _fallback_title(location: str | None) -> str:
    if not location:
        return ""
    return Path(location).stem if not location.startswith(("http", "https")) else location
