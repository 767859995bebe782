"""The search documents of clippings, read from the database: what the index is derived from."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from clipper.core.models import (
    Annotation,
    BiasCategory,
    BiasNote,
    Clipping,
    ClippingTag,
    Entity,
    EntityAlias,
    Mention,
    Source,
    Tag,
)
from clipper.core.search import IndexDocument


def search_documents(session: Session, ids: list[int]) -> list[IndexDocument]:
    """The search documents of ``ids`` (those that still exist), read in one session."""
    clippings = list(session.exec(select(Clipping).where(col(Clipping.id).in_(ids))))
    if not clippings:
        return []
    present = [c.id for c in clippings]
    sources = {s.id: s for s in session.exec(select(Source).where(
        col(Source.id).in_({c.source_id for c in clippings if c.source_id})))}
    tags = _grouped(session.exec(select(ClippingTag.clipping_id, Tag.name).join(Tag)
                                 .where(col(ClippingTag.clipping_id).in_(present))))
    entities = _grouped(session.exec(
        select(Mention.clipping_id, Entity.name).join(Entity)
        .where(col(Mention.clipping_id).in_(present))))
    alias_rows = session.exec(select(Mention.clipping_id, EntityAlias.alias)
                              .join(EntityAlias, EntityAlias.entity_id == Mention.entity_id)
                              .where(col(Mention.clipping_id).in_(present)))
    aliases = _grouped(alias_rows)
    bias = _grouped(session.exec(
        select(BiasNote.clipping_id, BiasCategory.name).join(BiasCategory)
        .where(col(BiasNote.clipping_id).in_(present))))
    bias_keys = _grouped(session.exec(
        select(BiasNote.clipping_id, BiasCategory.key).join(BiasCategory)
        .where(col(BiasNote.clipping_id).in_(present))))
    notes = _grouped(session.exec(select(Annotation.clipping_id, Annotation.note)
                                  .where(col(Annotation.clipping_id).in_(present))))
    bias_text = _grouped(session.exec(select(BiasNote.clipping_id, BiasNote.note)
                                      .where(col(BiasNote.clipping_id).in_(present))))
    documents = []
    for c in clippings:
        source = sources.get(c.source_id)
        documents.append(IndexDocument(
            id=c.id, revision=c.revision, title=c.title, body=c.body,
            notes="\n".join([c.summary, *notes.get(c.id, []), *bias_text.get(c.id, [])]),
            # The outlet, and the agency a story came through: source:reuters finds both.
            source=" ".join(filter(None, [source.name if source else None,
                                          source.domain if source else None, c.wire])),
            authors=c.authors.replace("\n", "; "),
            tags=tags.get(c.id, []),
            entities=sorted(set(entities.get(c.id, []) + aliases.get(c.id, []))),
            bias=sorted(set(bias.get(c.id, []) + bias_keys.get(c.id, []))),
            language=c.language, published=c.published, captured=c.captured,
        ))
    return documents


def _grouped(rows: Iterable[tuple[int, str | None]]) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for key, value in rows:
        if value:
            result.setdefault(key, []).append(value)
    return result
