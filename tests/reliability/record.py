"""What the reliability tests tried and what happened, for docs/RELIABILITY.md.

When ``CLIPPER_RELIABILITY_LOG`` names a file, each test appends one JSON line per fault or
input it tried; ``python -m tests.reliability.report`` runs the tests and prints the table.
"""

from __future__ import annotations

import json
import os


def record(fault: str, tried: int, outcome: str, lost: str = "nothing") -> None:
    """Note that ``fault`` was tried ``tried`` times with ``outcome``, and what was lost."""
    target = os.environ.get("CLIPPER_RELIABILITY_LOG")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as log:
        log.write(json.dumps({"fault": fault, "tried": tried, "outcome": outcome,
                              "lost": lost}) + "\n")
