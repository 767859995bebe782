"""Backups (daily, before migrations, on demand), restoring one, and whole-library archives."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from clipper.core import paths
from clipper.core.archive import ArchiveError, export_archive, import_archive
from clipper.core.backup import backup_due, list_backups
from clipper.core.errors import InvalidInputError
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from tests.reliability.record import record

CLIPPER = str(Path(sys.executable).parent / "clipper")
FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<link>https://wire.example/</link><item><title>Feed story</title>
<link>https://wire.example/a</link><description>Feed story text about tariffs.</description>
</item></channel></rss>"""


def run(library: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "CLIPPER_LIBRARY": str(library)}
    return subprocess.run([CLIPPER, *args], capture_output=True, text=True, env=env,
                          input=stdin, timeout=120)


def rich_library(folder: Path, tmp_path: Path) -> None:
    """A library holding one of everything a user can make."""
    with Library.open(folder) as library:
        page = b"<html><body><h1>Web page</h1><p>Saved from the web.</p></body></html>"
        web = library.add_clipping(ClippingDraft(
            title="Web page", body="Saved from the web.", url="https://news.example/a",
            source_name="News", authors=["A. Writer"], html=page, tags=["web"])).id
        text = library.add_clipping(ClippingDraft(title="Zhao spoke",
                                                  body="Zhao Yiping spoke of the fund.")).id
        library.add_annotation(text, 0, 11, color="green", note="the official")
        library.add_mention(text, 0, 11, "Zhao Yiping", "person")
        library.add_entity("Ministry of Science and Technology", "organisation", ["MOST"])
        library.add_bias_note(text, "single-source", "one voice", start=12, end=17)
        library.add_bias_note(web, "editorial-commentary", "opinionated")
        library.update_clipping(text, summary="A summary.", flagged=True, status="read")
        collection = library.create_collection("Morning brief", summary="For the desk")
        library.add_to_collection(collection.id, [text, web])
        library.save_search("Zhao", "entity:zhao")
        library.set_setting("briefing.author", "Desk A")
        feed_file = tmp_path / "wire.xml"
        feed_file.write_bytes(FEED)
        feed = library.add_feed(str(feed_file))
        library.refresh_feed(feed.id)


def table_rows(database: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(database)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "AND name != 'indexqueue'")]
        return {t: sorted(connection.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}
    finally:
        connection.close()


def test_the_library_and_its_backups_are_readable_by_their_owner_only(tmp_path):
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.add_clipping(ClippingDraft(title="T", body="Body."))
        backup = library.backup_now()
    for path in (folder / paths.DATABASE_NAME, folder / paths.LOCK_NAME, backup):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    for path in (folder, folder / paths.BACKUP_DIR):
        assert stat.S_IMODE(path.stat().st_mode) == 0o700, path


def test_an_older_librarys_database_is_made_private_on_open(tmp_path):
    folder = tmp_path / "lib"
    Library.open(folder).close()
    os.chmod(folder / paths.DATABASE_NAME, 0o644)
    Library.open(folder).close()
    assert stat.S_IMODE((folder / paths.DATABASE_NAME).stat().st_mode) == 0o600


def test_a_daily_backup_is_made_when_the_newest_is_a_day_old(tmp_path):
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.add_clipping(ClippingDraft(title="T", body="Body."))
    backups = folder / paths.BACKUP_DIR
    Library.open(folder).close()
    [daily] = list_backups(backups)
    assert daily.name.endswith("-daily.db") and not backup_due(backups)
    Library.open(folder).close()
    assert len(list_backups(backups)) == 1  # not again the same day
    old = backups / "clipper-20200101T000000000000Z-daily.db"
    daily.rename(old)
    Library.open(folder).close()
    assert len(list_backups(backups)) == 2 and list_backups(backups)[1] == old


def test_a_failed_daily_backup_does_not_keep_the_library_from_opening(tmp_path, monkeypatch):
    from clipper.core.store import sqlite

    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        library.add_clipping(ClippingDraft(title="T", body="Body."))

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sqlite, "backup_database", full)
    with Library.open(folder) as library:
        assert library.count_clippings() == 1
        assert any("disk is full" in w for w in library.warnings)


@pytest.mark.slow
def test_backup_backups_and_restore_commands(tmp_path):
    lib = tmp_path / "lib"
    with Library.open(lib) as library:
        library.add_clipping(ClippingDraft(title="First", body="The first clipping."))
    made = run(lib, "backup")
    assert made.returncode == 0 and "Backed up to" in made.stdout
    with Library.open(lib) as library:
        library.add_clipping(ClippingDraft(title="Second", body="Made after the backup."))
    listed = json.loads(run(lib, "backups", "--json").stdout)
    assert [b["reason"] for b in listed][:2] == ["manual", "daily"]
    refused = run(lib, "restore", "1")  # no terminal and no --yes
    assert refused.returncode == 2 and "--yes" in refused.stderr
    restored = run(lib, "restore", "1", "--yes")
    assert restored.returncode == 0, restored.stderr
    assert [r["title"] for r in json.loads(run(lib, "list", "--json").stdout)] == ["First"]
    assert run(lib, "check").returncode == 0
    [aside] = lib.glob("clipper.db.replaced-*")
    assert sqlite3.connect(aside).execute("SELECT count(*) FROM clipping").fetchone()[0] == 2
    missing = run(lib, "restore", "no-such-backup", "--yes")
    assert missing.returncode == 2 and "clipper backups" in missing.stderr


@pytest.mark.slow
def test_a_whole_library_round_trips_through_an_archive(tmp_path):
    source = tmp_path / "lib"
    rich_library(source, tmp_path)
    archive = tmp_path / "library.zip"
    exported = run(source, "archive", "export", str(archive))
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert manifest["format"] == "clipper-library-archive" and manifest["clippings"] == 3

    target = tmp_path / "copy"
    imported = run(tmp_path / "unused", "archive", "import", str(archive), "--library",
                   str(target))
    assert imported.returncode == 0, imported.stderr
    assert table_rows(target / paths.DATABASE_NAME) == table_rows(source / paths.DATABASE_NAME)
    assert run(target, "check").returncode == 0
    found = json.loads(run(target, "search", "entity:zhao", "--json").stdout)
    assert found["total"] == 1
    with Library.open(target) as library:
        web = library.list_ids()[-1]
        assert library.original_html(web).startswith(b"<html>")
    again = run(tmp_path, "archive", "import", str(archive), "--library", str(target))
    assert again.returncode == 2 and "already holds a Clipper library" in again.stderr
    record("whole-library archive export and import", 1,
           "every table came back row for row; check passed; index rebuilt")


def test_archives_that_are_not_ours_or_damaged_are_refused(tmp_path):
    source = tmp_path / "lib"
    with Library.open(source) as library:
        library.add_clipping(ClippingDraft(title="T", body="Body."))
    good = tmp_path / "good.zip"
    export_archive(source / paths.DATABASE_NAME, good)

    not_zip = tmp_path / "x.zip"
    not_zip.write_bytes(b"plain text")
    foreign = tmp_path / "foreign.zip"
    with zipfile.ZipFile(foreign, "w") as z:
        z.writestr("manifest.json", "{}")
    tampered = tmp_path / "tampered.zip"
    with zipfile.ZipFile(good) as z_in, zipfile.ZipFile(tampered, "w") as z_out:
        z_out.writestr("manifest.json", z_in.read("manifest.json"))
        z_out.writestr("library/clipper.db", z_in.read("library/clipper.db")[:-10] + b"x" * 10)
    newer = tmp_path / "newer.zip"
    with zipfile.ZipFile(good) as z_in, zipfile.ZipFile(newer, "w") as z_out:
        manifest = json.loads(z_in.read("manifest.json"))
        z_out.writestr("manifest.json", json.dumps({**manifest, "schema": "9999"}))
        z_out.writestr("library/clipper.db", z_in.read("library/clipper.db"))
    for bad, message in ((not_zip, "not a Clipper library archive"),
                         (foreign, "not a Clipper library archive"),
                         (tampered, "damaged"), (newer, "newer Clipper")):
        with pytest.raises(ArchiveError, match=message):
            import_archive(bad, tmp_path / f"new-{bad.stem}")
        assert not (tmp_path / f"new-{bad.stem}" / paths.DATABASE_NAME).exists()
    occupied = tmp_path / "occupied"
    occupied.mkdir()
    (occupied / "notes.txt").write_text("mine")
    with pytest.raises(InvalidInputError, match="not an empty folder"):
        import_archive(good, occupied)
    assert (occupied / "notes.txt").read_text() == "mine"
