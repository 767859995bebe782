"""Marks on a clipping: highlights with notes, entity mentions, bias notes; and the taxonomy."""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, col, func, or_, select

from clipper.core.anchors import make_anchor
from clipper.core.db import utcnow
from clipper.core.errors import (
    EditConflictError,
    InvalidInputError,
    NotFoundError,
    StorageError,
)
from clipper.core.kinds import ENTITY_KINDS
from clipper.core.models import (
    Annotation,
    BiasCategory,
    BiasNote,
    Clipping,
    Entity,
    EntityAlias,
    Mention,
)
from clipper.core.store.clippings import bias_category
from clipper.core.store.lifecycle import (
    DeletedMention,
    EntitySnapshot,
    put_back,
    remove_unclaimed,
    snapshot,
)
from clipper.core.store.lifecycle import find_entity as _find_entity
from clipper.core.store.listing import fetch_clipping
from clipper.core.store.numbering import keep_high_water, unused_id
from clipper.core.store.unit_of_work import UnitOfWork

HIGHLIGHT_COLORS = ("yellow", "green", "blue", "pink", "orange")


class MarkStore:
    """Highlights, entities and their mentions, bias notes and their taxonomy."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    # -- highlights --------------------------------------------------------------------------

    def add_annotation(self, clipping_id: int, start: int, end: int, color: str = "yellow",
                       note: str = "") -> Annotation:
        with self._work.write() as session:
            anchor = make_anchor(fetch_clipping(session, clipping_id).body, start, end)
            annotation = Annotation(clipping_id=clipping_id, start=anchor.start, end=anchor.end,
                                    quote=anchor.quote, prefix=anchor.prefix,
                                    suffix=anchor.suffix, color=color, note=note,
                                    created=utcnow())
            session.add(annotation)
            self._work.touch(session, clipping_id, "highlighted")
        return annotation

    def update_annotation(self, annotation_id: int, color: str | None = None,
                          note: str | None = None,
                          expected_note: str | None = None) -> Annotation:
        """Change a highlight's colour or note. ``expected_note``: the note the change was made
        from; when another (a team library's admin) changed it meanwhile, nothing is changed
        and ``EditConflictError`` says so."""
        with self._work.write() as session:
            annotation = _mark(session, Annotation, annotation_id)
            _check_note(annotation.note, expected_note, annotation.quote)
            if color is not None:
                annotation.color = color
            if note is not None:
                annotation.note = note
            session.add(annotation)
            self._work.touch(session, annotation.clipping_id, "changed a highlight")
        return annotation

    def delete_annotation(self, annotation_id: int) -> Annotation:
        """Delete; returns what was deleted so it can be put back with ``restore_annotation``."""
        return self._delete_mark(Annotation, annotation_id)

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        return self._restore_mark(annotation)

    # -- entities and mentions ---------------------------------------------------------------

    def find_entity(self, name: str) -> Entity | None:
        """The entity called ``name`` or having it as an alias (case-insensitive)."""
        with self._work.session() as session:
            return _find_entity(session, name)

    def add_entity(self, name: str, kind: str = "other",
                   aliases: list[str] | None = None) -> Entity:
        """The entity called ``name`` (created when new); ``aliases`` are added to it."""
        with self._work.write() as session:
            entity = _entity(session, name, kind)
            for alias in aliases or []:
                _add_alias(session, entity, alias)
        return entity

    def add_alias(self, entity_id: int, alias: str) -> None:
        with self._work.write() as session:
            entity = _mark(session, Entity, entity_id)
            _add_alias(session, entity, alias)
            self._touch_entity(session, entity_id)

    def rename_entity(self, entity_id: int, name: str, kind: str | None = None) -> Entity:
        name = " ".join(name.split())
        if not name:
            raise InvalidInputError("An entity needs a name.")
        with self._work.write() as session:
            entity = _mark(session, Entity, entity_id)
            clash = session.exec(select(Entity).where(
                func.lower(Entity.name) == name.lower(), Entity.id != entity_id)).first()
            if clash is not None:
                raise InvalidInputError(f"There is already an entity called '{clash.name}'; "
                                        "merge the two instead.")
            entity.name = name
            if kind is not None:
                entity.kind = _checked_kind(kind)
            session.add(entity)
            self._touch_entity(session, entity_id)
        return entity

    def list_entities(self, kind: str | None = None, mentioned_only: bool = False
                      ) -> list[tuple[Entity, list[str], int]]:
        """Entities with their aliases and the number of clippings naming them; with
        ``mentioned_only``, only those some clipping names (not the ones kept for their
        aliases or note alone)."""
        with self._work.session() as session:
            clippings = func.count(func.distinct(Mention.clipping_id))
            query = (select(Entity, clippings)
                     .join(Mention, isouter=not mentioned_only).group_by(Entity.id)
                     .order_by(Entity.name))
            if kind:
                query = query.where(Entity.kind == kind)
            aliases: dict[int, list[str]] = {}
            for entity_id, alias in session.exec(select(EntityAlias.entity_id, EntityAlias.alias)):
                aliases.setdefault(entity_id, []).append(alias)
            return [(e, aliases.get(e.id, []), n) for e, n in session.exec(query).all()]

    def add_mention(self, clipping_id: int, start: int, end: int, entity_name: str,
                    kind: str = "other", place: str = "body") -> Mention:
        """Tag ``body[start:end]`` (or the title's, when ``place`` is "title") as naming the
        entity ``entity_name`` (created when new)."""
        if place not in ("body", "title"):
            raise InvalidInputError(f"A mention is in the body or the title, not '{place}'.")
        with self._work.write() as session:
            clipping = fetch_clipping(session, clipping_id)
            anchor = make_anchor(clipping.title if place == "title" else clipping.body,
                                 start, end)
            entity = _entity(session, entity_name, kind)
            mention = Mention(clipping_id=clipping_id, entity_id=entity.id, start=anchor.start,
                              end=anchor.end, quote=anchor.quote, prefix=anchor.prefix,
                              suffix=anchor.suffix, place=place)
            session.add(mention)
            self._work.touch(session, clipping_id, "tagged an entity")
        return mention

    def delete_mention(self, mention_id: int) -> DeletedMention:
        """Delete a mention; its entity goes with it when no other mention names it and it has
        no alias or note. Returns what ``restore_mention`` needs to put both back."""
        with self._work.write() as session:
            mention = _mark(session, Mention, mention_id)
            session.delete(mention)
            self._work.touch(session, mention.clipping_id, "removed an entity tag")
            gone = remove_unclaimed(session, [mention.entity_id])
        return DeletedMention(mention, gone[0] if gone else None)

    def restore_mention(self, deleted: DeletedMention | Mention) -> Mention:
        """Put back a deleted mention (undo), under its old id unless a mention added since
        took it, and the entity that went with it, under its old id."""
        if isinstance(deleted, DeletedMention):
            mention, entity = deleted.mention, deleted.entity
        else:
            mention, entity = deleted, None
        data = mention.model_dump()
        with self._work.write() as session:
            if session.get(Clipping, mention.clipping_id) is None:
                raise NotFoundError("The clipping this mark belonged to was deleted.")
            if entity is not None:
                data["entity_id"] = put_back(session, [entity])[entity.id]
            elif session.get(Entity, mention.entity_id) is None:
                raise NotFoundError("The entity this mention named was deleted.")
            if session.get(Mention, mention.id) is not None:
                data.pop("id")
            restored = Mention(**data)
            session.add(restored)
            self._work.touch(session, mention.clipping_id, "tagged an entity")
        return restored

    def delete_unused_entity(self, entity_id: int) -> EntitySnapshot | None:
        """Delete an entity no mention names, with its aliases and note (the undo of the step
        that made it); None when it is gone already. Raises ``InvalidInputError`` while a
        mention names it."""
        with self._work.write() as session:
            entity = session.get(Entity, entity_id)
            if entity is None:
                return None
            if session.exec(select(Mention.id).where(Mention.entity_id == entity_id)).first():
                raise InvalidInputError(f"'{entity.name}' is still tagged in the text; "
                                        "delete those marks first.")
            gone = snapshot(session, entity)
            for alias in session.exec(select(EntityAlias).where(
                    EntityAlias.entity_id == entity_id)):
                session.delete(alias)
            session.flush()
            keep_high_water(session, Entity)
            session.delete(entity)
        return gone

    def restore_entities(self, snapshots: list[EntitySnapshot]) -> dict[int, int]:
        """Put back entities ``delete_unused_entity`` (or the deletion of their last mention)
        removed; returns each one's old id -> its id now (the same unless it was taken)."""
        with self._work.write() as session:
            return put_back(session, snapshots)

    def remove_unused_entities(self) -> int:
        """Remove the entities no mention names and that have no alias or note (left behind
        by versions before entities went with their last mention); returns how many."""
        with self._work.write() as session:
            return len(remove_unclaimed(session))

    def remove_entities_left_behind(self) -> str | None:
        """Entities no mention names and that have nothing of their own go with their last
        mention; those older versions left behind go here (one query; nothing to reindex, as
        no clipping names them). Best effort: a failure leaves them for the next open, and
        is returned in words for the user."""
        try:
            with self._work.guard_storage(), self._work.session() as session:
                if remove_unclaimed(session):
                    session.commit()
        except (StorageError, DBAPIError) as exc:
            return f"Unused entities could not be removed: {exc}"
        return None

    def _touch_entity(self, session: Session, entity_id: int) -> None:
        for clipping_id in set(session.exec(
                select(Mention.clipping_id).where(Mention.entity_id == entity_id))):
            self._work.touch(session, clipping_id, "renamed an entity")

    # -- bias --------------------------------------------------------------------------------

    def list_bias_categories(self) -> list[BiasCategory]:
        with self._work.session() as session:
            return list(session.exec(select(BiasCategory).order_by(BiasCategory.position)))

    def add_bias_category(self, name: str, color: str = "#868e96", description: str = "",
                          key: str | None = None) -> BiasCategory:
        name = " ".join(name.split())
        if not name:
            raise InvalidInputError("A bias category needs a name.")
        key = key or "-".join(name.lower().split())
        with self._work.write() as session:
            if session.exec(select(BiasCategory).where(
                    or_(col(BiasCategory.key) == key,
                        func.lower(BiasCategory.name) == name.lower()))).first():
                raise InvalidInputError(f"There is already a bias category called '{name}'.")
            last = session.exec(select(func.max(BiasCategory.position))).one() or 0
            category = BiasCategory(key=key, name=name, color=color, description=description,
                                    position=last + 1)
            session.add(category)
        return category

    def update_bias_category(self, key: str, **changes: Any) -> BiasCategory:
        """Change a category's name, colour, description or position."""
        allowed = {"name", "color", "description", "position"}
        if set(changes) - allowed:
            raise InvalidInputError(f"Cannot change {', '.join(sorted(set(changes) - allowed))}.")
        if "name" in changes:
            changes["name"] = " ".join(str(changes["name"]).split())
            if not changes["name"]:
                raise InvalidInputError("A bias category needs a name.")
        with self._work.write() as session:
            category = bias_category(session, key)
            if "name" in changes and session.exec(select(BiasCategory).where(
                    func.lower(BiasCategory.name) == changes["name"].lower(),
                    BiasCategory.key != key)).first():
                raise InvalidInputError(
                    f"There is already a bias category called '{changes['name']}'.")
            for name, value in changes.items():
                setattr(category, name, value)
            session.add(category)
            for clipping_id in set(session.exec(select(BiasNote.clipping_id)
                                                .where(BiasNote.category_id == category.id))):
                self._work.touch(session, clipping_id, "changed a bias category")
        return category

    def delete_bias_category(self, key: str) -> BiasCategory:
        """Remove a category no bias note uses (those in use can be renamed instead)."""
        with self._work.write() as session:
            category = bias_category(session, key)
            used = session.exec(select(func.count()).select_from(BiasNote).where(
                BiasNote.category_id == category.id)).one()
            if used:
                raise InvalidInputError(
                    f"The category '{category.name}' is used by {used} bias note"
                    f"{'' if used == 1 else 's'}; rename it instead, or change those notes "
                    "first.")
            session.delete(category)
        return category

    def add_bias_note(self, clipping_id: int, category: str, note: str = "",
                      start: int | None = None, end: int | None = None) -> BiasNote:
        """A bias note on the whole clipping, or on ``body[start:end]`` when a span is given."""
        with self._work.write() as session:
            clipping = fetch_clipping(session, clipping_id)
            category_id = bias_category(session, category).id
            bias = BiasNote(clipping_id=clipping_id, category_id=category_id, note=note,
                            created=utcnow())
            if start is not None or end is not None:
                if start is None or end is None:
                    raise InvalidInputError("A span needs both a start and an end.")
                anchor = make_anchor(clipping.body, start, end)
                bias.start, bias.end, bias.quote = anchor.start, anchor.end, anchor.quote
                bias.prefix, bias.suffix = anchor.prefix, anchor.suffix
            session.add(bias)
            self._work.touch(session, clipping_id, "wrote a bias note")
        return bias

    def update_bias_note(self, note_id: int, category: str | None = None,
                         note: str | None = None,
                         expected_note: str | None = None) -> BiasNote:
        """Change a bias note's category or text (``expected_note``: as ``update_annotation``)."""
        with self._work.write() as session:
            bias = _mark(session, BiasNote, note_id)
            _check_note(bias.note, expected_note, bias.quote or "the clipping")
            if category is not None:
                bias.category_id = bias_category(session, category).id
            if note is not None:
                bias.note = note
            session.add(bias)
            self._work.touch(session, bias.clipping_id, "changed a bias note")
        return bias

    def delete_bias_note(self, note_id: int) -> BiasNote:
        return self._delete_mark(BiasNote, note_id)

    def restore_bias_note(self, note: BiasNote) -> BiasNote:
        return self._restore_mark(note)

    # -- shared ------------------------------------------------------------------------------

    def _delete_mark(self, model: type, mark_id: int) -> Any:
        with self._work.write() as session:
            mark = _mark(session, model, mark_id)
            session.delete(mark)
            self._work.touch(session, mark.clipping_id, "removed a mark")
        return mark

    def _restore_mark(self, mark: Any) -> Any:
        """Put back a deleted mark under its old id (undo of a delete)."""
        data = mark.model_dump()
        with self._work.write() as session:
            if session.get(Clipping, mark.clipping_id) is None:
                raise NotFoundError("The clipping this mark belonged to was deleted.")
            if session.get(type(mark), mark.id) is not None:  # taken by a mark added since
                data.pop("id")
            restored = type(mark)(**data)
            session.add(restored)
            self._work.touch(session, mark.clipping_id, "restored a mark")
        return restored


def _mark(session: Session, model: type, mark_id: int) -> Any:
    mark = session.get(model, mark_id)
    if mark is None:
        raise NotFoundError(f"There is no {model.__name__.lower()} {mark_id}.")
    return mark


def _checked_kind(kind: str) -> str:
    if kind not in ENTITY_KINDS:
        raise InvalidInputError(f"An entity's kind is one of {', '.join(ENTITY_KINDS)}.")
    return kind


def _entity(session: Session, name: str, kind: str) -> Entity:
    name = " ".join(name.split())
    if not name:
        raise InvalidInputError("An entity needs a name.")
    entity = _find_entity(session, name)
    if entity is None:
        entity = Entity(id=unused_id(session, Entity), name=name, kind=_checked_kind(kind))
        session.add(entity)
        session.flush()
    return entity


def _add_alias(session: Session, entity: Entity, alias: str) -> None:
    alias = " ".join(alias.split())
    if not alias or alias.casefold() == entity.name.casefold():
        return
    known = session.exec(select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id))
    if alias.casefold() not in {a.casefold() for a in known}:
        session.add(EntityAlias(entity_id=entity.id, alias=alias))


def _check_note(stored: str, expected: str | None, quote: str) -> None:
    """Someone else changed the note since the user saw it: refuse (nothing is changed)."""
    if expected is not None and stored != expected:
        raise EditConflictError(quote[:60], "note", stored, None)
