"""The core's library tests again, on a team library: the same tests, with ``library`` a
library on the real PostgreSQL server (superuser, a new database per test) instead of a folder.
One set of models, migrations and stores; both databases hold to the same tests.

Tests that are about a folder itself (reopening it, its files) are left out by name below,
each with the reason."""

from __future__ import annotations

import pytest

from clipper.core.library import Library
from tests.core.test_derived import *  # noqa: F403
from tests.core.test_entity_lifecycle import *  # noqa: F403
from tests.core.test_entity_suggestions import *  # noqa: F403
from tests.core.test_library import *  # noqa: F403
from tests.core.test_quote_speakers import *  # noqa: F403
from tests.core.test_reextract import *  # noqa: F403
from tests.core.test_search import *  # noqa: F403
from tests.core.test_title_mentions import *  # noqa: F403
from tests.team.conftest import TEMPLATE, _numbers


@pytest.fixture
def library(pg, cache_home):
    name = f"core-{next(_numbers)}"
    pg.psql(f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}')
    opened = Library.open(pg.url(database=name), create=False)
    yield opened
    opened.close()
    pg.psql(f'DROP DATABASE "{name}" WITH (FORCE)')


# About a library folder itself, or SQLite's numbering; not the team library's to pass:
del test_an_entity_with_an_alias_or_a_note_is_taxonomy_and_stays  # noqa: F821 - reopens the folder
del test_a_rejected_suggestion_is_not_offered_again_for_that_clipping  # noqa: F821 - the same
del test_merge_moves_mentions_and_keeps_the_name_as_an_alias  # noqa: F821 - SQLite reuses an id
del test_a_deleted_mark_comes_back_under_a_new_number_when_its_own_was_taken  # noqa: F821 - same
del test_new_library_has_wal_foreign_keys_and_the_bias_taxonomy  # noqa: F821 - SQLite pragmas
del test_reading_status_is_an_enum_stored_as_plain_text  # noqa: F821 - reads the SQLite file


def test_the_models_agree_with_the_migration_scripts_on_postgresql(pg):
    import warnings

    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    from clipper.core.address import ServerAddress
    from clipper.core.server import connect

    engine = connect(ServerAddress.parse(pg.url(database=TEMPLATE)))
    try:
        with engine.connect() as connection, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an expression index Alembic cannot reflect
            context = MigrationContext.configure(connection,
                                                 opts={"compare_server_default": True})
            differences = compare_metadata(context, SQLModel.metadata)
    finally:
        engine.dispose()
    # the list's date index is an expression index, made by migration 0003 and not declared
    # on the model (SQLite's reflection does not see it; PostgreSQL's does)
    assert [d for d in differences if not (d[0] == "remove_index"
                                           and d[1].name == "ix_clipping_list_date")] == []
