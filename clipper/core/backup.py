"""Consistent copies of a library's database, made with SQLite's online backup.

A backup is written under a temporary name and renamed when complete, so a crash or a full
disk never leaves a partial file that looks like a backup. Backups are readable by their
owner only, like the library. Restoring never deletes anything: the database it replaces is
moved aside, with its WAL, under a name that says when.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from clipper.core.storage import partial_file

KEEP_BACKUPS = 10
DAILY = timedelta(days=1)
PRIVATE_FILE = 0o600
_NAME = re.compile(r"^clipper-(?P<stamp>\d{8}T\d{6}\d*Z)-(?P<reason>.+)\.db$")
_SIDE_FILES = ("-wal", "-shm")


@dataclass(frozen=True)
class BackupInfo:
    """One backup, as a list of backups shows it."""

    path: Path
    created: datetime
    reason: str  # "daily", "manual", "before-migration-0003", "before-restore", ...
    size: int


def backup_database(database: Path, backup_dir: Path, reason: str,
                    keep: int = KEEP_BACKUPS) -> Path:
    """Copy ``database`` into ``backup_dir`` while it may be in use; keep the newest ``keep``."""
    backup_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"clipper-{stamp}-{reason}.db"
    copy_database(database, target)
    _rotate(backup_dir, keep)
    return target


def copy_database(database: Path, target: Path) -> None:
    """A consistent copy of ``database`` (in use or not) at ``target``, written whole or not
    at all, readable by its owner only."""
    part = partial_file(target)
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
    try:
        source = sqlite3.connect(database)
        try:
            copy = sqlite3.connect(part)
            try:
                source.backup(copy)
            finally:
                copy.close()
        finally:
            source.close()
        _fsync(part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def _named_backups(backup_dir: Path) -> list[tuple[Path, re.Match[str]]]:
    """Backups with their names parsed, newest first."""
    if not backup_dir.is_dir():
        return []
    named = [(p, match) for p in backup_dir.glob("clipper-*.db")
             if (match := _NAME.match(p.name))]
    return sorted(named, key=lambda named: named[1].group("stamp"), reverse=True)


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    return [path for path, _match in _named_backups(backup_dir)]


def describe_backups(backup_dir: Path) -> list[BackupInfo]:
    """Backups with their date, reason and size, newest first."""
    found = []
    for path, match in _named_backups(backup_dir):
        stamp = match.group("stamp")
        created = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
        try:
            size = path.stat().st_size
        except OSError:
            continue
        found.append(BackupInfo(path, created, match.group("reason"), size))
    return found


def backup_due(backup_dir: Path, now: datetime | None = None, every: timedelta = DAILY) -> bool:
    """Whether the newest backup is older than ``every`` (or there is none)."""
    backups = describe_backups(backup_dir)
    if not backups:
        return True
    return (now or datetime.now(UTC)) - backups[0].created >= every


def replace_database(database: Path, backup: Path) -> Path | None:
    """Put a copy of ``backup`` in place of ``database``; the database it replaces (with its
    WAL) is moved aside, never deleted. Returns where it was moved (None if there was none).
    The caller holds the library's lock and has checked the backup."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    aside = database.with_name(f"{database.name}.replaced-{stamp}")
    incoming = database.with_name(f".{database.name}.restoring")
    shutil.copyfile(backup, incoming)
    os.chmod(incoming, PRIVATE_FILE)
    _fsync(incoming)
    moved = None
    if database.exists():
        for suffix in _SIDE_FILES:  # the WAL belongs to the database moved aside
            side = Path(f"{database}{suffix}")
            if side.exists():
                os.replace(side, Path(f"{aside}{suffix}"))
        os.replace(database, aside)
        moved = aside
    os.replace(incoming, database)
    return moved


def _fsync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _rotate(backup_dir: Path, keep: int) -> None:
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)
