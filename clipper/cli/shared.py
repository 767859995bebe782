"""What every command uses: the exit codes, opening the library the options name, the
argument types, JSON on stdout and progress bars on stderr."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from clipper.core import paths
from clipper.core.address import ServerAddress
from clipper.core.credentials import open_with_password
from clipper.core.errors import LibraryLockedError, LibraryNotFoundError, StorageError

if TYPE_CHECKING:  # rich is imported when a bar or colour is drawn: `clipper search` starts fast
    from rich.console import Console

    # The library (SQLAlchemy and the models: half a second) is imported when one is opened:
    # `clipper search` on a folder answers without it (clipper.core.quickread)
    from clipper.core.library import Library

EXIT_OK = 0
EXIT_FAILED = 1  # the command ran and found failures it reports (failed imports, a stale index)
EXIT_USER_ERROR = 2  # a user's error: one line on stderr, no traceback
EXIT_INTERRUPTED = 130  # Ctrl+C, as a shell reports a process ended by SIGINT

type Commands = argparse._SubParsersAction[argparse.ArgumentParser]
"""The ``clipper`` sub-command parsers a command module adds its commands to."""

type ProgressCallback = Callable[[int, int], None]


def positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small; give 1 or more")
    return value


def open_library(args: argparse.Namespace, reading: bool = False,
                 create: bool = False) -> Library:
    """Open the library for writing; a reading command falls back to read-only when another
    process holds it or its folder cannot be written (a read-only disk or share). Only the
    commands that bring clippings in (``create``) make a new library: a mistyped --library
    would otherwise get one."""
    from clipper.core.library import Library

    folder = paths.resolve_library(args.library)
    if isinstance(folder, ServerAddress):  # a team library is made by 'team init'
        return open_with_password(folder, lambda at: Library.open(at, create=False),
                                  _ask_password)
    try:
        return Library.open(folder, create=create and not reading)
    except LibraryNotFoundError as exc:
        if folder.exists() and not folder.is_dir():
            raise
        raise LibraryNotFoundError(f"{exc} Import clippings first ('clipper import FILES'), "
                                   "or name another with --library.") from None
    except LibraryLockedError:
        if not reading:
            raise
        print("clipper: the library is open elsewhere; reading it read-only.", file=sys.stderr)
    except StorageError as exc:
        if not reading or exc.reason != "read-only" or not (folder / paths.DATABASE_NAME).exists():
            raise
        print("clipper: the library's folder is read-only; reading it read-only.",
              file=sys.stderr)
    return Library.open(folder, read_only=True)


def _ask_password(why: str) -> tuple[str, bool] | None:
    """A team library's password, asked on the terminal (never kept: the window can keep it
    in the keyring, and libpq reads ~/.pgpass and PGPASSWORD)."""
    if not sys.stdin.isatty():
        return None
    import getpass

    print(f"clipper: {why}", file=sys.stderr)
    password = getpass.getpass("Password: ")
    return (password, False) if password else None


def print_json(data: object) -> None:
    """``data`` as indented JSON on stdout, non-ASCII text as it is."""
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


@contextmanager
def progress_callback(label: str) -> Iterator[ProgressCallback | None]:
    """A ``progress(done, total)`` callback drawing a bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=stderr_console(), transient=True) as bar:
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def with_progress[T](items: Iterable[T], total: int, label: str) -> Iterator[T]:
    """``items`` with a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty() or total < 2:
        yield from items
        return
    from rich.progress import track

    yield from track(items, total=total, description=label, transient=True,
                     console=stderr_console())


def stderr_console() -> Console:
    """A rich console writing to stderr, so stdout keeps only what a command reports."""
    from rich.console import Console

    return Console(stderr=True)
