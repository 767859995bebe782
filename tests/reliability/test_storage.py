"""A full disk and a read-only library folder: a clear ``StorageError``, nothing half-written.

Real where the machine allows it: a real full disk is a 8 MB tmpfs mounted in a user and
mount namespace (``unshare -rm``, no root needed where user namespaces are enabled); a real
read-only folder is chmod 0o500, tried as an ordinary user (as root chmod does not bind, so
the check then runs in a subprocess as ``nobody``). The unit tests below also simulate the
failures at the sqlite3 and OSError boundaries.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import event

from clipper.core import paths
from clipper.core.errors import StorageError
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from clipper.core.storage import partial_file, storage_error
from tests.conftest import ROOT
from tests.reliability.record import record


def draft(n: int) -> ClippingDraft:
    return ClippingDraft(title=f"Clipping {n}", body=f"Body of clipping number {n}.")


@pytest.mark.parametrize("exc, reason", [
    (OSError(errno.ENOSPC, "No space left on device"), "full"),
    (OSError(errno.EDQUOT, "Disk quota exceeded"), "full"),
    (OSError(errno.EROFS, "Read-only file system"), "read-only"),
    (PermissionError(errno.EACCES, "Permission denied"), "read-only"),
    (sqlite3.OperationalError("database or disk is full"), "full"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "read-only"),
    (sqlite3.OperationalError("unable to open database file"), "read-only"),
])
def test_disk_trouble_is_recognised(tmp_path, exc, reason):
    error = storage_error(exc, tmp_path)
    assert error is not None and error.reason == reason
    assert str(error).startswith("The disk is full" if reason == "full"
                                 else "The library folder is read-only")


def test_other_errors_are_not_disk_trouble(tmp_path):
    assert storage_error(OSError(errno.ENOENT, "No such file"), tmp_path) is None
    assert storage_error(sqlite3.OperationalError("no such table: x"), tmp_path) is None
    assert storage_error(ValueError("x"), tmp_path) is None


def test_a_database_write_failing_half_way_changes_nothing(library):
    """Simulated: SQLite says the disk is full on the third statement of a batch."""
    library.add_clipping(draft(0))
    statements = []

    def fail(conn, cursor, statement, *args):
        if statement.lstrip().upper().startswith("INSERT"):
            statements.append(statement)
            if len(statements) == 3:
                raise sqlite3.OperationalError("database or disk is full")

    event.listen(library._work.engine, "before_cursor_execute", fail)
    with pytest.raises(StorageError, match="The disk is full.*not made"):
        library.add_clippings([draft(n) for n in range(1, 6)])
    event.remove(library._work.engine, "before_cursor_execute", fail)
    assert library.count_clippings() == 1 and library.check().ok
    library.add_clippings([draft(n) for n in range(1, 6)])  # space is back: it works
    assert library.count_clippings() == 6 and library.check().ok


def test_an_index_write_failing_keeps_the_change_and_catches_up(library, monkeypatch):
    """Simulated: Whoosh's write fails with ENOSPC; the clipping is saved, the index queued."""
    from clipper.core.search import SearchIndex

    real_apply = SearchIndex.apply

    def full(self, documents, deleted, **how):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(SearchIndex, "apply", full)
    with pytest.raises(StorageError, match="disk is full.*changes are saved"):
        library.add_clipping(draft(1))
    assert library.count_clippings() == 1 and library.pending_index_changes() == 1
    monkeypatch.setattr(SearchIndex, "apply", real_apply)
    library.flush_index()
    assert library.search("number").total == 1 and library.check().ok


def in_tiny_filesystem(folder: Path, module: str, size: str) -> subprocess.CompletedProcess:
    script = f'mount -t tmpfs -o size={size} tmpfs "$0" && cd "$1" && exec "$2" -m {module} "$0"'
    return subprocess.run(["unshare", "-rm", "sh", "-c", script, str(folder), str(ROOT),
                           sys.executable], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_a_really_full_disk(tmp_path):
    if shutil.which("unshare") is None:
        pytest.skip("unshare is not installed")
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("user namespaces are not available here")
    folder = tmp_path / "tiny"
    folder.mkdir()
    result = in_tiny_filesystem(folder, "tests.reliability.full_disk", "8m")
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"], "the disk never filled"
    assert all(e.startswith("The disk is full") for e in outcome["errors"])
    assert outcome["count"] == outcome["stored"] and outcome["all_stored_present"]
    assert outcome["check_ok"] and outcome["integrity"] == "ok" and outcome["added_after"]
    kinds = {("saved" if "saved" in e else "not made") for e in outcome["errors"]}
    record("disk full (8 MB tmpfs, real)", outcome["failures"],
           f"StorageError 'The disk is full' ({' and '.join(sorted(kinds))}); after freeing "
           f"space the library opened, check passed, all {outcome['stored']} stored clippings "
           "present")


def test_a_read_only_library_folder(tmp_path):
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.add_clipping(ClippingDraft(title="Kept", body="This one is kept."))
    if os.geteuid() != 0:  # an ordinary user: chmod makes the folder read-only
        os.chmod(folder, 0o500)
        try:
            if os.access(folder, os.W_OK):
                pytest.skip("chmod does not make folders read-only here")
            result = subprocess.run([sys.executable, "-m", "tests.reliability.read_only",
                                     str(folder)], cwd=ROOT, capture_output=True, text=True,
                                    timeout=120)
        finally:
            os.chmod(folder, 0o700)
        how = "chmod 0o500"
    else:  # root ignores permissions: a read-only bind mount of the folder instead
        if shutil.which("unshare") is None or \
                subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode:
            pytest.skip("neither chmod nor a user namespace can make a folder read-only here")
        script = ('mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && cd "$1" && '
                  'exec "$2" -m tests.reliability.read_only "$0"')
        result = subprocess.run(["unshare", "-rm", "sh", "-c", script, str(folder), str(ROOT),
                                 sys.executable], capture_output=True, text=True, timeout=120)
        how = "read-only bind mount"
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["open"].startswith("The library folder is read-only")
    assert outcome["count"] == 1 and outcome["found"] == [1], outcome
    read_only, warnings = outcome["gui"]  # the window opens it read-only and says why
    assert read_only and "read-only" in warnings[0]
    status, out, err = outcome["cli_search"]  # a reading command falls back to read-only
    assert status == 0 and json.loads(out)["results"][0]["id"] == 1, err
    assert "read-only" in err and "Traceback" not in err
    status, out, err = outcome["cli_tag"]  # a writing one says why it cannot
    assert status == 2 and err.startswith("clipper: The library folder is read-only"), err
    assert "Traceback" not in err
    with Library.open(folder) as library:  # writable again: untouched, nothing half-written
        assert library.count_clippings() == 1 and library.check().ok
    record(f"read-only library folder ({how}, real)", 1,
           "opening for writing: StorageError 'The library folder is read-only'; opened "
           "read-only it reads and searches (SQLite opens the WAL database as immutable); "
           "`clipper search` falls back to read-only, `clipper tag` says why it cannot; "
           "the library untouched")


def test_the_cli_says_so_in_one_line(tmp_path, monkeypatch):
    from clipper import cli

    folder = tmp_path / "lib"
    Library.open(folder).close()

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr("clipper.core.store.sqlite.verify_library_database", full)
    assert cli.main(["--library", str(folder), "tag", "1", "x"]) == 2
    assert (folder / paths.DATABASE_NAME).exists()


def test_a_killed_writers_partial_file_is_cleared_by_the_next_write(tmp_path):
    target = tmp_path / "briefing.pdf"
    made = subprocess.run(  # a process that starts writing and dies without cleaning up
        [sys.executable, "-c", "import sys; from pathlib import Path; "
         "from clipper.core.storage import partial_file; "
         "p = partial_file(Path(sys.argv[1])); p.write_bytes(b'%PDF-1.4 half'); print(p)",
         str(target)], cwd=ROOT, capture_output=True, text=True, check=True)
    leftover = Path(made.stdout.strip())
    assert leftover.exists() and leftover.name.startswith(".briefing.pdf.")
    ours = partial_file(target)
    ours.write_bytes(b"in progress")  # a live writer's file is left alone
    other = partial_file(tmp_path / "other.pdf")
    assert not leftover.exists() and ours.exists() and other != ours
    elsewhere = tmp_path / ".briefing.pdf.otherhost@1-abcd.part"  # a shared folder's
    elsewhere.write_bytes(b"another machine's export")
    partial_file(target)
    assert elsewhere.exists()
    assert partial_file(target).exists() is False and ours.exists()


def test_immutable_only_when_no_write_ahead_log_holds_changes(tmp_path, monkeypatch):
    from clipper.core import integrity

    database = tmp_path / "clipper.db"
    database.write_bytes(b"")
    monkeypatch.setattr(integrity.os, "access", lambda path, mode: False)  # a read-only medium
    assert integrity.read_only_uri(database).endswith("&immutable=1")
    (tmp_path / "clipper.db-wal").write_bytes(b"changes not yet in the database")
    assert integrity.read_only_uri(database).endswith("?mode=ro")  # immutable would miss them
