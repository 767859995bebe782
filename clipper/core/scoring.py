"""Ranking the commonest queries in bulk, with Whoosh's own index and Whoosh's own scores.

Whoosh ranks through a tree of matchers that advances one document at a time, several Python
calls per document and per term; at 50,000 clippings a common word cost hundreds of milliseconds
(measured, see README "Performance"). Most queries are plain words: an AND of words, each an OR
of the same word over the default fields. For those, ``rank_plain_words`` reads each term's
postings a block at a time, scores them with BM25F exactly as Whoosh does (same idf, same
average and same byte-quantised field lengths), and sums the scores per document as Whoosh's
union and intersection matchers do. A phrase is scored as Whoosh scores it (its words'
scores in that field, summed, where the words stand next to each other in that order): the
documents holding all its words come from their postings, and the positions are decoded for
those documents only. It returns None for any other query (prefixes, fuzzy terms, ...), which
Whoosh then runs itself.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from itertools import accumulate
from math import log
from typing import TYPE_CHECKING, Any, Union

# Private parts of Whoosh used here are pinned by tests/core/test_private_apis.py.
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound
from whoosh.scoring import BM25F
from whoosh.searching import Searcher
from whoosh.util.numeric import byte_to_length

from clipper.core.postings import TermBlocks, decode_block_positions, decode_positions

if TYPE_CHECKING:  # Whoosh has no type information: these name what is passed, for readers
    from whoosh.codec.whoosh3 import W3TermsReader
    from whoosh.columns import ColumnReader
    from whoosh.reading import SegmentReader, TermInfo

Term = tuple[str, str, float]  # field, text, boost


@dataclass(frozen=True)
class PhraseTerm:
    """Words that must stand next to each other, in this order, in one field (Whoosh's
    ``Phrase`` with its default slop of 1)."""

    fieldname: str
    words: tuple[str, ...]
    boost: float = 1.0


Atom = Union[Term, PhraseTerm]  # noqa: UP007 - an alias, read at run time


@dataclass
class Ranking:
    total: int
    docnums: list[int]  # the page asked for, best first
    scores: list[float]


# Fields with few distinct words (outlets, authors, tags ...): their words are kept in a set per
# segment, so a word they lack costs no look-up in the segment's term file.
FIELDS_LOOKED_UP = frozenset({"title", "body"})
WORD_SET_AFTER = 16  # a field's words kept as a set once it was asked about this often


@dataclass
class LengthCache:
    """Per segment and field, every document's length byte, and the words of the small fields
    (read once per segment)."""

    by_segment: dict[tuple[str, str], bytes | list[int]] = field(default_factory=dict)
    words: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)
    values: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    stored: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    asked: dict[tuple[str, str], int] = field(default_factory=dict)  # may_have's calls

    def stored_ids(self, searcher: Searcher, fieldname: str = "id") -> list[int]:
        """Every document's stored ``fieldname`` as a number (the clipping's id; -1 for a
        deleted document), by the searcher's document number; read once per segment."""

        def read(reader: SegmentReader) -> list[int]:  # all at once: 3x faster than one by one
            ids = [-1] * reader.doc_count_all()
            live = [n for n in range(len(ids)) if not reader.is_deleted(n)]
            for docnum, stored in zip(live, reader.all_stored_fields(), strict=True):
                ids[docnum] = int(stored[fieldname])
            return ids

        return _per_document(searcher, self.stored, fieldname, read, -1)

    def column_values(self, searcher: Searcher, fieldname: str) -> list[int]:
        """Every document's stored column value of ``fieldname`` (a sortable number or date,
        as Whoosh encodes it), by the searcher's document number; read once per segment."""
        return _per_document(searcher, self.values, fieldname, lambda reader: list(
            reader.column_reader(fieldname, translate=False).load()), 0)

    def lengths(self, reader: SegmentReader, fieldname: str) -> bytes | list[int] | None:
        key = (reader.segment().segment_id(), fieldname)
        found = self.by_segment.get(key)
        if found is None:
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if column is None:
                return None
            found = self.by_segment[key] = _all_bytes(column, reader.doc_count_all())
        return found

    def may_have(self, reader: SegmentReader, fieldname: str, text: str) -> bool:
        if fieldname in FIELDS_LOOKED_UP:
            return True
        key = (reader.segment().segment_id(), fieldname)
        words = self.words.get(key)
        if words is None:
            # The set is read once the field has been asked about a few times: a process that
            # searches once (the command line) looks each word up instead (80 ms less).
            asked = self.asked[key] = self.asked.get(key, 0) + 1
            if asked < WORD_SET_AFTER:
                return True
            words = self.words[key] = frozenset(reader.field_terms(fieldname))
        return text in words

    def forget_except(self, segment_ids: set[str]) -> None:
        for cache in (self.by_segment, self.words, self.values, self.stored, self.asked):
            for key in [k for k in cache if k[0] not in segment_ids]:
                del cache[key]


def _per_document(searcher: Searcher, cache: dict[tuple[str, str], list[int]], fieldname: str,
                  read: Callable[[SegmentReader], list[int]], missing: int) -> list[int]:
    """A value per document of the searcher, by document number: each segment's values read
    with ``read`` once and kept in ``cache`` (``missing`` fills any gap between segments)."""
    found: list[int] = []
    for reader, offset in searcher.reader().leaf_readers():
        if reader.segment() is None:  # an empty index: no documents
            continue
        key = (reader.segment().segment_id(), fieldname)
        values = cache.get(key)
        if values is None:
            values = cache[key] = read(reader)
        found.extend([missing] * (offset - len(found)))
        found.extend(values)
    return found


def _all_bytes(column: ColumnReader, count: int) -> bytes | list[int]:
    """Every value of a one-byte numeric column: its bytes read at once (the values past the
    last one written are 0), or one by one for any other kind of column."""
    if getattr(column, "_typecode", None) == "B" and getattr(column, "_fixedlen", None) == 1:
        written = min(count, column._count)
        raw = column._dbfile.get(column._basepos, written)
        return bytes(raw) + bytes(count - written)
    return [column[n] for n in range(count)]


def plain_word_groups(query: wq.Query) -> list[list[Atom]] | None:
    """For AND/OR combinations of single terms and phrases: the groups of an AND of ORs (a
    document must match a term or phrase of each group). None for anything else."""
    atom = _atom(query)
    if atom is not None:
        return [[atom]]
    if type(query) is wq.Or and query.boost == 1 and not query.minmatch and query.scale is None:
        atoms = [_atom(child) for child in query.subqueries]
        if atoms and all(a is not None for a in atoms):
            return [[a for a in atoms if a is not None]]
        return None
    if type(query) is wq.And and query.boost == 1:
        groups: list[list[Atom]] = []
        for child in query.subqueries:
            found = plain_word_groups(child)
            if found is None or len(found) != 1 and type(child) is not wq.And:
                return None
            groups.extend(found)
        return groups or None
    return None


def _atom(query: wq.Query) -> Atom | None:
    if type(query) is wq.Term:
        return (query.fieldname, query.text, query.boost)
    if type(query) is wq.Phrase and query.slop == 1 and query.words:
        return PhraseTerm(query.fieldname, tuple(query.words), query.boost)
    return None


@dataclass(frozen=True)
class ColumnRange:
    """A range of a sortable field's column values that a document must fall in (a date
    range on ``date``), and the constant score Whoosh's range query gives a match."""

    fieldname: str
    low: int  # inclusive, as the column encodes the values
    high: int
    boost: float


@dataclass
class Filters:
    """What narrows a plain-word query without scoring: ranges of a column, and queries
    whose documents are left out (``NOT x``, ``-x``)."""

    ranges: list[ColumnRange] = field(default_factory=list)
    # A query and the constant Whoosh adds to a match's score for it (its NOT's boost)
    left_out: list[tuple[wq.Query, float]] = field(default_factory=list)


def split_filters(query: wq.Query, sortable: frozenset[str]
                  ) -> tuple[list[list[Atom]], Filters] | None:
    """An AND of plain words, ranges on ``sortable`` fields and NOTs, split into the words'
    groups and the filters; None for any other query (Whoosh then ranks it)."""
    if type(query) is not wq.And or query.boost != 1:
        return None
    words: list[wq.Query] = []
    filters = Filters()
    for child in query.subqueries:
        if isinstance(child, wq.NumericRange) and child.fieldname in sortable \
                and child.constantscore:
            filters.ranges.append(_column_range(child))
        elif type(child) is wq.Not:
            filters.left_out.append((child.query, child.boost))
        else:
            words.append(child)
    if not (filters.ranges or filters.left_out) or not words:
        return None
    groups = plain_word_groups(words[0] if len(words) == 1 else wq.And(words))
    return (groups, filters) if groups is not None else None


def _column_range(query: wq.NumericRange) -> ColumnRange:
    """The inclusive bounds of a range query, as the field's column stores its values."""
    from whoosh.util.times import datetime_to_long

    def encode(value: Any) -> int:
        return datetime_to_long(value) if isinstance(value, datetime) else int(value)

    # Open ends stop at the dates there can be: a document without a date has the column's
    # default (the largest number it holds), which no range matches
    low = encode(query.start) + (1 if query.startexcl else 0) if query.start is not None else 0
    high = (encode(query.end) - (1 if query.endexcl else 0) if query.end is not None
            else datetime_to_long(datetime.max))
    return ColumnRange(query.fieldname, low, high, query.boost)


def rank_plain_words(searcher: Searcher, groups: list[list[Atom]], offset: int,
                     limit: int | None, lengths: LengthCache,
                     filters: Filters | None = None, ordered: bool = True) -> Ranking | None:
    """The ``offset``..``offset + limit`` best documents matching every group, or None when
    the searcher is not set up as this assumes (then Whoosh ranks). Not ``ordered``: every
    matching document, in no order, without scores (for counting)."""
    totals = _match_groups(searcher, groups, lengths, None)
    if totals is None:
        return None
    for kept in filters.ranges if filters else ():  # a column read, not numeric terms
        values = lengths.column_values(searcher, kept.fieldname)
        totals = {d: s + kept.boost for d, s in totals.items()
                  if kept.low <= values[d] <= kept.high}
    for left_out, boost in filters.left_out if filters and totals else ():
        gone = _left_out(searcher, left_out, lengths, totals)
        totals = {d: s + boost for d, s in totals.items() if d not in gone}
    if not ordered:
        return Ranking(len(totals), list(totals), [])
    wanted = None if limit is None else offset + limit
    # Best first; equal scores in document order, as Whoosh's collector sorts them.
    if wanted is None:
        best = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    else:
        best = heapq.nsmallest(wanted, totals.items(), key=lambda item: (-item[1], item[0]))
    page = best[offset:]
    return Ranking(len(totals), [d for d, _s in page], [s for _d, s in page])


def _left_out(searcher: Searcher, query: wq.Query, lengths: LengthCache,
              candidates: dict[int, float]) -> set[int]:
    """Which of ``candidates`` a NOT's query matches: read in bulk (only the candidates'
    blocks) where it is plain words or phrases, else by Whoosh."""
    groups = plain_word_groups(query)
    found = _match_groups(searcher, groups, lengths, candidates) if groups else None
    return set(found) if found is not None else set(searcher.docs_for_query(query))


def _match_groups(searcher: Searcher, groups: list[list[Atom]], lengths: LengthCache,
                  candidates: dict[int, float] | None) -> dict[int, float] | None:
    """Every document matching every group (of ``candidates`` only, when given) with its
    BM25F score; None when the searcher is not set up as this assumes."""
    weighting = searcher.weighting
    if type(weighting) is not BM25F or weighting._field_B:
        return None
    schema = searcher.schema
    if any(_field(a) not in schema or not schema[_field(a)].scorable
           or isinstance(a, PhraseTerm) and not schema[_field(a)].format.supports("positions")
           for group in groups for a in group):
        return None
    # The rarest word first: the documents it matches are then the only ones whose postings
    # the commoner words need to decode (most of their blocks are skipped unread).
    looked_up: list[list[_TermPostings | _PhrasePostings]] = []
    for group in groups:
        found: list[_TermPostings | _PhrasePostings] = []
        for atom in group:
            if isinstance(atom, PhraseTerm):
                words = [_look_up(searcher, atom.fieldname, word, 1.0, lengths)
                         for word in atom.words]
                if any(word is None for word in words):
                    return None
                found.append(_PhrasePostings([w for w in words if w is not None], atom.boost))
            else:
                term = _look_up(searcher, *atom, lengths)
                if term is None:
                    return None
                found.append(term)
        looked_up.append(found)
    looked_up.sort(key=lambda terms: sum(t.frequency for t in terms))
    if candidates is not None and len(candidates) > sum(t.frequency for t in looked_up[0]):
        # Fewer postings than candidates: reading them all costs less than picking blocks
        every = _match_groups(searcher, groups, lengths, None)
        return None if every is None else {d: s for d, s in every.items() if d in candidates}
    totals: dict[int, float] | None = candidates
    first = True
    for postings in looked_up:
        scores: dict[int, float] = {}
        for posting in postings:
            scored = (_score_phrase(posting, scores, lengths, totals)
                      if isinstance(posting, _PhrasePostings)
                      else _score_term(posting, scores, lengths, totals))
            if not scored:
                return None
        if totals is None or first and candidates is not None:
            totals = scores  # (candidates only narrow: their scores are not added)
        else:  # an intersection: kept only where both match, scores summed
            totals = {d: s + scores[d] for d, s in totals.items() if d in scores}
        first = False
        if not totals:
            break
    return totals or {}


def _field(atom: Atom) -> str:
    return atom.fieldname if isinstance(atom, PhraseTerm) else atom[0]


@dataclass
class _TermPostings:
    fieldname: str
    tbytes: bytes
    boost: float
    frequency: int  # documents, over all segments (deleted ones too, as Whoosh counts)
    idf: float
    norms: list[float | None]  # the length part of bm25() for each length byte
    k1_plus_1: float
    form: Any  # the field's postings format
    segments: list[tuple[SegmentReader, int, W3TermsReader, TermInfo]]  # first docnum: base
    postings: list[TermBlocks] = field(default_factory=list)  # per segment, read once


@dataclass
class _PhrasePostings:
    """A phrase's words (in order, repeated ones repeated) and the phrase's boost."""

    words: list[_TermPostings]
    boost: float

    @property
    def frequency(self) -> int:  # at most the rarest word's documents
        return min(word.frequency for word in self.words)


def _look_up(searcher: Searcher, fieldname: str, text: str, boost: float,
             lengths: LengthCache) -> _TermPostings | None:
    """Where a term's postings are, and its BM25F constants; None if unsupported."""
    found = []
    tbytes = searcher.schema[fieldname].to_bytes(text)
    for reader, base in list(searcher.reader().leaf_readers()):
        if reader.segment() is None or not lengths.may_have(reader, fieldname, text):
            continue
        try:
            terms = reader._terms
            found.append((reader, base, terms, terms.term_info(fieldname, tbytes)))
        except TermNotFound:
            continue
        except AttributeError:
            return None
    weighting = searcher.weighting
    if not found:  # in no segment: nothing to score
        return _TermPostings(fieldname, tbytes, boost, 0, 0.0, [], 0.0, None, [])
    # WeightingModel.idf, with the document frequency summed over the segments just read.
    frequency = sum(info.doc_frequency() for *_rest, info in found)
    idf = log(searcher.doc_count_all() / (frequency + 1)) + 1
    avgfl = searcher.avg_field_length(fieldname) or 1
    b, k1 = weighting.B, weighting.K1
    # bm25() of whoosh.scoring, with the length part worked out once per length byte.
    norms = [k1 * ((1 - b) + b * byte_to_length(n) / avgfl) if n else None for n in range(256)]
    form = searcher.schema[fieldname].format
    return _TermPostings(fieldname, tbytes, boost, frequency, idf, norms, k1 + 1, form, found,
                         [TermBlocks(terms, info, form) for _r, _b, terms, info in found])


def _score_term(term: _TermPostings, scores: dict[int, float], lengths: LengthCache,
                candidates: dict[int, float] | None) -> bool:
    """Add one term's BM25F scores into ``scores`` (docnum -> sum); with ``candidates``, for
    those documents only, and the blocks of postings without any are not even decoded.
    False if the index is not as this assumes."""
    idf, norms, boost, k1_plus_1 = term.idf, term.norms, term.boost, term.k1_plus_1
    get = scores.get
    ordered = sorted(candidates) if candidates is not None and term.segments else None
    for segment, (reader, base, _terms, _info) in enumerate(term.segments):
        column = lengths.lengths(reader, term.fieldname)
        if column is None:
            return False
        deleted = reader.deleted_docs_set if reader.has_deletions() else ()
        wanted = None
        if ordered is not None:
            wanted = _in_segment(ordered, base, reader.doc_count_all())
            if not wanted:
                continue
        blocks = term.postings[segment].blocks(wanted)
        if blocks is None:
            return False
        for ids, weights, _values in blocks:
            for docnum, tf in zip(ids, weights, strict=True):
                key = base + docnum
                if (deleted and docnum in deleted) or (candidates is not None
                                                       and key not in candidates):
                    continue
                score = idf * ((tf * k1_plus_1) / (tf + norms[column[docnum]]))
                if boost != 1:
                    score *= boost
                scores[key] = get(key, 0.0) + score
    return True


def _score_phrase(phrase: _PhrasePostings, scores: dict[int, float], lengths: LengthCache,
                  candidates: dict[int, float] | None) -> bool:
    """Add a phrase's scores into ``scores``: as Whoosh's phrase matcher (an intersection of
    its words' term matchers, kept where the words stand next to each other in order), the sum
    of its words' BM25F scores, times the phrase's boost. False if the index is not as this
    assumes."""
    words = phrase.words
    if any(word.frequency == 0 for word in words):
        return True  # a word no document has: Whoosh's phrase matches nothing
    # A word said twice ("the the") is scored twice, as Whoosh's intersection of its two
    # matchers does, but its postings are read once.
    distinct = {word.tbytes: word for word in words}
    times = {key: sum(1 for w in words if w.tbytes == key) for key in distinct}
    both: dict[int, float] | None = candidates
    summed: dict[int, float] | None = None
    for key, word in sorted(distinct.items(), key=lambda kw: kw[1].frequency):  # the rarest
        found: dict[int, float] = {}                                         # narrows the rest
        if not _score_term(word, found, lengths, both):
            return False
        if times[key] > 1:
            found = {d: s * times[key] for d, s in found.items()}
        summed = found if summed is None else {d: s + found[d] for d, s in summed.items()
                                               if d in found}
        if not summed:
            return True
        both = summed
    assert summed is not None
    wanted = set(summed)
    read: dict[bytes, dict[int, list[int]]] = {}
    for key, word in distinct.items():
        at = _positions(word, wanted)
        if at is None:
            return False
        read[key] = at
    places = [read[word.tbytes] for word in words]
    boost = phrase.boost
    get = scores.get
    for docnum, score in summed.items():
        starts = set(places[0][docnum])
        for shift, found_at in enumerate(places[1:], 1):
            starts.intersection_update([p - shift for p in found_at[docnum]])
            if not starts:
                break
        if starts:
            scores[docnum] = get(docnum, 0.0) + (score * boost if boost != 1 else score)
    return True


def _in_segment(ordered: list[int], base: int, count: int) -> list[int]:
    """The document numbers of ``ordered`` (sorted, over all segments) in the segment starting
    at ``base`` with ``count`` documents, as that segment numbers them."""
    return [d - base for d in
            ordered[bisect_left(ordered, base):bisect_left(ordered, base + count)]]


_ONE_BY_ONE = 8  # fewer documents than this in a block: their positions decoded one by one


def _positions(term: _TermPostings, wanted: set[int]) -> dict[int, list[int]] | None:
    """Where ``term`` stands in each of the ``wanted`` documents (positions in its field),
    decoded for those documents only; None if the index is not as this assumes."""
    found: dict[int, list[int]] = {}
    ordered = sorted(wanted)
    for segment, (reader, base, _terms, _info) in enumerate(term.segments):
        inside = _in_segment(ordered, base, reader.doc_count_all())
        if not inside:
            continue
        blocks = term.postings[segment].blocks(inside, values=True)
        if blocks is None:
            return None
        for ids, _weights, values in blocks:
            picked = [(n, base + docnum) for n, docnum in enumerate(ids) if base + docnum in wanted]
            if len(picked) < _ONE_BY_ONE:
                for n, key in picked:
                    found[key] = decode_positions(values[n])
            else:
                deltas = decode_block_positions(values)
                for n, key in picked:
                    found[key] = list(accumulate(deltas[n]))
    return found
