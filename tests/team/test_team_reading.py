"""Reading is personal in a team library: what one analyst marks read stays unread for the
others; a reader marks their own reading too (and nothing else); nobody, from Clipper or from
psql, marks or sees another's."""

from __future__ import annotations

import pytest

from clipper.core.address import ServerAddress
from clipper.core.errors import ReadOnlyLibraryError
from clipper.core.kinds import ReadingStatus
from clipper.core.store.listing import ListFilter
from clipper.core.team import TeamRole, add_user
from tests.team.conftest import address
from tests.team.test_team_library import draft, open_as

UNREAD = ListFilter(status=ReadingStatus.UNREAD)
READ = ListFilter(status=ReadingStatus.READ)


@pytest.fixture
def office(pg, team_db):
    admin = ServerAddress.parse(address(pg, team_db))
    add_user(admin, "alice", TeamRole.EDITOR)
    add_user(admin, "bob", TeamRole.EDITOR)
    add_user(admin, "rita", TeamRole.READER)
    return team_db


def _status(library, clipping_id):
    detail = library.get_clipping(clipping_id).clipping.status
    row = library.rows([clipping_id])[0].status
    assert detail == row
    return detail


def _read_by_alice(pg, office, cache_home, monkeypatch):
    """A clipping alice captured and read."""
    with open_as(pg, office, "alice", cache_home / "a", monkeypatch) as alice:
        clipping = alice.add_clipping(draft()).id
        alice.update_clipping(clipping, status=ReadingStatus.READ)
    return clipping


def test_each_person_reads_for_themselves(pg, office, cache_home, monkeypatch):
    with open_as(pg, office, "alice", cache_home / "a", monkeypatch) as alice:
        first = alice.add_clipping(draft()).id
        second = alice.add_clipping(draft("Talks stall", "Other words.", "https://e.org/2")).id
        alice.update_clipping(first, status=ReadingStatus.READ)
        assert _status(alice, first) == "read" and _status(alice, second) == "unread"
        assert alice.count_clippings(UNREAD) == 1 and alice.list_ids(READ) == [first]
        assert not [a for a in alice.activity() if "read" in a.what.split()]  # not the team's
    with open_as(pg, office, "bob", cache_home / "b", monkeypatch) as bob:
        assert _status(bob, first) == "unread"
        assert bob.count_clippings(UNREAD) == 2 and bob.list_ids(READ) == []
        bob.update_clipping(second, {"status": "unread"}, status=ReadingStatus.READ,
                            flagged=True)  # with another change: one transaction
        assert bob.list_ids(READ) == [second] and bob.get_clipping(second).clipping.flagged
    with open_as(pg, office, "rita", cache_home / "r", monkeypatch) as rita:
        assert rita.read_only and rita.can_mark_read
        rita.update_clipping(first, status=ReadingStatus.READ)
        assert rita.list_ids(READ) == [first]
        with pytest.raises(ReadOnlyLibraryError):
            rita.update_clipping(first, title="Renamed")
        with pytest.raises(ReadOnlyLibraryError):  # a status with another change: not made
            rita.update_clipping(second, status=ReadingStatus.READ, flagged=True)
        assert _status(rita, second) == "unread"
    with open_as(pg, office, "alice", cache_home / "a", monkeypatch) as alice:
        assert alice.list_ids(READ) == [first]  # neither bob's nor rita's reading


def test_the_teams_earlier_reading_is_everyones_start(pg, office, cache_home, monkeypatch):
    with open_as(pg, office, "alice", cache_home / "a", monkeypatch) as alice:
        clipping = alice.add_clipping(draft()).id
    # A library from before reading was personal: the status was on the clipping.
    done = pg.psql(f"UPDATE clipping SET status = 'read' WHERE id = {clipping}", database=office)
    assert done.returncode == 0, done.stderr
    with open_as(pg, office, "bob", cache_home / "b", monkeypatch) as bob:
        assert _status(bob, clipping) == "read"
        bob.update_clipping(clipping, status=ReadingStatus.UNREAD)
        assert _status(bob, clipping) == "unread"
    with open_as(pg, office, "alice", cache_home / "a", monkeypatch) as alice:
        assert _status(alice, clipping) == "read"


def test_nobody_marks_or_sees_anothers_reading_from_psql(pg, office, cache_home, monkeypatch):
    clipping = _read_by_alice(pg, office, cache_home, monkeypatch)
    mine = pg.psql(f"INSERT INTO readstate VALUES ({clipping}, 'alice', 'unread')",
                   user="bob", database=office)
    assert mine.returncode == 0, mine.stderr  # stamped as bob's own by the server
    seen = pg.psql("SELECT reader, status FROM readstate", user="bob", database=office)
    assert seen.stdout.split() == ["bob|unread"]
    changed = pg.psql("UPDATE readstate SET status = 'unread'", user="rita", database=office)
    assert changed.returncode == 0 and changed.stdout == ""  # rita has no rows to change
    refused = pg.psql("UPDATE clipping SET status = 'unread'", user="rita", database=office)
    assert refused.returncode != 0 and "permission denied" in refused.stderr
    with open_as(pg, office, "alice", cache_home / "a", monkeypatch) as alice:
        assert _status(alice, clipping) == "read"


def test_deleting_and_undoing_keeps_ones_own_reading(pg, office, cache_home, monkeypatch):
    clipping = _read_by_alice(pg, office, cache_home, monkeypatch)
    admin = ServerAddress.parse(address(pg, office))
    add_user(admin, "ada", TeamRole.ADMIN)
    with open_as(pg, office, "ada", cache_home / "d", monkeypatch) as ada:
        ada.update_clipping(clipping, status=ReadingStatus.READ)
        snapshot = ada.delete_clipping(clipping)
        ada.restore_clipping(snapshot)
        assert _status(ada, clipping) == "read"
