"""Where a library lives: a folder on this computer, or a team library on a PostgreSQL server.

A server address is a libpq connection URI (``postgresql://alice@db.example.org/press``,
``?sslmode=require``, ``?host=/run/postgresql`` for a socket). Passwords come from libpq's own
mechanisms (``PGPASSWORD``, ``~/.pgpass``, a service file) or the system keyring; an address
that carries one is accepted but the password is never shown (``display``) or stored.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from clipper.core.errors import InvalidInputError

if TYPE_CHECKING:  # SQLAlchemy is imported when an address is parsed, not by every start
    from sqlalchemy.engine import URL

SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def is_server_address(text: str | os.PathLike[str]) -> bool:
    return isinstance(text, str) and text.strip().lower().startswith(SCHEMES)


@dataclass(frozen=True)
class ServerAddress:
    """A team library's address, checked (see the module's documentation)."""

    url: URL

    @classmethod
    def parse(cls, text: str) -> ServerAddress:
        text = text.strip()
        if not is_server_address(text):
            raise InvalidInputError(f"{_masked(text)} is not a PostgreSQL address "
                                    "(postgresql://user@host/database).")
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        if text.lower().startswith("postgres://"):
            text = "postgresql://" + text[len("postgres://"):]
        try:
            url = make_url(text)
        except (ArgumentError, ValueError) as exc:
            raise InvalidInputError(f"{_masked(text)} is not a PostgreSQL address ({exc}).") \
                from None
        if not url.database:
            raise InvalidInputError(f"The address {_masked(text)} names no database "
                                    "(postgresql://user@host/database).")
        return cls(url.set(drivername="postgresql+psycopg"))

    @property
    def database(self) -> str:
        return str(self.url.database)

    @property
    def user(self) -> str | None:
        return self.url.username

    @property
    def host(self) -> str:
        """The server's host name, or the socket folder (``?host=``), or "localhost"."""
        query_host = self.url.query.get("host")
        if isinstance(query_host, tuple):
            query_host = query_host[0]
        return self.url.host or query_host or "localhost"

    @property
    def port(self) -> int:
        query_port = self.url.query.get("port")
        if isinstance(query_port, tuple):
            query_port = query_port[0]
        return int(self.url.port or query_port or 5432)

    @property
    def display(self) -> str:
        """The address as the user may see it: never with a password."""
        shown = self.url.set(drivername="postgresql", password=None)
        return shown.render_as_string(hide_password=True)

    def __str__(self) -> str:
        return self.display

    @property
    def cache_key(self) -> str:
        """A folder name for this desktop's cache of the library (its search index)."""
        host = re.sub(r"[^A-Za-z0-9._-]+", "_", self.host.strip("/")) or "socket"
        database = re.sub(r"[^A-Za-z0-9._-]+", "_", self.database)
        return f"{host}-{self.port}-{database}"

    def with_password(self, password: str | None) -> ServerAddress:
        return ServerAddress(self.url.set(password=password))

    def with_database(self, database: str) -> ServerAddress:
        return ServerAddress(self.url.set(database=database))


def _masked(text: str) -> str:
    """``text`` with any password in it replaced by ***."""
    return re.sub(r"(://[^:/@?#]*:)[^@/?#]*@", r"\1***@", text)


LibraryLocation = Path | ServerAddress


def parse_location(text: str | os.PathLike[str]) -> LibraryLocation:
    """A folder (``~`` expanded, made absolute) or a server address."""
    if is_server_address(text):
        return ServerAddress.parse(str(text))
    return Path(text).expanduser().resolve()
