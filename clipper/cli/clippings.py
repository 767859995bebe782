"""The command line's commands on the clippings and their index: ``import``, ``search``,
``show``, ``list``, ``tag``, ``check`` and ``reindex``."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clipper.cli.shared import (
    EXIT_FAILED,
    EXIT_OK,
    Commands,
    open_library,
    positive,
    print_json,
    progress_callback,
    with_progress,
)
from clipper.cli.words import count
from clipper.core import paths
from clipper.core.address import ServerAddress
from clipper.core.errors import InvalidInputError, NotFoundError
from clipper.core.kinds import SearchOrder
from clipper.core.serialize import detail_to_json, hit_to_json, row_to_json

if TYPE_CHECKING:
    import argparse

    from clipper.core.importer import ImportSummary
    from clipper.core.records import ClippingRow
    from clipper.core.search import SearchResults


def add_clipping_commands(commands: Commands) -> None:
    """Register ``import``, ``search``, ``show``, ``list``, ``tag``, ``check`` and
    ``reindex`` on the ``clipper`` sub-command parser."""
    p = commands.add_parser("import", help="import clipping files or folders of them")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.set_defaults(func=cmd_import)

    p = commands.add_parser("search", help="search the library",
                            epilog="A query that starts with a dash (-word leaves word out) "
                                   "may be written as it is: clipper search -trump china")
    p.add_argument("query", nargs="*", help="the query (quote it to keep it one argument)")
    p.add_argument("--limit", type=positive, default=20, metavar="N")
    p.add_argument("--order", choices=[o.value for o in SearchOrder],
                   default=SearchOrder.RELEVANCE.value)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = commands.add_parser("show", help="show one clipping with its notes, highlights, "
                            "entities and summary")
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = commands.add_parser("list", help="list clippings, newest first")
    p.add_argument("--limit", type=positive, default=None, metavar="N")
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


def cmd_import(args: argparse.Namespace) -> int:
    from clipper.core.importer import ImportSummary, collect_files, import_files, printable

    missing = [path for path in args.paths if not Path(path).expanduser().exists()]
    if missing:  # nothing is imported: a mistyped path is told before any work is done
        raise NotFoundError(f"There is no file or folder {printable(missing[0])}"
                            + (f" (nor {len(missing) - 1} more)" if len(missing) > 1 else "")
                            + "; nothing was imported.")
    summary = ImportSummary()
    files = collect_files(args.paths, summary.skipped)
    # The index catches up at the end with a bar of its own, not behind a full import bar.
    with open_library(args, create=True) as library, library.deferred_indexing():
        events = import_files(library, files)
        for event in with_progress(events, len(files), "Importing"):
            summary.add(event)
        with progress_callback("Indexing") as progress:
            library.flush_index(progress)
    if args.json:
        print_json({
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


def cmd_search(args: argparse.Namespace) -> int:
    answer = _quick_search(args)
    if answer is None:
        with open_library(args, reading=True) as library:
            results = library.search(args.query, limit=args.limit, order=args.order)
            rows = {row.id: row for row in library.rows([hit.id for hit in results.hits])}
    else:
        results, rows = answer
    if args.json:
        print_json({"query": results.query, "total": results.total,
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


def _quick_search(args: argparse.Namespace
                  ) -> tuple[SearchResults, dict[int, ClippingRow]] | None:
    """The answer from the folder's database and index directly, without opening the library
    (half a second sooner); None when the library must be opened (clipper.core.quickread)."""
    from clipper.core.quickread import QuickReader
    from clipper.core.search import SearchIndex

    folder = paths.resolve_library(args.library)
    if isinstance(folder, ServerAddress) or (reader := QuickReader.open(folder)) is None:
        return None
    try:
        index = SearchIndex.open_existing(folder / paths.INDEX_DIR)
        if index is None:
            return None
        try:
            results = index.search(args.query, limit=args.limit, order=SearchOrder(args.order),
                                   bodies=reader.bodies)
        finally:
            index.close()
        return results, {row.id: row for row in reader.rows([hit.id for hit in results.hits])}
    finally:
        reader.close()


def _quick_detail(args: argparse.Namespace) -> dict[str, Any] | None:
    """The clipping read from the folder's database directly (a second sooner than opening
    the library); None when the library must be opened (clipper.core.quickread)."""
    from clipper.core.quickread import QuickReader

    folder = paths.resolve_library(args.library)
    if isinstance(folder, ServerAddress) or (reader := QuickReader.open(folder)) is None:
        return None
    try:
        return reader.detail_json(args.id)
    finally:
        reader.close()


def cmd_show(args: argparse.Namespace) -> int:
    data = _quick_detail(args)
    if data is None:
        with open_library(args, reading=True) as library:
            data = detail_to_json(library.get_clipping(args.id))
    if args.json:
        print_json(data)
        return EXIT_OK
    print(data["title"])
    entities = sorted({f"{m['entity']} ({m['kind']})" for m in data["mentions"]})
    for label, value in (("Outlet", (data["source"] or {}).get("name")), ("URL", data["url"]),
                         ("Authors", ", ".join(data["authors"])), ("Via", data["wire"]),
                         ("Published", data["published"]),
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
    with open_library(args, reading=True) as library:
        rows = library.list_clippings(limit=args.limit)
    if args.json:
        print_json([row_to_json(row) for row in rows])
        return EXIT_OK
    for row in rows:
        print(f"{row.id:>6}  {row.date:%Y-%m-%d}  {row.title}  [{row.source or ''}]")
    return EXIT_OK


def cmd_tag(args: argparse.Namespace) -> int:
    if not all(tag.strip() for tag in args.tags):
        raise InvalidInputError("A tag needs a name.")
    with open_library(args) as library:
        if args.remove:
            tags = library.remove_tags(args.id, args.tags)
        else:
            tags = library.add_tags(args.id, args.tags)
    print(f"Clipping {args.id} tags: {', '.join(tags) or '(none)'}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        report = library.check()
    if args.json:
        print_json({"ok": report.ok, "clippings": report.clippings, "indexed": report.indexed,
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
    with open_library(args) as library, progress_callback("Reindexing") as progress:
        total = library.reindex(progress)
    print(f"Reindexed {count(total, 'clipping')}.")
    return EXIT_OK


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
        from clipper.core.importer import describe_skipped

        print(describe_skipped(summary.skipped))


def _shown(path: Path) -> str:
    """A file name as one printable line: control characters (a newline, a terminal escape)
    shown escaped, bytes that are not UTF-8 as U+FFFD."""
    from clipper.core.importer import printable

    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in printable(str(path)))


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _snippet_markup(snippet: str) -> str:
    """The HTML snippet as rich markup: matches in bold, entities decoded."""
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
