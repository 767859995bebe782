"""The SQLite database: engine set-up, migrations (Alembic) and the default taxonomy."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.pool import QueuePool
from sqlmodel import Session, select

from clipper.core.backup import backup_database
from clipper.core.errors import LibraryDamagedError
from clipper.core.integrity import read_only_uri
from clipper.core.models import BiasCategory
from clipper.core.taxonomy import DEFAULT_CATEGORIES

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def create_library_engine(database: Path, read_only: bool = False) -> Engine:
    """An engine on ``database`` with WAL, foreign keys and a patient busy timeout."""
    if read_only:
        uri = read_only_uri(database)
        engine = create_engine("sqlite://", poolclass=QueuePool, creator=lambda: sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=30))
    else:
        engine = create_engine(f"sqlite:///{database}",
                               connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()
        # SQLite's own lower() folds ASCII letters only: "Österreich" and "ÖSTERREICH" were two
        # names to it, where the library compares names without case (tags, entities, outlets,
        # collections). Python's takes its place, as PostgreSQL's knows every script.
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    return engine


def _lower(value: str | bytes | int | float | None) -> str | bytes | int | float | None:
    return value.lower() if isinstance(value, str) else value


# The newest schema revision. Alembic (slow to import) is loaded only when a library must be
# migrated; a test checks that this agrees with the migration scripts.
SCHEMA_HEAD = "0009"


def _alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return SCHEMA_HEAD


def script_head() -> str | None:
    """The head revision according to the migration scripts themselves."""
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return _revision_on(connection)


def migrate(engine: Engine, database: Path, backup_dir: Path) -> None:
    """Bring the schema to the newest version, backing the library up before touching it."""
    try:
        current = current_revision(engine)
    except Exception as exc:  # sqlite3.DatabaseError: not a database, or damaged
        raise LibraryDamagedError(
            f"The library database {database} cannot be read ({exc}). "
            "Restore a backup with 'clipper restore'."
        ) from exc
    head = head_revision()
    if current == head:
        return
    if current is not None:
        backup_database(database, backup_dir, reason=f"before-migration-{current}")
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if current is None:
        _seed_taxonomy(engine)


def migrate_server(engine: Engine) -> None:
    """Bring a team library's schema to the newest version (on PostgreSQL: in one
    transaction, under a lock so two desktops opening at once do not both migrate). Backups
    are the server's (its administrator's pg_dump), not Clipper's. The team's roles are then
    given their rights on new tables (``team.grant_after_migration``)."""
    from alembic import command

    config = _alembic_config()
    with engine.begin() as connection:
        connection.execute(text("SELECT pg_advisory_xact_lock(1129072976)"))  # "CLIP" + 0
        if _revision_on(connection) == head_revision():
            return
        new = _revision_on(connection) is None
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
    if new:
        _seed_taxonomy(engine)


def _revision_on(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _seed_taxonomy(engine: Engine) -> None:
    with Session(engine) as session:
        if session.exec(select(BiasCategory)).first() is not None:
            return
        for position, spec in enumerate(DEFAULT_CATEGORIES):
            session.add(BiasCategory(key=spec.key, name=spec.name, description=spec.description,
                                     color=spec.color, position=position))
        session.commit()


def utcnow() -> datetime:
    return datetime.now(UTC)
