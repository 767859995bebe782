"""A whole library as one portable file: a zip holding a manifest and a snapshot of the
database (SQLite's online backup, so it is consistent while the library is in use).

The database holds everything a user made: clippings with their original HTML, annotations,
entities, bias notes, tags, collections, saved searches, settings and feeds. The search index
is left out: it is derived, and rebuilt when the imported library is first opened.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from clipper import __version__
from clipper.core import paths
from clipper.core.backup import PRIVATE_FILE, copy_database
from clipper.core.db import head_revision
from clipper.core.errors import ClipperError, InvalidInputError, LibraryDamagedError
from clipper.core.integrity import database_problem
from clipper.core.storage import guarding_storage, partial_file

FORMAT = "clipper-library-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = "library/clipper.db"
_CHUNK = 1024 * 1024


class ArchiveError(ClipperError):
    """A file is not a Clipper library archive, or one this version cannot read."""


@dataclass(frozen=True)
class ArchiveInfo:
    path: Path
    schema: str | None
    clippings: int
    created: str
    bytes: int


def export_archive(database: Path, target: Path | str) -> ArchiveInfo:
    """Write the library whose database is ``database`` to the archive ``target`` (written
    whole or not at all: a temporary file beside it is renamed into place)."""
    target = Path(target)
    if not target.parent.is_dir():
        raise InvalidInputError(f"The folder {target.parent} does not exist.")
    part = partial_file(target)
    with tempfile.TemporaryDirectory(prefix="clipper-archive-") as scratch:
        snapshot = Path(scratch) / "clipper.db"
        try:
            with guarding_storage(target.parent):
                copy_database(database, snapshot)
                manifest = _manifest(snapshot)
                with zipfile.ZipFile(part, "x", compression=zipfile.ZIP_DEFLATED) as archive:
                    archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
                    archive.write(snapshot, DATABASE_MEMBER)
                with open(part, "rb") as file:
                    os.fsync(file.fileno())
                os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
    return ArchiveInfo(target, manifest["schema"], manifest["clippings"], manifest["created"],
                       target.stat().st_size)


def import_archive(source: Path | str, folder: Path | str) -> ArchiveInfo:
    """Make a new library in ``folder`` from the archive ``source``. Refuses a folder that
    already holds a library (or anything else); the index is rebuilt when it is opened."""
    source, folder = Path(source), Path(folder)
    if (folder / paths.DATABASE_NAME).exists():
        raise InvalidInputError(f"{folder} already holds a Clipper library; choose a new "
                                "folder for the imported one (nothing was overwritten).")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InvalidInputError(f"{folder} is not an empty folder; choose a new one.")
    manifest = read_manifest(source)
    with tempfile.TemporaryDirectory(prefix="clipper-archive-") as scratch:
        snapshot = Path(scratch) / "clipper.db"
        _extract_database(source, manifest, snapshot)
        problem = database_problem(snapshot)
        if problem is not None:
            raise LibraryDamagedError(f"The library in {source} is damaged: {problem}.")
        with guarding_storage(folder):
            created = not folder.exists()
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            try:
                incoming = folder / f".{paths.DATABASE_NAME}.importing"
                shutil.copyfile(snapshot, incoming)
                os.chmod(incoming, PRIVATE_FILE)
                os.replace(incoming, folder / paths.DATABASE_NAME)
            except BaseException:
                (folder / f".{paths.DATABASE_NAME}.importing").unlink(missing_ok=True)
                if created:
                    shutil.rmtree(folder, ignore_errors=True)
                raise
    return ArchiveInfo(source, manifest.get("schema"), int(manifest.get("clippings", 0)),
                       str(manifest.get("created", "")), source.stat().st_size)


def read_manifest(source: Path) -> dict:
    """The archive's manifest, checked: a Clipper archive of a format and schema this
    version reads."""
    try:
        with zipfile.ZipFile(source) as archive:
            manifest = json.loads(archive.read(MANIFEST))
            names = set(archive.namelist())
    except FileNotFoundError:
        raise ArchiveError(f"There is no file {source}.") from None
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ArchiveError(f"{source} is not a Clipper library archive ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ArchiveError(f"{source} is not a Clipper library archive.")
    if manifest.get("version") != FORMAT_VERSION:
        raise ArchiveError(f"{source} was written by another version of Clipper (archive "
                           f"format {manifest.get('version')}); this one reads format "
                           f"{FORMAT_VERSION}.")
    if _newer(manifest.get("schema"), head_revision()):
        raise ArchiveError(f"{source} holds a library from a newer Clipper (schema "
                           f"{manifest.get('schema')}); update Clipper to open it.")
    if DATABASE_MEMBER not in names:
        raise ArchiveError(f"{source} holds no library database.")
    return manifest


def _manifest(snapshot: Path) -> dict:
    connection = sqlite3.connect(snapshot)
    try:
        schema = _scalar(connection, "SELECT version_num FROM alembic_version")
        clippings = _scalar(connection, "SELECT count(*) FROM clipping") or 0
    finally:
        connection.close()
    return {"format": FORMAT, "version": FORMAT_VERSION, "clipper": __version__,
            "created": datetime.now(UTC).isoformat(timespec="seconds"), "schema": schema,
            "clippings": clippings, "database": DATABASE_MEMBER,
            "sha256": _sha256(snapshot), "bytes": snapshot.stat().st_size}


def _extract_database(source: Path, manifest: dict, target: Path) -> None:
    """Copy the database member out (by its fixed name: no path from the archive is ever
    used), checking its size and checksum against the manifest."""
    digest = hashlib.sha256()
    size, expected = 0, int(manifest.get("bytes", -1))
    try:
        with zipfile.ZipFile(source) as archive, archive.open(DATABASE_MEMBER) as member, \
                open(target, "wb") as out:
            while chunk := member.read(_CHUNK):
                size += len(chunk)
                if expected >= 0 and size > expected:
                    raise ArchiveError(f"{source} is damaged: its database is larger than "
                                       "its manifest says.")
                digest.update(chunk)
                out.write(chunk)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise ArchiveError(f"{source} is damaged ({exc}).") from None
    if digest.hexdigest() != manifest.get("sha256") or (expected >= 0 and size != expected):
        raise ArchiveError(f"{source} is damaged: its database does not match its manifest.")


def _newer(schema: object, head: str | None) -> bool:
    return isinstance(schema, str) and head is not None and schema > head


def _scalar(connection: sqlite3.Connection, sql: str) -> object:
    try:
        row = connection.execute(sql).fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
