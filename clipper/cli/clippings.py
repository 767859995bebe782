"""The command line: a thin face over the same ``Library`` API as the GUI.

User errors print one line on stderr and exit 2 (1 where a command reports failures it
found: failed imports, a library that disagrees with its index). No traceback for them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from clipper import __version__
from clipper.cli_analyst import add_analyst_commands
from clipper.cli_capture import add_capture_commands
from clipper.cli_collections import add_collection_commands
from clipper.cli_library import add_library_commands
from clipper.cli_words import count
from clipper.core import paths
from clipper.core.errors import (
    ClipperError,
    InvalidInputError,
    LibraryLockedError,
    LibraryNotFoundError,
    NotFoundError,
    StorageError,
)
from clipper.core.importer import (
    ImportSummary,
    collect_files,
    describe_skipped,
    import_files,
    printable,
)
from clipper.core.library import Library
from clipper.core.serialize import detail_to_json, hit_to_json, row_to_json

EXIT_OK, EXIT_FAILED, EXIT_USER_ERROR = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="clipper", description="Organise, annotate and brief from press clippings. "
        "With no command, the desktop application opens.")
    _add_global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = commands.add_parser("import", help="import clipping files or folders of them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("search", help="search the library",
                            epilog="A query that starts with a dash (-word leaves word out) "
                                   "may be written as it is: clipper search -trump china")
    p.add_argument("query", nargs="*", help="the query (quote it to keep it one argument)")
    p.add_argument("--limit", type=_positive, default=20, metavar="N")
    p.add_argument("--order", choices=("relevance", "date"), default="relevance")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = commands.add_parser("show", help="show one clipping with its notes, highlights, "
                            "entities and summary")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = commands.add_parser("list", help="list clippings, newest first")
    p.add_argument("--limit", type=_positive, default=None, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = commands.add_parser("tag", help="add (or --remove) tags on a clipping")
    p.add_argument("id", type=int)
    p.add_argument("tags", nargs="+", metavar="TAG")
    p.add_argument("--remove", action="store_true")
    p.set_defaults(func=cmd_tag)

    p = commands.add_parser("check", help="do the database and the search index agree?")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_check)

    p = commands.add_parser("reindex", help="rebuild the search index from the database")
    p.set_defaults(func=cmd_reindex)

    add_capture_commands(commands)  # add URL; feed add|list|refresh|remove
    add_library_commands(commands)  # backup, backups, restore, archive export|import
    add_analyst_commands(commands)  # entities, entity, derived, quotes, bias-by-outlet
    add_collection_commands(commands)  # collection list|create|add|remove|summary

    p = commands.add_parser("export", help="write an annotated PDF briefing")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--collection", metavar="NAME", help="the clippings of a collection")
    which.add_argument("--query", metavar="Q", help="the clippings a search finds")
    which.add_argument("--ids", type=int, nargs="+", metavar="ID", help="these clippings")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--title", help="default: the collection's name")
    p.add_argument("--subtitle", default="")
    p.add_argument("--author", help="default: the library setting briefing.author")
    p.add_argument("--organisation", help="default: the library setting briefing.organisation")
    p.add_argument("--marking", default="", help='handling marking, e.g. "Internal"')
    p.add_argument("--summary", help="the executive summary (default: the collection's)")
    p.add_argument("--full-text", action="store_true", help="add each clipping's full text")
    p.add_argument("--audience", choices=("internal", "external"), default="internal",
                   help="external leaves out private notes and tags")
    p.add_argument("--paper", choices=("a4", "letter"), default="a4")
    p.add_argument("--order", choices=("collection", "date"), default="collection",
                   help="as selected (collection order, search order, ids as given) or by date")
    p.add_argument("--fold-derived", action="store_true",
                   help="list a derived copy under its original instead of as an entry")
    p.add_argument("--no-key-quotes", action="store_true", help='leave out "Key quotes"')
    p.add_argument("--no-lede", action="store_true",
                   help="no article opening under entries without a summary of their own")
    p.set_defaults(func=cmd_export)
    _global_options_everywhere(parser)
    return parser


def _add_global_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """The options that apply to every command, before or after it ("clipper --library X
    import F" and "clipper import F --library X"). On a command they default to "not given"
    (SUPPRESS), so they never undo what was given before the command."""
    unset = {} if top else {"default": argparse.SUPPRESS}
    taken = set(parser._option_string_actions)
    if "--version" not in taken:
        parser.add_argument("--version", action="version", version=f"clipper {__version__}")
    if "--self-check" not in taken:
        parser.add_argument("--self-check", action="store_true", **unset,
                            help="check this installation (import, search, briefing, window) "
                            "in a temporary library, then exit")
    if "--library" not in taken:  # "archive import --library NEWDIR" keeps its own
        parser.add_argument("--library", metavar="DIR", **unset,
                            help=f"library folder (default: ${paths.LIBRARY_ENV} or "
                            f"{paths.default_library_dir()})")


def _global_options_everywhere(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in dict.fromkeys(action.choices.values()):  # aliases share a parser
                _add_global_options(command)
                _global_options_everywhere(command)


def _positive(text: str) -> int:
    """An argument that must be a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} is too small; give 1 or more")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(_search_words_last(list(sys.argv[1:] if argv is None else argv)))
    if getattr(args, "func", None) is cmd_search:
        args.query = " ".join(args.query)
        if not args.query.strip():
            print("usage: clipper search [--limit N] [--order relevance|date] [--json] QUERY\n"
                  "clipper search: give the words to search for", file=sys.stderr)
            return EXIT_USER_ERROR
    if args.self_check:
        from clipper.selfcheck import run_self_check

        return run_self_check()
    if args.command is None:
        from clipper.app import run_gui

        return run_gui(args.library)
    try:
        return args.func(args)
    except ClipperError as exc:
        print(f"clipper: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("clipper: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`clipper list | head`): not an error, and no traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


# -- commands ----------------------------------------------------------------------------------


def cmd_import(args: argparse.Namespace) -> int:
    missing = [path for path in args.paths if not Path(path).expanduser().exists()]
    if missing:  # nothing is imported: a mistyped path is told before any work is done
        raise NotFoundError(f"There is no file or folder {printable(missing[0])}"
                            + (f" (nor {len(missing) - 1} more)" if len(missing) > 1 else "")
                            + "; nothing was imported.")
    summary = ImportSummary()
    files = collect_files(args.paths, summary.skipped)
    # The index catches up at the end with a bar of its own, not behind a full import bar.
    with _open(args, create=True) as library, library.deferred_indexing():
        events = import_files(library, files)
        for event in _with_progress(events, len(files), "Importing"):
            summary.add(event)
        with _progress_callback("Indexing") as progress:
            library.flush_index(progress)
    if args.json:
        _print_json({
            "imported": [{"path": printable(str(e.path)), "id": e.clipping_id,
                          "title": e.title} for e in summary.imported],
            "duplicates": [{"path": printable(str(e.path)), "existing_id": e.clipping_id}
                           for e in summary.duplicates],
            "failed": [{"path": printable(str(e.path)), "reason": e.reason}
                       for e in summary.failed],
            "skipped": [printable(str(p)) for p in summary.skipped],
        })
    else:
        _print_import_summary(summary)
    return EXIT_FAILED if summary.failed else EXIT_OK


_SEARCH_OPTIONS = {"--limit": 1, "--order": 1, "--json": 0, "-h": 0, "--help": 0,
                   "--library": 1, "--self-check": 0, "--version": 0}


def _search_words_last(argv: list[str]) -> list[str]:
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


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args, reading=True) as library:
        results = library.search(args.query, limit=args.limit, order=args.order)
        rows = {row.id: row for row in library.rows([hit.id for hit in results.hits])}
    if args.json:
        _print_json({"query": results.query, "total": results.total,
                     "as_plain_words": results.as_plain_words,
                     "results": [hit_to_json(hit, rows[hit.id]) for hit in results.hits]})
        return EXIT_OK
    from rich.console import Console

    console = Console(highlight=False)
    note = " (searched as plain words)" if results.as_plain_words else ""
    console.print(f"{results.total} found{note}")
    for hit in results.hits:
        row = rows[hit.id]
        console.print(f"[bold]{row.id:>6}[/bold]  {_escape(row.title)}  "
                      f"[dim]{_escape(row.source or '')} {row.date:%Y-%m-%d}[/dim]")
        console.print(f"        {_snippet_markup(hit.snippet)}")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args, reading=True) as library:
        detail = library.get_clipping(args.id)
    data = detail_to_json(detail)
    if args.json:
        _print_json(data)
        return EXIT_OK
    print(data["title"])
    entities = sorted({f"{m['entity']} ({m['kind']})" for m in data["mentions"]})
    for label, value in (("Outlet", (data["source"] or {}).get("name")), ("URL", data["url"]),
                         ("Authors", ", ".join(data["authors"])), ("Published", data["published"]),
                         ("Captured", data["captured"]), ("Language", data["language"]),
                         ("Tags", ", ".join(data["tags"])),
                         ("Collections", ", ".join(data["collections"])),
                         ("Entities", ", ".join(entities))):
        if value:
            print(f"{label + ':':<13}{value}")
    for note in data["bias_notes"]:
        where = "whole clipping" if note["span"] is None else f"“{note['span']['quote']}”"
        print(f"{'Bias:':<13}{note['category_name']} ({where}) {note['note']}")
    for mark in data["annotations"]:
        lost = " [its words are no longer in the text]" if mark["orphaned"] else ""
        note = f" — {mark['note']}" if mark["note"] else ""
        print(f"{'Highlight:':<13}“{' '.join(mark['quote'].split())}”{note}{lost}")
    if data["summary"].strip():
        print(f"\nSummary:\n{data['summary'].strip()}")
    print()
    print(data["body"])
    return EXIT_OK


def cmd_list(args: argparse.Namespace) -> int:
    with _open(args, reading=True) as library:
        rows = library.list_clippings(limit=args.limit)
    if args.json:
        _print_json([row_to_json(row) for row in rows])
        return EXIT_OK
    for row in rows:
        print(f"{row.id:>6}  {row.date:%Y-%m-%d}  {row.title}  [{row.source or ''}]")
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    if not all(tag.strip() for tag in args.tags):
        raise InvalidInputError("A tag needs a name.")
    with _open(args) as library:
        if args.remove:
            tags = library.remove_tags(args.id, args.tags)
        else:
            tags = library.add_tags(args.id, args.tags)
    print(f"Clipping {args.id} tags: {', '.join(tags) or '(none)'}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with _open(args, reading=True) as library:
        report = library.check()
    if args.json:
        _print_json({"ok": report.ok, "clippings": report.clippings, "indexed": report.indexed,
                     "pending": report.pending, "integrity": report.integrity,
                     "missing_from_index": report.missing_from_index,
                     "stale_in_index": report.stale_in_index,
                     "extra_in_index": report.extra_in_index})
    else:
        print(f"Database: {count(report.clippings, 'clipping')} (integrity: "
              f"{report.integrity}); index: {count(report.indexed, 'document')}; "
              f"queued index changes: {report.pending}")
        for label, ids in (("Not in the index", report.missing_from_index),
                           ("Out of date in the index", report.stale_in_index),
                           ("In the index but not in the database", report.extra_in_index)):
            if ids:
                print(f"{label}: {_id_list(ids)}")
        print("Database and index agree." if report.ok
              else "Database and index differ: run 'clipper reindex' to rebuild the index.")
    return EXIT_OK if report.ok else EXIT_FAILED


def cmd_reindex(args: argparse.Namespace) -> int:
    with _open(args) as library:
        total = library.count_clippings()
        steps = library.reindex_steps()
        for _ in _with_progress(steps, (total + 499) // 500 or 1, "Reindexing"):
            pass
    print(f"Reindexed {count(total, 'clipping')}.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from clipper.core.briefing import BriefingOptions, export_briefing

    with _open(args, reading=True) as library:
        ids, title, summary = _export_selection(library, args)
        options = BriefingOptions(
            title=args.title or title, subtitle=args.subtitle,
            author=library.get_setting("briefing.author") if args.author is None
            else args.author,
            organisation=library.get_setting("briefing.organisation")
            if args.organisation is None else args.organisation,
            marking=args.marking, full_text=args.full_text,
            summary=summary if args.summary is None else args.summary.strip(),
            audience=args.audience, page_size="Letter" if args.paper == "letter" else "A4",
            order=args.order, fold_derived=args.fold_derived,
            key_quotes=not args.no_key_quotes, lede=not args.no_lede)
        output = Path(args.output).expanduser()
        if output.is_dir():
            raise InvalidInputError(f"{output} is a folder; give a file name for the PDF.")
        if output.suffix.lower() != ".pdf":
            raise InvalidInputError(f"A briefing is a PDF: give a file name ending in .pdf, "
                                    f"not '{output.name}'.")
        with _progress_callback("Writing briefing") as progress:
            result = export_briefing(library, ids, output, options, progress=progress)
    print(f"Wrote {result.path}: {count(result.clippings, 'clipping')}, "
          f"{count(result.pages, 'page')}.")
    return EXIT_OK


def _export_selection(library: Library, args: argparse.Namespace) -> tuple[list[int], str, str]:
    """The clipping ids, default title and summary that ``export``'s options select."""
    if args.collection is not None:
        collection = library.find_collection(args.collection)
        if collection is None:
            raise NotFoundError(f"There is no collection called '{args.collection}'.")
        view = library.get_collection(collection.id)
        if not view.clipping_ids:
            raise InvalidInputError(f"The collection '{collection.name}' is empty.")
        return view.clipping_ids, collection.name, collection.summary
    if args.query is not None:
        ids = library.matching_ids(args.query)
        if not ids:
            raise InvalidInputError(f"No clippings match '{args.query}'.")
        return ids, "Press briefing", ""
    return list(args.ids), "Press briefing", ""


# -- helpers -----------------------------------------------------------------------------------


@contextmanager
def _progress_callback(label: str) -> Iterator[Callable[[int, int], None] | None]:
    """A ``progress(done, total)`` callback drawing a bar on stderr when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(console=_stderr_console(), transient=True) as bar:  # type: ignore[arg-type]
        task = bar.add_task(label, total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _open(args: argparse.Namespace, reading: bool = False, create: bool = False) -> Library:
    """Open the library for writing; a reading command falls back to read-only when another
    process holds it or its folder cannot be written (a read-only disk or share). Only the
    commands that bring clippings in (``create``) make a new library: a mistyped --library
    would otherwise get one."""
    folder = paths.resolve_library_dir(args.library)
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


def _with_progress(items: object, total: int, label: str) -> object:
    """``items`` with a progress bar on stderr when it is a terminal."""
    if not sys.stderr.isatty() or total < 2:
        yield from items  # type: ignore[misc]
        return
    from rich.progress import track

    yield from track(items, total=total, description=label, transient=True,
                     console=_stderr_console())


def _stderr_console() -> object:
    from rich.console import Console

    return Console(stderr=True)


def _print_import_summary(summary: ImportSummary) -> None:
    print(f"Imported {len(summary.imported)}, duplicates {len(summary.duplicates)}, "
          f"failed {len(summary.failed)}.")
    for event in summary.imported:
        print(f"  imported   {_shown(event.path)}  -> {event.clipping_id}: {event.title}")
    for event in summary.duplicates:
        print(f"  duplicate  {_shown(event.path)}  (already stored as {event.clipping_id})")
    for event in summary.failed:
        print(f"  failed     {_shown(event.path)}: {event.reason}")
    if summary.skipped:
        print(describe_skipped(summary.skipped))


def _shown(path: Path) -> str:
    """A file name as one printable line: control characters (a newline, a terminal escape)
    shown escaped, bytes that are not UTF-8 as U+FFFD."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in printable(str(path)))


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _snippet_markup(snippet: str) -> str:
    """The HTML snippet as rich markup: matches in bold, entities decoded."""
    import html
    import re

    parts = re.split(r'(<b class="[^"]*">.*?</b>)', snippet)
    out = []
    for part in parts:
        match = re.fullmatch(r'<b class="[^"]*">(.*?)</b>', part)
        text = html.unescape(match.group(1) if match else part)
        out.append(f"[bold yellow]{_escape(text)}[/]" if match else _escape(text))
    return "".join(out)


def _id_list(ids: list[int], most: int = 20) -> str:
    shown = ", ".join(str(i) for i in ids[:most])
    return shown + (f" … ({len(ids)} in all)" if len(ids) > most else "")


if __name__ == "__main__":
    sys.exit(main())
