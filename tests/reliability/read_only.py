"""Run against a library in a read-only folder (see test_storage); prints JSON.

    python -m tests.reliability.read_only FOLDER
"""

from __future__ import annotations

import json
import sys

from clipper.core.errors import StorageError
from clipper.core.library import Library


def main(folder: str) -> dict:
    outcome: dict = {}
    try:
        Library.open(folder).close()
    except StorageError as exc:
        outcome["open"] = str(exc)
    try:  # SQLite 3.40 cannot read a WAL database where it may not create the -shm file
        with Library.open(folder, read_only=True) as library:
            outcome["count"] = library.count_clippings()
    except StorageError as exc:
        outcome["read_only_open"] = str(exc)
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
