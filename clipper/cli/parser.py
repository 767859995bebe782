"""The ``clipper`` argument parser: the commands each command module registers, the options
every command takes before or after it, and a search's words kept apart from its options."""

from __future__ import annotations

import argparse
from typing import Any

from clipper import __version__
from clipper.cli.analyst import add_analyst_commands
from clipper.cli.capture import add_capture_commands
from clipper.cli.clippings import add_clipping_commands
from clipper.cli.collection import add_collection_commands
from clipper.cli.export import add_export_command
from clipper.cli.library import add_library_commands
from clipper.cli.team import add_team_commands
from clipper.core import paths


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clipper", description="Organise, annotate and brief from press clippings. "
        "With no command, the desktop application opens.")
    add_global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    # In this order in `clipper --help`.
    add_clipping_commands(commands)  # import, search, show, list, tag, check, reindex
    add_capture_commands(commands)  # add URL; feed add|list|refresh|remove; reextract
    add_library_commands(commands)  # backup, backups, restore, archive export|import
    add_analyst_commands(commands)  # entities, entity, derived, quotes, bias-by-outlet, ...
    add_collection_commands(commands)  # collection list|create|add|remove|summary
    add_export_command(commands)
    add_team_commands(commands)  # team init|add-user|remove-user|users|upload
    _global_options_everywhere(parser)
    return parser


def add_global_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """The options that apply to every command, before or after it ("clipper --library X
    import F" and "clipper import F --library X"). On a command they default to "not given"
    (SUPPRESS), so they never undo what was given before the command."""
    # keyword arguments for add_argument (Any: its parameters differ in type)
    unset: dict[str, Any] = {} if top else {"default": argparse.SUPPRESS}
    taken = set(parser._option_string_actions)
    if "--version" not in taken:
        parser.add_argument("--version", action="version", version=f"clipper {__version__}")
    if "--self-check" not in taken:
        parser.add_argument("--self-check", action="store_true", **unset,
                            help="check this installation (import, search, briefing, window) "
                            "in a temporary library, then exit")
    if "--library" not in taken:  # "archive import --library NEWDIR" keeps its own
        parser.add_argument("--library", metavar="DIR", **unset,
                            help="library folder, or a team library's address "
                            f"(postgresql://user@host/database); default: ${paths.LIBRARY_ENV} "
                            f"or {paths.default_library_dir()}")


def _global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):  # aliases share a parser
                add_global_options(command)
                _global_options_everywhere(command)


_SEARCH_OPTIONS = {"--limit": 1, "--order": 1, "--json": 0, "-h": 0, "--help": 0,
                   "--library": 1, "--self-check": 0, "--version": 0}


def search_words_last(argv: list[str]) -> list[str]:
    """``argv`` with a search's words after "--", its options before: a query may hold words
    that start with a dash ("clipper search israel -hamas --limit 5" leaves hamas out)."""
    position = 0
    while position < len(argv) and argv[position].startswith("-"):
        position += 2 if argv[position] == "--library" else 1  # the options before a command
    if position >= len(argv) or argv[position] != "search" or "--" in argv[position:]:
        return argv
    options: list[str] = []
    words: list[str] = []
    rest = argv[position + 1:]
    while rest:
        arg = rest.pop(0)
        name = arg.split("=", 1)[0]
        if name in _SEARCH_OPTIONS:
            options.append(arg)
            if "=" not in arg:
                options += rest[:_SEARCH_OPTIONS[name]]
                del rest[:_SEARCH_OPTIONS[name]]
        elif arg.startswith("--"):
            options.append(arg)  # a mistyped option is an error, not a word to search for
        else:
            words.append(arg)
    return [*argv[:position + 1], *options, "--", *words]
