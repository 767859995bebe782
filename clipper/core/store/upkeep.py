"""Keeping a library safe: checking the database, backups, noticing other processes' changes.
What each of these means for the database's home is the backend's; this store says when."""

from __future__ import annotations

from pathlib import Path

from clipper.core.backup import BackupInfo
from clipper.core.store.listing import ListingStore
from clipper.core.store.unit_of_work import UnitOfWork


class UpkeepStore:
    """Backups, damage found, and the database's version number for other processes."""

    def __init__(self, work: UnitOfWork, clippings: ListingStore) -> None:
        self._work = work
        self._clippings = clippings

    def find_database_damage(self) -> str | None:
        """What is wrong with the database (every page read: ``PRAGMA quick_check``), or
        ``None`` when it is sound. For a library opened with ``verify=False``."""
        return self._work.backend.find_damage()

    def data_version(self) -> int:
        """A number that changes whenever the database changes: after any commit, by this
        library or another process (SQLite's ``PRAGMA data_version`` on a connection that
        never writes). Cheap enough to poll every second: a read-only window compares it with
        the last value it saw and refreshes its views and search when it differs."""
        return self._work.backend.data_version()

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for another's change to be announced (a team
        library's server announces each; a library in a folder announces nothing: this just
        waits). True when one was."""
        return self._work.backend.wait_for_change(timeout)

    @property
    def backup_dir(self) -> Path:
        return self._work.backend.backup_dir

    def backup_now(self, reason: str = "manual") -> Path:
        """A consistent copy of the database in ``backups/`` (the oldest beyond ten are
        dropped). Raises ``StorageError`` when the disk is full or the folder read-only."""
        return self._work.backend.backup(reason)

    def backups(self) -> list[BackupInfo]:
        """The library's backups, newest first."""
        return self._work.backend.backups()

    def daily_backup(self) -> str | None:
        """Back up when the newest backup is a day old; returns why it could not be made.
        A failed daily backup does not keep the library from opening."""
        if not self._work.backend.backup_due():
            return None
        if not self._clippings.count_clippings():
            return None
        try:
            self.backup_now("daily")
        except Exception as exc:  # a full disk, a read-only folder: the library still opens
            return f"The daily backup could not be made: {exc}"
        return None
