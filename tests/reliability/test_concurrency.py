"""Two processes on one library: one writer; readers notice its changes by polling."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clipper.core.errors import LibraryLockedError, ReadOnlyLibraryError
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from tests.conftest import ROOT
from tests.reliability.record import record

CLIPPER = str(Path(sys.executable).parent / "clipper")
WRITER = """
import sys
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
library = Library.open(sys.argv[1])
print("ready", flush=True)
for line in sys.stdin:
    if line.strip() == "add":
        library.add_clipping(ClippingDraft(title="From the writer",
                                           body="A zebrafinch appeared in the other process."))
        print("added", flush=True)
    else:
        break
library.close()
print("closed", flush=True)
"""


@pytest.mark.slow
def test_a_reader_sees_what_a_writer_in_another_process_adds(tmp_path):
    folder = tmp_path / "lib"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder)], cwd=ROOT, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert writer.stdout.readline().strip() == "ready"
        with pytest.raises(LibraryLockedError, match="open in another"):
            Library.open(folder)  # a second writer is refused
        with Library.open(folder, read_only=True) as reader:
            before = reader.data_version()
            assert reader.data_version() == before  # nothing changed: the same number
            assert reader.count_clippings() == 0
            writer.stdin.write("add\n")
            writer.stdin.flush()
            assert writer.stdout.readline().strip() == "added"
            assert reader.data_version() != before
            assert reader.count_clippings() == 1
            assert reader.search("zebrafinch").total == 1
            with pytest.raises(ReadOnlyLibraryError):
                reader.add_clipping(ClippingDraft(title="No", body="Refused."))
            # A search reads the folder without opening the library (clipper.core.quickread);
            # other reading commands fall back to read-only while the writer holds it.
            env = {**os.environ, "CLIPPER_LIBRARY": str(folder)}
            found = subprocess.run([CLIPPER, "search", "zebrafinch"], capture_output=True,
                                   text=True, env=env, timeout=120)
            assert found.returncode == 0 and "1 found" in found.stdout
            listed = subprocess.run([CLIPPER, "list"], capture_output=True, text=True, env=env,
                                    timeout=120)
            assert listed.returncode == 0 and "From the writer" in listed.stdout
            assert "read-only" in listed.stderr
            refused = subprocess.run([CLIPPER, "tag", "1", "x"], capture_output=True,
                                     text=True, env=env, timeout=120)
            assert refused.returncode == 2 and "open in another" in refused.stderr
        writer.stdin.write("stop\n")
        writer.stdin.flush()
        assert writer.stdout.readline().strip() == "closed"
    finally:
        writer.stdin.close()
        writer.wait(timeout=60)
    record("a second process on the library", 1, "second writer refused with "
           "LibraryLockedError; reader saw the writer's clipping via data_version and search")


def test_data_version_follows_the_librarys_own_writes_too(library):
    before = library.data_version()
    library.add_clipping(ClippingDraft(title="T", body="Body."))
    assert library.data_version() != before
