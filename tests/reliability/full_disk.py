"""Run inside a tiny tmpfs (see test_storage): fill the disk through the Library API, then free
space, and print what happened as JSON.

    python -m tests.reliability.full_disk FOLDER
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from clipper.core.errors import StorageError
from clipper.core.library import Library
from clipper.core.records import ClippingDraft


def body(n: int) -> str:
    return " ".join(f"w{n}x{k % 97}" for k in range(1500))


def main(folder: Path) -> dict:
    filler = folder / "filler"
    filler.write_bytes(os.urandom(3 * 1024 * 1024))  # freed at the end, as a user would
    library = Library.open(folder / "lib")
    stored: list[int] = []
    errors: list[str] = []
    for n in range(10_000):
        try:
            stored.append(library.add_clipping(ClippingDraft(title=f"Clipping {n}",
                                                             body=body(n))).id)
        except StorageError as exc:
            errors.append(str(exc))
            if "saved" in str(exc):  # the clipping is stored; only the index lags
                stored.append(max(library.list_ids()))
            if sum("not made" in e for e in errors) >= 2 or len(errors) >= 40:
                break
    for _ in range(2):  # an edit while the disk is full
        try:
            library.add_annotation(stored[0], 0, 5, note="while full")
        except StorageError as exc:
            errors.append(str(exc))
    try:
        library.close()
    except StorageError as exc:
        errors.append(str(exc))
    filler.unlink()
    with Library.open(folder / "lib") as reopened:
        count = reopened.count_clippings()
        ids = set(reopened.list_ids())
        after = reopened.add_clipping(ClippingDraft(title="After", body="Space was freed.")).id
        report = reopened.check()
    return {"stored": len(stored), "errors": sorted(set(errors)), "failures": len(errors), "count": count,
            "all_stored_present": set(stored) <= ids, "added_after": after is not None,
            "check_ok": report.ok, "integrity": report.integrity, "pending": report.pending}


if __name__ == "__main__":
    print(json.dumps(main(Path(sys.argv[1]))))
