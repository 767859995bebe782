"""A worker the crash tests kill with SIGKILL: it changes a library through the ``Library`` API
in a loop and journals each operation.

    python -m tests.reliability.driver MODE LIBRARY JOURNAL WORKDIR SEED

Before each operation a ``begin`` line is written (flushed to the OS: a killed process loses
nothing it wrote), after it returns a ``done`` line (flushed and fsynced) with what it made.
So after a kill every ``done`` operation must be in the library, and the one ``begin`` without
its ``done`` may or may not be — but never half of it. Modes: import, annotate, reindex, export.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

from clipper.core.importer import import_files
from clipper.core.library import Library
from clipper.core.records import ClippingDraft

WORDS = ("trade ministry summit tariff export growth policy minister said week agreement "
         "energy bank fund technology regional cooperation science research talks").split()


def token(seed: int, n: int) -> str:
    """A word found in one clipping only (letters only, so analysis keeps it whole)."""
    letters = "bcdfghjklmnpqrstvwxz"
    value, out = seed * 100_000 + n, []
    while True:
        value, digit = divmod(value, len(letters))
        out.append(letters[digit])
        if not value:
            break
    return "qz" + "".join(out)


class Journal:
    def __init__(self, path: Path) -> None:
        self.file = open(path, "a", encoding="utf-8")  # noqa: SIM115 (kept for the run)
        self.seq = int(time.time_ns())

    def write(self, record: dict, sync: bool) -> None:
        self.file.write(json.dumps(record) + "\n")
        self.file.flush()
        if sync:
            os.fsync(self.file.fileno())

    def run(self, op: dict, action: object) -> object:
        self.seq += 1
        op = {**op, "seq": self.seq}
        self.write({"begin": self.seq, "op": op}, sync=False)
        result = action()  # type: ignore[operator]
        if isinstance(result, dict):
            op.update(result)
        self.write({"done": self.seq, "op": op}, sync=True)
        return result


def draft(seed: int, n: int, rng: random.Random, words: int = 300) -> ClippingDraft:
    body = " ".join(rng.choice(WORDS) for _ in range(words))
    word = token(seed, n)
    return ClippingDraft(title=f"Crash clipping {word}", body=f"{word} {body} {word}.")


def run_import(library: Library, journal: Journal, workdir: Path, seed: int,
               rng: random.Random) -> None:
    folder = workdir / f"import-{seed}"
    folder.mkdir(parents=True, exist_ok=True)
    n = 0
    while True:
        files = []
        for _ in range(rng.randint(5, 40)):
            d = draft(seed, n, rng, words=rng.randint(50, 2000))
            path = folder / f"{n:06}.txt"
            path.write_text(f"{d.title}\n\n{d.body}\n", encoding="utf-8")
            files.append((path, token(seed, n)))
            n += 1
        tokens = {str(path): word for path, word in files}
        journal.write({"batch": len(files)}, sync=False)
        for event in import_files(library, [path for path, _ in files]):
            journal.seq += 1
            status = event.status
            journal.write({"done": journal.seq, "op": {
                "op": "import", "status": status, "id": event.clipping_id,
                "title": event.title, "token": tokens[str(event.path)]}}, sync=True)


def run_annotate(library: Library, journal: Journal, seed: int, rng: random.Random) -> None:
    library.auto_flush = rng.random() < 0.5  # half the runs flush later, as the GUI does
    ids = library.list_ids()
    while len(ids) < 5:
        d = draft(seed, len(ids), rng)
        cid = journal.run({"op": "add", "token": token(seed, len(ids)), "title": d.title},
                          lambda d=d: {"id": library.add_clipping(d).id})["id"]
        ids.append(cid)
    annotations = [a.annotation.id for cid in ids for a in library.get_clipping(cid).annotations]
    steps = 0
    while True:
        steps += 1
        cid = rng.choice(ids)
        kind = rng.choice(("annotate", "note", "note", "unannotate", "tag", "bias", "summary"))
        if kind == "annotate" or not annotations and kind in ("note", "unannotate"):
            start = rng.randrange(0, 200)
            result = journal.run({"op": "annotate", "cid": cid}, lambda c=cid, s=start: {
                "id": library.add_annotation(c, s, s + 5, note="new").id})
            annotations.append(result["id"])
        elif kind == "note":
            aid = rng.choice(annotations)
            journal.run({"op": "note", "id": aid}, lambda a=aid: library.update_annotation(
                a, note=f"n{journal.seq}") and None)
        elif kind == "unannotate":
            aid = annotations.pop(rng.randrange(len(annotations)))
            journal.run({"op": "unannotate", "id": aid},
                        lambda a=aid: library.delete_annotation(a) and None)
        elif kind == "tag":
            tag = f"t{steps % 50}"
            journal.run({"op": "tag", "cid": cid, "tag": tag},
                        lambda c=cid, t=tag: library.add_tags(c, [t]) and None)
        elif kind == "bias":
            journal.run({"op": "bias", "cid": cid}, lambda c=cid: {
                "id": library.add_bias_note(c, "single-source", note="b").id})
        else:
            journal.run({"op": "summary", "cid": cid}, lambda c=cid: library.update_clipping(
                c, summary=f"s{journal.seq}") and None)
        if not library.auto_flush and steps % 5 == 0:
            library.flush_index()


def run_reindex(library: Library, journal: Journal, seed: int, rng: random.Random) -> None:
    n = library.count_clippings()
    while n < 200:  # enough for a rebuild to take a while
        drafts = [draft(seed, i, rng, words=300) for i in range(n, n + 50)]
        for d, clipping in zip(drafts, library.add_clippings(drafts), strict=True):
            journal.seq += 1
            journal.write({"done": journal.seq, "op": {"op": "add", "id": clipping.id,
                                                       "title": d.title,
                                                       "token": d.title.split()[-1]}}, True)
        n += 50
    while True:
        d = draft(seed, n, rng)
        journal.run({"op": "add", "token": token(seed, n), "title": d.title},
                    lambda d=d: {"id": library.add_clipping(d).id})
        n += 1
        journal.run({"op": "reindex"}, lambda: library.reindex() and None)


def run_export(library: Library, journal: Journal, workdir: Path, seed: int,
               rng: random.Random) -> None:
    from clipper.core.briefing import BriefingOptions, export_briefing

    ids = library.list_ids()
    while len(ids) < 6:
        d = draft(seed, len(ids), rng, words=800)
        cid = library.add_clipping(d).id
        library.add_annotation(cid, 0, 20, note="a note")
        ids.append(cid)
    out = workdir / "exports"
    out.mkdir(exist_ok=True)
    n = 0
    while True:
        n += 1
        target = out / ("brief.pdf" if rng.random() < 0.5 else f"brief-{seed}-{n}.pdf")
        chosen = rng.sample(ids, rng.randint(2, len(ids)))
        options = BriefingOptions(title=f"Brief {seed} {n}", full_text=rng.random() < 0.7)
        journal.run({"op": "export", "path": str(target)}, lambda t=target, c=chosen, o=options: {
            "pages": export_briefing(library, c, t, o).pages})


def main(argv: list[str]) -> int:
    mode, folder, journal_path, workdir, seed = argv
    rng = random.Random(int(seed))
    library = Library.open(folder)
    journal = Journal(Path(journal_path))
    journal.write({"ready": int(seed), "pid": os.getpid()}, sync=True)
    workdir_path = Path(workdir)
    if mode == "import":
        run_import(library, journal, workdir_path, int(seed), rng)
    elif mode == "annotate":
        run_annotate(library, journal, int(seed), rng)
    elif mode == "reindex":
        run_reindex(library, journal, int(seed), rng)
    elif mode == "export":
        run_export(library, journal, workdir_path, int(seed), rng)
    else:
        raise SystemExit(f"unknown mode {mode}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
