"""The command line's safe-keeping commands: ``backup``, ``backups``, ``restore`` and
``archive export|import``.

``backups`` and ``restore`` never open the library: they must work when its database is
damaged.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from clipper.cli.shared import EXIT_OK, Commands, open_library, print_json, progress_callback
from clipper.cli.words import count
from clipper.core import paths
from clipper.core.errors import InvalidInputError, NotFoundError

if TYPE_CHECKING:
    import argparse


def add_library_commands(commands: Commands) -> None:
    """Register ``backup``, ``backups``, ``restore`` and ``archive`` on the sub-commands."""
    p = commands.add_parser("backup", help="back the library's database up now")
    p.set_defaults(func=cmd_backup)

    p = commands.add_parser("backups", help="list the library's backups, newest first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_backups)

    p = commands.add_parser("restore", help="replace the database with a backup (the "
                            "current one is moved aside, not deleted)")
    p.add_argument("backup", metavar="BACKUP",
                   help="a backup's number in 'clipper backups' (1 = newest), name or path")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.set_defaults(func=cmd_restore)

    p = commands.add_parser("archive", help="a whole library as one portable file")
    archive = p.add_subparsers(dest="archive_command", metavar="ACTION", required=True)
    q = archive.add_parser("export", help="write the library to an archive file (.zip)")
    q.add_argument("file", metavar="FILE")
    q.set_defaults(func=cmd_archive_export)
    q = archive.add_parser("import", help="make a new library from an archive file "
                           "in a new folder")
    q.add_argument("file", metavar="FILE")
    q.add_argument("--library", dest="new_library", metavar="NEWDIR",
                   help="the new library's folder (must not hold a library)")
    q.set_defaults(func=cmd_archive_import)


def cmd_backup(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        path = library.backup_now()
    print(f"Backed up to {path}")
    return EXIT_OK


def cmd_backups(args: argparse.Namespace) -> int:
    from clipper.core.backup import describe_backups

    backups = describe_backups(_folder(args) / paths.BACKUP_DIR)
    if args.json:
        print_json([{"number": n, "path": str(b.path), "created": b.created.isoformat(),
                          "reason": b.reason, "bytes": b.size}
                         for n, b in enumerate(backups, 1)])
        return EXIT_OK
    if not backups:
        print("There are no backups of this library yet ('clipper backup' makes one).")
    for number, backup in enumerate(backups, 1):
        print(f"{number:>3}  {backup.created:%Y-%m-%d %H:%M:%S} UTC  {backup.reason:<28} "
              f"{backup.size / 1e6:8.1f} MB  {backup.path.name}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from clipper.core.library import Library

    folder = _folder(args)
    backup = _find_backup(folder, args.backup)
    if not args.yes:
        if not sys.stdin.isatty():
            raise InvalidInputError("Restoring replaces the library's database: run it in a "
                                    "terminal to confirm, or add --yes.")
        answer = input(f"Replace the database of {folder} with {backup.name}? The current "
                       "one is moved aside, not deleted. [y/N] ")
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was changed.")
            return EXIT_OK
    moved = Library.restore_backup(folder, backup)
    print(f"Restored {backup.name}." + (f" The database it replaced is kept as {moved}."
                                        if moved else ""))
    print("The search index is rebuilt when the library is next opened.")
    return EXIT_OK


def cmd_archive_export(args: argparse.Namespace) -> int:
    from clipper.core.archive import export_archive

    target = Path(args.file).expanduser()
    if target.is_dir():
        raise InvalidInputError(f"{target} is a folder; give a file name for the archive.")
    with open_library(args, reading=True) as library:
        info = export_archive(library.database_path, target)
    print(f"Wrote {info.path}: {count(info.clippings, 'clipping')}, "
          f"{info.bytes / 1e6:.1f} MB.")
    return EXIT_OK


def cmd_archive_import(args: argparse.Namespace) -> int:
    from clipper.core.archive import import_archive
    from clipper.core.library import Library

    if not (args.new_library or args.library):
        raise InvalidInputError("Give the new library's folder: clipper archive import FILE "
                                "--library NEWDIR.")
    folder = paths.resolve_library_dir(args.new_library or args.library)
    info = import_archive(Path(args.file).expanduser(), folder)
    library = Library.open(folder, replay=False)
    with library:
        total = library.pending_index_changes()
        with progress_callback("Indexing") as progress:
            library.flush_index(progress)
    print(f"Imported a library of {count(info.clippings, 'clipping')} into {folder}; "
          f"{total} indexed.")
    return EXIT_OK


def _folder(args: argparse.Namespace) -> Path:
    return paths.resolve_library_dir(args.library)


def _find_backup(folder: Path, which: str) -> Path:
    """A backup named by its number in the list (1 = newest), its file name, or a path."""
    from clipper.core.backup import describe_backups

    backups = [b.path for b in describe_backups(folder / paths.BACKUP_DIR)]
    if which.isdigit() and 1 <= int(which) <= len(backups):
        return backups[int(which) - 1]
    for backup in backups:
        if backup.name == which:
            return backup
    path = Path(which).expanduser()
    if path.is_file():
        return path
    raise NotFoundError(f"There is no backup '{which}'; 'clipper backups' lists them.")
