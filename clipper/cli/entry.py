"""``main``: parse the command line, run the command, and turn a user's error into one line on
stderr and an exit status (no traceback)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from clipper.cli.clippings import cmd_search
from clipper.cli.parser import build_parser, search_words_last
from clipper.cli.shared import EXIT_INTERRUPTED, EXIT_OK, EXIT_USER_ERROR
from clipper.core.errors import ClipperError

if TYPE_CHECKING:
    from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``clipper`` with ``argv`` (default: the process's arguments); the exit status."""
    parser = build_parser()
    args = parser.parse_args(search_words_last(list(sys.argv[1:] if argv is None else argv)))
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
        from clipper.app import run_gui  # Qt is imported only when the window opens

        return run_gui(args.library)
    try:
        return args.func(args)
    except ClipperError as exc:
        print(f"clipper: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("clipper: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`clipper list | head`): not an error, and no traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
