"""Whose reading a clipping's status is.

In a library in a folder there is one reader, and the status is the clipping's own column. In
a team library each person reads for themselves: their read/unread is a ``ReadState`` row that
the server stamps with the database user and shows to that user only (row-level security,
clipper.core.team); without a row, the clipping's column holds (the team's reading from before
reading became personal, and "unread" for what was captured since).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import literal_column, text
from sqlmodel import Session, col, func, select

from clipper.core.errors import EditConflictError, InvalidInputError
from clipper.core.kinds import ReadingStatus
from clipper.core.models import Clipping, ReadState
from clipper.core.store.edits import comparable

UNSEEN = object()  # the status the user saw is not known: whatever is stored may change
_ME: Any = literal_column("session_user")  # the database user, as the server knows them


def status_column(personal: bool) -> Any:
    """The status as the person reading sees it, for queries (rows, filters, counts)."""
    if not personal:
        return col(Clipping.status)
    mine = (select(ReadState.status)
            .where(ReadState.clipping_id == Clipping.id, ReadState.reader == _ME)
            .correlate(Clipping).scalar_subquery())
    return func.coalesce(mine, col(Clipping.status))


def personal_status(session: Session, clipping: Clipping) -> str:
    mine = session.exec(select(ReadState.status).where(
        ReadState.clipping_id == clipping.id, ReadState.reader == _ME)).first()
    return mine or clipping.status


def set_personal_status(session: Session, clipping_id: int, status: ReadingStatus) -> None:
    """This person's reading of one clipping (the server fills in who they are)."""
    session.connection().execute(text(
        "INSERT INTO readstate (clipping_id, reader, status) "
        "VALUES (:clipping, session_user, :status) "
        "ON CONFLICT (clipping_id, reader) DO UPDATE SET status = excluded.status"),
        {"clipping": clipping_id, "status": status.value})


def mark_in(session: Session, clipping: Clipping, status: Any, seen: Any) -> None:
    """This person's reading of ``clipping`` (a team library), unless what they saw (``seen``)
    is no longer theirs (another of their desktops changed it)."""
    if status not in ReadingStatus:
        raise InvalidInputError(f"Status must be one of {', '.join(ReadingStatus)}.")
    stored = personal_status(session, clipping)
    if seen is not UNSEEN and comparable("status", stored) != comparable("status", seen):
        raise EditConflictError(clipping.title, "status", stored, None)
    assert clipping.id is not None
    set_personal_status(session, clipping.id, ReadingStatus(status))
