"""Entity suggestions through the library: offered, accepted (here or everywhere), rejected;
entities merged; quotations with their speakers."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlmodel import Session, col, func, or_, select

from clipper.core.anchors import make_anchor, resolve_anchor
from clipper.core.db import utcnow
from clipper.core.entities import (
    KnownEntity,
    Quote,
    Suggestion,
    find_quotes,
    fold_name,
    occurrences,
    suggest,
)
from clipper.core.entities.tokens import PhraseMatcher, exact_case
from clipper.core.errors import InvalidInputError, NotFoundError
from clipper.core.models import (
    Clipping,
    Entity,
    EntityAlias,
    Mention,
    Source,
    SuggestionRejection,
)
from clipper.core.records import stored_id
from clipper.core.store.listing import anchor_of, fetch_clipping
from clipper.core.store.marks import _add_alias, _checked_kind, _entity
from clipper.core.store.unit_of_work import UnitOfWork


@dataclass
class EntityMerge:
    """A merge of two entities, with what undoing it needs."""

    entity: Entity  # the kept entity
    other: dict  # the merged entity's row
    other_aliases: list[str]
    moved: list[int] = field(default_factory=list)  # mentions moved to the kept entity
    dropped: list[dict] = field(default_factory=list)  # mentions the kept one already had
    added_aliases: list[str] = field(default_factory=list)


@dataclass
class AcceptResult:
    """What accepting a suggestion did. ``mention_ids`` lets the GUI undo it
    (``delete_mention`` each); ``created`` says the entity is new."""

    entity: Entity
    created: bool
    mentions: int  # new mentions in the clipping the suggestion was made for
    clippings: int  # clippings that got at least one new mention (this one included)
    total_mentions: int
    mention_ids: list[int] = field(default_factory=list)


class _Texts(NamedTuple):
    """The words of a clipping that mentions anchor in (without its saved page)."""

    id: int
    body: str
    title: str


class SuggestionStore:
    """Entity suggestions, merges and quotations."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def suggest_entities(self, clipping_id: int) -> list[Suggestion]:
        """The entities the clipping seems to name, in its title or its text, title first,
        less those the user rejected for it and the words already tagged. ``spans`` are
        offsets into the body, ``title_spans`` into the title (as stored); a name only the
        title holds has no ``spans``."""
        with self._work.session() as session:
            clipping = fetch_clipping(session, clipping_id)
            known = _known_entities(session)
            outlet = _outlet(session, clipping)
            rejected = _rejected(session, clipping_id)
            tagged = _tagged_spans(session, clipping)
        out = []
        for suggestion in suggest(clipping.body, known, outlet, title=clipping.title):
            if suggestion.key in rejected:
                continue
            suggestion.title_spans = [s for s in _title_offsets(clipping.title,
                                                                suggestion.title_spans)
                                      if not _overlaps(s, tagged["title"])]
            suggestion.spans = [s for s in suggestion.spans if not _overlaps(s, tagged["body"])]
            if suggestion.spans or suggestion.title_spans:
                out.append(suggestion)
        return out

    def suggestion_for(self, clipping_id: int, name: str, kind: str | None = None
                       ) -> Suggestion:
        """The suggestion named ``name`` (or having it as an alias) for the clipping; when
        there is none, one made from the places ``name`` (or the entity it names) occurs.
        Raises ``NotFoundError`` when the name does not occur in the text."""
        key = fold_name(name)
        for suggestion in self.suggest_entities(clipping_id):
            if key in {fold_name(n) for n in suggestion.names()}:
                if kind:
                    suggestion.kind = _checked_kind(kind)
                return suggestion
        with self._work.session() as session:
            clipping = fetch_clipping(session, clipping_id)
            body, title = clipping.body, clipping.title
            entity = _existing(session, name)
            names = _names_of(session, entity) if entity else [" ".join(name.split())]
        spans = sorted({s for n in names for s in occurrences(body, n)})
        title_spans = sorted({s for n in names for s in occurrences(title, n)})
        if not spans and not title_spans:
            raise NotFoundError(f"\u2018{name}\u2019 does not occur in clipping {clipping_id}.")
        if entity is not None:
            return Suggestion(entity.name, _checked_kind(kind or entity.kind), spans, "known",
                              [], "tagged before", 1.0, entity.id, title_spans=title_spans)
        return Suggestion(names[0], _checked_kind(kind or "other"), spans, "pattern", [],
                          "named by the user", 1.0, title_spans=title_spans)

    def accept_suggestion(self, clipping_id: int, suggestion: Suggestion,
                          everywhere: bool = False, kind: str | None = None) -> AcceptResult:
        """Tag every occurrence of the suggestion in the clipping, in its text and its title
        (and, ``everywhere``, in every clipping of the library whose text or title holds its
        name or an alias, unless the suggestion was rejected there). Its aliases become the
        entity's aliases."""
        kind = _checked_kind(kind or suggestion.kind)
        with self._work.write() as session:
            clipping = fetch_clipping(session, clipping_id)
            entity = session.get(Entity, suggestion.entity_id) if suggestion.entity_id else None
            created = entity is None and _existing(session, suggestion.name) is None
            if entity is None:
                entity = _entity(session, suggestion.name, kind)
            for alias in suggestion.aliases:
                _add_alias(session, entity, alias)
            session.flush()
            _unreject(session, clipping_id, suggestion.key)
            new = self._tag(session, clipping, entity, suggestion.spans, suggestion.title_spans)
            result = AcceptResult(entity, created, len(new), 1 if new else 0, len(new),
                                  [stored_id(m) for m in new])
            if everywhere:
                names = _names_of(session, entity)
                matcher = PhraseMatcher()
                matcher.add_all(names, entity.id)
                for other in _containing(session, names, clipping_id):
                    if fold_name(entity.name) in _rejected(session, other.id):
                        continue
                    added = self._tag(session, other, entity,
                                      [(m.start, m.end) for m in matcher.find(other.body)],
                                      [(m.start, m.end) for m in matcher.find(other.title)])
                    if added:
                        result.clippings += 1
                        result.total_mentions += len(added)
                        result.mention_ids += [stored_id(m) for m in added]
        return result

    def reject_suggestion(self, clipping_id: int, suggestion: Suggestion | str) -> None:
        """Do not offer this suggestion (or a suggestion of this name) for the clipping again."""
        key = fold_name(suggestion if isinstance(suggestion, str) else suggestion.name)
        with self._work.write() as session:
            fetch_clipping(session, clipping_id)
            if key not in _rejected(session, clipping_id):
                session.add(SuggestionRejection(clipping_id=clipping_id, name=key,
                                                created=utcnow()))

    def unreject_suggestion(self, clipping_id: int, suggestion: Suggestion | str) -> None:
        """Offer a rejected suggestion again (the undo of ``reject_suggestion``)."""
        key = fold_name(suggestion if isinstance(suggestion, str) else suggestion.name)
        with self._work.write() as session:
            _unreject(session, clipping_id, key)

    def merge_entities(self, keep_id: int, other_id: int) -> EntityMerge:
        """Move the other entity's mentions to the kept one; the other's name and aliases
        become aliases of the kept one, and the other is deleted. Returns what
        ``unmerge_entities`` needs to undo it (``.entity`` is the kept entity)."""
        if keep_id == other_id:
            raise InvalidInputError("An entity cannot be merged with itself.")
        with self._work.write() as session:
            keep, other = _entity_by_id(session, keep_id), _entity_by_id(session, other_id)
            names = _names_of(session, other)
            before = set(_names_of(session, keep)[1:])
            merge = EntityMerge(entity=keep, other=other.model_dump(), other_aliases=names[1:])
            kept_spans = {(m.clipping_id, m.place, m.start, m.end) for m in session.exec(
                select(Mention).where(Mention.entity_id == keep_id))}
            touched = set()
            for mention in session.exec(select(Mention).where(Mention.entity_id == other_id)):
                touched.add(mention.clipping_id)
                if (mention.clipping_id, mention.place, mention.start,
                        mention.end) in kept_spans:
                    merge.dropped.append(mention.model_dump())
                    session.delete(mention)
                else:
                    merge.moved.append(mention.id)
                    mention.entity_id = keep_id
                    session.add(mention)
            session.flush()
            session.delete(other)
            session.flush()
            for name in names:
                _add_alias(session, keep, name)
            session.flush()
            merge.added_aliases = [a for a in _names_of(session, keep)[1:] if a not in before]
            for clipping_id in touched | set(session.exec(
                    select(Mention.clipping_id).where(Mention.entity_id == keep_id))):
                self._work.touch(session, clipping_id, "merged entities")
            session.refresh(keep)
        return merge

    def unmerge_entities(self, merge: EntityMerge) -> None:
        """Undo ``merge_entities``: the other entity is back under its id with its aliases
        and mentions, and the kept one loses the aliases the merge gave it."""
        with self._work.write() as session:
            keep = _entity_by_id(session, merge.entity.id)
            row = dict(merge.other)
            if session.get(Entity, row["id"]) is not None:  # SQLite gave the id to a new one
                row.pop("id")
            other = Entity(**row)
            session.add(other)
            session.flush()
            merge.other["id"] = other.id  # where it is now, for a redo
            for alias in merge.other_aliases:
                session.add(EntityAlias(entity_id=other.id, alias=alias))
            if merge.added_aliases:
                for row in session.exec(select(EntityAlias).where(
                        EntityAlias.entity_id == keep.id,
                        col(EntityAlias.alias).in_(merge.added_aliases))):
                    session.delete(row)
            touched = set()
            for mention in session.exec(select(Mention).where(col(Mention.id).in_(merge.moved))):
                mention.entity_id = other.id
                session.add(mention)
                touched.add(mention.clipping_id)
            for dump in merge.dropped:
                row = {**dump, "entity_id": other.id}
                if session.get(Mention, row["id"]) is not None:
                    row.pop("id")
                session.add(Mention(**row))
                touched.add(dump["clipping_id"])
            session.flush()
            for clipping_id in touched | set(session.exec(
                    select(Mention.clipping_id).where(Mention.entity_id == keep.id))):
                self._work.touch(session, clipping_id, "unmerged entities")

    def quotes(self, clipping_id: int) -> list[Quote]:
        """The clipping's attributed quotations, speakers resolved to the people it names."""
        return self.quotes_of([clipping_id])[clipping_id]

    def quotes_of(self, clipping_ids: list[int]) -> dict[int, list[Quote]]:
        """``quotes`` of several clippings (a briefing's), the library's entities read once."""
        found: dict[int, list[Quote]] = {}
        with self._work.session() as session:
            known = _known_entities(session)
            for clipping_id in clipping_ids:
                clipping = fetch_clipping(session, clipping_id)
                outlet = _outlet(session, clipping)
                people = [s for s in suggest(clipping.body, known, outlet, title=clipping.title)
                          if s.kind == "person"]
                found[clipping_id] = find_quotes(clipping.body, people)
        return found

    def _tag(self, session: Session, clipping: Clipping | _Texts, entity: Entity,
             spans: Sequence[tuple[int, int]], title_spans: Sequence[tuple[int, int]] = ()
             ) -> list[Mention]:
        """Mentions of ``entity`` at ``spans`` of the body and ``title_spans`` of the title
        not already tagged (with any entity)."""
        taken = _tagged_spans(session, clipping)
        added = []
        for place, text, wanted in (("title", clipping.title, title_spans),
                                    ("body", clipping.body, spans)):
            for start, end in wanted:
                if _overlaps((start, end), taken[place]) or not 0 <= start < end <= len(text):
                    continue
                anchor = make_anchor(text, start, end)
                mention = Mention(clipping_id=clipping.id, entity_id=entity.id, start=start,
                                  end=end, quote=anchor.quote, prefix=anchor.prefix,
                                  suffix=anchor.suffix, place=place)
                session.add(mention)
                taken[place].append((start, end))
                added.append(mention)
        if added:
            session.flush()
            self._work.touch(session, clipping.id, "tagged an entity")
        return added


def _known_entities(session: Session) -> list[KnownEntity]:
    """The entities tagged before: those some mention still names (an entity kept only for
    its aliases or note was never tagged, or is no longer)."""
    tagged = select(Mention.entity_id)
    aliases: dict[int, list[str]] = {}
    for entity_id, alias in session.exec(select(EntityAlias.entity_id, EntityAlias.alias)
                                         .where(col(EntityAlias.entity_id).in_(tagged))):
        aliases.setdefault(entity_id, []).append(alias)
    # Columns, not Entity objects: a library of thousands of entities read them in 50 ms
    rows = session.exec(select(col(Entity.id), Entity.name, Entity.kind)
                        .where(col(Entity.id).in_(tagged)))
    return [KnownEntity(entity_id, name, kind, tuple(aliases.get(entity_id, ())))
            for entity_id, name, kind in rows if entity_id is not None]


def _outlet(session: Session, clipping: Clipping) -> str | None:
    source = session.get(Source, clipping.source_id) if clipping.source_id else None
    return source.name if source else None


def _rejected(session: Session, clipping_id: int) -> set[str]:
    return set(session.exec(select(SuggestionRejection.name)
                            .where(SuggestionRejection.clipping_id == clipping_id)))


def _unreject(session: Session, clipping_id: int, key: str) -> None:
    for row in session.exec(select(SuggestionRejection).where(
            SuggestionRejection.clipping_id == clipping_id, SuggestionRejection.name == key)):
        session.delete(row)


def _tagged_spans(session: Session, clipping: Clipping | _Texts
                  ) -> dict[str, list[tuple[int, int]]]:
    """The words tagged now, by place ("body", "title"), each resolved against its own text."""
    texts = {"body": clipping.body, "title": clipping.title}
    spans: dict[str, list[tuple[int, int]]] = {"body": [], "title": []}
    for mention in session.exec(select(Mention).where(Mention.clipping_id == clipping.id)):
        place = mention.place if mention.place in texts else "body"
        span = resolve_anchor(texts[place], anchor_of(mention))
        if span:
            spans[place].append(span)
    return spans


def _title_offsets(title: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Offsets into the title as stored, from offsets into the title as ``suggest`` read it
    (on one line: a title with line breaks is read with its white space made single)."""
    if "\n" not in title:
        return list(spans)
    stored: list[int] = []  # stored offset of each character of the one-line title
    for n, word in enumerate(re.finditer(r"\S+", title)):
        if n:
            stored.append(word.start() - 1)  # the single space stands for the gap
        stored.extend(range(word.start(), word.end()))
    return [(stored[a], stored[b - 1] + 1) for a, b in spans if 0 <= a < b <= len(stored)]


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < b and a < span[1] for a, b in others)


def _existing(session: Session, name: str) -> Entity | None:
    from clipper.core.store.marks import _find_entity

    return _find_entity(session, name)


def _entity_by_id(session: Session, entity_id: int) -> Entity:
    entity = session.get(Entity, entity_id)
    if entity is None:
        raise NotFoundError(f"There is no entity {entity_id}.")
    return entity


def _names_of(session: Session, entity: Entity) -> list[str]:
    aliases = session.exec(select(EntityAlias.alias).where(EntityAlias.entity_id == entity.id))
    return [entity.name, *aliases]


def _containing(session: Session, names: list[str], skip: int) -> list[_Texts]:
    """Clippings other than ``skip`` whose body or title may hold one of ``names``: names in
    capitals are looked for as written, others in any case (the matcher then checks words and
    case)."""
    tests = []
    # The position of a text in another, case kept: SQLite's instr, PostgreSQL's strpos.
    position = func.strpos if session.get_bind().dialect.name == "postgresql" else func.instr
    for name in names:
        for column in (Clipping.body, Clipping.title):
            if exact_case(name):
                tests.append(position(column, name) > 0)
            else:
                tests.append(col(column).ilike(f"%{_escape_like(name)}%", escape="\\"))
    if not tests:
        return []
    query = (select(Clipping.id, Clipping.body, Clipping.title)
             .where(Clipping.id != skip).where(or_(*tests)))
    return [_Texts(*row) for row in session.exec(query)]


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
