"""Reading a library folder without the ORM, for answers wanted at once.

Importing SQLAlchemy, SQLModel and the models costs about half a second, more than a search
of 50,000 clippings. ``clipper search`` answers from here: the list rows and bodies with
``sqlite3`` and the Whoosh index directly, opened read-only. It applies only when nothing
needs the full library's care: the database at the schema this Clipper writes, and no index
change queued (a crash, or a writer in the middle of a change); otherwise ``open`` returns
None and the caller opens the ``Library`` as usual (which replays, migrates or explains).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from clipper.core.anchors import Anchor, resolve_anchor
from clipper.core.errors import NotFoundError
from clipper.core.kinds import ReadingStatus
from clipper.core.paths import DATABASE_NAME, INDEX_DIR
from clipper.core.records import ClippingRow

NEVER = datetime.min.replace(tzinfo=UTC)  # a capture time the column never lacks
SCHEMA_HEAD = "0009"  # as clipper.core.db.SCHEMA_HEAD (which imports SQLAlchemy; a test checks)


class QuickReader:
    """Rows and bodies of a library folder's clippings, read with ``sqlite3`` only."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection

    @classmethod
    def open(cls, folder: Path) -> QuickReader | None:
        """A reader of ``folder``'s library, or None when the full library must open it."""
        path = folder / DATABASE_NAME
        if not path.is_file() or not (folder / INDEX_DIR).is_dir():
            return None
        try:
            db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
            version = db.execute("SELECT version_num FROM alembic_version").fetchone()
            queued = db.execute("SELECT 1 FROM indexqueue LIMIT 1").fetchone()
        except sqlite3.Error:
            return None
        if version is None or version[0] != SCHEMA_HEAD or queued is not None:
            db.close()
            return None
        return cls(db)

    def close(self) -> None:
        self._db.close()

    def newest_ids(self, limit: int) -> list[int]:
        """The first ``limit`` ids of the list of all clippings, in its order (newest first,
        as ``Library.list_ids`` orders them)."""
        return [row[0] for row in self._db.execute(
            "SELECT id FROM clipping ORDER BY coalesce(published, captured) DESC, id DESC "
            "LIMIT ?", (limit,))]

    def count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM clipping").fetchone()[0])

    def rows(self, ids: list[int]) -> list[ClippingRow]:
        """List rows for ``ids``, in that order (missing ids are skipped), as
        ``Library.rows`` gives them."""
        if not ids:
            return []
        marks = _placeholders(ids)
        found = {row[0]: row for row in self._db.execute(
            "SELECT c.id, c.title, s.name, c.published, c.captured, c.status, c.flagged "
            f"FROM clipping c LEFT JOIN source s ON s.id = c.source_id WHERE c.id IN ({marks})",
            ids)}
        tags: dict[int, list[str]] = {}
        for clipping_id, name in self._db.execute(
                "SELECT ct.clipping_id, t.name FROM clippingtag ct JOIN tag t ON t.id = ct.tag_id "
                f"WHERE ct.clipping_id IN ({marks}) ORDER BY t.name", ids):
            tags.setdefault(clipping_id, []).append(name)
        notes = self._counts("annotation", ids)
        bias = self._counts("biasnote", ids)
        rows = []
        for wanted in ids:
            if (row := found.get(wanted)) is None:
                continue
            clipping_id, title, source, published, captured, status, flagged = row
            rows.append(ClippingRow(
                clipping_id, title, source, _when(published), _when(captured) or NEVER,
                ReadingStatus(status), bool(flagged), tags.get(clipping_id, []),
                notes.get(clipping_id, 0), bias.get(clipping_id, 0)))
        return rows

    def bodies(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        return dict(self._db.execute(
            f"SELECT id, body FROM clipping WHERE id IN ({_placeholders(ids)})", ids))

    def detail_json(self, clipping_id: int) -> dict[str, Any]:
        """The clipping with its marks as ``serialize.detail_to_json`` gives it from the
        library (a test compares the two), for ``clipper show``."""
        found = self._db.execute(
            "SELECT c.title, c.body, c.url, c.authors, c.wire, c.published, c.captured, "
            "c.language, c.status, c.flagged, c.summary, s.name, s.domain FROM clipping c "
            "LEFT JOIN source s ON s.id = c.source_id WHERE c.id = ?", (clipping_id,)).fetchone()
        if found is None:
            raise NotFoundError(f"There is no clipping {clipping_id}.")
        (title, body, url, authors, wire, published, captured, language, status, flagged,
         summary, source, domain) = found
        return {
            "id": clipping_id, "title": title,
            "source": {"name": source, "domain": domain} if source is not None else None,
            "url": url, "authors": [a for a in authors.splitlines() if a.strip()], "wire": wire,
            "published": _iso(_when(published)), "captured": _iso(_when(captured)),
            "language": language, "status": status, "flagged": bool(flagged),
            "tags": [name for (name,) in self._db.execute(
                "SELECT t.name FROM clippingtag ct JOIN tag t ON t.id = ct.tag_id "
                "WHERE ct.clipping_id = ? ORDER BY t.name", (clipping_id,))],
            "collections": [name for (name,) in self._db.execute(
                "SELECT c.name FROM collectionitem i JOIN collection c ON c.id = i.collection_id"
                " WHERE i.clipping_id = ? ORDER BY c.name", (clipping_id,))],
            "summary": summary, "body": body,
            "bias_notes": [
                {"id": note_id, "category": key, "category_name": name, "note": note,
                 "span": None if start is None else {"start": start, "end": end, "quote": quote},
                 "orphaned": start is not None and resolve_anchor(
                     body, Anchor(start, end, quote, prefix or "", suffix or "")) is None}
                for note_id, key, name, note, start, end, quote, prefix, suffix
                in self._db.execute(
                    "SELECT n.id, c.key, c.name, n.note, n.start, n.end, n.quote, n.prefix, "
                    "n.suffix FROM biasnote n JOIN biascategory c ON c.id = n.category_id "
                    "WHERE n.clipping_id = ? ORDER BY n.id", (clipping_id,))],
            "annotations": [
                {"id": mark_id, "start": start, "end": end, "quote": quote, "color": color,
                 "note": note, "orphaned": resolve_anchor(
                     body, Anchor(start, end, quote, prefix or "", suffix or "")) is None}
                for mark_id, start, end, quote, prefix, suffix, color, note in self._db.execute(
                    "SELECT id, start, end, quote, prefix, suffix, color, note FROM annotation "
                    "WHERE clipping_id = ? ORDER BY start", (clipping_id,))],
            "mentions": [
                {"id": mark_id, "entity": name, "kind": kind, "start": start, "end": end,
                 "quote": quote, "in": place, "orphaned": resolve_anchor(
                     title if place == "title" else body,
                     Anchor(start, end, quote, prefix or "", suffix or "")) is None}
                for mark_id, name, kind, start, end, quote, prefix, suffix, place
                in self._db.execute(
                    "SELECT m.id, e.name, e.kind, m.start, m.end, m.quote, m.prefix, m.suffix, "
                    "m.place FROM mention m JOIN entity e ON e.id = m.entity_id "
                    "WHERE m.clipping_id = ? ORDER BY m.start", (clipping_id,))],
        }

    def _counts(self, table: str, ids: list[int]) -> dict[int, int]:
        return dict(self._db.execute(
            f"SELECT clipping_id, count(*) FROM {table} "
            f"WHERE clipping_id IN ({_placeholders(ids)}) GROUP BY clipping_id", ids))


def _placeholders(ids: Iterable[int]) -> str:
    return ",".join("?" for _ in ids)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _when(value: str | None) -> datetime | None:
    """A date as the models store it in SQLite ("2024-06-01 10:00:00.000000", UTC without
    an offset), read as they read it: in UTC."""
    if not value:
        return None
    when = datetime.fromisoformat(value)
    return when if when.utcoffset() is not None else when.replace(tzinfo=UTC)
