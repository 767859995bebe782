"""The unit of work: sessions and transactions on the library's database, and the index outbox.

Every store does its reading and writing through one ``UnitOfWork``. A write is one transaction
that also queues the index update of each clipping it changed (the ``IndexQueue`` table, the
outbox); when the transaction commits, the queue is applied to the search index (unless
deferred), under the one index lock. What is particular to where the database lives (SQLite
in a folder) sits behind ``Backend``.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, Select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session, func, select

from clipper.core import paths
from clipper.core.address import ServerAddress
from clipper.core.backup import BackupInfo
from clipper.core.errors import (
    ClipperError,
    LibraryDamagedError,
    ReadOnlyLibraryError,
    StorageError,
)
from clipper.core.models import Clipping
from clipper.core.search import IndexDocument, SearchIndex
from clipper.core.storage import guarding_storage
from clipper.core.store.documents import search_documents
from clipper.core.store.outbox import Outbox

# Clippings a commit of the index takes at most: large, so a bulk import's or a rebuild's
# index is a few large segments (Whoosh merges small ones slowly: see SearchIndex._writer), but
# no larger than the writer processes (one per core) keep in memory (search.WRITER_MB, about
# 4,000 documents each): beyond, Whoosh spills postings to disk and sorts them back in Python,
# which doubled the cost of indexing a document (measured). They are read from the database
# DOCUMENT_CHUNK at a time while the index writes.
QUEUE_BATCH = 8_000
REINDEX_BATCH = 8_000  # a rebuild yields (and can be cancelled) after each such commit
DOCUMENT_CHUNK = 500

# Why the index was found behind the database when the library opened.
MISSING, DAMAGED, INTERRUPTED = "missing", "damaged", "interrupted"


@dataclass(frozen=True)
class IndexStatus:
    """How far the search index is behind the database."""

    pending: int  # clippings waiting to be (re)indexed
    rebuilding: bool  # the index was lost or damaged and is being rebuilt from the database
    reason: str | None  # "missing", "damaged", "interrupted" (a crash left changes queued)


class Backend(Protocol):
    """Where the database lives and what only its home can do (``SqliteBackend``)."""

    folder: Path  # the library's local folder: the search index, and for SQLite the database
    read_only: bool

    @property
    def address(self) -> ServerAddress | None:
        """A team library's server (None: SQLite in the folder)."""

    @property
    def engine(self) -> Engine: ...

    @property
    def database_path(self) -> Path: ...

    @property
    def backup_dir(self) -> Path: ...

    def integrity_check(self, session: Session) -> str: ...

    def staged_ids(self, session: Session, ids: list[int]
                   ) -> AbstractContextManager[Select[Any]]: ...

    def find_damage(self) -> str | None: ...

    def data_version(self) -> int: ...

    def wait_for_change(self, timeout: float) -> bool: ...

    def backup(self, reason: str) -> Path: ...

    def backups(self) -> list[BackupInfo]: ...

    def backup_due(self) -> bool: ...

    def close(self) -> None: ...

    @property
    def outbox(self) -> Outbox: ...

    def begin_write(self, session: Session) -> None: ...

    @property
    def keeps_index(self) -> bool: ...

    @property
    def read_only_message(self) -> str: ...

    def explain(self, exc: BaseException) -> ClipperError | None: ...


class UnitOfWork:
    """Sessions, transactions and the index outbox of one open library."""

    def __init__(self, backend: Backend, index: SearchIndex) -> None:
        self.backend = backend
        self.index = index
        self._index_lock = threading.RLock()
        self._defer_depth = 0
        self._rebuild_reason: str | None = None

    @property
    def folder(self) -> Path:
        return self.backend.folder

    @property
    def read_only(self) -> bool:
        return self.backend.read_only

    @property
    def engine(self) -> Engine:
        return self.backend.engine

    @property
    def keeps_index(self) -> bool:
        """Whether this process keeps the library's search index up to date."""
        return self.backend.keeps_index

    @staticmethod
    def open_index(folder: Path, read_only: bool) -> tuple[SearchIndex, bool]:
        """The index, and whether it was damaged (then it was set aside and a new one made)."""
        try:
            return SearchIndex(folder / paths.INDEX_DIR), False
        except LibraryDamagedError:
            if read_only:
                raise
            index_dir = folder / paths.INDEX_DIR
            damaged = index_dir.with_name(f"{paths.INDEX_DIR}.damaged")
            if damaged.exists():
                shutil.rmtree(damaged, ignore_errors=True)
            index_dir.rename(damaged)
            return SearchIndex(index_dir), True

    def close(self) -> None:
        """Close the index and let go of the database (no flush: the caller decides)."""
        try:
            self.index.close()
        finally:
            self.backend.close()

    # -- sessions and transactions -------------------------------------------------------------

    def session(self) -> Session:
        """A session for reading (the caller commits, if it writes, itself)."""
        return Session(self.backend.engine, expire_on_commit=False)

    @property
    def personal_reading(self) -> bool:
        """Whether each person's reading is their own (a team library) rather than the
        clipping's (a library in a folder: one reader)."""
        return self.backend.address is not None

    @contextmanager
    def write(self, apply_index: bool = True, personal: bool = False) -> Iterator[Session]:
        """One transaction; on success the queued index changes are applied (unless deferred,
        or ``apply_index`` is false: a rebuild queues everything for a new index).
        ``personal``: it writes only the user's own reading, which a team library's reader
        may do too (the server grants it, for their own rows only)."""
        if self.read_only and not (personal and self.personal_reading):
            raise ReadOnlyLibraryError(self.backend.read_only_message)
        try:
            with guarding_storage(self.folder), self.session() as session:
                self.backend.begin_write(session)
                yield session
                session.commit()
        except (DBAPIError, StaleDataError) as exc:
            explained = self.backend.explain(exc)
            if explained is None:
                raise
            raise explained from None
        if apply_index and self._defer_depth == 0:
            self.flush_index()

    def guard_storage(self, saved: bool = False) -> AbstractContextManager[None]:
        """Disk trouble inside the block told plainly (a ``StorageError``)."""
        return guarding_storage(self.folder, saved)

    # -- the index outbox ----------------------------------------------------------------------

    def touch(self, session: Session, clipping_id: int, what: str = "") -> None:
        """Mark a clipping's search document as changed, inside the caller's transaction
        (``what``: the kind of change in a word, for a team library's activity view)."""
        clipping = session.get(Clipping, clipping_id)
        if clipping is not None and clipping not in session.deleted:
            clipping.revision += 1
            session.add(clipping)
        self.backend.outbox.queue(session, clipping_id, what)

    def log(self, session: Session, clipping_id: int, what: str) -> None:
        """Record who did ``what`` to a clipping without changing its search document (a team
        library's activity view; nothing in a folder library)."""
        self.backend.outbox.log(session, clipping_id, what)

    def queue_all(self, session: Session) -> None:
        for clipping_id in session.exec(select(Clipping.id)):
            if clipping_id is not None:
                self.backend.outbox.queue(session, clipping_id)

    @contextmanager
    def deferred_indexing(self) -> Iterator[None]:
        """Within this block writes queue their index changes without applying them; call
        ``flush_index`` when convenient. The queue is applied when the block ends."""
        self._defer_depth += 1
        try:
            yield
        finally:
            self._defer_depth -= 1
            if self._defer_depth == 0 and self.keeps_index:
                self.flush_index()

    @property
    def auto_flush(self) -> bool:
        """Whether each write applies its index change before returning (the default)."""
        return self._defer_depth == 0

    @auto_flush.setter
    def auto_flush(self, value: bool) -> None:
        if value and self._defer_depth > 0:
            self._defer_depth -= 1
        elif not value and self._defer_depth == 0:
            self._defer_depth += 1

    def pending_index_changes(self) -> int:
        with self.session() as session:
            return self.backend.outbox.pending(session)

    def flush_index(self, progress: Callable[[int, int], None] | None = None,
                    limit: int | None = None, wait: bool = True) -> int:
        """Apply the queued index changes (with ``limit``, about that many and then stop);
        returns how many clippings were (re)indexed. ``progress(done, total)`` is called after
        each batch. An index that has never caught up with a team library is built first.
        Not ``wait``: nothing is done (0) while another thread holds the index (an import's
        thread writing a large batch; it applies what is queued)."""
        if not wait:
            if not self._index_lock.acquire(blocking=False):
                return 0
            try:
                return self.flush_index(progress, limit)
            finally:
                self._index_lock.release()
        outbox = self.backend.outbox
        if outbox.needs_rebuild():
            return max(self._rebuild_steps(progress), default=0)
        done = 0
        total = self.pending_index_changes() if progress else 0
        with self._index_lock:
            while True:
                with self.session() as session:
                    batch = outbox.take(session, min(QUEUE_BATCH, limit or QUEUE_BATCH))
                if not batch.rows or (limit is not None and done >= limit):
                    return done

                def fed(n: int, before: int = done) -> None:
                    if progress:
                        progress(min(before + n, total), max(total, before + n))
                # Every id of the batch loses its old document; those still stored get a new one
                self._index_documents(batch.ids, fed)
                with self.session() as session:
                    outbox.done(session, batch)
                done += len(batch.ids)
                if progress:
                    progress(min(done, total), max(total, done))

    def _index_documents(self, ids: list[int], fed: Callable[[int], None] | None) -> None:
        """Write the documents of ``ids`` in one commit, reading them a chunk at a time."""
        def documents() -> Iterator[IndexDocument]:
            for start in range(0, len(ids), DOCUMENT_CHUNK):
                with self.session() as session:
                    yield from search_documents(session, ids[start:start + DOCUMENT_CHUNK])
        try:
            with guarding_storage(self.folder, saved=True):
                self.index.apply(documents(), [], replaces=ids, fed=fed)
        except StorageError:
            self._unlock_index_after_failed_write()
            raise

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the index from the database; returns the number of clippings indexed."""
        return max(self.reindex_steps(progress), default=0)  # the steps count up to the total

    def reindex_steps(self, progress: Callable[[int, int], None] | None = None) -> Iterator[int]:
        """Rebuild step by step, yielding after each clipping batch (so it can be cancelled:
        a cancelled rebuild leaves the rest queued, to be applied on the next flush)."""
        return self._rebuild_steps(progress)

    def _rebuild_steps(self, progress: Callable[[int, int], None] | None) -> Iterator[int]:
        outbox = self.backend.outbox
        with self._index_lock:
            if outbox.writes_to_database:
                with self.write(apply_index=False) as session:  # not into the index thrown away
                    mark = outbox.start_rebuild(session)
            else:
                with self.session() as session:
                    mark = outbox.start_rebuild(session)
            self.index.recreate()
        with self.session() as session:
            ids = list(session.exec(select(Clipping.id).order_by(Clipping.id)))
        total = len(ids)
        for start in range(0, total, REINDEX_BATCH):
            chunk = [i for i in ids[start:start + REINDEX_BATCH] if i is not None]

            def fed(n: int, before: int = start) -> None:
                if progress:
                    progress(min(before + n, total), total)
            with self._index_lock:
                self._index_documents(chunk, fed)
                with self.session() as session:
                    outbox.rebuilt(session, chunk)
            done = min(start + REINDEX_BATCH, total)
            if progress:
                progress(done, total)
            yield done
        outbox.finish_rebuild(mark)
        self.flush_index()

    # -- the index's health --------------------------------------------------------------------

    def repair_index(self, replay: bool, damaged: bool = False) -> list[str]:
        """Replay what a crash left queued; rebuild when the index lost its documents. Returns
        the trouble met that did not stop it, in words for the user."""
        outbox = self.backend.outbox
        if outbox.needs_rebuild():
            self._rebuild_reason = DAMAGED if damaged else MISSING
        elif self.pending_index_changes() and outbox.writes_to_database:
            self._rebuild_reason = INTERRUPTED  # a team library's log is simply followed
        if self.index.doc_count() == 0 and outbox.writes_to_database:
            with self.session() as session:
                if session.exec(select(func.count()).select_from(Clipping)).one():
                    self.queue_all(session)
                    session.commit()
                    self._rebuild_reason = DAMAGED if damaged else MISSING
        if replay:
            try:
                self.flush_index()
            except StorageError as exc:  # the queue stays: the index catches up later
                return [str(exc)]
        return []

    def index_status(self) -> IndexStatus:
        """Whether the index is being rebuilt (it was missing or damaged at open) or catching
        up after a crash, and how many clippings are still to do. Search works meanwhile and
        finds more as the index catches up."""
        pending = self.pending_index_changes()
        if pending == 0:
            self._rebuild_reason = None
        reason = self._rebuild_reason
        return IndexStatus(pending, reason in (MISSING, DAMAGED), reason)

    def _unlock_index_after_failed_write(self) -> None:
        """Whoosh keeps its write lock when a commit fails half-way (a full disk), and every
        later write would fail on it. Only this process writes this index (it holds the
        library's lock) and no write is under way (the caller holds the index lock), so the
        stale lock file is removed; the next write takes a new one."""
        for stale in (self.folder / paths.INDEX_DIR).glob("*_WRITELOCK"):
            try:
                stale.unlink()
            except OSError:
                pass
