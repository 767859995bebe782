"""Build a library of N synthetic clippings (for the GUI and search benchmarks).

    .venv/bin/python -m tests.benchmarks.make_library DIR N

The clippings go in as a bulk import does (``import_drafts``: batches, the index catching up).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from clipper.core.importer import import_drafts
from clipper.core.library import Library
from tests.benchmarks.corpus import make_drafts


def build(folder: Path, count: int) -> float:
    drafts = make_drafts(count)
    start = time.perf_counter()
    with Library.open(folder) as library:
        for _event in import_drafts(library, ((Path(f"synthetic-{n}"), draft)
                                              for n, draft in enumerate(drafts))):
            pass
    return time.perf_counter() - start


if __name__ == "__main__":
    seconds = build(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"built {sys.argv[2]} clippings in {seconds:.1f} s")
