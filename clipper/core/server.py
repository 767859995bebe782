"""Talking to a team library's server: connecting once with a clear error, and the server's
refusals told in words for the user (never with a password in them)."""

from __future__ import annotations

import re

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm.exc import StaleDataError

from clipper.core.address import ServerAddress
from clipper.core.errors import (
    ClipperError,
    LibraryNotFoundError,
    PermissionDeniedError,
    ServerLoginError,
    ServerUnavailableError,
)


def connect(address: ServerAddress) -> Engine:
    """An engine on the server, tried once (a clear error when it cannot be reached)."""
    engine = create_engine(address.url, pool_pre_ping=True, pool_size=4, max_overflow=4,
                           connect_args={"connect_timeout": 10,
                                         "application_name": "Clipper"})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except DBAPIError as exc:
        engine.dispose()
        raise explain_server_error(exc, address) or ServerUnavailableError(
            f"Cannot reach the team library {address}.") from None
    return engine


def explain_server_error(exc: BaseException, address: ServerAddress) -> ClipperError | None:
    """A server's answer in words for the user, never with a password in it."""
    if isinstance(exc, StaleDataError):
        return PermissionDeniedError(
            "The change was not made: someone else has changed or removed this meanwhile, or "
            "it is not yours to change (in a team library an editor changes only their own "
            "notes and bias notes).")
    orig = getattr(exc, "orig", None)
    sqlstate = getattr(orig, "sqlstate", None) or _connect_sqlstate(str(orig or ""))
    detail = first_line(orig)
    if sqlstate == "42501":  # insufficient_privilege
        return PermissionDeniedError(
            f"Your role in the team library {address} does not allow this ({detail}). "
            "Ask the library's admin for the editor or admin role.")
    if sqlstate.startswith("28"):  # invalid authorisation: password, unknown user
        return ServerLoginError(
            f"The server refused the connection to {address} ({detail}). Check the user name "
            "and the password (PGPASSWORD, ~/.pgpass or the system keyring).")
    if sqlstate == "3D000":  # invalid_catalog_name
        return LibraryNotFoundError(f"There is no database {address.database!r} on the server "
                                    f"of {address}.")
    if sqlstate.startswith("08") or (isinstance(exc, DBAPIError)
                                     and exc.connection_invalidated) or not sqlstate and orig:
        return ServerUnavailableError(
            f"Cannot reach the team library {address} ({detail}). Check that the server "
            "is running and reachable from here.")
    return None


def _connect_sqlstate(message: str) -> str:
    """libpq's refusals while connecting carry no SQLSTATE; their words tell which it was."""
    if "password authentication failed" in message or "no password supplied" in message \
            or re.search(r'role "[^"]*" does not exist', message):
        return "28P01"
    if re.search(r'database "[^"]*" does not exist', message):
        return "3D000"
    return ""


def first_line(orig: object) -> str:
    """The server's own words: the first line, after libpq's "connection to ... failed"."""
    message = str(orig or "").strip().splitlines()
    line = message[0] if message else "no answer"
    if "FATAL:" in line:
        line = line.rsplit("FATAL:", 1)[1]
    return " ".join(line.split())
