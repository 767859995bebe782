"""Run against a library in a read-only folder (see test_storage); prints JSON.

    python -m tests.reliability.read_only FOLDER
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from clipper.core.errors import StorageError
from clipper.core.library import Library


def main(folder: str) -> dict:
    outcome: dict = {}
    try:
        Library.open(folder).close()
    except StorageError as exc:
        outcome["open"] = str(exc)
    try:  # a WAL database opened as immutable where SQLite may not create the -shm file
        with Library.open(folder, read_only=True) as library:
            outcome["count"] = library.count_clippings()
            outcome["found"] = [hit.id for hit in library.search("kept").hits]
    except StorageError as exc:
        outcome["read_only_open"] = str(exc)
    from clipper.app import open_or_recover  # what the desktop application does

    library = open_or_recover(Path(folder))
    outcome["gui"] = [library.read_only, library.warnings] if library else None
    if library:
        library.close()
    search = subprocess.run([sys.executable, "-m", "clipper", "--library", folder, "search",
                             "kept", "--json"], capture_output=True, text=True)
    outcome["cli_search"] = [search.returncode, search.stdout, search.stderr]
    tag = subprocess.run([sys.executable, "-m", "clipper", "--library", folder, "tag", "1",
                          "x"], capture_output=True, text=True)
    outcome["cli_tag"] = [tag.returncode, tag.stdout, tag.stderr]
    return outcome


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
