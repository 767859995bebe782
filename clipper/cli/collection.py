"""The command line's ``collection`` commands: list, create, add clippings, remove them, and
write the executive summary that ``clipper export --collection`` prints."""

from __future__ import annotations

from typing import TYPE_CHECKING

from clipper.cli.shared import EXIT_OK, Commands, open_library, print_json
from clipper.core.errors import NotFoundError
from clipper.core.records import stored_id

if TYPE_CHECKING:
    import argparse

    from clipper.core.library import Library
    from clipper.core.models import Collection


def add_collection_commands(commands: Commands) -> None:
    """Register ``collection list|create|add|remove|summary`` on the sub-commands."""
    p = commands.add_parser("collection", help="collections: the clippings of a briefing")
    actions = p.add_subparsers(dest="collection_command", metavar="ACTION", required=True)
    q = actions.add_parser("list", help="the collections, with their sizes")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_list)
    q = actions.add_parser("create", help="a new, empty collection")
    q.add_argument("name", metavar="NAME")
    q.add_argument("--summary", default="", help="its executive summary")
    q.set_defaults(func=cmd_create)
    q = actions.add_parser("add", help="add clippings at the end (those in it move there)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("ids", type=int, nargs="+", metavar="ID")
    q.set_defaults(func=cmd_add)
    q = actions.add_parser("remove", help="take clippings out (they stay in the library)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("ids", type=int, nargs="+", metavar="ID")
    q.set_defaults(func=cmd_remove)
    q = actions.add_parser("summary", help="set the executive summary its briefings print "
                           "('' clears it)")
    q.add_argument("name", metavar="NAME")
    q.add_argument("text", metavar="TEXT")
    q.set_defaults(func=cmd_summary)


def cmd_list(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        found = library.list_collections()
    if args.json:
        print_json([{"id": c.id, "name": c.name, "clippings": n, "summary": c.summary}
                         for c, n in found])
    elif not found:
        print("No collections yet ('clipper collection create NAME').")
    for collection, count in [] if args.json else found:
        print(f"{collection.name}: {count} clipping{'' if count == 1 else 's'}"
              + (f" — {collection.summary}" if collection.summary else ""))
    return EXIT_OK


def cmd_create(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        collection = library.create_collection(args.name, summary=args.summary.strip())
    print(f"Created the collection {collection.name}.")
    return EXIT_OK


def cmd_add(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        collection = _named(library, args.name)
        for clipping_id in args.ids:
            library.get_clipping(clipping_id)  # "There is no clipping N." before changing
        order = library.add_to_collection(stored_id(collection), args.ids)
    return _print_size(collection.name, order)


def cmd_remove(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        collection = _named(library, args.name)
        order = library.get_collection(stored_id(collection)).clipping_ids
        missing = [i for i in args.ids if i not in order]
        if missing:
            raise NotFoundError(f"Clipping {missing[0]} is not in {collection.name}.")
        kept = library.remove_from_collection(stored_id(collection), args.ids)
    return _print_size(collection.name, kept)


def cmd_summary(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        collection = _named(library, args.name)
        library.set_collection_summary(stored_id(collection), args.text.strip())
    print(f"{collection.name}: summary {'set' if args.text.strip() else 'cleared'}.")
    return EXIT_OK


def _print_size(name: str, order: list[int]) -> int:
    print(f"{name}: {len(order)} clipping{'' if len(order) == 1 else 's'}.")
    return EXIT_OK


def _named(library: Library, name: str) -> Collection:
    collection = library.find_collection(name)
    if collection is None:
        raise NotFoundError(f"There is no collection called '{name}'.")
    return collection
