"""Derived copies: clippings that reuse a substantial part of another clipping's text.

The shingle index (``Shingle`` rows: sampled shingle hash -> clipping) is brought up to date
on demand: a clipping whose text changed since it was indexed (``ShingleState`` keeps the
content hash it was made from) is re-shingled before a search, so imports and edits cost
nothing extra. ``refresh_shingles`` does the catching up in batches with progress, for a
worker thread after a large import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert
from sqlmodel import Session, col, func, select

from clipper.core.db import utcnow
from clipper.core.derived import (
    Passage,
    Shingled,
    compare,
    folded_words,
    index_sample,
    shingle_hashes,
)
from clipper.core.errors import InvalidInputError
from clipper.core.models import (
    BiasCategory,
    BiasNote,
    Clipping,
    Shingle,
    ShingleState,
    Source,
)
from clipper.core.store.listing import fetch_clipping
from clipper.core.store.unit_of_work import UnitOfWork

MIN_SCORE = 0.15  # the share of a clipping's text found in another that makes it a candidate
MAX_POSTINGS = 200  # a shingle in more clippings than this is boilerplate, not a copied passage
CANDIDATES = 25  # clippings compared in full, most shared sampled shingles first
BATCH = 500
SUMMARY_CATEGORY = "summary-of-another"
NOTE_PREFIX = "Derived from clipping"


@dataclass
class DerivedCandidate:
    """Another clipping sharing text with the one asked about.

    ``score`` is the share of the asked clipping's text found in the other; ``reverse`` the
    share of the other's text found in the asked one. ``likely_original`` is true when the
    other is the older of the two (by publication, else capture date), so the asked clipping
    would be derived from it. ``passages`` are the shared stretches, in both texts."""

    clipping_id: int
    title: str
    source: str | None
    date: datetime
    score: float
    reverse: float
    shared: int
    passages: list[Passage]
    likely_original: bool
    linked: bool  # the asked clipping is already marked as derived from this one


class DerivationStore:
    """Derived copies: the shingle index and the links between clippings."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work

    def refresh_shingles(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Index the shingles of clippings added or changed since the last refresh; returns
        how many were (re)indexed. A read-only library is left as it is."""
        if self._work.read_only:
            return 0
        with self._work.session() as session:
            stale = list(session.exec(
                select(Clipping.id).outerjoin(ShingleState, ShingleState.clipping_id == Clipping.id)
                .where((col(ShingleState.clipping_id).is_(None))
                       | (ShingleState.content_hash != Clipping.content_hash))))
        for done in range(0, len(stale), BATCH):
            batch = stale[done:done + BATCH]
            with self._work.session() as session:
                self._index_shingles(session, batch)
                session.commit()
            if progress:
                progress(min(done + BATCH, len(stale)), len(stale))
        return len(stale)

    def find_derived(self, clipping_id: int, limit: int = 10) -> list[DerivedCandidate]:
        """Clippings sharing a substantial part of this clipping's text (either way round),
        best first."""
        self.refresh_shingles()
        with self._work.session() as session:
            clipping = fetch_clipping(session, clipping_id)
            hashes = set(shingle_hashes(folded_words(clipping.body)))
            hits = _hits(session, hashes, clipping_id)
            ranked = [i for i, n in hits.most_common(CANDIDATES) if n >= min(2, len(hashes))]
            others = {c.id: c for c in session.exec(
                select(Clipping).where(col(Clipping.id).in_(ranked)))}
            sources = dict(session.exec(select(Source.id, Source.name).where(
                col(Source.id).in_({c.source_id for c in others.values()}))).all())
        found = []
        mine = Shingled.of(clipping.body)
        for other_id in ranked:
            other = others[other_id]
            overlap = compare(mine, other.body)
            if max(overlap.containment, overlap.reverse) < MIN_SCORE:
                continue
            found.append(DerivedCandidate(
                other_id, other.title, sources.get(other.source_id), _date(other),
                round(overlap.containment, 3), round(overlap.reverse, 3), overlap.shared,
                overlap.passages, (_date(other), other_id) < (_date(clipping), clipping_id),
                clipping.derived_from_id == other_id))
        found.sort(key=lambda c: (-max(c.score, c.reverse), c.clipping_id))
        return found[:limit]

    def link_derived(self, clipping_id: int, original_id: int,
                     add_bias_note: bool = True) -> Clipping:
        """Mark the clipping as derived from ``original_id``; with ``add_bias_note``, also give
        it a clipping-level "summary of another publication" note naming the original."""
        if clipping_id == original_id:
            raise InvalidInputError("A clipping cannot be derived from itself.")
        with self._work.write() as session:
            clipping = fetch_clipping(session, clipping_id)
            original = fetch_clipping(session, original_id)
            ancestor = original
            while ancestor.derived_from_id is not None:
                if ancestor.derived_from_id == clipping_id:
                    raise InvalidInputError(f"Clipping {original_id} is itself derived from "
                                            f"clipping {clipping_id}.")
                ancestor = fetch_clipping(session, ancestor.derived_from_id)
            clipping.derived_from_id = original_id
            session.add(clipping)
            category = session.exec(select(BiasCategory).where(
                BiasCategory.key == SUMMARY_CATEGORY)).first()
            if add_bias_note and category is not None:
                source = session.get(Source, original.source_id) if original.source_id else None
                outlet = f" ({source.name})" if source else ""
                session.add(BiasNote(
                    clipping_id=clipping_id, category_id=category.id, created=utcnow(),
                    note=f"{NOTE_PREFIX} {original_id}: \u201c{original.title}\u201d{outlet}."))
            self._work.touch(session, clipping_id, "linked a derived copy")
        return clipping

    def unlink_derived(self, clipping_id: int) -> Clipping:
        """Clear the clipping's "derived from" link and the note ``link_derived`` added."""
        with self._work.write() as session:
            clipping = fetch_clipping(session, clipping_id)
            original_id = clipping.derived_from_id
            clipping.derived_from_id = None
            session.add(clipping)
            if original_id is not None:
                for note in session.exec(select(BiasNote).where(
                        BiasNote.clipping_id == clipping_id, col(BiasNote.start).is_(None),
                        col(BiasNote.note).startswith(f"{NOTE_PREFIX} {original_id}:"))):
                    session.delete(note)
            self._work.touch(session, clipping_id, "unlinked a derived copy")
        return clipping

    def derived_copies(self, original_id: int) -> list[int]:
        """The clippings marked as derived from ``original_id``."""
        with self._work.session() as session:
            return list(session.exec(select(Clipping.id).where(
                Clipping.derived_from_id == original_id).order_by(Clipping.id)))

    def _index_shingles(self, session: Session, ids: list[int]) -> None:
        rows = session.exec(select(Clipping.id, Clipping.body, Clipping.content_hash)
                            .where(col(Clipping.id).in_(ids))).all()
        connection = session.connection()
        connection.execute(delete(Shingle).where(col(Shingle.clipping_id).in_(ids)))
        connection.execute(delete(ShingleState).where(col(ShingleState.clipping_id).in_(ids)))
        shingles = [{"hash": h, "clipping_id": clipping_id}
                    for clipping_id, body, _ in rows for h in index_sample(body)]
        if shingles:
            connection.execute(insert(Shingle), shingles)
        if rows:
            connection.execute(insert(ShingleState), [
                {"clipping_id": clipping_id, "content_hash": digest}
                for clipping_id, _, digest in rows])


def _hits(session: Session, hashes: set[int], skip: int) -> Counter[int]:
    """How many of ``hashes`` each other clipping has in the index, boilerplate left out."""
    hits: Counter[int] = Counter()
    ordered = sorted(hashes)
    for at in range(0, len(ordered), BATCH):
        chunk = ordered[at:at + BATCH]
        common = {h for h, n in session.exec(
            select(Shingle.hash, func.count()).where(col(Shingle.hash).in_(chunk))
            .group_by(Shingle.hash)) if n <= MAX_POSTINGS}
        if not common:
            continue
        for clipping_id in session.exec(select(Shingle.clipping_id).where(
                col(Shingle.hash).in_(common), Shingle.clipping_id != skip)):
            hits[clipping_id] += 1
    return hits


def _date(clipping: Clipping) -> datetime:
    return clipping.published or clipping.captured
