"""The baseline: the same clippings in SQLite with an FTS5 index over them.

A table of clippings holds the text (the truth, as Clipper's database does) and an external-content
FTS5 table indexes title, body, outlet and authors with ``tokenize='porter unicode61'``. Search
ranks by bm25 (title weighted 3, outlet 1.5, as Clipper's field boosts) and makes the snippet of
the body with ``snippet()``. A batch of clippings is stored and indexed in one transaction, so a
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
    id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, source TEXT,
    authors TEXT, url TEXT, published TEXT, language TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS clipping_fts USING fts5(
    title, body, source, authors, content='clipping', content_rowid='id',
    tokenize='porter unicode61');
"""
SEARCH = """
SELECT rowid, bm25(clipping_fts, 3.0, 1.0, 1.5, 1.0) AS score,
       snippet(clipping_fts, 1, '<b class="match">', '</b>', ' … ', 32)
FROM clipping_fts WHERE clipping_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?
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

    def add_clippings(self, drafts: list[ClippingDraft]) -> int:
        """Store and index a batch in one transaction; returns how many were stored."""
        with self.db:
            for draft in drafts:
                row = (draft.title, draft.body, draft.source_name or "",
                       "; ".join(draft.authors), draft.url,
                       draft.published.isoformat() if draft.published else None, draft.language)
                cursor = self.db.execute(
                    "INSERT INTO clipping (title, body, source, authors, url, published, language)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)", row)
                self.db.execute(
                    "INSERT INTO clipping_fts (rowid, title, body, source, authors)"
                    " VALUES (?, ?, ?, ?, ?)", (cursor.lastrowid, *row[:4]))
        return len(drafts)

    def search(self, query: str, limit: int = 20, offset: int = 0
               ) -> list[tuple[int, float, str]]:
        """(id, score, snippet) of the best ``limit`` clippings having all the query's words."""
        match = " ".join('"' + word.replace('"', '""') + '"' for word in query.split())
        return self.db.execute(SEARCH, (match, limit, offset)).fetchall()

    def count(self) -> int:
        return self.db.execute("SELECT count(*) FROM clipping").fetchone()[0]

    def index_bytes(self) -> int:
        """Bytes of the FTS5 index (its shadow tables, not the stored texts)."""
        rows = self.db.execute(
            f"SELECT sum(pgsize) FROM dbstat WHERE name IN ({','.join('?' * len(INDEX_TABLES))})",
            INDEX_TABLES).fetchone()
        return int(rows[0] or 0)
