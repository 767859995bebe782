"""Search, facets, and whether the index agrees with the database (rebuilding it is the unit of
work's: ``UnitOfWork.reindex``)."""

from __future__ import annotations

from sqlmodel import Session, col, func, select
from sqlmodel.sql.expression import Select

from clipper.core.kinds import SearchOrder
from clipper.core.models import (
    BiasCategory,
    BiasNote,
    Clipping,
    ClippingTag,
    Entity,
    Mention,
    Source,
    Tag,
)
from clipper.core.records import CheckReport, Facet
from clipper.core.search import SearchResults
from clipper.core.store.listing import ListingStore
from clipper.core.store.unit_of_work import UnitOfWork

FACET_LIMIT = 12
SCAN_OUTLETS_FROM = 2000  # matches from which outlets are counted by one scan (see facets)


class SearchStore:
    """Search and facets over the index, and its agreement with the database."""

    def __init__(self, work: UnitOfWork, clippings: ListingStore) -> None:
        self._work = work
        self._clippings = clippings

    def search(self, query: str, limit: int | None = 20, offset: int = 0,
               order: SearchOrder | str = SearchOrder.RELEVANCE,
               snippets: int | None = None) -> SearchResults:
        """Search the library; ``order`` is a ``SearchOrder`` or its value ("relevance",
        "date": newest first). Only the first ``snippets`` hits get a highlighted snippet (all
        when None)."""
        return self._work.index.search(query, limit=limit, offset=offset,
                                       order=SearchOrder(order),
                                       bodies=self._clippings.bodies, snippets=snippets)

    def snippets(self, query: str, ids: list[int]) -> dict[int, str]:
        """Highlighted snippets for clippings a search found (for rows shown later)."""
        return self._work.index.snippets_for(query, self._clippings.bodies(ids))

    def matching_ids(self, query: str) -> list[int]:
        return self._work.index.matching_ids(query)

    def facets(self, query: str, limit: int = FACET_LIMIT) -> dict[str, list[Facet]]:
        """Counts of the clippings a query matches, by outlet, tag, entity and bias category."""
        ids = self._work.index.matching_ids(query)
        if not ids:
            return {"source": [], "tag": [], "entity": [], "bias": []}
        with self._work.session() as session:
            with self._work.backend.staged_ids(session, ids) as staged:
                # Each link table is filtered on its own clipping column: joining the clipping
                # table to filter on its id read a row of it per match (3-4x slower). Outlets
                # of many matches are counted from the clipping table's outlet index scanned
                # once, joined to the matches; of a few, by looking each match up.
                outlets = select(Source.name, func.count())
                if len(ids) > SCAN_OUTLETS_FROM:
                    matches = staged.subquery()
                    outlets = outlets.select_from(matches).join(
                        Clipping, Clipping.id == matches.c.id).join(
                        Source, Clipping.source_id == Source.id)
                else:
                    outlets = outlets.join(Clipping, Clipping.source_id == Source.id).where(
                        col(Clipping.id).in_(staged))
                result = {
                    "source": _counts(session, outlets, limit),
                    "tag": _counts(session, select(Tag.name, func.count()).join(ClippingTag).where(
                        col(ClippingTag.clipping_id).in_(staged)), limit),
                    "entity": _counts(session, select(Entity.name, func.count(func.distinct(
                        Mention.clipping_id))).join(Mention).where(
                        col(Mention.clipping_id).in_(staged)), limit),
                    "bias": _counts(session, select(BiasCategory.name, func.count(func.distinct(
                        BiasNote.clipping_id))).join(BiasNote).where(
                        col(BiasNote.clipping_id).in_(staged)), limit),
                }
            session.commit()
        return result

    # -- agreement between database and index ------------------------------------------------

    def check(self) -> CheckReport:
        """Compare the database with the index, clipping by clipping."""
        with self._work.session() as session:
            integrity = self._work.backend.integrity_check(session)
            stored = dict(session.exec(select(Clipping.id, Clipping.revision)).all())
            pending = self._work.backend.outbox.pending(session)
        indexed = self._work.index.revisions()
        return CheckReport(
            clippings=len(stored),
            indexed=len(indexed),
            pending=pending,
            missing_from_index=sorted(set(stored) - set(indexed)),
            stale_in_index=sorted(i for i in stored if i in indexed and indexed[i] != stored[i]),
            extra_in_index=sorted(set(indexed) - set(stored)),
            integrity=integrity,
        )


def _counts(session: Session, query: Select[str, int], limit: int) -> list[Facet]:
    name_column, count_column = query.selected_columns[0], query.selected_columns[1]
    rows = session.exec(query.group_by(name_column)
                        .order_by(count_column.desc(), name_column).limit(limit))
    return [Facet(name, count) for name, count in rows]
