"""A real PostgreSQL server for the team library's tests (never a mock): one cluster for the
session, a database per test made from a migrated template (migrating takes seconds)."""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from clipper.core.address import ServerAddress
from clipper.core.db import migrate_server
from clipper.core.server import connect
from clipper.core.team import init_team
from tests import pgserver

TEMPLATE = "clipper_template"
_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg() -> Iterator[pgserver.PgServer]:
    if not pgserver.available():
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; .ci/run installs it (Debian: postgresql)")
        pytest.skip("PostgreSQL is not installed (Debian: postgresql); CI runs these tests")
    with pgserver.running_server() as server:
        server.psql(f"CREATE DATABASE {TEMPLATE}")
        engine = connect(ServerAddress.parse(server.url(database=TEMPLATE)))
        migrate_server(engine)
        engine.dispose()
        yield server


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's desktop cache (where a team library's search index is kept)."""
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture
def team_db(pg: pgserver.PgServer, cache_home: Path) -> Iterator[str]:
    """A new team library (its name has a dash: names are quoted), made by the superuser."""
    name = f"press-{next(_numbers)}"
    pg.psql(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
    init_team(ServerAddress.parse(pg.url(database=name)))
    yield name
    pg.psql(f'DROP DATABASE "{name}" WITH (FORCE)')
    for role in ("reader", "editor", "admin"):
        pg.psql(f'DROP ROLE IF EXISTS "{name}_{role}"')


def address(pg: pgserver.PgServer, database: str, user: str = pgserver.SUPERUSER) -> str:
    return pg.url(user=user, database=database)
