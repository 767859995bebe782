"""Who did what in a team library: the activity log, marks' authors in the window's words, and
note authors in internal briefings only (never in external ones)."""

from __future__ import annotations

from pathlib import Path

import pypdf

from clipper.core.address import ServerAddress
from clipper.core.briefing.export import export_briefing
from clipper.core.briefing.options import BriefingOptions
from clipper.core.library import Library
from clipper.core.records import byline
from clipper.core.team import TeamRole, add_user
from tests.team.conftest import address
from tests.team.test_team_library import draft


def editors(pg, team_db, tmp_path, monkeypatch, *names):
    """Open the team library as each of ``names`` (editors, each on a desktop of their own)."""
    admin = ServerAddress.parse(address(pg, team_db))
    for name in names:
        add_user(admin, name, TeamRole.EDITOR)

    def open_as(name):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / name))
        return Library.open(address(pg, team_db, name), create=False)
    return open_as


def test_activity_names_who_did_what_newest_first(pg, team_db, tmp_path, monkeypatch):
    open_as = editors(pg, team_db, tmp_path, monkeypatch, "alice", "bob")
    with open_as("alice") as alice:
        clipping = alice.add_clipping(draft())
        alice.add_annotation(clipping.id, 0, 5, "yellow", "look")
    with open_as("bob") as bob:
        bob.add_mention(clipping.id, 106, 121, "Emmanuel Macron", "person")
        everyone = bob.activity()
        assert [(a.author, a.what) for a in everyone] == [
            ("bob", "tagged an entity"), ("alice", "highlighted"), ("alice", "captured")]
        assert all(a.title == "Trade talks resume in Geneva" and a.at for a in everyone)
        assert [a.what for a in bob.activity("alice")] == ["highlighted", "captured"]
        assert bob.activity_authors() == ["alice", "bob"]
        mention = bob.get_clipping(clipping.id).mentions[0].mention
        assert mention.created_by == "bob"


def test_collection_membership_is_in_the_activity(pg, team_db, tmp_path, monkeypatch):
    open_as = editors(pg, team_db, tmp_path, monkeypatch, "carol", "dan")
    with open_as("carol") as carol:
        first = carol.add_clipping(draft()).id
        second = carol.add_clipping(draft(title="Talks stall", body="Other text.",
                                          url="https://example.org/stall")).id
        monday = carol.create_collection("Monday brief").id
        carol.add_to_collection(monday, [first, second])
    with open_as("dan") as dan:
        dan.reorder_collection(monday, [second, first])  # dan moved the second to the top
        dan.remove_from_collection(monday, [first])
        view = dan.delete_collection(monday)
        dan.restore_collection(view)
        rows = [(a.author, a.what, a.clipping_id) for a in dan.activity()
                if "collection" in a.what]
    assert rows == [
        ("dan", "restored the collection \u201cMonday brief\u201d", second),
        ("dan", "deleted the collection \u201cMonday brief\u201d", second),
        ("dan", "removed from collection \u201cMonday brief\u201d", first),
        ("dan", "moved in collection \u201cMonday brief\u201d", second),
        ("carol", "added to collection \u201cMonday brief\u201d", second),
        ("carol", "added to collection \u201cMonday brief\u201d", first),
    ]


def test_a_folder_library_has_no_activity_and_no_authors(library):
    clipping = library.add_clipping(draft())
    note = library.add_annotation(clipping.id, 0, 5, "yellow", "mine")
    assert library.activity() == [] and library.activity_authors() == []
    assert byline(note.created_by, note.created) == ""


def test_byline_in_local_time():
    from datetime import UTC, datetime

    line = byline("alice", datetime(2026, 12, 3, 10, 42, tzinfo=UTC))
    assert line.startswith("alice · 3 Dec ")


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_note_authors_in_internal_briefings_never_in_external(pg, team_db, tmp_path,
                                                              cache_home):
    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR)
    with Library.open(address(pg, team_db, "alice"), create=False) as library:
        clipping = library.add_clipping(draft())
        library.add_annotation(clipping.id, 0, 11, "yellow", "worth a line to the minister")
        internal = export_briefing(library, [clipping.id], tmp_path / "internal.pdf",
                                   BriefingOptions(audience="internal"))
        external = export_briefing(library, [clipping.id], tmp_path / "external.pdf",
                                   BriefingOptions(audience="external"))
    assert internal and external
    inside = _pdf_text(tmp_path / "internal.pdf")
    assert "worth a line to the minister" in inside and "alice" in inside
    outside = _pdf_text(tmp_path / "external.pdf")
    assert "minister" not in outside and "alice" not in outside
