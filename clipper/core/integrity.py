"""Is this SQLite file a sound database? Asked when a library opens and before a backup or an
archive is put in place (``PRAGMA quick_check``: a tenth of a second for 250 MB, measured)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from clipper.core.backup import list_backups
from clipper.core.errors import LibraryDamagedError


def read_only_uri(database: Path) -> str:
    """A SQLite URI that opens ``database`` for reading only. On a read-only medium (a folder
    nobody may write in), where SQLite could not make the WAL index file it needs beside the
    database, the file is opened as immutable — but only when no write-ahead log holds
    changes, which immutable would not see."""
    uri = f"file:{quote(str(database))}?mode=ro"  # quoted: a folder name may hold "?" or "#"
    wal = database.with_name(database.name + "-wal")
    if not os.access(database.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        uri += "&immutable=1"
    return uri


def looks_like_sqlite(database: Path) -> bool:
    """Whether the file starts as a SQLite database does (a cheap first look; only
    ``database_problem`` reads every page)."""
    try:
        with open(database, "rb") as file:
            return file.read(16) == b"SQLite format 3\x00"
    except OSError:
        return True  # let SQLite say what is wrong


def database_problem(database: Path, read_only: bool = False) -> str | None:
    """What is wrong with the database at ``database``; ``None`` when it is sound."""
    if read_only:
        connection = sqlite3.connect(read_only_uri(database), uri=True, timeout=30)
    else:
        connection = sqlite3.connect(database, timeout=30)
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise  # busy, a full disk, a folder it may not write in: nothing wrong with the file
    except sqlite3.DatabaseError as exc:  # "file is not a database", "... malformed"
        return str(exc)
    finally:
        connection.close()
    found = [row[0] for row in rows if row and row[0] != "ok"]
    return "; ".join(found[:3]) if found else None


def verify_library_database(database: Path, backup_dir: Path, read_only: bool = False) -> None:
    """Raise ``LibraryDamagedError`` (listing the backups, newest first) when the library's
    database is damaged or is not a database at all."""
    problem = database_problem(database, read_only)
    if problem is None:
        return
    backups = list_backups(backup_dir)
    offer = (f" {len(backups)} backup{'s' if len(backups) != 1 else ''} can replace it "
             "('clipper backups', then 'clipper restore BACKUP')." if backups
             else " There is no backup of it.")
    raise LibraryDamagedError(
        f"The library database {database} is damaged and cannot be read ({problem}). "
        f"Nothing was changed.{offer}", backups=backups)
