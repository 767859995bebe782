"""Numbers that are never given twice. SQLite gives a new row the highest number in use plus
one, so deleting the newest row frees its number for the next: an undo that puts the row
back then collides, and a script that still names the number acts on another row. Before a
deletion the highest number given is kept in the settings; a row added later starts above it.
PostgreSQL's sequences never give a number twice: there the database's own is always used.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, func, select

from clipper.core.models import Setting


def keep_high_water(session: Session, model: Any) -> None:
    """Call before deleting rows of ``model`` (a table with an integer ``id``)."""
    highest = session.exec(select(func.max(model.id))).one() or 0
    key = f"{model.__tablename__}.high_water"
    setting = session.get(Setting, key)
    if setting is None:
        session.add(Setting(key=key, value=str(highest)))
    elif int(setting.value or 0) < highest:
        setting.value = str(highest)


def unused_id(session: Session, model: Any) -> int | None:
    """The number for the next row of ``model`` when SQLite's own would be a deleted row's;
    None when SQLite's is fine (and always on PostgreSQL, whose sequence would later give
    a number chosen here again)."""
    if session.get_bind().dialect.name != "sqlite":
        return None
    setting = session.get(Setting, f"{model.__tablename__}.high_water")
    if setting is None:
        return None
    highest = session.exec(select(func.max(model.id))).one() or 0
    mark = int(setting.value or 0)
    return mark + 1 if mark > highest else None
