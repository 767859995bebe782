"""Writing clippings and their tags: add, update, delete and restore, and a clipping's text
extracted again. Reading them is ``store.listing``'s."""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, func, select

from clipper.core.anchors import resolve_anchor
from clipper.core.db import utcnow
from clipper.core.errors import (
    ClipperError,
    DuplicateError,
    EditConflictError,
    InvalidInputError,
)
from clipper.core.kinds import ClippingField, ReadingStatus
from clipper.core.models import (
    Annotation,
    BiasCategory,
    BiasNote,
    Clipping,
    ClippingTag,
    Collection,
    CollectionItem,
    Entity,
    Mention,
    ReadState,
    Source,
    Tag,
)
from clipper.core.normalize import content_hash, domain_of, url_key
from clipper.core.records import (
    ClippingDraft,
    Reextraction,
)
from clipper.core.store.edits import comparable, last_author, stored_value, what_changed
from clipper.core.store.lifecycle import EntitySnapshot, put_back, remove_unclaimed
from clipper.core.store.listing import anchor_of, fetch_clipping, tag_names
from clipper.core.store.numbering import keep_high_water, unused_id
from clipper.core.store.reading import UNSEEN, mark_in
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


# zlib level for the original pages kept: 3 is 2.6 times as fast as the default 6 on the
# corpus pages and makes them 10% larger (4.5 times smaller than the page instead of 5.1).
HTML_LEVEL = 3

class ClippingStore:
    """Clippings and their tags written: added, changed, deleted and restored."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

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
            # The batch's tag links and index changes in one statement each (an ORM object
            # apiece was a fifth of storing a clipping)
            if batch.links:
                session.execute(insert(ClippingTag), batch.links)
            self._work.backend.outbox.queue_many(session, batch.added, "captured")
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
        # What can refuse the draft is checked before it is written (no savepoint per draft)
        flags = [(batch.category_id(session, flag.category), flag.note) for flag in draft.flags]
        session.add(clipping)
        session.flush()
        assert clipping.id is not None  # given by the flush
        batch.next_id = None
        batch.links += [{"clipping_id": clipping.id, "tag_id": tag_id}
                        for tag_id in dict.fromkeys(batch.tag_id(session, name)
                                                    for _folded, name in _wanted(draft.tags))]
        for category_id, note in flags:
            session.add(BiasNote(clipping_id=clipping.id, category_id=category_id, note=note,
                                 created=utcnow()))
        batch.added.append(clipping.id)
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
            clipping = fetch_clipping(session, clipping_id)
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
            clipping = fetch_clipping(session, clipping_id)
            mark_in(session, clipping, status, seen)
            session.expunge(clipping)  # its own column keeps the team's reading
        clipping.status = ReadingStatus(status).value
        return clipping

    def delete_clipping(self, clipping_id: int) -> ClippingSnapshot:
        """Delete a clipping and its marks, and the entities only it named (unless they have
        an alias or a note); returns what ``restore_clipping`` needs to undo it."""
        with self._work.write() as session:
            clipping = fetch_clipping(session, clipping_id)
            snapshot = ClippingSnapshot(
                clipping=clipping.model_dump(),
                tags=tag_names(session, clipping_id),
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
            fetch_clipping(session, clipping_id)
            current = tag_names(session, clipping_id)
            _set_tags(session, clipping_id, current + [n for n in names if n not in current])
            self._work.touch(session, clipping_id, "changed tags")
            return tag_names(session, clipping_id)

    def remove_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        drop = {n.strip().casefold() for n in names}
        with self._work.write() as session:
            fetch_clipping(session, clipping_id)
            keep = [n for n in tag_names(session, clipping_id) if n.casefold() not in drop]
            _set_tags(session, clipping_id, keep, replace=True)
            self._work.touch(session, clipping_id, "changed tags")
            return keep

    def set_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        with self._work.write() as session:
            fetch_clipping(session, clipping_id)
            _set_tags(session, clipping_id, list(names), replace=True)
            self._work.touch(session, clipping_id, "changed tags")
            return tag_names(session, clipping_id)

    def extract_again(self, clipping_id: int) -> Reextraction:
        """The clipping's text extracted again from its saved original, and how many of its
        marks would no longer find their words in it; and the wire the original names, when
        the clipping has none yet. Nothing is changed: store them with
        ``update_clipping(id, body=..., wire=...)``. Raises ``InvalidInputError`` when there
        is no original."""
        from clipper.core.capture.reextract import reextracted

        with self._work.session() as session:
            clipping = fetch_clipping(session, clipping_id)
            original = zlib.decompress(clipping.html) if clipping.html else None
            origin, url, old, wire = clipping.origin, clipping.url, clipping.body, clipping.wire
            anchors = [anchor_of(m) for model in (Annotation, Mention) for m in session.exec(
                select(model).where(model.clipping_id == clipping_id))
                if getattr(m, "place", "body") == "body"]  # the title is not extracted again
            anchors += [anchor_of(n) for n in session.exec(select(BiasNote).where(
                BiasNote.clipping_id == clipping_id)) if n.start is not None]
        new, found_wire = reextracted(original, origin, url)
        lost = sum(1 for anchor in anchors if resolve_anchor(old, anchor) is not None
                   and resolve_anchor(new, anchor) is None)
        return Reextraction(clipping_id, old, new, lost, None if wire else found_wire)


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
        self._tags: tuple[dict[str, int], dict[str, int]] | None = None  # by name, lowered
        self.links: list[dict[str, int]] = []  # the new clippings' tags, inserted at the end
        self.added: list[int] = []  # the new clippings, queued for the index at the end

    def tag_id(self, session: Session, name: str) -> int:
        """The tag's id, found as ``_named`` finds it (by name, then lower-cased), from the
        library's tags read once per batch; one found in neither way is new."""
        if self._tags is None:
            self._tags = ({}, {})
            for tag in session.exec(select(Tag).order_by(col(Tag.id).desc())):
                assert tag.id is not None  # the lowest id last: the one _named finds
                self._tags[0][tag.name] = self._tags[1][tag.name.lower()] = tag.id
        names, lowered = self._tags
        found = names.get(name) or lowered.get(name.lower())
        if found is None:
            found = _new_tag(session, name).id
            assert found is not None
            names[name] = lowered[name.lower()] = found
        return found

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
            self._categories[key] = bias_category(session, key).id
        return self._categories[key]


def _stored_duplicate(session: Session, key: str | None, digest: str) -> int | None:
    if key:
        found = session.exec(select(Clipping.id).where(Clipping.url_key == key)).first()
        if found is not None:
            return found
    return session.exec(select(Clipping.id).where(Clipping.content_hash == digest)).first()


def _source_id(session: Session, name: str | None, url: str | None) -> int | None:
    domain = domain_of(url)
    name = " ".join((name or "").split()) or domain
    if not name:
        return None
    source = _named(session, Source, name)
    if source is None:
        source = Source(name=name, domain=domain)
        session.add(source)
        session.flush()
    elif source.domain is None and domain:
        source.domain = domain
        session.add(source)
    return source.id


def bias_category(session: Session, key: str) -> BiasCategory:
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


def _wanted(names: Iterable[str]) -> list[tuple[str, str]]:
    """Tag names cleaned (no commas, spaces made single), once each: (folded, name)."""
    wanted: dict[str, str] = {}
    for name in names:
        clean = " ".join(name.split()).replace(",", " ").strip()
        if clean:
            wanted.setdefault(clean.casefold(), clean)
    return list(wanted.items())


def _named(session: Session, model: type[Tag] | type[Source], name: str) -> Any:
    """The row of ``model`` named ``name``, in these capitals or others. The name itself is
    looked for first: in other capitals it is found by lower() (Python's on SQLite, see
    db.py), and where a database's lower() differs from Python's, the row is still found by
    its own name rather than made again (its name is unique)."""
    return (session.exec(select(model).where(model.name == name)).first()
            or session.exec(select(model).where(func.lower(model.name) == name.lower())
                            .order_by(col(model.id))).first())


def _new_tag(session: Session, name: str) -> Tag:
    tag = Tag(name=name)
    session.add(tag)
    session.flush()
    return tag


def _set_tags(session: Session, clipping_id: int, names: list[str], replace: bool = False) -> None:
    links = session.exec(select(ClippingTag).where(ClippingTag.clipping_id == clipping_id)).all()
    if replace:
        for link in links:
            session.delete(link)
        session.flush()
        linked: set[int] = set()
    else:
        linked = {link.tag_id for link in links}
    for _folded, name in _wanted(names):
        tag = _named(session, Tag, name) or _new_tag(session, name)
        if tag.id not in linked:
            session.add(ClippingTag(clipping_id=clipping_id, tag_id=tag.id))
            linked.add(tag.id)
