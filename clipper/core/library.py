"""The ``Library``: the one API through which the CLI, the GUI and the tests read and change data.

A library is a folder holding the SQLite database (the truth), the Whoosh index (derived from
it) and backups. Every write runs in one transaction that also queues the index update; one
index writer applies the queue, and a queue left behind by a crash is replayed on the next open.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, delete, func, select

from clipper.core import paths
from clipper.core.backup import PRIVATE_FILE
from clipper.core.db import create_library_engine, current_revision, head_revision, migrate
from clipper.core.errors import (
    LibraryDamagedError,
    LibraryLockedError,
    LibraryNotFoundError,
    ReadOnlyLibraryError,
    StorageError,
)
from clipper.core.integrity import looks_like_sqlite, verify_library_database
from clipper.core.models import Clipping, IndexQueue
from clipper.core.search import SearchIndex
from clipper.core.storage import guarding_storage
from clipper.core.store.clippings import ClippingStore
from clipper.core.store.collections import CollectionStore
from clipper.core.store.derivation import DerivationStore
from clipper.core.store.feeds import FeedStore
from clipper.core.store.lifecycle import remove_unclaimed
from clipper.core.store.marks import MarkStore
from clipper.core.store.searching import SearchStore
from clipper.core.store.suggestions import SuggestionStore
from clipper.core.store.upkeep import DAMAGED, INTERRUPTED, MISSING, UpkeepStore
from clipper.core.store.views import ViewStore

QUEUE_BATCH = 500


class Library(ClippingStore, MarkStore, CollectionStore, SearchStore, FeedStore,
              SuggestionStore, DerivationStore, ViewStore, UpkeepStore):
    """An open library. Use ``Library.open(folder)``; close it (or use ``with``) when done."""

    def __init__(self, folder: Path, engine: Engine, index: SearchIndex,
                 lock: FileLock | None, read_only: bool) -> None:
        self.folder = folder
        self.read_only = read_only
        self._engine = engine
        self._index = index
        self._lock = lock
        self._index_lock = threading.RLock()
        self._defer_depth = 0
        self._closed = False
        # Trouble found while opening that did not stop it (a daily backup that could not be
        # made, an index that could not catch up), in words for the user.
        self.warnings: list[str] = []

    # -- opening and closing -----------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str, read_only: bool = False, create: bool = True,
             replay: bool = True, verify: bool = True) -> Library:
        """Open (and, unless ``create`` is false, create) the library in ``folder``.

        Index changes a crash left queued are applied before this returns, unless ``replay``
        is false: then the caller applies them with ``flush_index`` (the GUI does, on a worker
        thread, so a large rebuild does not hold up the window).
        Raises ``LibraryLockedError`` when another process has it open for writing,
        ``LibraryDamagedError`` (with the backups that could replace it) when the database is
        damaged, ``StorageError`` when the disk is full or the folder read-only. Opened for
        writing, the database is backed up when the newest backup is a day old.
        With ``verify`` false only the database's header and schema are checked here, not
        every page (``PRAGMA quick_check`` reads the whole file: seconds for a large library
        on a cold disk), and no daily backup is made; the caller then asks
        ``find_database_damage()`` and, when it finds none, ``daily_backup()`` (the GUI does,
        on a worker thread, once its window shows).
        """
        folder = Path(folder)
        database = folder / paths.DATABASE_NAME
        if folder.exists() and not folder.is_dir():
            raise LibraryNotFoundError(f"{folder} is a file, not a Clipper library folder.")
        if (read_only or not create) and not database.exists():
            raise LibraryNotFoundError(f"There is no Clipper library in {folder}.")
        lock = None
        if not read_only:
            with guarding_storage(folder):
                try:
                    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
                except (FileExistsError, FileNotFoundError, NotADirectoryError) as exc:
                    raise LibraryNotFoundError(f"Cannot make a library folder at {folder} "
                                               f"({exc.strerror}).") from None
                lock = FileLock(str(folder / paths.LOCK_NAME), mode=PRIVATE_FILE)
                try:
                    lock.acquire(timeout=0)
                except Timeout:
                    raise LibraryLockedError(
                        f"The library in {folder} is open in another Clipper window or "
                        "command. Close it there to change it here; meanwhile it can be read "
                        "(read-only)."
                    ) from None
        try:
            with guarding_storage(folder):
                engine, index, index_damaged = cls._open_parts(folder, read_only, verify)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        library = cls(folder, engine, index, lock, read_only)
        try:
            if not read_only:
                library._repair_index(replay, index_damaged)
                library._remove_entities_left_behind()
                if verify:  # unverified, a backup could copy damage over the good ones
                    library.warnings += filter(None, [library.daily_backup()])
        except BaseException:
            library._closed = True
            library._release()
            raise
        return library

    @classmethod
    def _open_parts(cls, folder: Path, read_only: bool,
                    verify: bool = True) -> tuple[Engine, SearchIndex, bool]:
        """The engine (the database checked, created private, migrated) and the index."""
        database = folder / paths.DATABASE_NAME
        backups = folder / paths.BACKUP_DIR
        if database.exists():
            if verify or not looks_like_sqlite(database):
                verify_library_database(database, backups, read_only)
            if not read_only and database.stat().st_mode & 0o077:
                os.chmod(database, PRIVATE_FILE)  # libraries made before this was private
        elif not read_only:
            os.close(os.open(database, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        engine = create_library_engine(database, read_only=read_only)
        try:
            if read_only:
                if current_revision(engine) != head_revision():
                    raise LibraryDamagedError("This library needs an upgrade; open it for writing.")
            else:
                migrate(engine, database, folder / paths.BACKUP_DIR)
            index, damaged = cls._open_index(folder, read_only)
        except (DBAPIError, LibraryDamagedError) as exc:
            engine.dispose()
            if not verify and not isinstance(getattr(exc, "orig", None),
                                             sqlite3.OperationalError):
                verify_library_database(database, backups, read_only)  # say so, with backups
            raise
        except BaseException:
            engine.dispose()
            raise
        return engine, index, damaged

    @staticmethod
    def _open_index(folder: Path, read_only: bool) -> tuple[SearchIndex, bool]:
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

    def _repair_index(self, replay: bool, damaged: bool = False) -> None:
        """Replay what a crash left queued; rebuild when the index lost its documents."""
        if self.pending_index_changes():
            self._index_rebuild_reason = INTERRUPTED
        if self._index.doc_count() == 0:
            with self._session() as session:
                if session.exec(select(func.count()).select_from(Clipping)).one():
                    self._queue_all(session)
                    session.commit()
                    self._index_rebuild_reason = DAMAGED if damaged else MISSING
        if replay:
            try:
                self.flush_index()
            except StorageError as exc:  # the queue stays: the index catches up later
                self.warnings.append(str(exc))

    def _remove_entities_left_behind(self) -> None:
        """Entities no mention names and that have nothing of their own go with their last
        mention; those older versions left behind go here (one query; nothing to reindex, as
        no clipping names them). Best effort: a failure leaves them for the next open."""
        try:
            with guarding_storage(self.folder), self._session() as session:
                if remove_unclaimed(session):
                    session.commit()
        except (StorageError, DBAPIError) as exc:
            self.warnings.append(f"Unused entities could not be removed: {exc}")

    def close(self, flush: bool = True) -> None:
        """Close; the index takes the queued changes first unless ``flush`` is false (a
        damaged database is not read again)."""
        if self._closed:
            return
        self._closed = True
        try:
            if flush and not self.read_only:
                self.flush_index()
        finally:
            self._release()

    def _release(self) -> None:
        self._close_watch()
        self._index.close()
        self._engine.dispose()
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def database_path(self) -> Path:
        return self.folder / paths.DATABASE_NAME

    # -- units of work -----------------------------------------------------------------------

    def _session(self) -> Session:
        return Session(self._engine, expire_on_commit=False)

    @contextmanager
    def _write(self, apply_index: bool = True) -> Iterator[Session]:
        """One transaction; on success the queued index changes are applied (unless deferred,
        or ``apply_index`` is false: a rebuild queues everything for a new index)."""
        if self.read_only:
            raise ReadOnlyLibraryError("This library is open read-only; the change was not made.")
        with guarding_storage(self.folder), self._session() as session:
            yield session
            session.commit()
        if apply_index and self._defer_depth == 0:
            self.flush_index()

    def _touch(self, session: Session, clipping_id: int) -> None:
        """Mark a clipping's search document as changed, inside the caller's transaction."""
        clipping = session.get(Clipping, clipping_id)
        if clipping is not None and clipping not in session.deleted:
            clipping.revision += 1
            session.add(clipping)
        session.add(IndexQueue(clipping_id=clipping_id))

    def _queue_all(self, session: Session) -> None:
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
        """Whether each write applies its index change before returning (the default). The GUI
        turns it off and flushes on a worker thread instead, so no edit waits for Whoosh."""
        return self._defer_depth == 0

    @auto_flush.setter
    def auto_flush(self, value: bool) -> None:
        if value and self._defer_depth > 0:
            self._defer_depth -= 1
        elif not value and self._defer_depth == 0:
            self._defer_depth += 1

    def pending_index_changes(self) -> int:
        with self._session() as session:
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
                with self._session() as session:
                    queued = session.exec(
                        select(IndexQueue).order_by(IndexQueue.id).limit(
                            min(QUEUE_BATCH, limit or QUEUE_BATCH))).all()
                    if not queued or (limit is not None and done >= limit):
                        return done
                    ids = sorted({row.clipping_id for row in queued})
                    documents = self._documents(session, ids)
                found = {doc.id for doc in documents}
                try:
                    with guarding_storage(self.folder, saved=True):
                        self._index.apply(documents, [i for i in ids if i not in found])
                except StorageError:
                    self._unlock_index_after_failed_write()
                    raise
                with self._session() as session:
                    session.exec(delete(IndexQueue).where(
                        IndexQueue.id.in_([row.id for row in queued])))
                    session.commit()
                done += len(ids)
                if progress:
                    progress(min(done, total), max(total, done))


def open_library(folder: str | os.PathLike[str] | None = None, read_only: bool = False) -> Library:
    """Open the library ``folder`` names, or the one the environment or the default names."""
    return Library.open(paths.resolve_library_dir(folder), read_only=read_only)
