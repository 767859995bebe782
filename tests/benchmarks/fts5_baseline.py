"""The baseline: the same clippings in SQLite with an FTS5 index over them.

A table of clippings holds the text (the truth, as Clipper's database does) and an external-content
FTS5 table indexes the fields Clipper's index has (title, body, notes, outlet, authors, tags,
entities, bias) with ``tokenize='porter unicode61'``. Search ranks by bm25 (title weighted 3,
outlet 1.5, as Clipper's field boosts) and makes the snippet of the body with ``snippet()``;
a date range is a ``WHERE`` on the stored date beside the ``MATCH``, facets a ``GROUP BY``. A batch of clippings is stored and indexed in one transaction, so a
clipping is searchable as soon as it is visible.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at run time: opening the baseline costs only sqlite3
    from clipper.core.records import ClippingDraft

SCHEMA = """
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS clipping (
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, notes TEXT, source TEXT,
    author TEXT, tag TEXT, entity TEXT, bias TEXT, url TEXT, published TEXT, language TEXT);
CREATE INDEX IF NOT EXISTS clipping_published ON clipping (published);
CREATE VIRTUAL TABLE IF NOT EXISTS clipping_fts USING fts5(
    title, body, notes, source, author, tag, entity, bias, content='clipping',
    content_rowid='id', tokenize='porter unicode61');
"""
FIELDS = ("title", "body", "notes", "source", "author", "tag", "entity", "bias")
SEARCH = """
SELECT clipping_fts.rowid, bm25(clipping_fts, 3.0, 1.0, 1.0, 1.5, 1.0, 1.0, 1.0, 1.0) AS score,
       snippet(clipping_fts, 1, '<b class="match">', '</b>', ' … ', 32)
FROM clipping_fts {join} WHERE clipping_fts MATCH ? {dates} ORDER BY score LIMIT ? OFFSET ?
"""
DATES_JOIN = "JOIN clipping ON clipping.id = clipping_fts.rowid"
DATES_WHERE = "AND clipping.published BETWEEN ? AND ?"
FACET = """
SELECT clipping.{field}, count(*) FROM clipping_fts JOIN clipping ON clipping.id = clipping_fts.rowid
WHERE clipping_fts MATCH ? GROUP BY clipping.{field} ORDER BY count(*) DESC LIMIT 12
"""
INDEX_TABLES = ("clipping_fts_data", "clipping_fts_idx", "clipping_fts_docsize",
                "clipping_fts_config")


class Fts5Library:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.db = sqlite3.connect(str(self.path))
        self.db.executescript(SCHEMA)
        self.db.execute("PRAGMA synchronous = NORMAL")

    def close(self) -> None:
        self.db.close()

    def add_clippings(self, drafts: list[ClippingDraft],
                      marks: list[tuple[list[str], list[str]]] | None = None) -> int:
        """Store and index a batch in one transaction; returns how many were stored.
        ``marks``: each draft's tags and entity names, when it has some."""
        with self.db:
            for n, draft in enumerate(drafts):
                tags, entities = marks[n] if marks else (draft.tags, [])
                row = (draft.title, draft.body, "", draft.source_name or "",
                       "; ".join(draft.authors), ",".join(tags), "\n".join(entities), "",
                       draft.url, draft.published.isoformat() if draft.published else None,
                       draft.language)
                cursor = self.db.execute(
                    "INSERT INTO clipping (title, body, notes, source, author, tag, entity, bias,"
                    " url, published, language) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
                self.db.execute(
                    f"INSERT INTO clipping_fts (rowid, {', '.join(FIELDS)})"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", (cursor.lastrowid, *row[:8]))
        return len(drafts)

    def search(self, query: str, limit: int = 20, offset: int = 0) -> list[tuple[int, float, str]]:
        """(id, score, snippet) of the best ``limit`` clippings having all the query's words."""
        match = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
        return self.match(match, limit, offset)

    def match(self, match: str, limit: int = 20, offset: int = 0,
              dates: tuple[str, str] | None = None) -> list[tuple[int, float, str]]:
        """(id, score, snippet) of the best ``limit`` clippings for an FTS5 ``MATCH``
        expression, published within ``dates`` (ISO, inclusive) when given."""
        if dates:
            sql = SEARCH.format(join=DATES_JOIN, dates=DATES_WHERE)
            return self.db.execute(sql, (match, *dates, limit, offset)).fetchall()
        return self.db.execute(SEARCH.format(join="", dates=""), (match, limit, offset)).fetchall()

    def facets(self, match: str) -> dict[str, list[tuple[str, int]]]:
        """Counts of the matching clippings by outlet and by tag."""
        return {field: self.db.execute(FACET.format(field=field), (match,)).fetchall()
                for field in ("source", "tag")}

    def total(self, match: str, dates: tuple[str, str] | None = None) -> int:
        """How many clippings match (within ``dates``)."""
        if dates:
            return self.db.execute(
                f"SELECT count(*) FROM clipping_fts {DATES_JOIN} WHERE clipping_fts MATCH ? "
                f"{DATES_WHERE}", (match, *dates)).fetchone()[0]
        return self.db.execute("SELECT count(*) FROM clipping_fts WHERE clipping_fts MATCH ?",
                               (match,)).fetchone()[0]

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM clipping").fetchone()[0]

    def index_bytes(self) -> int:
        """Bytes of the FTS5 index (its shadow tables, not the stored texts)."""
        rows = self.db.execute(
            f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({','.join('?' * len(INDEX_TABLES))})",
            INDEX_TABLES).fetchone()
        return int(rows[0] or 0)
