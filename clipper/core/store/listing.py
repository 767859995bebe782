"""Reading clippings: one with everything attached to it (``get_clipping``), the rows of a
list, the ids a filter selects in an order, counts, tags and outlets with their numbers, and
bodies for snippets. Writing them is ``store.clippings``'s."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import desc
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from clipper.core.anchors import Anchor, resolve_anchor
from clipper.core.errors import NotFoundError
from clipper.core.kinds import ListOrder, ReadingStatus
from clipper.core.models import (
    Annotation,
    BiasCategory,
    BiasNote,
    Clipping,
    ClippingTag,
    Collection,
    CollectionItem,
    Entity,
    FeedEntry,
    Mention,
    Source,
    Tag,
)
from clipper.core.records import (
    AnnotationView,
    BiasNoteView,
    ClippingDetail,
    ClippingRow,
    MentionView,
)
from clipper.core.store.reading import personal_status, status_column
from clipper.core.store.unit_of_work import UnitOfWork


@dataclass
class ListFilter:
    """Which clippings a list shows. Unset fields do not filter."""

    status: ReadingStatus | None = None
    flagged: bool | None = None
    tag: str | None = None
    source_id: int | None = None
    entity_id: int | None = None
    collection_id: int | None = None
    feed_id: int | None = None


class ListingStore:
    """Clippings as the window, the command line and briefings read them."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    @property
    def _status(self) -> Any:
        return status_column(self._work.personal_reading)

    def list_tags(self) -> list[tuple[str, int]]:
        """Every tag with the number of clippings carrying it, by name."""
        with self._work.session() as session:
            rows = session.exec(
                select(Tag.name, func.count(col(ClippingTag.clipping_id)))
                .join(ClippingTag, isouter=True).group_by(Tag.id).order_by(Tag.name)).all()
            return [(name, count) for name, count in rows]

    def list_sources(self) -> list[tuple[Source, int]]:
        with self._work.session() as session:
            rows = session.exec(
                select(Source, func.count(col(Clipping.id)))
                .join(Clipping, isouter=True).group_by(Source.id).order_by(Source.name)).all()
            return [(source, count) for source, count in rows]

    # -- reading -----------------------------------------------------------------------------

    def revision(self, clipping_id: int) -> int | None:
        """The clipping's revision (it moves with every change to it, its marks included), or
        None when it is gone: cheap, for noticing others' changes."""
        with self._work.session() as session:
            return session.exec(select(Clipping.revision).where(Clipping.id == clipping_id)
                                ).first()

    def get_clipping(self, clipping_id: int) -> ClippingDetail:
        with self._work.session() as session:
            clipping = fetch_clipping(session, clipping_id)
            detail = _detail(session, clipping)
            if self._work.personal_reading:  # this person's reading, not the team's
                clipping.status = personal_status(session, clipping)
            return detail

    def ids_with_original(self) -> list[int]:
        """The clippings whose original (page, mail, feed entry) is saved with them."""
        with self._work.session() as session:
            return list(session.exec(select(Clipping.id).where(col(Clipping.html).is_not(None))
                                     .order_by(Clipping.id)))

    def original_html(self, clipping_id: int) -> bytes | None:
        with self._work.session() as session:
            html = fetch_clipping(session, clipping_id).html
            return zlib.decompress(html) if html else None

    def count_clippings(self, where: ListFilter | None = None) -> int:
        with self._work.session() as session:
            query = _filtered(select(func.count(col(Clipping.id))), where or ListFilter(),
                              self._status)
            return session.exec(query).one()

    def list_ids(self, where: ListFilter | None = None,
                 order: ListOrder | str = ListOrder.DATE) -> list[int]:
        """Ids of the clippings a filter selects, newest first (``ListOrder.DATE``), by title,
        or in the collection's order (``ListOrder.COLLECTION``). ``order`` may be given as its
        value ("date")."""
        order = ListOrder(order)
        where = where or ListFilter()
        with self._work.session() as session:
            query = _filtered(select(Clipping.id), where, self._status)
            if order is ListOrder.COLLECTION and where.collection_id is not None:
                query = query.order_by(CollectionItem.position)
            elif order is ListOrder.TITLE:
                query = query.order_by(func.lower(Clipping.title))
            else:
                query = query.order_by(desc(func.coalesce(Clipping.published, Clipping.captured)),
                                       desc(col(Clipping.id)))
            return list(session.exec(query))

    def rows(self, ids: list[int]) -> list[ClippingRow]:
        """List rows for ``ids``, in that order (missing ids are skipped)."""
        if not ids:
            return []
        with self._work.session() as session:
            # Only the columns a row shows: loading bodies and pages made scrolling stall.
            # Seven columns: more than sqlmodel's select() is typed for, so SQLAlchemy's own
            found = session.connection().execute(
                sa_select(col(Clipping.id), col(Clipping.title), col(Clipping.source_id),
                          col(Clipping.published), col(Clipping.captured),
                          self._status, col(Clipping.flagged))
                .where(col(Clipping.id).in_(ids))).all()
            by_id = {row[0]: row for row in found}
            sources = _source_names(session, {row[2] for row in found})
            tags = _tags_by_clipping(session, ids)
            notes = _count_by_clipping(session, Annotation, ids)
            bias = _count_by_clipping(session, BiasNote, ids)
            rows = []
            for wanted in ids:
                if (row := by_id.get(wanted)) is None:
                    continue
                clipping_id, title, source_id, published, captured, status, flagged = row
                rows.append(ClippingRow(
                    clipping_id, title, sources.get(source_id) if source_id else None,
                    published, captured, ReadingStatus(status), flagged,
                    tags.get(clipping_id, []), notes.get(clipping_id, 0),
                    bias.get(clipping_id, 0)))
            return rows

    def list_clippings(self, where: ListFilter | None = None,
                       order: ListOrder | str = ListOrder.DATE,
                       offset: int = 0, limit: int | None = None) -> list[ClippingRow]:
        ids = self.list_ids(where, order)
        return self.rows(ids[offset:None if limit is None else offset + limit])

    def bodies(self, ids: list[int]) -> dict[int, str]:
        with self._work.session() as session:
            rows = session.exec(select(Clipping.id, Clipping.body)
                                .where(col(Clipping.id).in_(ids))).all()
            return {clipping_id: body for clipping_id, body in rows if clipping_id is not None}


# -- helpers used inside a session (the writing side uses some) -----------------------------


def fetch_clipping(session: Session, clipping_id: int) -> Clipping:
    clipping = session.get(Clipping, clipping_id)
    if clipping is None:
        raise NotFoundError(f"There is no clipping {clipping_id}.")
    return clipping


def tag_names(session: Session, clipping_id: int) -> list[str]:
    return list(session.exec(select(Tag.name).join(ClippingTag)
                             .where(ClippingTag.clipping_id == clipping_id).order_by(Tag.name)))


def _filtered(query: Any, where: ListFilter, status: Any) -> Any:
    """``query`` narrowed to what ``where`` selects; ``status`` is the reading status as the
    person reading sees it (reading.status_column)."""
    if where.status is not None:
        query = query.where(status == where.status)
    if where.flagged is not None:
        query = query.where(Clipping.flagged == where.flagged)
    if where.source_id is not None:
        query = query.where(Clipping.source_id == where.source_id)
    if where.tag is not None:
        query = query.where(col(Clipping.id).in_(
            select(ClippingTag.clipping_id).join(Tag)
            .where(func.lower(Tag.name) == where.tag.casefold())))
    if where.entity_id is not None:
        query = query.where(col(Clipping.id).in_(
            select(Mention.clipping_id).where(Mention.entity_id == where.entity_id)))
    if where.feed_id is not None:
        query = query.where(col(Clipping.id).in_(
            select(FeedEntry.clipping_id).where(FeedEntry.feed_id == where.feed_id)))
    if where.collection_id is not None:
        query = query.join(CollectionItem, CollectionItem.clipping_id == Clipping.id).where(
            CollectionItem.collection_id == where.collection_id)
    return query


def _source_names(session: Session, ids: set[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    query = select(Source.id, Source.name).where(col(Source.id).in_(wanted))
    return {source_id: name for source_id, name in session.exec(query) if source_id is not None}


def _tags_by_clipping(session: Session, ids: list[int]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    rows = session.exec(select(ClippingTag.clipping_id, Tag.name).join(Tag)
                        .where(col(ClippingTag.clipping_id).in_(ids)).order_by(Tag.name))
    for clipping_id, name in rows:
        result.setdefault(clipping_id, []).append(name)
    return result


def _count_by_clipping(session: Session, model: type[Annotation] | type[BiasNote],
                       ids: list[int]) -> dict[int, int]:
    clipping_id = col(model.clipping_id)
    rows = session.exec(select(clipping_id, func.count(col(model.id)))
                        .where(clipping_id.in_(ids)).group_by(clipping_id))
    return dict(rows.all())


def anchor_of(mark: Any) -> Anchor:
    return Anchor(mark.start, mark.end, mark.quote, mark.prefix or "", mark.suffix or "")


def _mention_view(mention: Mention, entity: Entity, clipping: Clipping) -> MentionView:
    """A mention of the title resolves against the title, never against the body."""
    if mention.place == "title":
        return MentionView(mention, entity, None,
                           resolve_anchor(clipping.title, anchor_of(mention)))
    return MentionView(mention, entity, resolve_anchor(clipping.body, anchor_of(mention)))


def _detail(session: Session, clipping: Clipping) -> ClippingDetail:
    body = clipping.body
    annotations = [AnnotationView(a, resolve_anchor(body, anchor_of(a))) for a in session.exec(
        select(Annotation).where(Annotation.clipping_id == clipping.id)
        .order_by(Annotation.start))]
    mentions = [_mention_view(m, e, clipping) for m, e in session.exec(
        select(Mention, Entity).join(Entity).where(Mention.clipping_id == clipping.id)
        .order_by(Mention.start))]
    bias = []
    for note, category in session.exec(
            select(BiasNote, BiasCategory).join(BiasCategory)
            .where(BiasNote.clipping_id == clipping.id).order_by(BiasNote.id)):
        span = None if note.start is None else resolve_anchor(body, anchor_of(note))
        bias.append(BiasNoteView(note, category, span))
    collections = list(session.exec(
        select(Collection.name).join(CollectionItem)
        .where(CollectionItem.clipping_id == clipping.id).order_by(Collection.name)))
    source = session.get(Source, clipping.source_id) if clipping.source_id else None
    return ClippingDetail(clipping, source, tag_names(session, clipping.id), annotations,
                          mentions, bias, collections)
