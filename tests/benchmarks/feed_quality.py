"""Feeds in the corpora read as the feed libraries' own fixtures expect.

Two shapes of expectation: feed-rs (``entries[].title.content``, ``links[].href``,
``published``/``updated``) and rss-parser (``feed.items[].title``, ``link``, ``isoDate``).
rss-parser stored some ISO-8859-1 titles already broken (U+FFFD where an accented letter
was); a U+FFFD in an expected title stands for any one character.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from clipper.core.capture.feeds import FeedItem, parse_feed


def score_feeds(corpora: Path) -> dict[str, Any]:
    folder = corpora / "feeds"
    problems: list[str] = []
    parsed = checked = ok = 0
    feeds = sorted(folder.glob("*.xml")) if folder.is_dir() else []
    for path in feeds:
        try:
            feed = parse_feed(path.read_bytes(), str(path))
        except Exception as exc:  # a benchmark reports every failure, whatever it is
            problems.append(f"{path.name}: does not parse ({exc})")
            continue
        parsed += 1
        for expected_path in folder.glob(f"expected/{path.stem}.*.json"):
            checked += 1
            expected = _expected_items(expected_path)
            found = _compare(feed.items, expected)
            ok += not found
            problems += [f"{path.name}: {p}" for p in found]
    return {"parsed": parsed, "feeds": len(feeds), "checked": checked,
            "share_ok": ok / checked if checked else 0.0, "problems": problems}


def _expected_items(path: Path) -> list[dict[str, Any]]:
    raw = path.read_bytes()
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:  # one rss-parser fixture is stored in ISO-8859-1
        data = json.loads(raw.decode("latin-1"))
    if "entries" in data:  # feed-rs
        return [{"title": (e.get("title") or {}).get("content"),
                 "link": (e.get("links") or [{}])[0].get("href"),
                 "date": e.get("published") or e.get("updated")} for e in data["entries"]]
    return [{"title": i.get("title"), "link": i.get("link"), "date": i.get("isoDate")}
            for i in data["feed"]["items"]]


def _compare(items: list[FeedItem], expected: list[dict[str, Any]]) -> list[str]:
    if len(items) != len(expected):
        return [f"{len(items)} items, expected {len(expected)}"]
    problems = []
    for number, (item, want) in enumerate(zip(items, expected, strict=True), 1):
        if want["title"] is not None and not _same_title(item.title, want["title"]):
            problems.append(f"item {number} title {item.title!r}, expected {want['title']!r}")
        if want["link"] and not _same_link(item.url, want["link"]):
            problems.append(f"item {number} link {item.url!r}, expected {want['link']!r}")
        if want["date"]:
            expected_date = datetime.fromisoformat(want["date"].replace("Z", "+00:00"))
            if item.published is None or item.published != expected_date.astimezone(UTC):
                problems.append(f"item {number} date {item.published}, expected {want['date']}")
    return problems


def _same_title(got: str, want: str) -> bool:
    want = " ".join(want.split())
    if "\ufffd" not in want:
        return got == want
    pattern = "".join("." if c == "\ufffd" else re.escape(c) for c in want)
    return re.fullmatch(pattern, got) is not None


def _same_link(got: str | None, want: str) -> bool:
    """The same address; host names are compared without regard to case, as they mean."""
    if got is None:
        return False
    a, b = urlsplit(got.strip()), urlsplit(want.strip())
    return a._replace(netloc=a.netloc.lower()) == b._replace(netloc=b.netloc.lower())
