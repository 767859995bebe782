"""The SQLite home of a library: a folder holding the database, its lock file and backups.

Everything that is SQLite's own lives here, behind the unit of work: opening the file (checked,
made private, migrated), the lock that lets one process write, connection pragmas (in
``db.create_library_engine``), integrity checks, backups and their restoring, and noticing
other processes' commits (``PRAGMA data_version``). A server backend would answer the same
questions its own way.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from sqlalchemy import Engine, Select, literal_column, select, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from clipper.core import paths
from clipper.core.address import ServerAddress
from clipper.core.backup import (
    PRIVATE_FILE,
    BackupInfo,
    backup_database,
    backup_due,
    describe_backups,
    replace_database,
)
from clipper.core.db import create_library_engine, current_revision, head_revision, migrate
from clipper.core.errors import (
    LibraryDamagedError,
    LibraryLockedError,
    LibraryNotFoundError,
    NotFoundError,
)
from clipper.core.integrity import (
    database_problem,
    looks_like_sqlite,
    read_only_uri,
    verify_library_database,
)
from clipper.core.storage import guarding_storage
from clipper.core.store.outbox import QueueOutbox


class SqliteBackend:
    """An open SQLite library database: its engine, and (opened for writing) its lock."""

    def __init__(self, folder: Path, engine: Engine, lock: FileLock | None,
                 read_only: bool) -> None:
        self.folder = folder
        self.read_only = read_only
        self.address: ServerAddress | None = None  # in a folder, not on a server
        self._engine = engine
        self._lock = lock
        self._watch: sqlite3.Connection | None = None
        self._watch_lock = threading.Lock()
        self._outbox = QueueOutbox()

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def database_path(self) -> Path:
        return self.folder / paths.DATABASE_NAME

    @property
    def outbox(self) -> QueueOutbox:
        """The ``IndexQueue`` table: this folder's one index follows it."""
        return self._outbox

    def begin_write(self, session: Session) -> None:
        """Nothing: SQLite lets one writer in at a time by itself."""

    @property
    def keeps_index(self) -> bool:
        """Opened for writing, this process holds the folder's lock and keeps its index."""
        return not self.read_only

    @property
    def read_only_message(self) -> str:
        return "This library is open read-only; the change was not made."

    def explain(self, exc: BaseException) -> None:
        """SQLite's errors are told by ``guarding_storage`` and the integrity checks."""
        return None

    @property
    def backup_dir(self) -> Path:
        return self.folder / paths.BACKUP_DIR

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path, read_only: bool, create: bool, verify: bool) -> SqliteBackend:
        """The database in ``folder`` locked (for writing), checked, created and migrated.
        Raises the errors ``Library.open`` documents."""
        database = folder / paths.DATABASE_NAME
        if folder.exists() and not folder.is_dir():
            raise LibraryNotFoundError(f"{folder} is a file, not a Clipper library folder.")
        if (read_only or not create) and not database.exists():
            raise LibraryNotFoundError(f"There is no Clipper library in {folder}.")
        lock = None if read_only else _lock_folder(folder)
        try:
            with guarding_storage(folder):
                engine = _open_engine(folder, read_only, verify)
        except BaseException:
            if lock is not None:
                lock.release()
            raise
        return cls(folder, engine, lock, read_only)

    def abandon_open(self, exc: BaseException, verify: bool) -> None:
        """Close after opening failed past the database (the search index could not be
        opened); an unverified database is checked first, so damage is reported as such."""
        try:
            self._engine.dispose()
            if isinstance(exc, DBAPIError | LibraryDamagedError):
                with guarding_storage(self.folder):
                    _verify_after_failure(exc, self.database_path, self.backup_dir,
                                          self.read_only, verify)
        finally:
            if self._lock is not None:
                self._lock.release()

    def close(self) -> None:
        """Let go of the database: the watching connection, the engine, the lock."""
        self._close_watch()
        self._engine.dispose()
        if self._lock is not None:
            self._lock.release()

    # -- integrity -----------------------------------------------------------------------------

    def integrity_check(self, session: Session) -> str:
        """``PRAGMA quick_check`` inside ``session``: "ok" when the database is sound."""
        return str(session.connection().execute(text("PRAGMA quick_check")).one()[0])

    @contextmanager
    def staged_ids(self, session: Session, ids: list[int]) -> Iterator[Select[Any]]:
        """``ids`` in a temporary table of ``session``'s connection, as a subquery to test
        against (thousands of ids: too many for an ``IN`` list); emptied afterwards."""
        connection = session.connection()
        connection.execute(text("CREATE TEMP TABLE IF NOT EXISTS facet_ids "
                                "(id INTEGER PRIMARY KEY)"))
        connection.execute(text("DELETE FROM facet_ids"))
        # One statement with the ids as JSON: an insert per id took twice as long
        connection.exec_driver_sql("INSERT OR IGNORE INTO facet_ids (id) "
                                   "SELECT value FROM json_each(?)", (json.dumps(ids),))
        yield select(literal_column("id").label("id")).select_from(text("facet_ids"))
        connection.execute(text("DELETE FROM facet_ids"))

    def find_damage(self) -> str | None:
        """What is wrong with the database (every page read), or ``None`` when it is sound."""
        return database_problem(self.database_path, read_only=True)

    # -- changes made by other processes -------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes whenever the database changes, by any process (SQLite's
        ``PRAGMA data_version`` on a connection that never writes)."""
        with self._watch_lock:
            if self._watch is None:
                self._watch = sqlite3.connect(read_only_uri(self.database_path), uri=True,
                                              check_same_thread=False, timeout=30)
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def wait_for_change(self, timeout: float) -> bool:
        """SQLite announces nothing: wait, and let the caller look (``data_version``)."""
        time.sleep(timeout)
        return False

    def _close_watch(self) -> None:
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    # -- backups -------------------------------------------------------------------------------

    def backup(self, reason: str) -> Path:
        with guarding_storage(self.backup_dir):
            return backup_database(self.database_path, self.backup_dir, reason)

    def backups(self) -> list[BackupInfo]:
        return describe_backups(self.backup_dir)

    def backup_due(self) -> bool:
        return backup_due(self.backup_dir)

    @staticmethod
    def restore_backup(folder: Path, backup: Path) -> Path | None:
        """Put ``backup`` in place of the database in ``folder`` (see ``Library``)."""
        if not backup.is_file():
            raise NotFoundError(f"There is no backup {backup}.")
        problem = database_problem(backup, read_only=True)
        if problem is not None:
            raise LibraryDamagedError(f"The backup {backup} cannot be used: {problem}.")
        lock = FileLock(str(folder / paths.LOCK_NAME), mode=0o600)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise LibraryLockedError(
                f"The library in {folder} is open in another Clipper window or command; "
                "close it there before restoring a backup.") from None
        try:
            with guarding_storage(folder):
                moved = replace_database(folder / paths.DATABASE_NAME, backup)
                shutil.rmtree(folder / paths.INDEX_DIR, ignore_errors=True)  # derived: rebuilt
        finally:
            lock.release()
        return moved


def _lock_folder(folder: Path) -> FileLock:
    """The folder made (private) and its lock taken, or ``LibraryLockedError``."""
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
    return lock


def _open_engine(folder: Path, read_only: bool, verify: bool) -> Engine:
    """The engine on the database, checked, created private and migrated."""
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
            migrate(engine, database, backups)
    except (DBAPIError, LibraryDamagedError) as exc:
        engine.dispose()
        _verify_after_failure(exc, database, backups, read_only, verify)
        raise
    except BaseException:
        engine.dispose()
        raise
    return engine


def _verify_after_failure(exc: BaseException, database: Path, backups: Path, read_only: bool,
                          verify: bool) -> None:
    """Opened unverified, a failure other than a busy or locked database may be damage: say
    so, with the backups (``verify_library_database`` raises then)."""
    if not verify and not isinstance(getattr(exc, "orig", None), sqlite3.OperationalError):
        verify_library_database(database, backups, read_only)
