"""An entity's life. It is made when a word is first tagged with it, and it goes with its last
mention (in the same transaction) unless the user gave it something of its own: an alias or a
note. Then it is taxonomy and stays. Undoing the deletion of that mention (or of the clipping
that held it) puts the entity back under its old number, so whatever still names that number
(an undo step, a sidebar place) finds it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import exists
from sqlmodel import Session, col, func, select

from clipper.core.models import Entity, EntityAlias, Mention
from clipper.core.store.numbering import keep_high_water


@dataclass
class EntitySnapshot:
    """An entity removed from the library: its row and its aliases, to put it back."""

    row: dict[str, Any]
    aliases: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.row["id"]


@dataclass
class DeletedMention:
    """A deleted mention and, when it was its entity's last and the entity had nothing of its
    own, that entity: what ``restore_mention`` needs to undo the deletion."""

    mention: Mention
    entity: EntitySnapshot | None = None

    @property
    def id(self) -> int | None:
        return self.mention.id

    @property
    def clipping_id(self) -> int:
        return self.mention.clipping_id

    @property
    def entity_id(self) -> int:
        return self.mention.entity_id


def unclaimed(query: Any) -> Any:
    """``query`` (over ``Entity``) narrowed to the entities no mention names and that have
    nothing of their own (no alias, no note)."""
    # NOT EXISTS, one index look-up per entity: a NOT IN would read every mention at each open.
    return query.where(
        ~exists().where(Mention.entity_id == Entity.id),
        ~exists().where(EntityAlias.entity_id == Entity.id),
        func.trim(func.coalesce(Entity.note, "")) == "",
    )


def remove_unclaimed(session: Session, entity_ids: Iterable[int] | None = None
                     ) -> list[EntitySnapshot]:
    """Delete those of ``entity_ids`` (all entities when None) that no mention names any more
    and that have nothing of their own; returns them, to be put back by ``put_back``."""
    session.flush()  # the mentions deleted so far must count
    query = unclaimed(select(Entity))
    if entity_ids is not None:
        ids = sorted(set(entity_ids))
        if not ids:
            return []
        query = query.where(col(Entity.id).in_(ids))
    gone = list(session.exec(query.order_by(Entity.id)))
    if gone:
        keep_high_water(session, Entity)  # a new entity does not take their numbers
    snapshots = [EntitySnapshot(entity.model_dump()) for entity in gone]
    for entity in gone:
        session.delete(entity)
    return snapshots


def snapshot(session: Session, entity: Entity) -> EntitySnapshot:
    aliases = session.exec(select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id)
                           .order_by(EntityAlias.id))
    return EntitySnapshot(entity.model_dump(), list(aliases))


def put_back(session: Session, snapshots: Iterable[EntitySnapshot]) -> dict[int, int]:
    """Recreate removed entities; returns each one's old number -> its number now. That is the
    old number unless another entity took it, or an entity of the same name exists now
    (made since, or put back already): then that one stands for it."""
    numbers: dict[int, int] = {}
    for snap in snapshots:
        row = dict(snap.row)
        same = find_entity(session, row["name"])
        if same is not None:
            numbers[snap.id] = same.id
            continue
        if session.get(Entity, snap.id) is not None:
            row.pop("id")
        entity = Entity(**row)
        session.add(entity)
        session.flush()
        for alias in snap.aliases:
            session.add(EntityAlias(entity_id=entity.id, alias=alias))
        numbers[snap.id] = entity.id
    session.flush()
    return numbers


def find_entity(session: Session, name: str) -> Entity | None:
    """The entity called ``name`` or having it as an alias (case-insensitive)."""
    folded = " ".join(name.split()).casefold()
    entity = session.exec(select(Entity).where(func.lower(Entity.name) == folded)).first()
    if entity is None:
        entity = session.exec(select(Entity).join(EntityAlias)
                              .where(func.lower(EntityAlias.alias) == folded)).first()
    return entity
