"""Consistent copies of a library's database, made with SQLite's online backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

KEEP_BACKUPS = 10


def backup_database(database: Path, backup_dir: Path, reason: str,
                    keep: int = KEEP_BACKUPS) -> Path:
    """Copy ``database`` into ``backup_dir`` while it may be in use; keep the newest ``keep``."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = backup_dir / f"clipper-{stamp}-{reason}.db"
    source = sqlite3.connect(database)
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
    finally:
        source.close()
    _rotate(backup_dir, keep)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Backups, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob("clipper-*.db"), reverse=True)


def _rotate(backup_dir: Path, keep: int) -> None:
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)
