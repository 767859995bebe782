"""Setting up a team library on PostgreSQL: its schema, its three roles and its users.

Permissions are the server's, so that a reader who opens ``psql`` still cannot write:

- ``<database>_reader``: search, read, export (SELECT on every table);
- ``<database>_editor``: a reader who also captures, annotates and builds collections (INSERT and
  UPDATE on the library's content; DELETE on marks, entity tags, tags and collections, but not on
  clippings, bias categories or feeds). Row-level security lets an editor change or remove only
  their own notes and bias notes;
- ``<database>_admin``: everything on the library's tables: the bias taxonomy, feeds, deleting
  clippings, and anyone's notes. Adding and removing people (``add_user``) needs a server role
  with CREATEROLE, which the DBA gives the team's administrator (docs/TEAM.md).

The roles cannot log in; each person has a login role of their own, made a member of one of
them. Names are quoted as identifiers (``psycopg.sql.Identifier``) and passwords are sent only
as SCRAM verifiers computed here, so the server never sees (or logs) a password in clear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from clipper.core.address import ServerAddress
from clipper.core.db import head_revision, migrate_server
from clipper.core.errors import InvalidInputError, NotFoundError
from clipper.core.kinds import TeamRole
from clipper.core.server import connect, explain_server_error

# What an editor may do beyond reading, table by table.
EDITOR_WRITES: dict[str, str] = {
    "clipping": "INSERT, UPDATE",
    "source": "INSERT, UPDATE",
    "tag": "INSERT, UPDATE, DELETE",
    "clippingtag": "INSERT, UPDATE, DELETE",
    "entity": "INSERT, UPDATE, DELETE",
    "entityalias": "INSERT, UPDATE, DELETE",
    "mention": "INSERT, UPDATE, DELETE",
    "annotation": "INSERT, UPDATE, DELETE",  # their own only (row-level security)
    "biasnote": "INSERT, UPDATE, DELETE",  # their own only (row-level security)
    "collection": "INSERT, UPDATE, DELETE",
    "collectionitem": "INSERT, UPDATE, DELETE",
    "savedsearch": "INSERT, UPDATE, DELETE",
    "setting": "INSERT, UPDATE",
    "feed": "UPDATE",  # refreshing a feed notes when it was read; adding one is the admin's
    "feedentry": "INSERT, UPDATE",
    "suggestionrejection": "INSERT, UPDATE, DELETE",
    "shingle": "INSERT, UPDATE, DELETE",
    "shinglestate": "INSERT, UPDATE, DELETE",
    "changelog": "INSERT",
}
OWN_ROWS = ("annotation", "biasnote")  # an editor changes only the rows they made
# Everyone, readers too, marks their own reading; nobody sees or changes another's.
PERSONAL_ROWS = ("readstate",)
SERVER_TABLES = ("alembic_version", "indexqueue")  # nobody's but the owner's to write


@dataclass(frozen=True)
class TeamUser:
    name: str
    role: TeamRole
    can_login: bool


def role_name(database: str, role: TeamRole) -> str:
    return f"{database}_{role.value}"


def check_user_name(name: str) -> str:
    name = name.strip()
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.@-]{0,62}", name):
        raise InvalidInputError(
            f"{name!r} cannot be a user name: use letters, digits, '_', '.', '@' or '-', "
            "starting with a letter, at most 63 characters.")
    return name


def init_team(address: ServerAddress) -> list[str]:
    """Make (or bring up to date) the team library at ``address``: the schema, the three roles
    and their rights. Safe to run again. Returns what was done, in words."""
    engine = connect(address)
    done = []
    try:
        with engine.connect() as connection:
            before = connection.execute(text(
                "SELECT to_regclass('alembic_version') IS NOT NULL")).scalar_one()
        try:
            migrate_server(engine)
        except DBAPIError as exc:
            raise explain_server_error(exc, address) or exc from None
        done.append(f"schema {head_revision()} {'up to date' if before else 'created'}")
        with engine.begin() as connection:
            made = _create_roles(connection, address.database)
            grant_roles(connection, address.database)
        if made:
            done.append("roles " + ", ".join(made) + " created")
        done.append("rights granted to " + ", ".join(
            role_name(address.database, r) for r in TeamRole))
    except DBAPIError as exc:
        raise explain_server_error(exc, address) or exc from None
    finally:
        engine.dispose()
    return done


def _create_roles(connection: Connection, database: str) -> list[str]:
    made = []
    for role in TeamRole:
        name = role_name(database, role)
        exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                    {"n": name}).first()
        if exists is None:
            _execute(connection, sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
            made.append(name)
    _execute(connection, sql.SQL("GRANT {} TO {}").format(
        sql.Identifier(role_name(database, TeamRole.READER)),
        sql.Identifier(role_name(database, TeamRole.EDITOR))))
    _execute(connection, sql.SQL("GRANT {} TO {}").format(
        sql.Identifier(role_name(database, TeamRole.EDITOR)),
        sql.Identifier(role_name(database, TeamRole.ADMIN))))
    return made


def roles_exist(connection: Connection, database: str) -> bool:
    return connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                              {"n": role_name(database, TeamRole.READER)}).first() is not None


def grant_roles(connection: Connection, database: str) -> None:
    """The three roles' rights on every table (again after each migration: new tables)."""
    reader, editor, admin = (sql.Identifier(role_name(database, r)) for r in TeamRole)
    db = sql.Identifier(database)
    _execute(connection, sql.SQL("REVOKE CONNECT ON DATABASE {} FROM PUBLIC").format(db))
    _execute(connection, sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(db, reader))
    _execute(connection, sql.SQL("REVOKE CREATE ON SCHEMA public FROM PUBLIC"))
    _execute(connection, sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(reader))
    tables = [row[0] for row in connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))]
    for table in tables:
        name = sql.Identifier(table)
        _execute(connection, sql.SQL("GRANT SELECT ON {} TO {}").format(name, reader))
        if table in PERSONAL_ROWS:
            _execute(connection, sql.SQL("GRANT INSERT, UPDATE, DELETE ON {} TO {}").format(
                name, reader))
        if table in SERVER_TABLES:
            continue
        _execute(connection, sql.SQL("GRANT ALL ON {} TO {}").format(name, admin))
        rights = EDITOR_WRITES.get(table)
        if rights:
            _execute(connection, sql.SQL("GRANT " + rights + " ON {} TO {}").format(name, editor))
    _execute(connection, sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}")
             .format(editor))
    for table in OWN_ROWS:
        _own_rows_only(connection, table, role_name(database, TeamRole.ADMIN))
    for table in PERSONAL_ROWS:
        _personal_rows(connection, table)


def _personal_rows(connection: Connection, table: str) -> None:
    """Row-level security on ``table``: each person reads and writes their own rows only (the
    server sets ``reader``); not even an admin sees another's."""
    name = sql.Identifier(table)
    _execute(connection, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
    _execute(connection, sql.SQL("DROP POLICY IF EXISTS own_reading ON {}").format(name))
    _execute(connection, sql.SQL("CREATE POLICY own_reading ON {} FOR ALL USING "
                                 "(reader = session_user) WITH CHECK (reader = session_user)")
             .format(name))


def _own_rows_only(connection: Connection, table: str, admin: str) -> None:
    """Row-level security on ``table``: everyone reads and adds; only the row's author or an
    admin changes or removes it (the table's owner, who migrates, is not bound by it)."""
    name = sql.Identifier(table)
    _execute(connection, sql.SQL("ALTER TABLE {} ENABLE ROW LEVEL SECURITY").format(name))
    mine = sql.SQL("created_by = session_user OR pg_has_role(session_user, {}, 'MEMBER')").format(
        sql.Literal(admin))
    policies = {
        "team_read": sql.SQL("FOR SELECT USING (true)"),
        "team_add": sql.SQL("FOR INSERT WITH CHECK (true)"),
        "own_change": sql.SQL("FOR UPDATE USING ({}) WITH CHECK (true)").format(mine),
        "own_remove": sql.SQL("FOR DELETE USING ({})").format(mine),
    }
    for policy, rule in policies.items():
        _execute(connection, sql.SQL("DROP POLICY IF EXISTS {} ON {}").format(
            sql.Identifier(policy), name))
        _execute(connection, sql.SQL("CREATE POLICY {} ON {} ").format(
            sql.Identifier(policy), name) + rule)


def add_user(address: ServerAddress, name: str, role: TeamRole,
             password: str | None = None) -> bool:
    """Give ``name`` the ``role`` in the team library (made a login role when there is none;
    ``password`` is then set). Another team role they had is taken away. Returns whether the
    login was made."""
    name = check_user_name(name)
    engine = connect(address)
    try:
        with engine.begin() as connection:
            _need_team(connection, address)
            exists = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"),
                                        {"n": name}).first() is not None
            user = sql.Identifier(name)
            if not exists:
                _execute(connection, sql.SQL("CREATE ROLE {} LOGIN").format(user))
            if password:
                verifier = _scram_verifier(connection, name, password)
                _execute(connection, sql.SQL("ALTER ROLE {} PASSWORD {}").format(
                    user, sql.Literal(verifier)))
            for other in TeamRole:
                if other is not role:
                    _execute(connection, sql.SQL("REVOKE {} FROM {}").format(
                        sql.Identifier(role_name(address.database, other)), user))
            _execute(connection, sql.SQL("GRANT {} TO {}").format(
                sql.Identifier(role_name(address.database, role)), user))
    except DBAPIError as exc:
        raise explain_server_error(exc, address) or exc from None
    finally:
        engine.dispose()
    return not exists


def remove_user(address: ServerAddress, name: str) -> None:
    """Take ``name``'s team role away (their login stays: the server may use it elsewhere;
    what they made stays, with their name on it)."""
    name = check_user_name(name)
    engine = connect(address)
    try:
        with engine.begin() as connection:
            _need_team(connection, address)
            if name not in {user.name for user in _users(connection, address.database)}:
                raise NotFoundError(f"{name} is not a user of the team library {address}.")
            for role in TeamRole:
                _execute(connection, sql.SQL("REVOKE {} FROM {}").format(
                    sql.Identifier(role_name(address.database, role)), sql.Identifier(name)))
    except DBAPIError as exc:
        raise explain_server_error(exc, address) or exc from None
    finally:
        engine.dispose()


def list_users(address: ServerAddress) -> list[TeamUser]:
    """The team's people and their roles, by name."""
    engine = connect(address)
    try:
        with engine.connect() as connection:
            _need_team(connection, address)
            return _users(connection, address.database)
    except DBAPIError as exc:
        raise explain_server_error(exc, address) or exc from None
    finally:
        engine.dispose()


def _users(connection: Connection, database: str) -> list[TeamUser]:
    by_role = {role_name(database, r): r for r in TeamRole}
    rows = connection.execute(text(
        "SELECT member.rolname, team.rolname, member.rolcanlogin "
        "FROM pg_auth_members m JOIN pg_roles team ON team.oid = m.roleid "
        "JOIN pg_roles member ON member.oid = m.member "
        "WHERE team.rolname = ANY(:roles) AND NOT member.rolname = ANY(:roles) "
        "ORDER BY member.rolname"), {"roles": list(by_role)})
    strongest: dict[str, TeamUser] = {}
    order = list(TeamRole)
    for member, team, can_login in rows:
        role = by_role[team]
        known = strongest.get(member)
        if known is None or order.index(role) > order.index(known.role):
            strongest[member] = TeamUser(member, role, bool(can_login))
    return sorted(strongest.values(), key=lambda u: u.name)


def _need_team(connection: Connection, address: ServerAddress) -> None:
    if not roles_exist(connection, address.database):
        raise NotFoundError(f"{address} is not a team library yet; make it one with "
                            f"'clipper team init {address}'.")


def _scram_verifier(connection: Connection, name: str, password: str) -> str:
    """The SCRAM-SHA-256 verifier libpq computes for ``password`` (the password itself never
    leaves this computer)."""
    raw = connection.connection.driver_connection
    verifier: bytes = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode("utf-8"), name.encode("utf-8"), b"scram-sha-256")
    return verifier.decode("ascii")


def _execute(connection: Connection, statement: sql.Composable) -> None:
    """``statement`` on the driver's own connection, inside the caller's transaction (psycopg
    composes the quoted names itself)."""
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute(statement)


def grant_after_migration(engine: Engine, database: str) -> None:
    """Rights on the tables a migration made, when the library is a team's."""
    with engine.begin() as connection:
        if roles_exist(connection, database):
            grant_roles(connection, database)


def describe_access(address: ServerAddress) -> str:
    """What the user at ``address`` would find there, in words (for "Test" in Preferences);
    raises the server's refusal as a ``ClipperError``."""
    engine = connect(address)
    try:
        with engine.connect() as connection:
            revision = _revision_on_connection(connection)
            if revision is None:
                return (f"The database {address.database} holds no Clipper library yet; its "
                        f"owner makes one with 'clipper team init {address}'.")
            writes = connection.execute(text(
                "SELECT has_table_privilege('clipping', 'INSERT')")).scalar_one()
            deletes = connection.execute(text(
                "SELECT has_table_privilege('clipping', 'DELETE')")).scalar_one()
            count = connection.execute(text("SELECT count(*) FROM clipping")).scalar_one()
    except DBAPIError as exc:
        raise explain_server_error(exc, address) or exc from None
    finally:
        engine.dispose()
    role = "admin" if deletes else "editor" if writes else "reader"
    return (f"Connected: a team library of {count:,} clipping{'s' if count != 1 else ''}; "
            f"you are {'an' if role[0] in 'ae' else 'a'} {role}.")


def _revision_on_connection(connection: Connection) -> str | None:
    exists = connection.execute(text("SELECT to_regclass('alembic_version') IS NOT NULL")
                                ).scalar_one()
    if not exists:
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
