"""A clipping's edit in a team library's terms: whether a field still holds what the user
saw (two people, one clipping), who changed the clipping last, and the edit in the words of
the activity view."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from clipper.core.kinds import ReadingStatus
from clipper.core.models import ChangeLog, Clipping, Source


def stored_value(session: Session, clipping: Clipping, name: str) -> Any:
    if name == "authors":
        return [a for a in clipping.authors.splitlines() if a.strip()]
    if name == "source_name":
        source = session.get(Source, clipping.source_id) if clipping.source_id else None
        return source.name if source else None
    return getattr(clipping, name)


def comparable(name: str, value: Any) -> Any:
    """A field's value as stored, to tell whether it changed (not how it was typed)."""
    if name == "authors":
        return [a.strip() for a in value or [] if a.strip()]
    if name == "title":
        return " ".join(str(value or "").split())
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).replace(tzinfo=None)
    if isinstance(value, str):
        cleared = name in ("url", "source_name", "language", "wire")  # blank: none
        return value.strip() or None if cleared else value
    return value


def last_author(session: Session, clipping_id: int) -> str | None:
    """Who changed the clipping last, in a team library (None in a folder library)."""
    return session.exec(select(ChangeLog.author).where(ChangeLog.clipping_id == clipping_id)
                        .order_by(col(ChangeLog.seq).desc()).limit(1)).first()


def what_changed(changes: dict[str, Any]) -> str:
    """An edit in the words of a team library's activity view."""
    if set(changes) == {"status"}:
        return f"marked {ReadingStatus(changes['status']).value}"
    if set(changes) == {"flagged"}:
        return "flagged" if changes["flagged"] else "unflagged"
    if set(changes) == {"summary"}:
        return "wrote the summary"
    return "edited " + ", ".join(sorted(changes)).replace("source_name", "outlet")
