"""Clippings and their tags: add, update, delete, get and list."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import desc
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, func, select

from clipper.core.anchors import Anchor, resolve_anchor
from clipper.core.db import utcnow
from clipper.core.errors import (
    ClipperError,
    DuplicateError,
    EditConflictError,
    InvalidInputError,
    NotFoundError,
)
from clipper.core.kinds import ClippingField, ListOrder, ReadingStatus
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
    ReadState,
    Source,
    Tag,
)
from clipper.core.normalize import content_hash, domain_of, url_key
from clipper.core.records import (
    AnnotationView,
    BiasNoteView,
    ClippingDetail,
    ClippingDraft,
    ClippingRow,
    MentionView,
    Reextraction,
)
from clipper.core.store.edits import comparable, last_author, stored_value, what_changed
from clipper.core.store.lifecycle import EntitySnapshot, put_back, remove_unclaimed
from clipper.core.store.numbering import keep_high_water, unused_id
from clipper.core.store.reading import UNSEEN, mark_in, personal_status, status_column
from clipper.core.store.unit_of_work import UnitOfWork

EDITABLE_FIELDS = frozenset(ClippingField) - {ClippingField.TAGS}  # tags: set_tags


@dataclass
class ClippingSnapshot:
    """A deleted clipping with everything attached to it, for undo."""

    clipping: dict[str, Any]
    tags: list[str]
    marks: list[tuple[type, dict[str, Any]]]
    memberships: list[tuple[int, int]]
    entities: list[EntitySnapshot] = field(default_factory=list)  # gone with their mentions


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


# zlib level for the original pages kept: 3 is 2.6 times as fast as the default 6 on the
# corpus pages and makes them 10% larger (4.5 times smaller than the page instead of 5.1).
HTML_LEVEL = 3

class ClippingStore:
    """Clippings and their tags, outlets, reading them and listing them."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    @property
    def _status(self) -> Any:
        return status_column(self._work.personal_reading)

    # -- adding ------------------------------------------------------------------------------

    def add_clipping(self, draft: ClippingDraft, allow_duplicate: bool = False) -> Clipping:
        """Store a new clipping. Raises ``DuplicateError`` when it is already stored."""
        [result] = self.add_clippings([draft], allow_duplicate)
        if isinstance(result, ClipperError):
            raise result
        return result

    def add_clippings(self, drafts: list[ClippingDraft], allow_duplicate: bool = False
                      ) -> list[Clipping | ClipperError]:
        """Store several clippings in one transaction (fast bulk capture). Each draft's result
        is its new clipping, or the error that kept it out (``DuplicateError``, including a
        duplicate of an earlier draft of the same batch; ``InvalidInputError``)."""
        results: list[Clipping | ClipperError] = []
        keyed = [(d, url_key(d.url), content_hash(" ".join(d.title.split()), d.body))
                 for d in drafts]
        with self._work.write() as session:
            batch = _Batch()
            batch.next_id = unused_id(session, Clipping)
            if not allow_duplicate:  # two queries for the batch, not two per draft
                batch.load_stored(session, [k for _d, k, _h in keyed if k],
                                  [h for _d, _k, h in keyed])
            for draft, key, digest in keyed:
                try:
                    results.append(self._insert(session, draft, key, digest, allow_duplicate,
                                                batch))
                except ClipperError as exc:
                    results.append(exc)
        return results

    def _insert(self, session: Session, draft: ClippingDraft, key: str | None, digest: str,
                allow_duplicate: bool, batch: _Batch) -> Clipping:
        title = " ".join(draft.title.split())
        if not title:
            raise InvalidInputError("A clipping needs a title.")
        if not allow_duplicate:
            existing = (batch.keys.get(key) or batch.hashes.get(digest)
                        or batch.stored_keys.get(key) or batch.stored_hashes.get(digest))
            if existing is not None:
                raise DuplicateError(f"Already in the library as clipping {existing}.", existing)
        clipping = Clipping(
            id=batch.next_id,  # None: SQLite's next; after a deletion, past the deleted
            title=title,
            body=draft.body,
            html=zlib.compress(draft.html, HTML_LEVEL) if draft.html else None,
            source_id=batch.source_id(session, draft.source_name, draft.url),
            authors="\n".join(a.strip() for a in draft.authors if a.strip()),
            wire=" ".join((draft.wire or "").split()) or None,
            url=draft.url,
            url_key=key,
            published=draft.published,
            captured=utcnow(),
            language=draft.language,
            content_hash=digest,
            summary=draft.summary,
            origin=draft.origin,
        )
        session.add(clipping)
        session.flush()
        batch.next_id = None
        if draft.tags:
            _set_tags(session, clipping.id, draft.tags)
        for flag in draft.flags:
            session.add(BiasNote(clipping_id=clipping.id,
                                 category_id=batch.category_id(session, flag.category),
                                 note=flag.note, created=utcnow()))
        self._work.backend.outbox.queue(session, clipping.id, "captured")
        if key:
            batch.keys[key] = clipping.id
        batch.hashes[digest] = clipping.id
        return clipping

    # -- changing ----------------------------------------------------------------------------

    def update_clipping(self, clipping_id: int, expected: dict[str, Any] | None = None,
                        **changes: Any) -> Clipping:
        """Change metadata or text. Keys: title, body, url, authors (list), wire, published,
        language, summary, status, flagged, source_name.

        ``expected``: the values the change was made from (what the user saw); when one of
        them is no longer stored (someone else changed it meanwhile, in a team library), nothing
        is changed and ``EditConflictError`` says what is stored now, and who changed it."""
        unknown = set(changes) - EDITABLE_FIELDS
        if unknown:
            raise InvalidInputError(f"Cannot change {', '.join(sorted(unknown))}.")
        mark = None
        if "status" in changes and self._work.personal_reading:  # the person's own reading
            changes, expected = dict(changes), dict(expected or {})
            mark = (changes.pop("status"), expected.pop("status", UNSEEN))
            if not changes:
                return self._mark(clipping_id, *mark)
        with self._work.write() as session:
            clipping = _get(session, clipping_id)
            for name, value in (expected or {}).items():
                stored = stored_value(session, clipping, name)
                if comparable(name, stored) != comparable(name, value):
                    raise EditConflictError(clipping.title, name, stored,
                                            last_author(session, clipping_id))
            for name, value in changes.items():
                _apply_change(session, clipping, name, value)
            clipping.content_hash = content_hash(clipping.title, clipping.body)
            session.add(clipping)
            self._work.touch(session, clipping_id, what_changed(changes))
            if mark is not None:  # in the same transaction: all of the edit, or none
                mark_in(session, clipping, *mark)
        if mark is not None:
            clipping.status = ReadingStatus(mark[0]).value
        return clipping

    def _mark(self, clipping_id: int, status: Any, seen: Any) -> Clipping:
        """A team library: this person marks a clipping read or unread (readers too)."""
        with self._work.write(apply_index=False, personal=True) as session:
            clipping = _get(session, clipping_id)
            mark_in(session, clipping, status, seen)
            session.expunge(clipping)  # its own column keeps the team's reading
        clipping.status = ReadingStatus(status).value
        return clipping

    def delete_clipping(self, clipping_id: int) -> ClippingSnapshot:
        """Delete a clipping and its marks, and the entities only it named (unless they have
        an alias or a note); returns what ``restore_clipping`` needs to undo it."""
        with self._work.write() as session:
            clipping = _get(session, clipping_id)
            snapshot = ClippingSnapshot(
                clipping=clipping.model_dump(),
                tags=_tag_names(session, clipping_id),
                # ReadState: in a team library, the deleter's own reading (the server shows
                # nobody another's); the others' goes with the clipping
                marks=[(type(m), m.model_dump())
                       for model in (Annotation, Mention, BiasNote, ReadState)
                       for m in session.exec(
                           select(model).where(model.clipping_id == clipping_id))],
                memberships=[(i.collection_id, i.position) for i in session.exec(
                    select(CollectionItem).where(CollectionItem.clipping_id == clipping_id))],
            )
            keep_high_water(session, Clipping)
            session.delete(clipping)
            self._work.touch(session, clipping_id, "deleted")
            snapshot.entities = remove_unclaimed(  # its mentions went with it (cascade)
                session, [data["entity_id"] for model, data in snapshot.marks
                          if model is Mention])
        return snapshot

    def restore_clipping(self, snapshot: ClippingSnapshot) -> Clipping:
        """Put a deleted clipping back, under its old id, with its tags, marks, places in
        collections (those collections that still exist) and the entities that went with it."""
        with self._work.write() as session:
            clipping = Clipping(**snapshot.clipping)
            if session.get(Clipping, clipping.id) is not None:
                raise InvalidInputError(f"Clipping {clipping.id} cannot be put back: another "
                                        "clipping has its number.")
            session.add(clipping)
            session.flush()
            _set_tags(session, clipping.id, snapshot.tags)
            entity_ids = put_back(session, snapshot.entities)
            for model, data in snapshot.marks:
                if model is Mention:
                    data = {**data, "entity_id": entity_ids.get(data["entity_id"],
                                                                data["entity_id"])}
                    if session.get(Entity, data["entity_id"]) is None:
                        continue
                session.add(model(**data))
            for collection_id, position in snapshot.memberships:
                if session.get(Collection, collection_id) is not None:
                    session.add(CollectionItem(collection_id=collection_id,
                                               clipping_id=clipping.id, position=position))
            self._work.touch(session, clipping.id, "restored")
        return clipping

    # -- tags ----------------------------------------------------------------------------------

    def add_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        """Add tags; returns the clipping's tags afterwards."""
        with self._work.write() as session:
            _get(session, clipping_id)
            current = _tag_names(session, clipping_id)
            _set_tags(session, clipping_id, current + [n for n in names if n not in current])
            self._work.touch(session, clipping_id, "changed tags")
            return _tag_names(session, clipping_id)

    def remove_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        drop = {n.strip().casefold() for n in names}
        with self._work.write() as session:
            _get(session, clipping_id)
            keep = [n for n in _tag_names(session, clipping_id) if n.casefold() not in drop]
            _set_tags(session, clipping_id, keep, replace=True)
            self._work.touch(session, clipping_id, "changed tags")
            return keep

    def set_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        with self._work.write() as session:
            _get(session, clipping_id)
            _set_tags(session, clipping_id, list(names), replace=True)
            self._work.touch(session, clipping_id, "changed tags")
            return _tag_names(session, clipping_id)

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
            clipping = _get(session, clipping_id)
            detail = _detail(session, clipping)
            if self._work.personal_reading:  # this person's reading, not the team's
                clipping.status = personal_status(session, clipping)
            return detail

    def extract_again(self, clipping_id: int) -> Reextraction:
        """The clipping's text extracted again from its saved original, and how many of its
        marks would no longer find their words in it. Nothing is changed: store the new text
        with ``update_clipping(id, body=...)``. Raises ``InvalidInputError`` when there is
        no original."""
        from clipper.core.capture.reextract import reextracted_body

        with self._work.session() as session:
            clipping = _get(session, clipping_id)
            original = zlib.decompress(clipping.html) if clipping.html else None
            origin, url, old = clipping.origin, clipping.url, clipping.body
            anchors = [_anchor(m) for model in (Annotation, Mention) for m in session.exec(
                select(model).where(model.clipping_id == clipping_id))
                if getattr(m, "place", "body") == "body"]  # the title is not extracted again
            anchors += [_anchor(n) for n in session.exec(select(BiasNote).where(
                BiasNote.clipping_id == clipping_id)) if n.start is not None]
        new = reextracted_body(original, origin, url)
        lost = sum(1 for anchor in anchors if resolve_anchor(old, anchor) is not None
                   and resolve_anchor(new, anchor) is None)
        return Reextraction(clipping_id, old, new, lost)

    def ids_with_original(self) -> list[int]:
        """The clippings whose original (page, mail, feed entry) is saved with them."""
        with self._work.session() as session:
            return list(session.exec(select(Clipping.id).where(col(Clipping.html).is_not(None))
                                     .order_by(Clipping.id)))

    def original_html(self, clipping_id: int) -> bytes | None:
        with self._work.session() as session:
            html = _get(session, clipping_id).html
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


# -- helpers used inside a session ---------------------------------------------------------------


class _Batch:
    """What one bulk insert has seen so far: duplicate keys, outlets, bias categories."""

    next_id: int | None = None  # the first clipping's number, when it must be chosen

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}  # added in this batch
        self.hashes: dict[str, int] = {}
        self.stored_keys: dict[str, int] = {}  # already in the library
        self.stored_hashes: dict[str, int] = {}
        self._sources: dict[tuple[str | None, str | None], int | None] = {}
        self._categories: dict[str, int] = {}

    def source_id(self, session: Session, name: str | None, url: str | None) -> int | None:
        cache_key = (name, domain_of(url))
        if cache_key not in self._sources:
            self._sources[cache_key] = _source_id(session, name, url)
        return self._sources[cache_key]

    def load_stored(self, session: Session, keys: list[str], digests: list[str]) -> None:
        """The stored clippings with these URL keys or content hashes (the oldest first)."""
        for column, values, found in ((Clipping.url_key, keys, self.stored_keys),
                                      (Clipping.content_hash, digests, self.stored_hashes)):
            values = sorted(set(values))
            for start in range(0, len(values), 500):
                rows = session.exec(select(column, Clipping.id).where(
                    col(column).in_(values[start:start + 500])).order_by(Clipping.id))
                for value, clipping_id in rows:
                    found.setdefault(value, clipping_id)

    def category_id(self, session: Session, key: str) -> int:
        if key not in self._categories:
            self._categories[key] = _category(session, key).id
        return self._categories[key]


def _stored_duplicate(session: Session, key: str | None, digest: str) -> int | None:
    if key:
        found = session.exec(select(Clipping.id).where(Clipping.url_key == key)).first()
        if found is not None:
            return found
    return session.exec(select(Clipping.id).where(Clipping.content_hash == digest)).first()


def _get(session: Session, clipping_id: int) -> Clipping:
    clipping = session.get(Clipping, clipping_id)
    if clipping is None:
        raise NotFoundError(f"There is no clipping {clipping_id}.")
    return clipping


def _source_id(session: Session, name: str | None, url: str | None) -> int | None:
    domain = domain_of(url)
    name = " ".join((name or "").split()) or domain
    if not name:
        return None
    source = session.exec(select(Source).where(func.lower(Source.name) == name.lower())).first()
    if source is None:
        source = Source(name=name, domain=domain)
        session.add(source)
        session.flush()
    elif source.domain is None and domain:
        source.domain = domain
        session.add(source)
    return source.id


def _category(session: Session, key: str) -> BiasCategory:
    category = session.exec(select(BiasCategory).where(BiasCategory.key == key)).first()
    if category is None:
        raise InvalidInputError(f"There is no bias category '{key}'.")
    return category


def _apply_change(session: Session, clipping: Clipping, name: str, value: Any) -> None:
    if name == "title":
        value = " ".join(str(value).split())
        if not value:
            raise InvalidInputError("A clipping needs a title.")
    elif name == "authors":
        value = "\n".join(a.strip() for a in value if a.strip())
    elif name == "status":
        if value not in ReadingStatus:
            raise InvalidInputError(f"Status must be one of {', '.join(ReadingStatus)}.")
        value = ReadingStatus(value).value  # stored as plain text
    elif name == "published" and value is not None and not isinstance(value, datetime):
        raise InvalidInputError("The publication date must be a date.")
    elif name == "source_name":
        clipping.source_id = _source_id(session, value, clipping.url)
        return
    elif name == "url":
        clipping.url_key = url_key(value)
    elif name == "wire":
        value = " ".join(str(value or "").split()) or None
    setattr(clipping, name, value)


def _tag_names(session: Session, clipping_id: int) -> list[str]:
    return list(session.exec(select(Tag.name).join(ClippingTag)
                             .where(ClippingTag.clipping_id == clipping_id).order_by(Tag.name)))


def _set_tags(session: Session, clipping_id: int, names: list[str], replace: bool = False) -> None:
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join(name.split()).replace(",", " ").strip()
        if clean:
            wanted.setdefault(clean.casefold(), clean)
    links = session.exec(select(ClippingTag).where(ClippingTag.clipping_id == clipping_id)).all()
    if replace:
        for link in links:
            session.delete(link)
        session.flush()
        linked: set[int] = set()
    else:
        linked = {link.tag_id for link in links}
    for folded, name in wanted.items():
        tag = session.exec(select(Tag).where(func.lower(Tag.name) == folded)).first()
        if tag is None:
            tag = Tag(name=name)
            session.add(tag)
            session.flush()
        if tag.id not in linked:
            session.add(ClippingTag(clipping_id=clipping_id, tag_id=tag.id))
            linked.add(tag.id)


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


def _anchor(mark: Any) -> Anchor:
    return Anchor(mark.start, mark.end, mark.quote, mark.prefix or "", mark.suffix or "")


def _mention_view(mention: Mention, entity: Entity, clipping: Clipping) -> MentionView:
    """A mention of the title resolves against the title, never against the body."""
    if mention.place == "title":
        return MentionView(mention, entity, None, resolve_anchor(clipping.title, _anchor(mention)))
    return MentionView(mention, entity, resolve_anchor(clipping.body, _anchor(mention)))


def _detail(session: Session, clipping: Clipping) -> ClippingDetail:
    body = clipping.body
    annotations = [AnnotationView(a, resolve_anchor(body, _anchor(a))) for a in session.exec(
        select(Annotation).where(Annotation.clipping_id == clipping.id)
        .order_by(Annotation.start))]
    mentions = [_mention_view(m, e, clipping) for m, e in session.exec(
        select(Mention, Entity).join(Entity).where(Mention.clipping_id == clipping.id)
        .order_by(Mention.start))]
    bias = []
    for note, category in session.exec(
            select(BiasNote, BiasCategory).join(BiasCategory)
            .where(BiasNote.clipping_id == clipping.id).order_by(BiasNote.id)):
        span = None if note.start is None else resolve_anchor(body, _anchor(note))
        bias.append(BiasNoteView(note, category, span))
    collections = list(session.exec(
        select(Collection.name).join(CollectionItem)
        .where(CollectionItem.clipping_id == clipping.id).order_by(Collection.name)))
    source = session.get(Source, clipping.source_id) if clipping.source_id else None
    return ClippingDetail(clipping, source, _tag_names(session, clipping.id), annotations,
                          mentions, bias, collections)
