"""The index outbox: which clippings' search documents changed since the index last caught up.

Two kinds, one interface, chosen by the backend:

- ``QueueOutbox`` (a SQLite library): the ``IndexQueue`` table. One index follows the database,
  so a row is deleted once its change is in the index.
- ``ChangeLogOutbox`` (a team library): the server's ``ChangeLog``, appended to and never
  consumed, since every desktop has its own index. A desktop keeps the last sequence number
  its index has taken in a file beside the index; it never writes to the server for that, so a
  reader (who may not write) keeps a live index too.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import insert, text
from sqlmodel import Session, col, delete, func, select

from clipper.core.models import ChangeLog, Clipping, IndexQueue


@dataclass
class Batch:
    """Changed clippings taken from the outbox, and what marks them done."""

    ids: list[int]
    rows: list[int] = field(default_factory=list)  # IndexQueue ids, or ChangeLog sequence numbers


class Outbox(Protocol):
    """What the unit of work asks of an outbox."""

    writes_to_database: bool  # whether taking changes off the outbox writes to the database

    def queue(self, session: Session, clipping_id: int, what: str = "") -> None: ...

    def queue_many(self, session: Session, clipping_ids: list[int], what: str = "") -> None:
        """``queue`` for each of ``clipping_ids``, in one statement (a bulk capture)."""
        ...

    def log(self, session: Session, clipping_id: int, what: str) -> None:
        """Record a change that leaves the clipping's search document as it was (a place in
        a collection) where the library keeps a record of who did what."""
        ...

    def pending(self, session: Session) -> int: ...

    def take(self, session: Session, limit: int) -> Batch: ...

    def done(self, session: Session, batch: Batch) -> None: ...

    def needs_rebuild(self) -> bool: ...

    def start_rebuild(self, session: Session) -> int: ...

    def rebuilt(self, session: Session, ids: list[int]) -> None: ...

    def finish_rebuild(self, mark: int) -> None: ...


class QueueOutbox:
    """The ``IndexQueue`` table of a library one index follows."""

    writes_to_database = True

    def queue(self, session: Session, clipping_id: int, what: str = "") -> None:
        session.add(IndexQueue(clipping_id=clipping_id))

    def queue_many(self, session: Session, clipping_ids: list[int], what: str = "") -> None:
        if clipping_ids:
            session.execute(insert(IndexQueue), [{"clipping_id": i} for i in clipping_ids])

    def log(self, session: Session, clipping_id: int, what: str) -> None:
        return None  # one person's library: no record of who did what, nothing to index

    def pending(self, session: Session) -> int:
        return int(session.exec(select(func.count()).select_from(IndexQueue)).one())

    def take(self, session: Session, limit: int) -> Batch:
        rows = session.exec(select(IndexQueue).order_by(col(IndexQueue.id)).limit(limit)).all()
        return Batch(sorted({row.clipping_id for row in rows}), [row.id for row in rows if row.id])

    def done(self, session: Session, batch: Batch) -> None:
        session.exec(delete(IndexQueue).where(col(IndexQueue.id).in_(batch.rows)))
        session.commit()

    def needs_rebuild(self) -> bool:
        return False

    def start_rebuild(self, session: Session) -> int:
        """Everything queued again (the caller's write transaction), for a new index."""
        session.connection().execute(text("DELETE FROM indexqueue"))
        for clipping_id in session.exec(select(Clipping.id)):
            session.add(IndexQueue(clipping_id=clipping_id))
        return 0

    def rebuilt(self, session: Session, ids: list[int]) -> None:
        session.exec(delete(IndexQueue).where(col(IndexQueue.clipping_id).in_(ids)))
        session.commit()

    def finish_rebuild(self, mark: int) -> None:
        return None


class ChangeLogOutbox:
    """A team library's change log, followed from a cursor kept in ``cursor_file``."""

    writes_to_database = False

    def __init__(self, cursor_file: Path, server_key: str) -> None:
        self.cursor_file = cursor_file
        self.server_key = server_key  # the cursor belongs to one server's database

    def queue(self, session: Session, clipping_id: int, what: str = "") -> None:
        session.add(ChangeLog(clipping_id=clipping_id, what=what))

    def queue_many(self, session: Session, clipping_ids: list[int], what: str = "") -> None:
        log_many(session, clipping_ids, what)

    def log(self, session: Session, clipping_id: int, what: str) -> None:
        self.queue(session, clipping_id, what)  # the other desktops hear of it (and re-read)

    @property
    def cursor(self) -> int | None:
        """The last sequence number the index has taken (None: the index has none yet)."""
        try:
            saved = json.loads(self.cursor_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(saved, dict) or saved.get("server") != self.server_key:
            return None
        seq = saved.get("seq")
        return seq if isinstance(seq, int) else None

    def forget(self) -> None:
        """The index starts again (the next flush builds it from the clippings)."""
        self.cursor_file.unlink(missing_ok=True)

    def _save(self, seq: int) -> None:
        partial = self.cursor_file.with_suffix(".partial")
        partial.write_text(json.dumps({"server": self.server_key, "seq": seq}), encoding="utf-8")
        os.replace(partial, self.cursor_file)

    def pending(self, session: Session) -> int:
        cursor = self.cursor
        if cursor is None:
            return int(session.exec(select(func.count()).select_from(Clipping)).one())
        return int(session.exec(select(func.count(func.distinct(ChangeLog.clipping_id))).where(
            col(ChangeLog.seq) > cursor)).one())

    def take(self, session: Session, limit: int) -> Batch:
        after = self.cursor or 0
        rows = session.exec(select(ChangeLog.seq, ChangeLog.clipping_id).where(
            col(ChangeLog.seq) > after).order_by(col(ChangeLog.seq)).limit(limit)).all()
        return Batch(sorted({clipping_id for _, clipping_id in rows}),
                     [seq for seq, _ in rows if seq is not None])

    def done(self, session: Session, batch: Batch) -> None:
        if batch.rows:
            self._save(max(batch.rows))

    def needs_rebuild(self) -> bool:
        return self.cursor is None

    def start_rebuild(self, session: Session) -> int:
        """The newest sequence number now: a rebuild from the clippings themselves covers
        every change up to it; the log takes over from there."""
        return int(session.exec(select(func.coalesce(func.max(ChangeLog.seq), 0))).one())

    def rebuilt(self, session: Session, ids: list[int]) -> None:
        return None

    def finish_rebuild(self, mark: int) -> None:
        self._save(mark)


class FollowerOutbox:
    """A team library opened by a second process of the same desktop user (a ``clipper``
    command while the window is open): its changes go into the server's log like anyone's, and
    the process that keeps the desktop's index takes them from there."""

    writes_to_database = False

    def queue(self, session: Session, clipping_id: int, what: str = "") -> None:
        session.add(ChangeLog(clipping_id=clipping_id, what=what))

    def queue_many(self, session: Session, clipping_ids: list[int], what: str = "") -> None:
        log_many(session, clipping_ids, what)

    def log(self, session: Session, clipping_id: int, what: str) -> None:
        self.queue(session, clipping_id, what)

    def pending(self, session: Session) -> int:
        return 0

    def take(self, session: Session, limit: int) -> Batch:
        return Batch([])

    def done(self, session: Session, batch: Batch) -> None:
        return None

    def needs_rebuild(self) -> bool:
        return False

    def start_rebuild(self, session: Session) -> int:
        return 0

    def rebuilt(self, session: Session, ids: list[int]) -> None:
        return None

    def finish_rebuild(self, mark: int) -> None:
        return None


def log_many(session: Session, clipping_ids: list[int], what: str) -> None:
    """A change log row for each of ``clipping_ids``, in one statement."""
    if clipping_ids:
        session.execute(insert(ChangeLog),
                        [{"clipping_id": i, "what": what} for i in clipping_ids])
