"""Keeping a library safe: backups, restoring one, noticing other processes' changes, and how
far the search index is behind. Part of ``Library``."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from clipper.core import paths
from clipper.core.backup import (
    BackupInfo,
    backup_database,
    backup_due,
    describe_backups,
    replace_database,
)
from clipper.core.errors import LibraryDamagedError, LibraryLockedError, NotFoundError
from clipper.core.integrity import database_problem, read_only_uri
from clipper.core.storage import guarding_storage

# Why the index was found behind the database when the library opened.
MISSING, DAMAGED, INTERRUPTED = "missing", "damaged", "interrupted"


@dataclass(frozen=True)
class IndexStatus:
    """How far the search index is behind the database."""

    pending: int  # clippings waiting to be (re)indexed
    rebuilding: bool  # the index was lost or damaged and is being rebuilt from the database
    reason: str | None  # "missing", "damaged", "interrupted" (a crash left changes queued)


class UpkeepStore:
    """Part of ``Library``."""

    folder: Path
    read_only: bool
    _index_rebuild_reason: str | None = None
    _watch: sqlite3.Connection | None = None
    _watch_lock = threading.Lock()

    # -- the search index --------------------------------------------------------------------

    def index_status(self) -> IndexStatus:
        """Whether the index is being rebuilt (it was missing or damaged at open) or catching
        up after a crash, and how many clippings are still to do. Search works meanwhile and
        finds more as the index catches up."""
        pending = self.pending_index_changes()  # type: ignore[attr-defined]
        if pending == 0:
            self._index_rebuild_reason = None
        reason = self._index_rebuild_reason
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

    def find_database_damage(self) -> str | None:
        """What is wrong with the database (every page read: ``PRAGMA quick_check``), or
        ``None`` when it is sound. For a library opened with ``verify=False``."""
        return database_problem(self.folder / paths.DATABASE_NAME, read_only=True)

    # -- changes made by other processes ------------------------------------------------------

    def data_version(self) -> int:
        """A number that changes whenever the database changes: after any commit, by this
        library or another process (SQLite's ``PRAGMA data_version`` on a connection that
        never writes). Cheap enough to poll every second: a read-only window compares it with
        the last value it saw and refreshes its views and search when it differs."""
        with self._watch_lock:
            if self._watch is None:
                database = self.folder / paths.DATABASE_NAME
                self._watch = sqlite3.connect(read_only_uri(database), uri=True,
                                              check_same_thread=False, timeout=30)
            return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def _close_watch(self) -> None:
        with self._watch_lock:
            if self._watch is not None:
                self._watch.close()
                self._watch = None

    # -- backups ------------------------------------------------------------------------------

    @property
    def backup_dir(self) -> Path:
        return self.folder / paths.BACKUP_DIR

    def backup_now(self, reason: str = "manual") -> Path:
        """A consistent copy of the database in ``backups/`` (the oldest beyond ten are
        dropped). Raises ``StorageError`` when the disk is full or the folder read-only."""
        with guarding_storage(self.backup_dir):
            return backup_database(self.folder / paths.DATABASE_NAME, self.backup_dir, reason)

    def backups(self) -> list[BackupInfo]:
        """The library's backups, newest first."""
        return describe_backups(self.backup_dir)

    def daily_backup(self) -> str | None:
        """Back up when the newest backup is a day old; returns why it could not be made.
        A failed daily backup does not keep the library from opening."""
        if not backup_due(self.backup_dir):
            return None
        if not self.count_clippings():  # type: ignore[attr-defined]
            return None
        try:
            self.backup_now("daily")
        except Exception as exc:  # a full disk, a read-only folder: the library still opens
            return f"The daily backup could not be made: {exc}"
        return None

    @classmethod
    def restore_backup(cls, folder: Path | str, backup: Path | str) -> Path | None:
        """Put ``backup`` in place of the library's database. The current database (damaged
        or not) is moved aside beside it, never deleted; returns where it went (None when
        there was no database). The search index is rebuilt on the next open. Raises
        ``LibraryLockedError`` when the library is open, ``LibraryDamagedError`` when the
        backup itself cannot be read."""
        folder, backup = Path(folder), Path(backup)
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
