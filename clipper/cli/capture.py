"""The command line's capture commands: ``add URL``, ``feed add|list|refresh|remove`` and
``reextract``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from clipper.cli.shared import EXIT_FAILED, EXIT_OK, Commands, open_library, print_json
from clipper.cli.words import count
from clipper.core.capture.web import draft_from_url
from clipper.core.errors import ClipperError, DuplicateError, InvalidInputError
from clipper.core.records import stored_id

if TYPE_CHECKING:
    import argparse

    from clipper.core.library import Library
    from clipper.core.store.feeds import FeedView, RefreshSummary


def add_capture_commands(commands: Commands) -> None:
    """Register ``add``, ``feed`` and ``reextract`` on the ``clipper`` sub-command parser."""
    p = commands.add_parser("add", help="capture the article at a web address")
    p.add_argument("url", metavar="URL")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(func=cmd_add)

    p = commands.add_parser("feed", help="subscribe to RSS and Atom feeds and capture them")
    feed = p.add_subparsers(dest="feed_command", metavar="ACTION", required=True)
    q = feed.add_parser("add", help="subscribe to a feed (a web address or a feed file)")
    q.add_argument("location", metavar="URL|PATH")
    q.add_argument("--fetch-articles", action="store_true",
                   help="for entries that carry only a summary, fetch the linked article")
    q.add_argument("--every", type=int, default=60, metavar="MIN",
                   help="refresh interval in minutes (default 60)")
    q.set_defaults(func=cmd_feed_add)
    q = feed.add_parser("list", help="the feeds, with unread counts and last errors")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_feed_list)
    q = feed.add_parser("refresh", help="capture new entries (of one feed, or of all)")
    q.add_argument("id", type=int, nargs="?", metavar="ID")
    q.add_argument("--json", action="store_true")
    q.set_defaults(func=cmd_feed_refresh)
    q = feed.add_parser("remove", help="unsubscribe (the clippings stay)")
    q.add_argument("id", type=int, metavar="ID")
    q.set_defaults(func=cmd_feed_remove)

    p = commands.add_parser("reextract", help="extract clippings' text again from the saved "
                            "pages, mails and feed entries they were captured from")
    p.add_argument("ids", type=int, nargs="*", metavar="ID")
    p.add_argument("--all", action="store_true", help="every clipping with a saved original")
    p.add_argument("--dry-run", action="store_true", help="say what would change; change nothing")
    p.add_argument("--force", action="store_true",
                   help="also where marks would no longer find their words")
    p.set_defaults(func=cmd_reextract)


def cmd_add(args: argparse.Namespace) -> int:
    draft = draft_from_url(args.url)
    with open_library(args, create=True) as library:
        try:
            clipping = library.add_clipping(draft)
        except DuplicateError as exc:
            result = {"status": "duplicate", "url": args.url, "existing_id": exc.existing_id}
        else:
            result = {"status": "imported", "url": args.url, "id": clipping.id,
                      "title": clipping.title}
    if args.json:
        print_json(result)
    elif result["status"] == "duplicate":
        print(f"duplicate  {args.url}  (already stored as {result['existing_id']})")
    else:
        print(f"imported   {args.url}  -> {result['id']}: {result['title']}")
    return EXIT_OK


def cmd_feed_add(args: argparse.Namespace) -> int:
    mode = "fetch" if args.fetch_articles else "content"
    with open_library(args, create=True) as library:
        feed = library.add_feed(args.location, mode=mode, interval=args.every)
    print(f"Feed {feed.id}: {feed.title} ({feed.url}); refreshed every "
          f"{feed.interval_minutes} minutes. 'clipper feed refresh {feed.id}' captures it now.")
    return EXIT_OK


def cmd_feed_list(args: argparse.Namespace) -> int:
    with open_library(args, reading=True) as library:
        views = library.list_feeds()
    if args.json:
        print_json([feed_to_json(v) for v in views])
        return EXIT_OK
    for view in views:
        feed = view.feed
        when = f"{feed.last_refreshed:%Y-%m-%d %H:%M}" if feed.last_refreshed else "never"
        print(f"{feed.id:>4}  {feed.title}  [{view.unread} unread of {view.clippings}; "
              f"{feed.mode}; every {feed.interval_minutes} min; refreshed {when}]")
        print(f"      {feed.url}")
        if feed.last_error:
            print(f"      last error: {feed.last_error}")
    return EXIT_OK


def cmd_feed_refresh(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        if args.id is None:
            summaries = [library.refresh_feed(stored_id(v.feed)) for v in library.list_feeds()]
        else:
            summaries = [library.refresh_feed(args.id)]
    if args.json:
        print_json([summary_to_json(s) for s in summaries])
    for summary in summaries if not args.json else []:
        print(f"Feed {summary.feed_id} ({summary.title}): new {len(summary.new)}, "
              f"duplicates {len(summary.duplicates)}, already captured {summary.known}, "
              f"failed {len(summary.failed)}.")
        if summary.error:
            print(f"  cannot be read: {summary.error}")
        for entry, reason in summary.failed:
            print(f"  failed     {entry}: {reason}")
    failed = any(s.error or s.failed for s in summaries)
    return EXIT_FAILED if failed else EXIT_OK


def cmd_feed_remove(args: argparse.Namespace) -> int:
    with open_library(args) as library:
        library.remove_feed(args.id)
    print(f"Removed feed {args.id}; its clippings stay in the library.")
    return EXIT_OK


def feed_to_json(view: FeedView) -> dict[str, Any]:
    feed = view.feed
    return {"id": feed.id, "url": feed.url, "title": feed.title, "mode": feed.mode,
            "interval_minutes": feed.interval_minutes,
            "last_refreshed": feed.last_refreshed.isoformat() if feed.last_refreshed else None,
            "last_error": feed.last_error, "unread": view.unread, "clippings": view.clippings}


def summary_to_json(summary: RefreshSummary) -> dict[str, Any]:
    return {"feed_id": summary.feed_id, "title": summary.title, "new": summary.new,
            "duplicates": summary.duplicates, "known": summary.known,
            "failed": [{"entry": e, "reason": r} for e, r in summary.failed],
            "error": summary.error}


NO_WIRE = {"wire": None}  # a wire found fills an empty one only: never one set meanwhile


def cmd_reextract(args: argparse.Namespace) -> int:
    if bool(args.ids) == args.all:
        raise InvalidInputError("Give the clippings' numbers, or --all.")
    status = EXIT_OK
    with open_library(args, reading=args.dry_run) as library:
        ids = args.ids or library.ids_with_original()
        for clipping_id in ids:
            try:
                print(f"{clipping_id:>6}  {_reextract(library, clipping_id, args)}")
            except ClipperError as exc:  # no original; changed by someone meanwhile
                print(f"{clipping_id:>6}  not extracted: {exc}")
                status = EXIT_FAILED if args.ids else status
    return status


def _reextract(library: Library, clipping_id: int, args: argparse.Namespace) -> str:
    """Extract one clipping again (unless ``--dry-run``); what was done, in words."""
    again = library.extract_again(clipping_id)
    before, after = (len(b.split("\n\n")) if b else 0 for b in (again.old_body, again.new_body))
    via = f"; via {again.wire}" if again.wire else ""
    store = not args.dry_run
    if not again.changed:
        return "unchanged"
    if again.body_changed and again.marks_lost and not args.force:
        their = "its" if again.marks_lost == 1 else "their"
        if again.wire and store:  # the wire alone touches no mark
            library.update_clipping(clipping_id, NO_WIRE, wire=again.wire)
        return (f"kept: {count(again.marks_lost, 'mark')} would no longer find {their} words "
                f"(--force to extract it anyway){via}")
    if not again.body_changed:
        if store:
            library.update_clipping(clipping_id, NO_WIRE, wire=again.wire)
        return f"text unchanged{via}"
    if store:
        changes: dict[str, Any] = {"body": again.new_body}
        if again.wire:
            changes["wire"] = again.wire
        library.update_clipping(clipping_id, NO_WIRE if again.wire else None, **changes)
    lost = (f"; {count(again.marks_lost, 'mark')} "
            f"{'loses its' if again.marks_lost == 1 else 'lose their'} words"
            if again.marks_lost else "")
    verb = "would change" if args.dry_run else "extracted again"
    return f"{verb}: {before} -> {count(after, 'paragraph')}{lost}{via}"
