"""File locations. The one place that knows where things live on disk."""

from __future__ import annotations

import os
from pathlib import Path

import appdirs

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


def resolve_library_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--library`` wins, then ``CLIPPER_LIBRARY``, then the per-user default."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(LIBRARY_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_library_dir()


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
