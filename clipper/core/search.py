"""Full-text search over clippings: Whoosh behind a small interface of our own.

Callers see ``SearchIndex`` with documents in and ``SearchResults`` out; nothing else of
Whoosh leaks, so the engine could be swapped without touching them.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import DATETIME, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.searching import Searcher
from whoosh.writing import IndexWriter

from clipper.core.analysis import TermPositions, text_analyzer
from clipper.core.errors import LibraryDamagedError
from clipper.core.kinds import SearchOrder
from clipper.core.query_syntax import (
    QueryReader,
    plain_words,
)
from clipper.core.scoring import (
    LengthCache,
    PhraseTerm,
    Ranking,
    plain_word_groups,
    rank_plain_words,
    split_filters,
)
from clipper.core.snippets import SNIPPET_CHARS, highlight

# Bumped whenever the schema or the analysis changes: an index of another version is rebuilt.
INDEX_VERSION = "2"
VERSION_FILE = "clipper-index-version"
# A commit of this many documents or more is written by several processes (see _writer).
# Measured on 2 cores at 10,000 clippings: 2,000 a commit, 123 a second by one process,
# 183-208 by two.
PARALLEL_FROM = 1000
MAX_WRITER_PROCESSES = 4
JOB_DOCUMENTS = 1000  # documents a writer process is handed at a time
FED_EVERY = 200  # documents between progress reports of a large commit
READ_ALL_IDS_FROM = 200  # ids to replace from which every segment's ids are read (_indexed)
WRITER_MB = 256  # memory for each writer's pool of postings before it spills to disk
SORTABLE_FIELDS = frozenset({"date"})  # kept as a column: a range on it is read from there


@dataclass
class IndexDocument:
    """What the index knows of one clipping."""

    id: int
    revision: int
    title: str
    body: str
    notes: str = ""
    source: str = ""
    authors: str = ""
    tags: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)
    bias: list[str] = field(default_factory=list)
    language: str | None = None
    published: datetime | None = None
    captured: datetime | None = None


@dataclass
class SearchHit:
    id: int
    score: float
    snippet: str = ""  # HTML: escaped text with matches in <b class="match">


@dataclass
class SearchResults:
    query: str
    total: int
    hits: list[SearchHit]
    as_plain_words: bool = False  # the query had a syntax error and was searched as words


def _schema() -> Schema:
    analyzer = text_analyzer()

    def text(boost: float = 1.0) -> TEXT:
        field = TEXT(analyzer=analyzer, field_boost=boost, multitoken_query="phrase")
        field.format = TermPositions(field_boost=boost)  # Whoosh's Positions, made faster
        return field

    return Schema(
        id=ID(stored=True, unique=True),
        rev=STORED(),
        title=text(3.0),
        body=text(),
        notes=text(),
        source=text(1.5),
        author=text(),
        tag=KEYWORD(commas=True, lowercase=True, scorable=True),
        entity=text(),
        bias=text(),
        lang=ID(),
        published=DATETIME(),
        captured=DATETIME(),
        date=DATETIME(sortable=True),
    )


class SearchIndex:
    """A Whoosh index in one folder. Writes are serialised; reads may run on any thread."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._write_lock = threading.Lock()
        # One searcher kept between searches (opening one reads every segment's term index),
        # brought up to date after each commit; Whoosh's readers are not for two threads at once.
        self._read_lock = threading.Lock()
        self._searcher: Searcher | None = None
        self._lengths = LengthCache()
        self._schema = _schema()
        self._ix = self._open_or_create()
        self._queries = QueryReader(self._schema)

    # -- opening ---------------------------------------------------------------------------

    @classmethod
    def open_existing(cls, folder: Path) -> SearchIndex | None:
        """The index in ``folder`` when there is a sound one of this version; None (nothing
        made or changed) otherwise."""
        version = folder / VERSION_FILE
        if not any(folder.glob("*.toc")) or not version.is_file():
            return None
        try:
            return cls(folder)
        except LibraryDamagedError:
            return None

    def _storage(self) -> FileStorage:
        # Without memory-mapping: Whoosh maps whole segment files and touches most of them, so
        # a 50,000-clipping index cost 360 MB of memory at open (measured); reading the parts
        # it needs costs 2 MB, and searching got faster, not slower.
        return FileStorage(str(self.folder), supports_mmap=False)

    def _open_or_create(self) -> whoosh_index.Index:
        self.folder.mkdir(parents=True, exist_ok=True)
        if not any(self.folder.glob("*.toc")):
            return self._create()
        version = self.folder / VERSION_FILE
        if not version.exists() or version.read_text().strip() != INDEX_VERSION:
            raise LibraryDamagedError("The search index was built by another version.")
        try:
            ix = self._storage().open_index()
            with ix.searcher() as searcher:
                searcher.doc_count()
        except Exception as exc:
            raise LibraryDamagedError(f"The search index in {self.folder} is damaged ({exc}).") \
                from exc
        if set(ix.schema.names()) != set(self._schema.names()):
            raise LibraryDamagedError("The search index was built by another version.")
        return ix

    def recreate(self) -> None:
        """Throw the index away and start an empty one (the database is the truth)."""
        with self._write_lock, self._read_lock:
            self._close_searcher()
            self._ix.close()
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True, exist_ok=True)
            self._ix = self._create()

    def _create(self) -> whoosh_index.Index:
        ix = self._storage().create_index(self._schema)
        (self.folder / VERSION_FILE).write_text(INDEX_VERSION)
        return ix

    def close(self) -> None:
        with self._read_lock:
            self._close_searcher()
        self._ix.close()

    def _close_searcher(self) -> None:
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
            self._lengths = LengthCache()

    @contextmanager
    def _searching(self) -> Iterator[Searcher]:
        """The kept searcher, refreshed if the index changed since (by any process)."""
        with self._read_lock:
            if self._searcher is None:
                self._searcher = self._ix.searcher()
            elif not self._searcher.up_to_date():
                # Not refresh(): the segment readers it re-uses keep their old deleted
                # documents (a deleted clipping was still found), and it fails on an empty index.
                self._searcher.close()
                self._searcher = searcher = self._ix.searcher()
                self._lengths.forget_except({reader.segment().segment_id() for reader, _
                                             in searcher.reader().leaf_readers()
                                             if reader.segment() is not None})
            yield self._searcher

    # -- writing ---------------------------------------------------------------------------

    def apply(self, documents: Iterable[IndexDocument], deleted: Iterable[int], *,
              replaces: list[int] | None = None,
              fed: Callable[[int], None] | None = None) -> None:
        """Add or replace ``documents`` and remove ``deleted`` ids, in one commit.

        ``documents`` may be read while they are written (a generator): then ``replaces``
        lists every id whose old version goes (those of the documents among them) and its
        length chooses the writer; ``fed(n)`` is told how many were handed to the writer."""
        if replaces is None:
            documents = list(documents)
            replaces = [doc.id for doc in documents]
        gone = [str(i) for i in [*replaces, *deleted]]
        with self._write_lock:
            writer = self._writer(len(replaces))
            try:
                # The old versions found with one query (Whoosh's update_document opened a
                # reader of every segment per document), then the new ones added.
                with writer.searcher() as searcher:
                    present = _indexed(searcher, gone)
                    for docnum in searcher.docs_for_query(
                            wq.Or([wq.Term("id", i) for i in present])) if present else ():
                        writer.delete_document(docnum)
                for n, doc in enumerate(documents, 1):
                    writer.add_document(**_fields(doc))
                    if fed and n % FED_EVERY == 0:
                        fed(n)
            except BaseException:
                writer.cancel()
                raise
            writer.commit()

    def _writer(self, documents: int) -> IndexWriter:
        """A writer for a commit of ``documents``. A large batch (a bulk import, a rebuild, a
        new desktop of a team library) is analysed and written by a process per core, each
        making a segment of its own; a few documents by this process alone (starting
        processes would cost more than they save). Large commits also keep Whoosh from
        merging: it merges segments a posting at a time, as slowly as it indexes, and
        many small segments made it merge the same documents again and again."""
        processes = min(os.cpu_count() or 1, MAX_WRITER_PROCESSES)
        if documents < PARALLEL_FROM or processes < 2:
            return self._ix.writer(limitmb=WRITER_MB, codec=_codec())
        from whoosh.multiproc import MpWriter  # only for bulk writes: not loaded to search

        return MpWriter(self._ix, procs=processes, multisegment=True, limitmb=WRITER_MB,
                        codec=_codec(),
                        batchsize=max(100, min(JOB_DOCUMENTS, documents // processes)))

    def optimize(self) -> None:
        with self._write_lock:
            self._ix.optimize()

    # -- reading ---------------------------------------------------------------------------

    def revisions(self) -> dict[int, int]:
        """Clipping id -> revision, for every document in the index."""
        with self._searching() as searcher:
            return {int(stored["id"]): stored["rev"] for stored in searcher.all_stored_fields()}

    def doc_count(self) -> int:
        with self._searching() as searcher:
            return searcher.doc_count()

    def search(
        self,
        text: str,
        limit: int | None = 20,
        offset: int = 0,
        order: SearchOrder = SearchOrder.RELEVANCE,
        bodies: Callable[[list[int]], dict[int, str]] | None = None,
        snippets: int | None = None,
    ) -> SearchResults:
        """Search; ``bodies(ids)`` returns the body texts used for the snippets of the hits.
        Only the first ``snippets`` hits get one (all when None); see ``snippets_for``."""
        groups = plain_words(text)  # most queries: skip Whoosh's query parser, ~1 ms
        filters = None
        if groups is not None:
            query, as_words = None, False
        else:
            query, as_words = self.parse(text)
            groups = plain_word_groups(query)
            split = split_filters(query, SORTABLE_FIELDS) if groups is None else None
            if split is not None:  # words within a date range, or leaving others out
                groups, filters = split
        with self._searching() as searcher:
            ranking = None
            if order != SearchOrder.DATE and groups is not None:
                ranking = rank_plain_words(searcher, groups, offset, limit, self._lengths,
                                           filters)
            if ranking is None:
                query = query or self.parse(text)[0]
                ranking = _rank_with_whoosh(searcher, query, offset, limit, order)
            ids = [int(searcher.stored_fields(docnum)["id"]) for docnum in ranking.docnums]
        wanted = ids if snippets is None else ids[:snippets]
        texts = bodies(wanted) if bodies and wanted else {}
        if query is None:
            assert groups is not None  # plain words, ranked without Whoosh's query
            highlights = _Highlights()
            highlights.terms = {a[1] for group in groups for a in group
                                if not isinstance(a, PhraseTerm) and a[0] == "body"}
        else:
            highlights = _Highlights(query)
        hits = [SearchHit(clipping_id, float(score or 0.0),
                          _snippet(texts[clipping_id], highlights)
                          if clipping_id in texts else "")
                for clipping_id, score in zip(ids, ranking.scores, strict=True)]
        return SearchResults(text, ranking.total, hits, as_words)

    def parse(self, text: str) -> tuple[wq.Query, bool]:
        """The query for ``text``; on a syntax error, the query for its plain words."""
        return self._queries.parse(text)

    def snippets_for(self, text: str, bodies: dict[int, str]) -> dict[int, str]:
        """Highlighted snippets of the given clippings' bodies for the query ``text``."""
        query, _ = self.parse(text)
        wanted = _Highlights(query)
        return {clipping_id: _snippet(body, wanted)
                for clipping_id, body in bodies.items()}

    def matching_ids(self, text: str) -> list[int]:
        """Every clipping id the query matches, unscored (for facets and filters)."""
        query, _ = self.parse(text)
        groups, filters = plain_word_groups(query), None
        split = split_filters(query, SORTABLE_FIELDS) if groups is None else None
        if split is not None:
            groups, filters = split
        with self._searching() as searcher:
            found = None
            if groups is not None:  # the postings read in bulk, as a search reads them
                found = rank_plain_words(searcher, groups, 0, None, self._lengths, filters,
                                         ordered=False)
            docnums = found.docnums if found is not None else searcher.docs_for_query(query)
            ids = self._lengths.stored_ids(searcher)
            return [ids[docnum] for docnum in docnums]



def _rank_with_whoosh(searcher: Searcher, query: wq.Query, offset: int, limit: int | None,
                      order: SearchOrder) -> Ranking:
    kwargs: dict = {"limit": None if limit is None else offset + limit}
    if order == SearchOrder.DATE:
        kwargs["sortedby"] = "date"  # the index's date field
        kwargs["reverse"] = True
    results = searcher.search(query, **kwargs)
    page = results[offset:] if limit is None else results[offset : offset + limit]
    return Ranking(len(results), [hit.docnum for hit in page], [hit.score for hit in page])


class _Highlights:
    """What a query looks for in the body, for its snippets: words, ``word*`` prefixes, and
    phrases (their words in order). What it leaves out (``-word``, ``NOT x``) is not shown."""

    def __init__(self, query: wq.Query | None = None) -> None:
        self.terms: set[str] = set()
        self.prefixes: list[str] = []
        self.phrases: list[tuple[str, ...]] = []
        if query is not None:
            self._visit(query)

    def _visit(self, query: wq.Query) -> None:
        if isinstance(query, wq.Not):
            return
        if isinstance(query, wq.AndNot):
            self._visit(query.a)
            return
        if isinstance(query, wq.Phrase):
            if query.fieldname == "body":
                words = tuple(w for w in query.words if isinstance(w, str))
                if len(words) > 1 and query.slop <= 1:
                    self.phrases.append(words)
                else:  # words apart (``"a b"~3``): each word is marked
                    self.terms.update(words)
            return
        if isinstance(query, wq.Prefix):
            if query.fieldname == "body":
                self.prefixes.append(query.text)
            return
        children = list(query.children())
        if children:
            for child in children:
                self._visit(child)
            return
        self.terms.update(text for name, text in query.iter_all_terms()
                          if name == "body" and isinstance(text, str))

    def __bool__(self) -> bool:
        return bool(self.terms or self.prefixes or self.phrases)


def _snippet(body: str, wanted: _Highlights) -> str:
    if not body:
        return ""
    found = highlight(body, wanted.terms, wanted.prefixes, wanted.phrases) if wanted else ""
    return found or _plain_snippet(body)


def _indexed(searcher: Searcher, ids: list[str]) -> list[str]:
    """Which of ``ids`` the index holds. Many are told apart from the ids of every segment
    read at once: a bulk import's new clippings are in no segment, and looking each one up in
    every segment cost 2.5 s per 10,000 at 50,000 clippings (on the process that stores)."""
    if len(ids) < READ_ALL_IDS_FROM:
        return ids
    wanted = {i.encode() for i in ids}
    found: set[bytes] = set()
    for reader, _base in searcher.reader().leaf_readers():
        found.update(wanted.intersection(reader.lexicon("id")))
    return [i.decode() for i in found]


def _codec() -> W3Codec:
    """Whoosh's codec, without the shortest and longest document of each postings block: it
    looked up a document's field length for every posting it wrote (a tenth of writing a
    segment), for bounds only Whoosh's own ranking uses to skip blocks, which then bounds
    with length 0, never too low (fewer blocks skipped, the same results). A Whoosh codec
    with an attribute set, so the segments it makes (they keep their codec) need nothing of
    Clipper's to be read."""
    codec = W3Codec()
    codec.length_stats = False
    return codec


def _fields(doc: IndexDocument) -> dict:
    date = doc.published or doc.captured
    fields = {
        "id": str(doc.id),
        "rev": doc.revision,
        "title": doc.title,
        "body": doc.body,
        "notes": doc.notes,
        "source": doc.source,
        "author": doc.authors,
        "tag": ",".join(t.replace(",", " ") for t in doc.tags),
        "entity": "\n".join(doc.entities),
        "bias": "\n".join(doc.bias),
        "lang": (doc.language or "").lower(),
    }
    for name, value in (("published", doc.published), ("captured", doc.captured),
                        ("date", date)):
        if value is not None:
            fields[name] = value.replace(tzinfo=None)
    return fields


def _plain_snippet(body: str) -> str:
    text = " ".join(body.split())
    if len(text) > SNIPPET_CHARS:
        text = text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"
    return escape(text)
