"""The command line's team commands: ``team init|add-user|remove-user|users|upload``.

A team library is named by its server address, in ``--library`` or ``CLIPPER_LIBRARY``
(``team init`` takes it as its argument). What each command may do is the server's to say: the
person running ``add-user`` needs CREATEROLE there (docs/TEAM.md).
"""

from __future__ import annotations

import getpass
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from clipper.cli.shared import EXIT_OK, Commands, print_json, progress_callback
from clipper.cli.words import count
from clipper.core import paths
from clipper.core.address import ServerAddress, is_server_address
from clipper.core.errors import InvalidInputError, LibraryLockedError
from clipper.core.kinds import TeamRole

if TYPE_CHECKING:
    import argparse

    from clipper.core.library import Library

# clipper.core.team, archive and transfer (and the PostgreSQL driver they bring) are imported
# by the commands that use them: every other command starts a tenth of a second sooner.


def add_team_commands(commands: Commands) -> None:
    """Register ``team`` and its actions on the sub-commands."""
    p = commands.add_parser("team", help="a team library on a PostgreSQL server: set it up, "
                            "its people, moving a library into it")
    team = p.add_subparsers(dest="team_command", metavar="ACTION", required=True)
    q = team.add_parser("init", help="make (or bring up to date) the team library in a "
                        "database: its tables and the reader, editor and admin roles")
    q.add_argument("address", metavar="ADDRESS", help="postgresql://user@host/database")
    q.set_defaults(func=cmd_team_init)

    q = team.add_parser("add-user", help="give someone a role in the team library (their "
                        "login is made when they have none)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--role", required=True, choices=[r.value for r in TeamRole])
    secret = q.add_mutually_exclusive_group()
    secret.add_argument("--password", action="store_true",
                        help="set their password (asked for; never on the command line)")
    secret.add_argument("--password-stdin", action="store_true",
                        help="set their password, read from the first line of standard input")
    q.set_defaults(func=cmd_team_add_user)

    q = team.add_parser("remove-user", help="take someone's role in the team library away")
    q.add_argument("name", metavar="NAME")
    q.set_defaults(func=cmd_team_remove_user)

    q = team.add_parser("users", help="the team library's people and their roles")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_team_users)

    q = team.add_parser("upload", help="copy a personal library (a folder or an archive "
                        "file) into the team library, with its marks and collections")
    q.add_argument("source", metavar="LIBRARY", help="a library folder or an archive (.zip)")
    q.set_defaults(func=cmd_team_upload)


def _team_address(args: argparse.Namespace) -> ServerAddress:
    location = paths.resolve_library(args.library)
    if not isinstance(location, ServerAddress):
        raise InvalidInputError(
            "Name the team library: --library postgresql://user@host/database (or set "
            f"{paths.LIBRARY_ENV}).")
    return location


def cmd_team_init(args: argparse.Namespace) -> int:
    address = ServerAddress.parse(args.address)
    from clipper.core.team import init_team

    for line in init_team(address):
        print(f"{address}: {line}.")
    print(f"Add people with: clipper --library {address} team add-user NAME --role editor")
    return EXIT_OK


def cmd_team_add_user(args: argparse.Namespace) -> int:
    address = _team_address(args)
    password = None
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif args.password:
        password = getpass.getpass(f"Password for {args.name}: ")
        if getpass.getpass("The same again: ") != password:
            raise InvalidInputError("The two passwords differ; nothing was changed.")
    if password is not None and not password:
        raise InvalidInputError("An empty password cannot be set; nothing was changed.")
    from clipper.core.team import add_user

    made = add_user(address, args.name, TeamRole(args.role), password)
    print(f"{args.name} is {'now' if not made else 'a new user and'} "
          f"{'an' if args.role[0] in 'ae' else 'a'} {args.role} of {address}.")
    return EXIT_OK


def cmd_team_remove_user(args: argparse.Namespace) -> int:
    address = _team_address(args)
    from clipper.core.team import remove_user

    remove_user(address, args.name)
    print(f"{args.name} no longer has a role in {address}; their login stays on the server, "
          "and what they made stays in the library with their name.")
    return EXIT_OK


def cmd_team_users(args: argparse.Namespace) -> int:
    from clipper.core.team import list_users

    users = list_users(_team_address(args))
    if args.json:
        print_json([{"name": u.name, "role": u.role.value, "can_login": u.can_login}
                    for u in users])
        return EXIT_OK
    if not users:
        print("No users yet: clipper team add-user NAME --role editor")
    for user in users:
        print(f"{user.name:<24} {user.role.value}{'' if user.can_login else ' (cannot log in)'}")
    return EXIT_OK


def cmd_team_upload(args: argparse.Namespace) -> int:
    from clipper.core.archive import import_archive
    from clipper.core.library import Library
    from clipper.core.transfer import upload_library

    address = _team_address(args)
    if is_server_address(args.source):
        raise InvalidInputError("Upload a library folder or an archive file, not a server.")
    source = Path(args.source).expanduser()
    if not source.exists():
        raise InvalidInputError(f"There is no library or archive at {source}.")
    with tempfile.TemporaryDirectory(prefix="clipper-upload-") as scratch:
        if source.is_file():
            import_archive(source, Path(scratch) / "library")
            source = Path(scratch) / "library"
        with _open_personal(source) as personal, Library.open(address, create=False) as team, \
                progress_callback("Uploading") as progress:
            report = upload_library(personal, team, progress)
    print(f"Uploaded {count(report.added, 'clipping')} with {count(report.marks, 'mark')} "
          f"and {count(report.collections, 'collection')} into {address}.")
    if report.duplicates:
        print(f"{count(len(report.duplicates), 'clipping')} the team library already had "
              "(not copied again; their marks were left out):")
        for title, team_id in report.duplicates:
            print(f"  #{team_id} {title}")
    for problem in report.problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_OK


def _open_personal(folder: Path) -> Library:
    """The personal library, read-only when another process has it open."""
    from clipper.core.library import Library

    try:
        return Library.open(folder, create=False)
    except LibraryLockedError:
        return Library.open(folder, read_only=True)
