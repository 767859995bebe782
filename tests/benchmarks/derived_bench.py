"""How fast is finding derived copies in a large library?

    .venv/bin/python -m tests.benchmarks.derived_bench [--count N] [--folder DIR]

Builds (or reuses, with ``--folder``) a library of N synthetic clippings from
``tests.benchmarks.corpus.make_drafts``, adds 20 copies that each reuse two paragraphs of one
of them among new text, then times the shingle index's catching up (once, after the import)
and ``find_derived`` for the copies and for 20 ordinary clippings, and checks that each copy
finds its original first.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from sqlmodel import func, select

from clipper.core.library import Library
from clipper.core.models import Shingle
from clipper.core.records import ClippingDraft
from tests.benchmarks.corpus import make_drafts

COPIES = 20


def build(library: Library, count: int) -> float:
    started = time.perf_counter()
    drafts = make_drafts(count)
    with library.deferred_indexing():
        for at in range(0, count, 1000):
            library.add_clippings(drafts[at:at + 1000], allow_duplicate=True)
            library.flush_index()
    return time.perf_counter() - started


def add_copies(library: Library, rng: random.Random) -> list[tuple[int, int]]:
    """(copy id, original id) for copies made of two paragraphs of an original among the
    paragraphs of an unrelated text."""
    ids = library.list_ids()
    filler = make_drafts(COPIES, seed=99 + len(ids))  # new text each run on a kept library
    pairs = []
    for n, original in enumerate(rng.sample(ids, COPIES)):
        body = library.bodies([original])[original].split("\n\n")
        taken = body[:2] if len(body) > 2 else body
        own = filler[n].body.split("\n\n")
        text = "\n\n".join([own[0], *taken, *own[1:4]])
        copy = library.add_clipping(ClippingDraft(title=f"Copy {n}", body=text,
                                                  source_name="Aggregator"))
        pairs.append((copy.id, original))
    return pairs


def run(folder: Path, count: int) -> None:
    rng = random.Random(3)
    with Library.open(folder) as library:
        if library.count_clippings() < count:
            print(f"building {count} clippings ...", flush=True)
            print(f"  built in {build(library, count):.0f} s")
        pairs = add_copies(library, rng)
        started = time.perf_counter()
        refreshed = library.refresh_shingles()
        catch_up = time.perf_counter() - started
        with library._work.session() as session:
            rows = session.exec(select(func.count()).select_from(Shingle)).one()
        total = library.count_clippings()
        print(f"shingle index: {refreshed} clippings indexed in {catch_up:.1f} s "
              f"({catch_up / max(refreshed, 1) * 1000:.2f} ms each); {rows} rows "
              f"({rows / total:.0f} per clipping)")
        times, found = [], 0
        for copy, original in pairs:
            started = time.perf_counter()
            candidates = library.find_derived(copy)
            times.append(time.perf_counter() - started)
            found += bool(candidates) and candidates[0].clipping_id == original
        print(f"find_derived on {len(pairs)} copies among {total} clippings: median "
              f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms; "
              f"original found first for {found}/{len(pairs)}")
        others = rng.sample([i for i in library.list_ids()
                             if i not in {c for c, _ in pairs}], COPIES)
        times, false = [], 0
        for clipping_id in others:
            started = time.perf_counter()
            candidates = library.find_derived(clipping_id)
            times.append(time.perf_counter() - started)
            false += sum(1 for c in candidates if c.clipping_id not in {p for p, _ in pairs})
        print(f"find_derived on {len(others)} ordinary clippings: median "
              f"{statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms; "
              f"{false} unrelated candidates")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    if args.folder:
        run(args.folder, args.count)
        return
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder) / "library", args.count)


if __name__ == "__main__":
    main()
