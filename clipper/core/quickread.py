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

from clipper.core.kinds import ReadingStatus
from clipper.core.paths import DATABASE_NAME, INDEX_DIR
from clipper.core.records import ClippingRow

NEVER = datetime.min.replace(tzinfo=UTC)  # a capture time the column never lacks
SCHEMA_HEAD = "0008"  # as clipper.core.db.SCHEMA_HEAD (which imports SQLAlchemy; a test checks)


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

    def _counts(self, table: str, ids: list[int]) -> dict[int, int]:
        return dict(self._db.execute(
            f"SELECT clipping_id, count(*) FROM {table} "
            f"WHERE clipping_id IN ({_placeholders(ids)}) GROUP BY clipping_id", ids))


def _placeholders(ids: Iterable[int]) -> str:
    return ",".join("?" for _ in ids)


def _when(value: str | None) -> datetime | None:
    """A date as the models store it in SQLite ("2024-06-01 10:00:00.000000", UTC without
    an offset), read as they read it: in UTC."""
    if not value:
        return None
    when = datetime.fromisoformat(value)
    return when if when.utcoffset() is not None else when.replace(tzinfo=UTC)
