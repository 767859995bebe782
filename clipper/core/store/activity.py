"""A team library's activity: who changed which clipping, how and when, newest first, read from
the server's change log (authors and times set by the server). A library in a folder has one
person and no log: its activity is empty."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import col, select

from clipper.core.models import ChangeLog, Clipping
from clipper.core.store.unit_of_work import UnitOfWork

ACTIVITY_LIMIT = 200


@dataclass(frozen=True)
class ActivityItem:
    seq: int
    at: datetime | None  # UTC, the server's clock
    author: str | None
    what: str  # "captured", "highlighted", "deleted", ...
    clipping_id: int
    title: str | None  # None: the clipping is gone since


class ActivityStore:
    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def activity(self, author: str | None = None,
                 limit: int = ACTIVITY_LIMIT) -> list[ActivityItem]:
        """The latest changes (by ``author`` when given), newest first."""
        query = (select(ChangeLog, Clipping.title)
                 .join(Clipping, col(Clipping.id) == ChangeLog.clipping_id, isouter=True)
                 .order_by(col(ChangeLog.seq).desc()).limit(limit))
        if author:
            query = query.where(ChangeLog.author == author)
        with self._work.session() as session:
            return [ActivityItem(row.seq or 0, row.at, row.author, row.what or "changed",
                                 row.clipping_id, title)
                    for row, title in session.exec(query)]

    def activity_authors(self) -> list[str]:
        """Everyone who has changed something, by name."""
        with self._work.session() as session:
            names = session.exec(select(ChangeLog.author).distinct()
                                 .where(col(ChangeLog.author).is_not(None)))
            return sorted(name for name in names if name)
