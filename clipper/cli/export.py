"""The command line's ``export``: an annotated PDF briefing of a collection, of what a search
finds, or of clippings named by number.

The briefing package (ReportLab, fonts) is imported only when a briefing is written: every
other command starts without it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from clipper.cli.shared import EXIT_OK, Commands, open_library, progress_callback
from clipper.cli.words import count
from clipper.core.errors import InvalidInputError, NotFoundError
from clipper.core.records import stored_id

if TYPE_CHECKING:
    import argparse

    from clipper.core.library import Library


def add_export_command(commands: Commands) -> None:
    """Register ``export`` on the ``clipper`` sub-command parser."""
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


def cmd_export(args: argparse.Namespace) -> int:
    from clipper.core.briefing import BriefingOptions, export_briefing

    with open_library(args, reading=True) as library:
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
        with progress_callback("Writing briefing") as progress:
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
        view = library.get_collection(stored_id(collection))
        if not view.clipping_ids:
            raise InvalidInputError(f"The collection '{collection.name}' is empty.")
        return view.clipping_ids, collection.name, collection.summary
    if args.query is not None:
        ids = library.matching_ids(args.query)
        if not ids:
            raise InvalidInputError(f"No clippings match '{args.query}'.")
        return ids, "Press briefing", ""
    return list(args.ids), "Press briefing", ""
