"""A lost or damaged index is rebuilt; a damaged database is reported with its backups and
replaced only when asked, the damaged file kept."""

from __future__ import annotations

import os
import shutil
import sqlite3

import pytest

from clipper.core import paths
from clipper.core.errors import LibraryDamagedError, LibraryLockedError
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from tests.reliability.record import record


def fill(folder, count=40):
    with Library.open(folder) as library:
        ids = [c.id for c in library.add_clippings([
            ClippingDraft(title=f"Clipping {n}", body=f"Findable word{n} text " * 40)
            for n in range(count)])]
        library.add_annotation(ids[0], 0, 8, note="kept note")
    return ids


def break_index(folder, how):
    index = folder / paths.INDEX_DIR
    if how == "deleted":
        shutil.rmtree(index)
    elif how == "emptied":
        for path in index.iterdir():
            path.unlink()
    elif how == "garbage":
        for path in index.glob("*.seg"):
            path.write_bytes(os.urandom(path.stat().st_size))
    elif how == "truncated":
        for path in [*index.glob("*.seg"), *index.glob("*.toc")]:
            with open(path, "r+b") as file:
                file.truncate(path.stat().st_size // 3)


@pytest.mark.parametrize("how", ["deleted", "emptied", "garbage", "truncated"])
def test_a_lost_or_damaged_index_is_rebuilt_in_the_background(tmp_path, how):
    folder = tmp_path / "lib"
    fill(folder)
    break_index(folder, how)
    library = Library.open(folder, replay=False)  # as the GUI opens it: at once
    try:
        status = library.index_status()
        assert status.rebuilding and status.pending == 40
        assert status.reason in ("missing", "damaged")
        progress = []
        library.flush_index(lambda done, total: progress.append((done, total)))
        assert progress[-1] == (40, 40)
        status = library.index_status()
        assert not status.rebuilding and status.pending == 0 and status.reason is None
        assert library.search("word7").total == 1 and library.check().ok
    finally:
        library.close()
    record(f"search index {how}", 1, "detected on open, rebuilt from the database")


def test_a_crash_queue_is_reported_as_catching_up_not_rebuilding(tmp_path):
    folder = tmp_path / "lib"
    fill(folder, 3)
    connection = sqlite3.connect(folder / paths.DATABASE_NAME)
    connection.execute("INSERT INTO indexqueue (clipping_id) VALUES (1)")
    connection.commit()
    connection.close()
    with Library.open(folder, replay=False) as library:
        status = library.index_status()
        assert (status.pending, status.rebuilding, status.reason) == (1, False, "interrupted")


def corrupt_database(folder, how):
    database = folder / paths.DATABASE_NAME
    data = bytearray(database.read_bytes())
    if how == "not a database":
        data[:100] = b"this is not a database" * 4 + b"\0" * 12
    elif how == "pages overwritten":
        page = 4096
        for start in range(3 * page, min(len(data), 12 * page), page):
            data[start + 8:start + 600] = os.urandom(592)
    elif how == "truncated":
        data = data[: len(data) // 2]
    database.write_bytes(bytes(data))
    return bytes(data)


@pytest.mark.parametrize("how", ["not a database", "pages overwritten", "truncated"])
def test_a_damaged_database_is_reported_with_its_backups_and_restored_on_request(tmp_path, how):
    folder = tmp_path / "lib"
    fill(folder, 200)
    with Library.open(folder) as library:  # a backup, as the daily one would be
        backup = library.backup_now()
        library.backup_now("later")
    damaged = corrupt_database(folder, how)
    with pytest.raises(LibraryDamagedError) as caught:
        Library.open(folder)
    assert "damaged" in str(caught.value) and "clipper restore" in str(caught.value)
    assert caught.value.backups[1] == backup  # newest first
    assert (folder / paths.DATABASE_NAME).read_bytes() == damaged  # nothing overwritten
    with pytest.raises(LibraryDamagedError):
        Library.open(folder, read_only=True)

    moved = Library.restore_backup(folder, caught.value.backups[0])
    assert moved is not None and moved.read_bytes() == damaged  # kept, never deleted
    with Library.open(folder) as library:
        assert library.count_clippings() == 200 and library.check().ok
        assert library.search("word199").total == 1
    record(f"database {how}", 1, "refused at open with LibraryDamagedError listing 2 "
           "backups; restored on request, the damaged file kept",
           lost="changes made after the backup")


def test_restore_refuses_a_library_that_is_open_and_a_damaged_backup(tmp_path):
    folder = tmp_path / "lib"
    fill(folder, 2)
    with Library.open(folder) as library:
        backup = library.backup_now()
        with pytest.raises(LibraryLockedError):
            Library.restore_backup(folder, backup)
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(LibraryDamagedError, match="cannot be used"):
        Library.restore_backup(folder, bad)
    with Library.open(folder) as library:
        assert library.count_clippings() == 2


@pytest.mark.parametrize("how", ["not a database", "pages overwritten", "truncated"])
def test_opened_without_the_full_check_damage_is_still_found(tmp_path, how):
    """The window opens with ``verify=False`` and checks every page on a worker afterwards."""
    folder = tmp_path / "lib"
    fill(folder, 200)
    for old in (folder / paths.BACKUP_DIR).glob("*.db"):
        old.unlink()  # as if the last daily backup were a day old
    damaged = corrupt_database(folder, how)
    try:
        library = Library.open(folder, verify=False)
    except LibraryDamagedError as exc:  # what the cheap look at open can already see
        assert how != "pages overwritten" and "damaged" in str(exc)
    else:
        with library:
            assert library.find_database_damage()
    # no daily backup of an unchecked database: it would copy the damage over good backups
    assert list((folder / paths.BACKUP_DIR).glob("*.db")) == []
    assert (folder / paths.DATABASE_NAME).read_bytes()[:100] == damaged[:100]
    fill(tmp_path / "sound", 5)
    with Library.open(tmp_path / "sound", verify=False) as library:
        assert library.find_database_damage() is None
