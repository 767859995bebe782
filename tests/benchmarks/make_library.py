"""Build a library of N synthetic clippings (for the GUI and search benchmarks).

    .venv/bin/python -m tests.benchmarks.make_library DIR N
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from clipper.core.library import Library
from tests.benchmarks.corpus import make_drafts


def build(folder: Path, count: int) -> float:
    start = time.perf_counter()
    with Library.open(folder) as library, library.deferred_indexing():
        for n, draft in enumerate(make_drafts(count)):
            library.add_clipping(draft, allow_duplicate=True)
            if n % 2000 == 1999:
                library.flush_index()
    return time.perf_counter() - start


if __name__ == "__main__":
    seconds = build(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"built {sys.argv[2]} clippings in {seconds:.1f} s")
