"""Disk trouble told plainly: a full disk or a read-only folder becomes a ``StorageError``.

SQLite reports these as ``sqlite3.OperationalError`` (wrapped by SQLAlchemy), Whoosh and file
writes as ``OSError``; both are recognised here, once, so every writer says the same thing.
"""

from __future__ import annotations

import errno
import os
import secrets
import socket
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from clipper.core.errors import StorageError
from clipper.core.kinds import StorageProblem

_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
_READ_ONLY_ERRNOS = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
_SQLITE_FULL = ("database or disk is full",)
_SQLITE_READ_ONLY = ("readonly database", "read-only", "unable to open database file")


def storage_error(exc: BaseException, folder: Path, saved: bool = False) -> StorageError | None:
    """The user's error for ``exc`` when a full disk or a read-only ``folder`` caused it;
    ``None`` when it is something else. ``saved``: the change itself was stored, only the
    search index could not follow."""
    reason = _reason(exc)
    outcome = ("Your changes are saved; the search index catches up when it can be written."
               if saved else "The change was not made and nothing stored was lost.")
    if reason == StorageProblem.FULL:
        return StorageError(
            f"The disk is full: Clipper could not write to {folder}. {outcome} "
            "Free some space and try again.", StorageProblem.FULL)
    if reason == StorageProblem.READ_ONLY:
        return StorageError(
            f"The library folder is read-only: Clipper may not write to {folder}. {outcome} "
            "Open the library read-only, or fix the folder's permissions.",
            StorageProblem.READ_ONLY)
    return None


@contextmanager
def guarding_storage(folder: Path, saved: bool = False) -> Iterator[None]:
    """Re-raise disk trouble inside the block as a ``StorageError``; other errors pass."""
    try:
        yield
    except StorageError:
        raise
    except Exception as exc:
        error = storage_error(exc, folder, saved)
        if error is None:
            raise
        raise error from exc


def _reason(exc: BaseException) -> StorageProblem | None:
    original = getattr(exc, "orig", None)  # SQLAlchemy wraps the driver's error
    if isinstance(original, BaseException):
        exc = original
    if isinstance(exc, OSError) and exc.errno is not None:
        if exc.errno in _FULL_ERRNOS:
            return StorageProblem.FULL
        if exc.errno in _READ_ONLY_ERRNOS:
            return StorageProblem.READ_ONLY
        return None
    if isinstance(exc, sqlite3.Error):
        message = str(exc).lower()
        code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF  # the primary result code
        if code == sqlite3.SQLITE_FULL or any(m in message for m in _SQLITE_FULL):
            return StorageProblem.FULL
        if code == sqlite3.SQLITE_READONLY or any(m in message for m in _SQLITE_READ_ONLY):
            return StorageProblem.READ_ONLY
    return None


def partial_file(target: Path) -> Path:
    """A hidden file beside ``target`` to write into before renaming it into place, named
    after this machine and process. Partial files of ``target`` that a killed process of this
    machine left behind (their process is gone) are removed first, so an interrupted export
    leaves no litter for long; another machine's (a shared folder) are left alone."""
    prefix = f".{target.name}."
    host = _host_label()
    try:
        leftovers = [p for p in target.parent.iterdir()
                     if p.name.startswith(prefix) and p.name.endswith(".part")]
    except OSError:
        leftovers = []
    for leftover in leftovers:
        owner, _, rest = leftover.name[len(prefix):-len(".part")].rpartition("@")
        pid = rest.split("-")[0]
        if owner == host and pid.isdigit() and len(pid) < 10 and not _alive(int(pid)):
            try:
                leftover.unlink()
            except OSError:
                pass
    return target.with_name(f"{prefix}{host}@{os.getpid()}-{secrets.token_hex(4)}.part")


def _host_label() -> str:
    return "".join(c for c in socket.gethostname() if c.isalnum() or c in "-_")[:40] or "host"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists but belongs to someone else
        return True
    return True
