"""The bulk ranking of plain-word queries gives Whoosh's own results: the same documents, in
the same order, with the same scores and the same total; and the query parser is skipped only
for queries it would have turned into the same terms."""

from __future__ import annotations

import random

import pytest

from clipper.core.query_syntax import plain_words as _plain_words
from clipper.core.scoring import LengthCache, plain_word_groups, rank_plain_words
from clipper.core.search import IndexDocument, SearchIndex, _rank_with_whoosh

WORDS = ("china japan trade tariffs steel running runs minister talks ports shipping Élection "
         "café naïve data 2024 x1").split()


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    rng = random.Random(3)
    index = SearchIndex(tmp_path_factory.mktemp("index"))
    for batch in range(4):  # several segments, and deleted documents (replaced ones)
        docs = [IndexDocument(id=n, revision=batch, title=" ".join(rng.choices(WORDS, k=4)),
                              body=" ".join(rng.choices(WORDS, k=rng.randint(5, 80))),
                              source=rng.choice(["Reuters", "China Daily"]),
                              tags=rng.sample(["trade", "china", "asia"], 2))
                for n in range(batch * 30, batch * 30 + 60)]
        index.apply(docs, [])
    yield index
    index.close()


QUERIES = ["china", "trade", "japan trade", "runs", "tariffs steel ports", "china OR japan",
           "title:china trade", "Élection", "cafe", "2024", "x1 data", "nothing", "reuters",
           # Phrases: the words next to each other, in order, in one field
           '"china trade"', '"trade trade"', '"trade trade trade"', 'title:"trade china"',
           'steel "japan trade"', '"running runs"', '"china trade ports"', '"nothing trade"',
           'source:"china daily"^2', '"reuters china" OR "china daily"',
           '"japan trade" "steel ports"']


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize(("offset", "limit"), [(0, 20), (5, 10), (0, None)])
def test_same_ranking_as_whoosh(index, query, offset, limit):
    parsed, _ = index.parse(query)
    groups = plain_word_groups(parsed)
    assert groups is not None
    with index._searching() as searcher:
        assert searcher.reader().has_deletions()
        ours = rank_plain_words(searcher, groups, offset, limit, LengthCache())
        # Whoosh ranking every match: its collector with a limit can miss documents of a later
        # segment that score higher than some it keeps (found by this test: "japan trade").
        whoosh = _rank_with_whoosh(searcher, parsed, 0, None, "relevance")
    end = None if limit is None else offset + limit
    assert ours.total == whoosh.total
    assert ours.docnums == whoosh.docnums[offset:end]
    assert ours.scores == pytest.approx(whoosh.scores[offset:end], rel=1e-9)


def test_fields_that_are_not_scored_are_left_to_whoosh(index):
    with index._searching() as searcher:
        groups = plain_word_groups(index.parse("lang:en")[0])
        assert rank_plain_words(searcher, groups, 0, 20, LengthCache()) is None


@pytest.mark.parametrize("query", ['"china trade"~3', "chin*", "china NOT japan", "date:2024",
                                   "china^2"])
def test_other_queries_are_left_to_whoosh(index, query):
    assert plain_word_groups(index.parse(query)[0]) is None or query == "china^2"
    assert _plain_words(query) is None


@pytest.mark.parametrize("query", ["China", "running Élection", "x1 2024", "naïve Café",
                                   "to", "trade tariffs steel"])
def test_plain_words_as_the_parser_reads_them(index, query):
    assert _plain_words(query) == plain_word_groups(index.parse(query)[0])


@pytest.mark.parametrize("query", ["a AND b", "co-op", "中国", "title:x", "x*", ""])
def test_not_plain_words(query):
    assert _plain_words(query) is None


@pytest.fixture(scope="module")
def dated_index(tmp_path_factory):
    from datetime import datetime, timedelta

    rng = random.Random(5)
    index = SearchIndex(tmp_path_factory.mktemp("dated"))
    start = datetime(2023, 1, 1)
    for batch in range(3):
        docs = [IndexDocument(id=n, revision=batch, title=" ".join(rng.choices(WORDS, k=4)),
                              body=" ".join(rng.choices(WORDS, k=rng.randint(5, 60))),
                              published=None if n % 7 == 0 else
                              start + timedelta(hours=rng.randrange(0, 2 * 365 * 24)),
                              captured=None if n % 21 == 0 else datetime(2025, 1, 1))
                for n in range(batch * 40, batch * 40 + 70)]
        index.apply(docs, [])
    yield index
    index.close()


@pytest.mark.parametrize("query", [
    "china date:[2023-03-01 to 2023-09-30]", "trade steel date:[2024-01-01 to 2024-12-31]",
    "japan date:>2024-06-01", "talks date:<2023-06-01", "ports date:2025",
    "minister date:[2030-01-01 to 2031-01-01]", "trade NOT china", "trade talks -japan",
    "steel NOT (china OR japan)", "ports -title:trade date:[2023-01-01 to 2023-12-31]",
    "data NOT \"china trade\"", "\"china trade\" date:[2023-01-01 to 2024-06-30]",
    "\"japan trade\" -steel"])
def test_words_within_a_date_range_or_leaving_others_out_rank_as_whoosh_ranks_them(
        dated_index, query):
    """A date range is read from the date column beside the bulk ranking of the words, and
    what NOT leaves out is taken away: the same documents, order and scores as Whoosh's
    (its range query's constant score added)."""
    from clipper.core.scoring import split_filters
    from clipper.core.search import SORTABLE_FIELDS

    parsed, as_words = dated_index.parse(query)
    assert not as_words
    split = split_filters(parsed, SORTABLE_FIELDS)
    assert split is not None
    with dated_index._searching() as searcher:
        ours = rank_plain_words(searcher, split[0], 0, None, LengthCache(), split[1])
        whoosh = _rank_with_whoosh(searcher, parsed, 0, None, "relevance")
    assert ours.total == whoosh.total
    assert ours.docnums == whoosh.docnums
    assert ours.scores == pytest.approx(whoosh.scores, rel=1e-9)
    assert dated_index.search(query, limit=None).total == whoosh.total


@pytest.mark.parametrize("query", [*QUERIES, "chin*", "china NOT japan", '"china trade"~3'])
def test_matching_ids_are_whooshs(index, query):
    """Facets count the clippings a query matches: read in bulk where the ranking can, the
    ids from a per-segment list; the same clippings as Whoosh's own matching."""
    with index._searching() as searcher:
        assert searcher.reader().has_deletions()
        expected = sorted(int(searcher.stored_fields(docnum)["id"])
                          for docnum in searcher.docs_for_query(index.parse(query)[0]))
    assert sorted(index.matching_ids(query)) == expected
    assert sorted(index.matching_ids(query)) == expected  # again, from the kept lists


@pytest.mark.parametrize("query", ["zzqqxx", "x date:2024", '"a b"', "a NOT b", "a -\"b c\""])
def test_an_empty_index_answers_every_kind_of_query_with_nothing(tmp_path, query):
    """Before its first document (a new library, a window searching before the first flush)."""
    index = SearchIndex(tmp_path / "index")
    try:
        assert index.search(query).total == 0
        assert index.matching_ids(query) == []
    finally:
        index.close()
