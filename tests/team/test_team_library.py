"""A team library on a real PostgreSQL server: the same Library API, roles the server enforces,
authors the server records, and each desktop's index following the change log."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from clipper.core.address import ServerAddress
from clipper.core.errors import (
    InvalidInputError,
    LibraryNotFoundError,
    PermissionDeniedError,
    ReadOnlyLibraryError,
    ServerUnavailableError,
)
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from clipper.core.team import TeamRole, add_user, list_users, remove_user
from clipper.core.transfer import upload_library
from tests.team.conftest import address

BODY = ("Trade talks between the United States and China resumed in Geneva on Monday. "
        "Emmanuel Macron said Europe would watch closely. The tariffs stay for now.")


def draft(title: str = "Trade talks resume in Geneva", body: str = BODY,
          url: str | None = "https://example.org/trade") -> ClippingDraft:
    return ClippingDraft(title=title, body=body, url=url, source_name="Example Times")


def open_as(pg, database: str, user: str, cache: Path, monkeypatch) -> Library:
    """The library as ``user`` sees it on a desktop whose cache is ``cache``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    return Library.open(address(pg, database, user), create=False)


def test_the_same_library_api_on_the_server(pg, team_db, tmp_path):
    url = address(pg, team_db)
    with Library.open(url, create=False) as library:
        assert library.address is not None and library.address.database == team_db
        clipping = library.add_clipping(draft())
        library.add_annotation(clipping.id, 0, 11, "yellow", "the talks")
        library.add_mention(clipping.id, 106, 121, "Emmanuel Macron", "person")
        library.add_bias_note(clipping.id, library.list_bias_categories()[0].key, "one-sided")
        collection = library.create_collection("Monday brief")
        library.add_to_collection(collection.id, [clipping.id])
        library.add_tags(clipping.id, ["trade"])
        assert [h.id for h in library.search("geneva").hits] == [clipping.id]
        assert [h.id for h in library.search('entity:"Emmanuel Macron"').hits] == [clipping.id]
        assert library.facets("tariffs")
        detail = library.get_clipping(clipping.id)
        assert detail.tags == ["trade"] and detail.collections == ["Monday brief"]
        assert detail.mentions[0].entity.name == "Emmanuel Macron"
        assert library.check().ok
    # the index is this desktop's cache, not a folder beside a database
    assert list((tmp_path / "cache").rglob("*.toc"))


def test_the_server_records_who_made_what(pg, team_db, cache_home, monkeypatch):
    add_user(ServerAddress.parse(address(pg, team_db)), "alice", TeamRole.EDITOR)
    with open_as(pg, team_db, "alice", cache_home, monkeypatch) as library:
        clipping = library.add_clipping(draft())
        note = library.add_annotation(clipping.id, 0, 5, "yellow", "mine")
        assert note.id
    who = pg.psql("SELECT c.created_by, a.created_by FROM clipping c JOIN annotation a "
                  "ON a.clipping_id = c.id", database=team_db)
    assert who.stdout.strip() == "alice|alice"
    log = pg.psql("SELECT DISTINCT author FROM changelog", database=team_db)
    assert log.stdout.strip() == "alice"
    # a client cannot claim another's work: the server sets the author on insert and keeps it
    forged = pg.psql(f"INSERT INTO tag (name) VALUES ('x'); UPDATE clipping SET "
                     f"created_by = 'bob' WHERE id = {clipping.id}; SELECT created_by FROM "
                     "clipping", user="alice", database=team_db)
    assert forged.stdout.strip().splitlines()[-1] == "alice"


def test_a_reader_cannot_write_even_from_psql(pg, team_db, cache_home, monkeypatch):
    admin_url = address(pg, team_db)
    with Library.open(admin_url, create=False) as library:
        library.add_clipping(draft())
    add_user(ServerAddress.parse(admin_url), "rita", TeamRole.READER)
    with open_as(pg, team_db, "rita", cache_home, monkeypatch) as library:
        assert library.read_only
        assert [h.id for h in library.search("geneva").hits]  # the index is built for readers
        with pytest.raises(ReadOnlyLibraryError, match="read and export"):
            library.add_clipping(draft("Another", "Other words entirely.", None))
    refused = pg.psql("UPDATE clipping SET title = 'hacked'", user="rita", database=team_db)
    assert refused.returncode != 0 and "permission denied" in refused.stderr
    refused = pg.psql("DELETE FROM clipping", user="rita", database=team_db)
    assert refused.returncode != 0 and "permission denied" in refused.stderr


def test_an_editor_changes_only_their_own_notes_and_deletes_no_clipping(
        pg, team_db, cache_home, monkeypatch):
    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR)
    add_user(admin, "bob", TeamRole.EDITOR)
    with open_as(pg, team_db, "alice", cache_home, monkeypatch) as library:
        clipping = library.add_clipping(draft())
        alices = library.add_annotation(clipping.id, 0, 5, "yellow", "alice's note")
    with open_as(pg, team_db, "bob", cache_home, monkeypatch) as library:
        bobs = library.add_annotation(clipping.id, 6, 11, "green", "bob's note")
        library.update_annotation(bobs.id, note="bob's, changed")
        with pytest.raises(PermissionDeniedError, match="not yours to change"):
            library.update_annotation(alices.id, note="overwritten by bob")
        with pytest.raises(PermissionDeniedError, match="role"):
            library.delete_clipping(clipping.id)
        notes = {a.annotation.note for a in library.get_clipping(clipping.id).annotations}
    assert notes == {"alice's note", "bob's, changed"}
    # the same rule from psql: bob's UPDATE of alice's note touches no row
    pg.psql(f"UPDATE annotation SET note = 'x' WHERE id = {alices.id}", user="bob",
            database=team_db)
    assert pg.psql(f"SELECT note FROM annotation WHERE id = {alices.id}",
                   database=team_db).stdout.strip() == "alice's note"


def test_an_admin_deletes_and_changes_anyones_notes(pg, team_db, cache_home, monkeypatch):
    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR)
    add_user(admin, "ada", TeamRole.ADMIN)
    with open_as(pg, team_db, "alice", cache_home, monkeypatch) as library:
        clipping = library.add_clipping(draft())
        note = library.add_annotation(clipping.id, 0, 5, "yellow", "alice's note")
    with open_as(pg, team_db, "ada", cache_home, monkeypatch) as library:
        library.update_annotation(note.id, note="edited by the admin")
        library.delete_clipping(clipping.id)
        assert library.count_clippings() == 0
        assert library.search("geneva").total == 0


def test_a_second_desktop_follows_the_change_log(pg, team_db, tmp_path, monkeypatch):
    """Alice's desktop and Bob's desktop (two caches): Bob's index takes Alice's changes from
    the server's change log, including one made by another process (the command line)."""
    url = address(pg, team_db)
    alice = open_as(pg, team_db, "clipper_test", tmp_path / "alice", monkeypatch)
    bob = open_as(pg, team_db, "clipper_test", tmp_path / "bob", monkeypatch)
    try:
        seen = bob.data_version()
        clipping = alice.add_clipping(draft())
        assert bob.data_version() != seen
        assert bob.search("geneva").total == 0  # not yet taken
        assert bob.flush_index() == 1
        assert [h.id for h in bob.search("geneva").hits] == [clipping.id]
        alice.add_annotation(clipping.id, 0, 5, "yellow", "walnut")  # notes are searched
        bob.flush_index()
        assert bob.search("walnut").total == 1
        # another process: the command line, as a third desktop
        text = tmp_path / "note.txt"
        text.write_text("Lighthouse keepers\n\nThe lighthouse keepers of Brittany went on "
                        "strike on Tuesday.", encoding="utf-8")
        env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cli"), "CLIPPER_LIBRARY": url}
        done = subprocess.run([sys.executable, "-m", "clipper", "import", str(text)],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        bob.flush_index()
        assert bob.search("lighthouse").total == 1
        alice.delete_clipping(clipping.id)
        bob.flush_index()
        assert bob.search("geneva").total == 0
    finally:
        alice.close()
        bob.close()


def test_a_new_desktop_builds_its_index_from_the_server(pg, team_db, tmp_path, monkeypatch):
    with open_as(pg, team_db, "clipper_test", tmp_path / "first", monkeypatch) as library:
        for n in range(12):
            library.add_clipping(draft(f"Story {n}", f"Story number {n} about harbours.",
                                       f"https://example.org/{n}"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "new"))
    library = Library.open(address(pg, team_db), create=False, replay=False)
    try:
        status = library.index_status()
        assert status.pending == 12 and status.rebuilding
        steps: list[tuple[int, int]] = []
        library.flush_index(lambda done, total: steps.append((done, total)))
        assert steps[-1] == (12, 12)
        assert library.search("harbours").total == 12
        assert library.index_status().pending == 0
    finally:
        library.close()


def test_team_users_and_quoted_names(pg, team_db):
    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR)
    add_user(admin, "ada.lovelace@press", TeamRole.ADMIN)
    add_user(admin, "alice", TeamRole.READER)  # a new role replaces the old one
    assert [(u.name, u.role) for u in list_users(admin)] == [
        ("ada.lovelace@press", TeamRole.ADMIN), ("alice", TeamRole.READER)]
    remove_user(admin, "alice")
    assert [u.name for u in list_users(admin)] == ["ada.lovelace@press"]
    for bad in ('x"; DROP TABLE clipping; --', "robert'); --", ""):
        with pytest.raises(InvalidInputError, match="cannot be a user name"):
            add_user(admin, bad, TeamRole.EDITOR)
    assert pg.psql("SELECT count(*) FROM clipping", database=team_db).returncode == 0


def test_passwords_are_never_shown(pg, team_db, cache_home):
    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR, password="s3cret-horse")
    good = pg.url(user="alice", database=team_db, tcp=True, password="s3cret-horse")
    with Library.open(good, create=False) as library:
        assert "s3cret" not in library.location
        library.add_clipping(draft())
    bad = pg.url(user="alice", database=team_db, tcp=True, password="wrong-pony")
    with pytest.raises(ServerUnavailableError) as refused:
        Library.open(bad, create=False)
    assert "wrong-pony" not in str(refused.value) and "password" in str(refused.value)
    # the password went to the server as a SCRAM verifier, never in clear
    stored = pg.psql("SELECT rolpassword FROM pg_authid WHERE rolname = 'alice'").stdout
    assert stored.startswith("SCRAM-SHA-256$") and "s3cret" not in stored


def test_clear_errors_for_missing_libraries_and_servers(pg, team_db, cache_home):
    pg.psql("CREATE DATABASE empty_db")
    try:
        with pytest.raises(LibraryNotFoundError, match="team init"):
            Library.open(address(pg, "empty_db"), create=False)
    finally:
        pg.psql("DROP DATABASE empty_db")
    with pytest.raises(LibraryNotFoundError, match="no database"):
        Library.open(address(pg, "no_such_db"), create=False)
    with pytest.raises(ServerUnavailableError, match="Cannot reach"):
        Library.open("postgresql://nobody:pw@127.0.0.1:1/press", create=False)


def test_upload_a_personal_library(pg, team_db, tmp_path, cache_home):
    with Library.open(tmp_path / "mine") as personal:
        first = personal.add_clipping(draft())
        personal.add_annotation(first.id, 0, 11, "yellow", "the talks")
        personal.add_mention(first.id, 106, 121, "Emmanuel Macron", "person")
        personal.add_bias_category("Loaded words", "#123456", key="loaded")
        personal.add_bias_note(first.id, "loaded", "spin", 0, 5)
        second = personal.add_clipping(draft("Harbour strike", "Dockers stopped work.", None))
        personal.update_clipping(second.id, status="read", flagged=True)
        brief = personal.create_collection("Brief")
        personal.add_to_collection(brief.id, [second.id, first.id])
    with Library.open(tmp_path / "mine") as personal, \
            Library.open(address(pg, team_db), create=False) as team:
        report = upload_library(personal, team)
        assert (report.added, report.marks, report.collections) == (2, 3, 1)
        assert report.duplicates == [] and report.problems == []
        collection = team.get_collection(team.find_collection("Brief").id)
        titles = [team.get_clipping(i).clipping.title for i in collection.clipping_ids]
        assert titles == ["Harbour strike", "Trade talks resume in Geneva"]
        harbour = team.get_clipping(collection.clipping_ids[0]).clipping
        assert (harbour.status, harbour.flagged) == ("read", True)
        assert team.search('entity:"Emmanuel Macron"').total == 1
        again = upload_library(personal, team)
        assert again.added == 0 and len(again.duplicates) == 2


def test_the_server_going_away_and_coming_back(pg, team_db, cache_home):
    with Library.open(address(pg, team_db), create=False) as library:
        library.add_clipping(draft())
        pg.stop()
        try:
            with pytest.raises(ServerUnavailableError):
                library.add_clipping(draft("Lost?", "Words that must not be lost.", None))
            with pytest.raises(ServerUnavailableError):
                library.data_version()
        finally:
            pg.start()
        library.add_clipping(draft("Lost?", "Words that must not be lost.", None))
        assert library.count_clippings() == 2


def test_a_database_restored_behind_the_desktops_cursor_is_indexed_again(
        pg, team_db, cache_home):
    url = address(pg, team_db)
    with Library.open(url, create=False) as library:
        for n in range(3):
            library.add_clipping(draft(f"Story {n}", f"Story {n} about ports.",
                                       f"https://example.org/{n}"))
    # what pg_restore --clean of an older dump does to the log: fewer changes, numbered anew
    pg.psql("DELETE FROM changelog; SELECT setval(pg_get_serial_sequence('changelog', 'seq'), "
            "1, false)", database=team_db)
    with Library.open(url, create=False, replay=False) as library:
        assert library.index_status().rebuilding
        library.flush_index()
        assert library.search("ports").total == 3


def test_two_people_one_clipping_nothing_overwritten_silently(pg, team_db, tmp_path,
                                                              monkeypatch):
    from clipper.core.errors import EditConflictError

    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR)
    add_user(admin, "bob", TeamRole.EDITOR)
    alice = open_as(pg, team_db, "alice", tmp_path / "a", monkeypatch)
    bob = open_as(pg, team_db, "bob", tmp_path / "b", monkeypatch)
    try:
        clipping = alice.add_clipping(draft())
        seen = bob.get_clipping(clipping.id).clipping.summary  # both open it: summary empty
        alice.update_clipping(clipping.id, {"summary": seen}, summary="Alice's summary")
        with pytest.raises(EditConflictError) as conflict:
            bob.update_clipping(clipping.id, {"summary": seen}, summary="Bob's summary")
        assert conflict.value.theirs == "Alice's summary" and conflict.value.by == "alice"
        assert "alice changed the summary" in str(conflict.value)
        assert bob.get_clipping(clipping.id).clipping.summary == "Alice's summary"
        # marks added by two people at once both survive; a title edit meanwhile is no conflict
        alice.add_annotation(clipping.id, 0, 5)
        bob.add_annotation(clipping.id, 6, 11)
        bob.update_clipping(clipping.id, {"title": clipping.title}, title="Talks resume")
        assert len(alice.get_clipping(clipping.id).annotations) == 2
    finally:
        alice.close()
        bob.close()


def test_killed_server_then_back_nothing_half_written(pg, team_db, cache_home):
    with Library.open(address(pg, team_db), create=False) as library:
        first = library.add_clipping(draft())
        pg.kill()
        try:
            with pytest.raises(ServerUnavailableError):
                library.add_annotation(first.id, 0, 5, note="lost?")
        finally:
            pg.start()
        assert library.get_clipping(first.id).annotations == []
        library.add_annotation(first.id, 0, 5, note="after the restart")
        assert [a.annotation.note for a in library.get_clipping(first.id).annotations] == [
            "after the restart"]
        assert library.check().ok


HOSTILE = ["x'); DROP TABLE clipping; --", 'Robert"); DELETE FROM tag; --', "%_\\' OR 1=1 --",
           "$$; DROP TABLE entity; $$"]


def test_injection_through_names_and_search_does_nothing(pg, team_db, cache_home):
    with Library.open(address(pg, team_db), create=False) as library:
        clipping = library.add_clipping(draft())
        for n, hostile in enumerate(HOSTILE):
            library.add_tags(clipping.id, [hostile])
            library.add_mention(clipping.id, 0, 5, hostile + f" {n}", "person")
            collection = library.create_collection(hostile)
            library.add_to_collection(collection.id, [clipping.id])
            library.search(hostile)
            library.search(f'entity:"{hostile}"')
            library.facets(hostile)
            library.suggest_entities(clipping.id)
        assert library.count_clippings() == 1
        assert sorted(c.name for c, _n in library.list_collections()) == sorted(HOSTILE)
        assert len(library.get_clipping(clipping.id).mentions) == len(HOSTILE)
    tables = pg.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                     database=team_db).stdout.strip()
    assert int(tables) >= 20


def test_the_password_is_in_no_file_clipper_writes(pg, team_db, tmp_path, monkeypatch):
    secret = "Zebra-Horizon-4417"
    add_user(ServerAddress.parse(address(pg, team_db)), "alice", TeamRole.EDITOR,
             password=secret)
    home = tmp_path / "home"
    for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(home / name.lower()))
    url = pg.url(user="alice", database=team_db, tcp=True, password=secret)
    with Library.open(url, create=False) as library:
        library.add_clipping(draft())
        library.set_setting("briefing.author", "Alice")
        assert secret not in library.location
    done = subprocess.run([sys.executable, "-m", "clipper", "--library", url, "search",
                           "geneva"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "HOME": str(home)})
    assert done.returncode == 0 and secret not in done.stdout + done.stderr
    written = [p for p in home.rglob("*") if p.is_file()]
    assert written  # the cache, the index, the cursor ...
    for path in written:
        assert secret.encode() not in path.read_bytes(), path


def test_a_desktop_hears_of_a_change_at_once(pg, team_db, tmp_path, monkeypatch):
    import threading
    import time

    alice = open_as(pg, team_db, "clipper_test", tmp_path / "a", monkeypatch)
    bob = open_as(pg, team_db, "clipper_test", tmp_path / "b", monkeypatch)
    try:
        assert bob.wait_for_change(0.2) is False  # nothing happened: it waited, and says so
        later = threading.Timer(0.3, lambda: alice.add_clipping(draft()))
        later.start()
        started = time.monotonic()
        assert bob.wait_for_change(10) is True
        assert time.monotonic() - started < 5  # told at the commit, not at the next poll
        later.join()
        bob.flush_index()
        assert bob.search("geneva").total == 1
    finally:
        alice.close()
        bob.close()
