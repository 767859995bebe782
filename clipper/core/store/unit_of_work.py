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

from sqlalchemy import Engine, Select, text
from sqlmodel import Session, col, delete, func, select

from clipper.core import paths
from clipper.core.backup import BackupInfo
from clipper.core.errors import LibraryDamagedError, ReadOnlyLibraryError, StorageError
from clipper.core.models import Clipping, IndexQueue
from clipper.core.search import SearchIndex
from clipper.core.storage import guarding_storage
from clipper.core.store.documents import search_documents

QUEUE_BATCH = 500
REINDEX_BATCH = 500

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

    def backup(self, reason: str) -> Path: ...

    def backups(self) -> list[BackupInfo]: ...

    def backup_due(self) -> bool: ...

    def close(self) -> None: ...


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

    @contextmanager
    def write(self, apply_index: bool = True) -> Iterator[Session]:
        """One transaction; on success the queued index changes are applied (unless deferred,
        or ``apply_index`` is false: a rebuild queues everything for a new index)."""
        if self.read_only:
            raise ReadOnlyLibraryError("This library is open read-only; the change was not made.")
        with guarding_storage(self.folder), self.session() as session:
            yield session
            session.commit()
        if apply_index and self._defer_depth == 0:
            self.flush_index()

    def guard_storage(self, saved: bool = False) -> AbstractContextManager[None]:
        """Disk trouble inside the block told plainly (a ``StorageError``)."""
        return guarding_storage(self.folder, saved)

    # -- the index outbox ----------------------------------------------------------------------

    def touch(self, session: Session, clipping_id: int) -> None:
        """Mark a clipping's search document as changed, inside the caller's transaction."""
        clipping = session.get(Clipping, clipping_id)
        if clipping is not None and clipping not in session.deleted:
            clipping.revision += 1
            session.add(clipping)
        session.add(IndexQueue(clipping_id=clipping_id))

    def queue_all(self, session: Session) -> None:
        for clipping_id in session.exec(select(Clipping.id)):
            session.add(IndexQueue(clipping_id=clipping_id))

    @contextmanager
    def deferred_indexing(self) -> Iterator[None]:
        """Within this block writes queue their index changes without applying them; call
        ``flush_index`` when convenient. The queue is applied when the block ends."""
        self._defer_depth += 1
        try:
            yield
        finally:
            self._defer_depth -= 1
            if self._defer_depth == 0 and not self.read_only:
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
            return session.exec(select(func.count()).select_from(IndexQueue)).one()

    def flush_index(self, progress: Callable[[int, int], None] | None = None,
                    limit: int | None = None) -> int:
        """Apply the queued index changes (with ``limit``, about that many and then stop);
        returns how many clippings were (re)indexed. ``progress(done, total)`` is called after
        each batch."""
        done = 0
        total = self.pending_index_changes() if progress else 0
        with self._index_lock:
            while True:
                with self.session() as session:
                    queued = session.exec(
                        select(IndexQueue).order_by(IndexQueue.id).limit(
                            min(QUEUE_BATCH, limit or QUEUE_BATCH))).all()
                    if not queued or (limit is not None and done >= limit):
                        return done
                    ids = sorted({row.clipping_id for row in queued})
                    documents = search_documents(session, ids)
                found = {doc.id for doc in documents}
                try:
                    with guarding_storage(self.folder, saved=True):
                        self.index.apply(documents, [i for i in ids if i not in found])
                except StorageError:
                    self._unlock_index_after_failed_write()
                    raise
                with self.session() as session:
                    session.exec(delete(IndexQueue).where(
                        col(IndexQueue.id).in_([row.id for row in queued])))
                    session.commit()
                done += len(ids)
                if progress:
                    progress(min(done, total), max(total, done))

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the index from the database; returns the number of clippings indexed."""
        return max(self.reindex_steps(progress), default=0)  # the steps count up to the total

    def reindex_steps(self, progress: Callable[[int, int], None] | None = None) -> Iterator[int]:
        """Rebuild step by step, yielding after each clipping batch (so it can be cancelled:
        a cancelled rebuild leaves the rest queued, to be applied on the next flush)."""
        with self._index_lock:
            with self.write(apply_index=False) as session:  # not into the index thrown away
                session.connection().execute(text("DELETE FROM indexqueue"))
                self.queue_all(session)
            self.index.recreate()
        with self.session() as session:
            ids = list(session.exec(select(Clipping.id).order_by(Clipping.id)))
        total = len(ids)
        for start in range(0, total, REINDEX_BATCH):
            chunk = ids[start:start + REINDEX_BATCH]
            with self.session() as session:
                documents = search_documents(session, chunk)
            with self._index_lock:
                self.index.apply(documents, [])
                with self.session() as session:
                    session.connection().execute(text(
                        f"DELETE FROM indexqueue WHERE clipping_id IN "
                        f"({','.join(str(i) for i in chunk)})"))
                    session.commit()
            done = min(start + REINDEX_BATCH, total)
            if progress:
                progress(done, total)
            yield done
        self.flush_index()

    # -- the index's health --------------------------------------------------------------------

    def repair_index(self, replay: bool, damaged: bool = False) -> list[str]:
        """Replay what a crash left queued; rebuild when the index lost its documents. Returns
        the trouble met that did not stop it, in words for the user."""
        if self.pending_index_changes():
            self._rebuild_reason = INTERRUPTED
        if self.index.doc_count() == 0:
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
