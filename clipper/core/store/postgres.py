"""A team library's home: a PostgreSQL database shared by a team, and this desktop's cache.

The server holds the truth (the same tables as a SQLite library, made by the same Alembic
scripts) and the change log each desktop's search index follows (``ChangeLogOutbox``). This
desktop keeps its Whoosh index, and the last change it has taken, in a cache folder named after
the server and database (``paths.team_cache_dir``). One process of the user's at a time keeps
that index (it holds the cache's lock); another (a ``clipper`` command while the window is open)
reads and writes the server as well, and leaves the indexing to the process that keeps it.

Permissions are the server's: a reader's role has no INSERT/UPDATE/DELETE, so the library
opens read-only for them, and a refusal from the server is told as a ``PermissionDeniedError``.
Writers take one advisory lock per transaction (``begin_write``), so change-log sequence numbers
become visible in order and a desktop following the log never skips one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psycopg
from filelock import FileLock, Timeout
from sqlalchemy import Engine, Integer, Select, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from clipper.core import paths
from clipper.core.address import ServerAddress
from clipper.core.backup import PRIVATE_FILE, BackupInfo
from clipper.core.db import current_revision, head_revision, migrate_server
from clipper.core.errors import (
    ClipperError,
    LibraryNotFoundError,
    ServerUnavailableError,
)
from clipper.core.models import ChangeLog
from clipper.core.server import connect, explain_server_error, first_line
from clipper.core.store.outbox import ChangeLogOutbox, FollowerOutbox
from clipper.core.team import grant_after_migration

log = logging.getLogger(__name__)

# The advisory lock every writing transaction takes (a constant of our own: "CLIP").
WRITE_LOCK = 0x434C4950
CURSOR_FILE = "changes.json"
BACKUP_HELP = ("A team library is backed up by its server's administrator (pg_dump; see "
               "docs/TEAM.md), not by Clipper.")


class PostgresBackend:
    """An open team library: the engine on the server, and this desktop's cache folder."""

    def __init__(self, address: ServerAddress, engine: Engine, folder: Path,
                 lock: FileLock | None, read_only: bool) -> None:
        self.address = address
        self.folder = folder
        self.read_only = read_only
        self._engine = engine
        self._lock = lock
        self._listener: psycopg.Connection[Any] | None = None
        self._listen_lock = threading.Lock()
        self._outbox: ChangeLogOutbox | FollowerOutbox
        if lock is not None:
            self._outbox = ChangeLogOutbox(folder / CURSOR_FILE, _server_key(engine, address))
            _forget_cursor_ahead_of_log(engine, self._outbox)
        else:
            self._outbox = FollowerOutbox()

    @property
    def engine(self) -> Engine:
        return self._engine

    @property
    def keeps_index(self) -> bool:
        """Whether this process keeps the desktop's search index (holds the cache's lock)."""
        return self._lock is not None

    @property
    def read_only_message(self) -> str:
        return (f"Your role in the team library {self.address} lets you read and export, not "
                "change; the change was not made. Ask its admin for the editor role.")

    @property
    def database_path(self) -> Path:
        raise ClipperError(f"{self.address} is a team library on a server; it has no database "
                           "file here. " + BACKUP_HELP)

    @property
    def backup_dir(self) -> Path:
        return self.folder / paths.BACKUP_DIR  # never written: backups are the server's

    @property
    def outbox(self) -> ChangeLogOutbox | FollowerOutbox:
        return self._outbox

    def begin_write(self, session: Session) -> None:
        """One writer at a time commits: the change log's numbers then appear in order."""
        session.connection().execute(select(func.pg_advisory_xact_lock(WRITE_LOCK)))

    def explain(self, exc: BaseException) -> ClipperError | None:
        """A server's refusal in words for the user (None: not one we can explain)."""
        return explain_server_error(exc, self.address)

    # -- opening and closing -------------------------------------------------------------------

    @classmethod
    def open(cls, address: ServerAddress, read_only: bool, create: bool) -> PostgresBackend:
        """Connect, check (and bring up to date) the schema, take this desktop's cache.
        ``create``: a database without a library is given one (the user needs the rights)."""
        engine = connect(address)
        try:
            revision = _revision(engine, address)
            if revision is None and not create:
                raise LibraryNotFoundError(
                    f"There is no Clipper library in the database {address}. A team library is "
                    f"made with 'clipper team init {address}'.")
            may_write = not read_only and (revision is None or _may_write(engine))
            if revision != head_revision():
                if not may_write:
                    raise LibraryNotFoundError(
                        f"The team library {address} needs an upgrade to open here; ask its "
                        f"admin to run 'clipper team init {address}' (it upgrades in place).")
                try:
                    migrate_server(engine)
                    grant_after_migration(engine, address.database)
                except DBAPIError as exc:
                    if revision is not None and getattr(exc.orig, "sqlstate", "") == "42501":
                        raise LibraryNotFoundError(
                            f"The team library {address} needs an upgrade to schema "
                            f"{head_revision()}; ask its owner to run 'clipper team init "
                            f"{address}' (it upgrades in place).") from None
                    raise explain_server_error(exc, address) or exc from None
                may_write = _may_write(engine)
        except BaseException:
            engine.dispose()
            raise
        folder = paths.team_cache_dir(address.cache_key)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        lock: FileLock | None = FileLock(str(folder / paths.LOCK_NAME), mode=PRIVATE_FILE)
        try:
            assert lock is not None
            lock.acquire(timeout=0)
        except Timeout:
            lock = None  # another process of ours keeps the index; this one only reads it
        return cls(address, engine, folder, lock, read_only or not may_write)

    def abandon_open(self, exc: BaseException, verify: bool) -> None:
        self.close()

    def close(self) -> None:
        with self._listen_lock:
            self._stop_listening()
        self._engine.dispose()
        if self._lock is not None:
            self._lock.release()

    # -- integrity -----------------------------------------------------------------------------

    def integrity_check(self, session: Session) -> str:
        """The server keeps its own pages sound; "ok" when it answers."""
        session.connection().execute(text("SELECT 1"))
        return "ok"

    @contextmanager
    def staged_ids(self, session: Session, ids: list[int]) -> Iterator[Select[Any]]:
        """``ids`` as one array parameter, unnested into a subquery (any number of them)."""
        yield select(func.unnest(func.cast(ids, ARRAY(Integer))).label("id"))

    def find_damage(self) -> str | None:
        return None  # the server's own business (its checksums, its administrator)

    # -- changes made by others ----------------------------------------------------------------

    def wait_for_change(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the server to announce a change (each change
        log row is announced at commit: ``NOTIFY clipper_changes``); True when one came. A
        connection of its own listens; announcements already waiting are all taken."""
        with self._listen_lock:
            try:
                listener = self._listener or self._listen()
                came = any(True for _ in listener.notifies(timeout=timeout, stop_after=1))
                if came:
                    for _ in listener.notifies(timeout=0.01):  # the rest of a burst
                        pass
                return came
            except psycopg.Error as exc:
                self._stop_listening()
                raise ServerUnavailableError(
                    f"Cannot reach the team library {self.address} ({first_line(exc)}).") \
                    from None

    def _listen(self) -> psycopg.Connection[Any]:
        raw = self._engine.raw_connection()
        listener = raw.driver_connection
        raw.detach()  # this connection listens for good; it never goes back to the pool
        assert isinstance(listener, psycopg.Connection)
        listener.rollback()
        listener.autocommit = True
        listener.execute("LISTEN clipper_changes")
        self._listener = listener
        return listener

    def _stop_listening(self) -> None:
        if self._listener is not None:
            try:
                self._listener.close()
            except psycopg.Error:
                pass
            self._listener = None

    def data_version(self) -> int:
        """The newest change-log number: it changes whenever anyone changes a clipping."""
        try:
            with self._engine.connect() as connection:
                return int(connection.execute(
                    select(func.coalesce(func.max(ChangeLog.seq), 0))).scalar_one())
        except DBAPIError as exc:
            raise explain_server_error(exc, self.address) or exc from None

    # -- backups: the server's -----------------------------------------------------------------

    def backup(self, reason: str) -> Path:
        raise ClipperError(BACKUP_HELP)

    def backups(self) -> list[BackupInfo]:
        return []

    def backup_due(self) -> bool:
        return False


def _revision(engine: Engine, address: ServerAddress) -> str | None:
    try:
        return current_revision(engine)
    except DBAPIError as exc:
        raise explain_server_error(exc, address) or exc from None


def _may_write(engine: Engine) -> bool:
    """Whether this user's role may change clippings (an editor or an admin)."""
    with engine.connect() as connection:
        return bool(connection.execute(text(
            "SELECT has_table_privilege('clipping', 'INSERT')")).scalar_one())


def _server_key(engine: Engine, address: ServerAddress) -> str:
    """What makes this database this one: the server, the database's name and its oid (a
    database dropped and made again, or restored into a new one, gets a cursor of its own)."""
    with engine.connect() as connection:
        oid = connection.execute(text(
            "SELECT oid FROM pg_database WHERE datname = current_database()")).scalar_one()
    return f"{address.host}:{address.port}/{address.database}/{oid}"


def _forget_cursor_ahead_of_log(engine: Engine, outbox: ChangeLogOutbox) -> None:
    """A cursor past the newest change belongs to a database restored from an older dump in
    place: the index is built again rather than missing what the restored log numbers anew."""
    cursor = outbox.cursor
    if cursor is None:
        return
    with engine.connect() as connection:
        newest: int = connection.execute(
            select(func.coalesce(func.max(ChangeLog.seq), 0))).scalar_one()
    if cursor > newest:
        outbox.forget()
