"""Views across clippings for the analyst: an entity's clippings, company and months; each
outlet's bias notes by category and its credibility note."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import DateTime
from sqlalchemy.orm import aliased
from sqlmodel import col, func, select

from clipper.core.errors import InvalidInputError, NotFoundError
from clipper.core.models import (
    BiasCategory,
    BiasNote,
    Clipping,
    Entity,
    EntityAlias,
    Mention,
    Source,
)
from clipper.core.records import ClippingRow
from clipper.core.store.listing import ListFilter, ListingStore
from clipper.core.store.unit_of_work import UnitOfWork

CO_OCCURRING = 20
RATING_MAX = 40


@dataclass
class EntityView:
    """An entity across the library. ``clippings`` are newest first; ``co_occurring`` are
    the entities named in the most of the same clippings (with that number); ``by_month``
    counts clippings per month ("2024-06"), every month from the first to the last."""

    entity: Entity
    aliases: list[str]
    clippings: list[ClippingRow]
    mentions: int
    co_occurring: list[tuple[Entity, int]]
    by_month: list[tuple[str, int]]


@dataclass
class OutletBias:
    """An outlet, its clippings, and its bias notes counted by category key."""

    source: Source
    clippings: int
    notes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.notes.values())


class ViewStore:
    """Views across clippings for the analyst (an entity's, each outlet's bias notes)."""

    def __init__(self, work: UnitOfWork, clippings: ListingStore) -> None:
        self._work = work
        self._clippings = clippings

    def entity_view(self, entity_id: int) -> EntityView:
        with self._work.session() as session:
            entity = session.get(Entity, entity_id)
            if entity is None:
                raise NotFoundError(f"There is no entity {entity_id}.")
            aliases = sorted(session.exec(select(EntityAlias.alias).where(
                EntityAlias.entity_id == entity_id)), key=str.casefold)
            mentions = session.exec(select(func.count()).select_from(Mention).where(
                Mention.entity_id == entity_id)).one()
            other = aliased(Mention)
            pairs = session.exec(
                select(other.entity_id, func.count(func.distinct(other.clipping_id)))
                .join(Mention, Mention.clipping_id == other.clipping_id)
                .where(Mention.entity_id == entity_id, other.entity_id != entity_id)
                .group_by(other.entity_id)
                .order_by(func.count(func.distinct(other.clipping_id)).desc())
                .limit(CO_OCCURRING)).all()
            entities = {e.id: e for e in session.exec(select(Entity).where(
                col(Entity.id).in_([i for i, _ in pairs])))}
            dates = session.exec(select(func.coalesce(Clipping.published, Clipping.captured,
                                                      type_=DateTime(timezone=True)))
                                 .where(col(Clipping.id).in_(select(Mention.clipping_id).where(
                                     Mention.entity_id == entity_id)))).all()
        co = sorted(((entities[i], n) for i, n in pairs if i in entities),
                    key=lambda p: (-p[1], p[0].name.casefold()))
        rows = self._clippings.list_clippings(ListFilter(entity_id=entity_id))
        return EntityView(entity, aliases, rows, mentions, co, _months(dates))

    def bias_by_outlet(self) -> list[OutletBias]:
        """Every outlet with clippings, most bias notes first."""
        with self._work.session() as session:
            counts = session.exec(
                select(Clipping.source_id, func.count()).where(col(Clipping.source_id).is_not(None))
                .group_by(Clipping.source_id)).all()
            notes = session.exec(
                select(Clipping.source_id, BiasCategory.key, func.count())
                .select_from(BiasNote).join(Clipping, Clipping.id == BiasNote.clipping_id)
                .join(BiasCategory, BiasCategory.id == BiasNote.category_id)
                .where(col(Clipping.source_id).is_not(None))
                .group_by(Clipping.source_id, BiasCategory.key)).all()
            sources = {s.id: s for s in session.exec(select(Source))}
        by_source: dict[int, dict[str, int]] = {}
        for source_id, key, n in notes:
            by_source.setdefault(source_id, {})[key] = n
        out = [OutletBias(sources[i], n, by_source.get(i, {})) for i, n in counts if i in sources]
        return sorted(out, key=lambda o: (-o.total, o.source.name.casefold()))

    def set_source_note(self, source_id: int, rating: str | None, note: str | None) -> Source:
        """The analyst's own judgement of an outlet: a short rating ("reliable", "state
        media", ...) and a note. Empty values clear them."""
        rating = " ".join((rating or "").split()) or None
        if rating and len(rating) > RATING_MAX:
            raise InvalidInputError(f"A rating is at most {RATING_MAX} characters; "
                                    "put the rest in the note.")
        with self._work.write() as session:
            source = session.get(Source, source_id)
            if source is None:
                raise NotFoundError(f"There is no outlet {source_id}.")
            source.rating, source.note = rating, (note or "").strip() or None
            session.add(source)
        return source


def _months(dates: list[datetime]) -> list[tuple[str, int]]:
    counts = Counter((d.year, d.month) for d in dates)
    if not counts:
        return []
    (year, month), last = min(counts), max(counts)
    out = []
    while (year, month) <= last:
        out.append((f"{year:04d}-{month:02d}", counts.get((year, month), 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out
