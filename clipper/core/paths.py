"""File locations. The one place that knows where things live on disk."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

from clipper.core.address import LibraryLocation, ServerAddress, parse_location
from clipper.core.errors import InvalidInputError

APP_NAME = "Clipper"
APP_AUTHOR = "Clipper"
LIBRARY_ENV = "CLIPPER_LIBRARY"

DATABASE_NAME = "clipper.db"
INDEX_DIR = "index"
BACKUP_DIR = "backups"
LOCK_NAME = "library.lock"


def default_library_dir() -> Path:
    """The library used when neither ``--library`` nor ``CLIPPER_LIBRARY`` names one."""
    return Path(appdirs.user_data_dir(APP_NAME, APP_AUTHOR)) / "Library"


def resolve_library(explicit: str | os.PathLike[str] | None = None) -> LibraryLocation:
    """``--library`` wins, then ``CLIPPER_LIBRARY``, then the per-user default: a folder, or
    a team library's server address (``postgresql://...``)."""
    if explicit:
        return parse_location(explicit)
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return parse_location(env)
    return default_library_dir()


def resolve_library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """As ``resolve_library``, for the commands that work on a library folder itself
    (backups, archives): a server address is refused with a clear message."""
    location = resolve_library(explicit)
    if isinstance(location, ServerAddress):
        raise InvalidInputError(
            f"{location} is a team library on a PostgreSQL server; this works on a library "
            "folder only (a team library is backed up by its server: see docs/TEAM.md).")
    return location


def cache_dir() -> Path:
    """What Clipper keeps to go faster and can always make again."""
    return Path(appdirs.user_cache_dir(APP_NAME, APP_AUTHOR))


def team_cache_dir(key: str) -> Path:
    """This desktop's cache of a team library (its search index), by server and database."""
    return cache_dir() / "team" / key


def config_dir() -> Path:
    return Path(appdirs.user_config_dir(APP_NAME, APP_AUTHOR))


def log_dir() -> Path:
    return Path(appdirs.user_log_dir(APP_NAME, APP_AUTHOR))


def resources_dir() -> Path:
    """``resources/`` from a wheel (inside the package) or from a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "resources"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "resources"


def seeds_dir() -> Path | None:
    """The sample clippings offered on first run, when they are present."""
    for candidate in (
        Path(__file__).resolve().parent.parent / "seeds",
        Path(__file__).resolve().parents[2] / "seeds",
    ):
        if candidate.is_dir():
            return candidate
    return None
