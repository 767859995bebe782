"""Search, facets, and keeping the index in step with the database (check, reindex)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, col, func, select

from clipper.core.models import (
    Annotation,
    BiasCategory,
    BiasNote,
    Clipping,
    ClippingTag,
    Entity,
    EntityAlias,
    IndexQueue,
    Mention,
    Source,
    Tag,
)
from clipper.core.records import CheckReport, Facet
from clipper.core.search import IndexDocument, SearchIndex, SearchResults
from clipper.core.store.base import StoreBase

FACET_LIMIT = 12
REINDEX_BATCH = 500


@dataclass
class ReindexProgress:
    done: int
    total: int


class SearchStore(StoreBase):
    """Part of ``Library``."""

    _index: SearchIndex

    def search(self, query: str, limit: int | None = 20, offset: int = 0,
               order: str = "relevance", snippets: int | None = None) -> SearchResults:
        """Search the library; ``order`` is "relevance" or "date" (newest first). Only the
        first ``snippets`` hits get a highlighted snippet (all when None)."""
        return self._index.search(query, limit=limit, offset=offset, order=order,
                                  bodies=self.bodies, snippets=snippets)

    def snippets(self, query: str, ids: list[int]) -> dict[int, str]:
        """Highlighted snippets for clippings a search found (for rows shown later)."""
        return self._index.snippets_for(query, self.bodies(ids))

    def matching_ids(self, query: str) -> list[int]:
        return self._index.matching_ids(query)

    def facets(self, query: str, limit: int = FACET_LIMIT) -> dict[str, list[Facet]]:
        """Counts of the clippings a query matches, by outlet, tag, entity and bias category."""
        ids = self._index.matching_ids(query)
        if not ids:
            return {"source": [], "tag": [], "entity": [], "bias": []}
        with self._session() as session:
            session.exec(text("CREATE TEMP TABLE IF NOT EXISTS facet_ids (id INTEGER PRIMARY KEY)"))
            session.exec(text("DELETE FROM facet_ids"))
            session.connection().exec_driver_sql(
                "INSERT OR IGNORE INTO facet_ids (id) VALUES (?)", [(i,) for i in ids])
            in_ids = col(Clipping.id).in_(select(text("id")).select_from(text("facet_ids")))
            result = {
                "source": _counts(session, select(Source.name, func.count()).join(
                    Clipping, Clipping.source_id == Source.id).where(in_ids), limit),
                "tag": _counts(session, select(Tag.name, func.count()).join(ClippingTag).join(
                    Clipping, Clipping.id == ClippingTag.clipping_id).where(in_ids), limit),
                "entity": _counts(session, select(Entity.name, func.count(func.distinct(
                    Mention.clipping_id))).join(Mention).join(
                    Clipping, Clipping.id == Mention.clipping_id).where(in_ids), limit),
                "bias": _counts(session, select(BiasCategory.name, func.count(func.distinct(
                    BiasNote.clipping_id))).join(BiasNote).join(
                    Clipping, Clipping.id == BiasNote.clipping_id).where(in_ids), limit),
            }
            session.exec(text("DELETE FROM facet_ids"))
            session.commit()
        return result

    # -- agreement between database and index ------------------------------------------------

    def check(self) -> CheckReport:
        """Compare the database with the index, clipping by clipping."""
        with self._session() as session:
            integrity = session.exec(text("PRAGMA quick_check")).one()[0]
            stored = dict(session.exec(select(Clipping.id, Clipping.revision)).all())
            pending = session.exec(select(func.count()).select_from(IndexQueue)).one()
        indexed = self._index.revisions()
        return CheckReport(
            clippings=len(stored),
            indexed=len(indexed),
            pending=pending,
            missing_from_index=sorted(set(stored) - set(indexed)),
            stale_in_index=sorted(i for i in stored if i in indexed and indexed[i] != stored[i]),
            extra_in_index=sorted(set(indexed) - set(stored)),
            integrity=integrity,
        )

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the index from the database; returns the number of clippings indexed."""
        return max(self.reindex_steps(progress), default=0)  # the steps count up to the total

    def reindex_steps(self, progress: Callable[[int, int], None] | None = None) -> Iterator[int]:
        """Rebuild step by step, yielding after each clipping batch (so it can be cancelled:
        a cancelled rebuild leaves the rest queued, to be applied on the next flush)."""
        with self._index_lock:  # type: ignore[attr-defined]
            with self._write(apply_index=False) as session:  # not into the index thrown away
                session.exec(text("DELETE FROM indexqueue"))
                self._queue_all(session)  # type: ignore[attr-defined]
            self._index.recreate()
        with self._session() as session:
            ids = list(session.exec(select(Clipping.id).order_by(Clipping.id)))
        total = len(ids)
        for start in range(0, total, REINDEX_BATCH):
            chunk = ids[start:start + REINDEX_BATCH]
            with self._session() as session:
                documents = self._documents(session, chunk)
            with self._index_lock:  # type: ignore[attr-defined]
                self._index.apply(documents, [])
                with self._session() as session:
                    session.exec(text(f"DELETE FROM indexqueue WHERE clipping_id IN "
                                      f"({','.join(str(i) for i in chunk)})"))
                    session.commit()
            done = min(start + REINDEX_BATCH, total)
            if progress:
                progress(done, total)
            yield done
        self.flush_index()  # type: ignore[attr-defined]

    # -- documents ---------------------------------------------------------------------------

    def _documents(self, session: Session, ids: list[int]) -> list[IndexDocument]:
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
                source=" ".join(filter(None, [source.name, source.domain])) if source else "",
                authors=c.authors.replace("\n", "; "),
                tags=tags.get(c.id, []),
                entities=sorted(set(entities.get(c.id, []) + aliases.get(c.id, []))),
                bias=sorted(set(bias.get(c.id, []) + bias_keys.get(c.id, []))),
                language=c.language, published=c.published, captured=c.captured,
            ))
        return documents


def _grouped(rows: object) -> dict[int, list[str]]:
    result: dict[int, list[str]] = {}
    for key, value in rows:  # type: ignore[attr-defined]
        if value:
            result.setdefault(key, []).append(value)
    return result


def _counts(session: Session, query: object, limit: int) -> list[Facet]:
    name_column = query.selected_columns[0]  # type: ignore[attr-defined]
    count_column = query.selected_columns[1]  # type: ignore[attr-defined]
    rows = session.exec(query.group_by(name_column)  # type: ignore[attr-defined]
                        .order_by(count_column.desc(), name_column).limit(limit))
    return [Facet(name, count) for name, count in rows]
