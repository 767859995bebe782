"""Search through the Library: stemming, CJK, fields, dates, operators, snippets, facets."""

from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from clipper.core.records import ClippingDraft


def add(library, title, body, **kw):
    return library.add_clipping(ClippingDraft(title=title, body=body, **kw)).id


def ids(results):
    return {hit.id for hit in results.hits}


def test_run_finds_running(library):
    running = add(library, "Marathon", "She was running through the park.")
    add(library, "Other", "Nothing about that here.")
    assert ids(library.search("run")) == {running}
    assert ids(library.search("runs")) == {running}


def test_two_character_chinese_word_inside_a_longer_sentence(library):
    zh = add(library, "中国呼吁合作", "中国呼吁与日本、韩国和东盟在科技领域加强合作。", language="zh")
    add(library, "English", "China calls for cooperation.")
    assert ids(library.search("科技")) == {zh}
    assert ids(library.search("东盟")) == {zh}
    assert ids(library.search("科技领域")) == {zh}
    assert library.search("领科").total == 0  # characters that are not adjacent in the text


def test_japanese_and_korean(library):
    ja = add(library, "会議", "東京で開かれた科学技術会議で協力が合意された。")
    ko = add(library, "회의", "중국은 과학기술 분야에서 협력을 촉구했다.")
    assert ids(library.search("技術")) == {ja}
    assert ids(library.search("과학")) == {ko}
    assert ids(library.search("협력")) == {ko}


def test_title_field(library):
    a = add(library, "Budget talks stall", "The ministry said nothing.")
    b = add(library, "Weather", "Budget was not discussed.")
    assert ids(library.search("title:budget")) == {a}
    assert ids(library.search("budget")) == {a, b}


def test_date_ranges(library):
    old = add(library, "Old", "Trade news", published=datetime(2023, 3, 1, tzinfo=UTC))
    new = add(library, "New", "Trade news again", published=datetime(2024, 6, 15, tzinfo=UTC))
    assert ids(library.search("published:[2024-01-01 to 2024-12-31]")) == {new}
    assert ids(library.search("published:2023")) == {old}
    assert ids(library.search("trade published:<2024-01-01")) == {old}
    assert ids(library.search("date:2024-06")) == {new}


def test_boolean_operators_and_phrases(library):
    a = add(library, "A", "Japan and Korea agreed.")
    b = add(library, "B", "Korea alone.")
    c = add(library, "C", "Japan alone.")
    assert ids(library.search("japan AND korea")) == {a}
    assert ids(library.search("japan OR korea")) == {a, b, c}
    assert ids(library.search("korea NOT japan")) == {b}
    assert ids(library.search('"japan and korea"')) == {a}
    assert ids(library.search('"korea and japan"')) == set()


def test_web_search_habits_work(library):
    a = add(library, "Talks in Seoul", "Japan and Korea agreed on a long-term plan.")
    b = add(library, "Korea", "Korea alone, with a short-term plan.")
    c = add(library, "Japan", "Japan alone.")
    assert ids(library.search("korea -japan")) == {b}
    assert ids(library.search("korea --japan")) == ids(library.search("korea +-japan")) == {b}
    assert ids(library.search("-japan")) == {b}
    assert ids(library.search('plan -"long-term plan"')) == {b}
    assert ids(library.search("korea +japan")) == {a}
    assert ids(library.search("japan - korea")) == {a}  # a dash standing alone is punctuation
    assert ids(library.search("Title:seoul")) == {a}
    english = add(library, "Seoul summit", "Leaders met.", language="en")
    assert ids(library.search("LANG:EN seoul")) == {english}
    assert ids(library.search("TITLE:korea OR title:japan")) == {b, c}
    assert ids(library.search("long-term")) == {a}  # a hyphen inside a word stays
    assert ids(library.search('"alone, with"')) == {b}
    minus = add(library, "Cold snap", "Temperatures fell to -5 degrees overnight.")
    assert ids(library.search("temperatures -5 degrees")) == {minus}  # a number, not "leave out"
    assert ids(library.search('"korea -japan')) == {b}  # searched as words, japan still out
    for query in ("korea -japan", "-japan", "Title:seoul", "japan -"):
        assert not library.search(query).as_plain_words, query


def test_fields_for_source_tag_entity_bias_author_lang(library, seed_text):
    from clipper.core.capture.textfile import parse_text_clipping

    seed = library.add_clipping(parse_text_clipping(seed_text)).id
    other = add(library, "Other", "Unrelated text about Zhao.", authors=["Ann Lee"],
                language="fr", source_name="Le Monde")
    library.add_tags(seed, ["Science policy"])
    body = library.get_clipping(seed).clipping.body
    start = body.index("Zhao Yiping")
    library.add_mention(seed, start, start + len("Zhao Yiping"), "Zhao Yiping", "person")
    assert ids(library.search("source:straits")) == {seed}
    assert ids(library.search("outlet:monde")) == {other}
    assert ids(library.search('tag:"science policy"')) == {seed}
    assert ids(library.search('entity:"zhao yiping"')) == {seed}
    assert ids(library.search("bias:editorial")) == {seed}
    assert ids(library.search("author:lee")) == {other}
    assert ids(library.search("lang:fr")) == {other}


def test_notes_are_searchable(library):
    cid = add(library, "T", "Some body text here.")
    library.add_annotation(cid, 0, 4, note="dubious figure")
    assert ids(library.search("dubious")) == {cid}
    assert ids(library.search("notes:figure")) == {cid}


def test_snippets_highlight_matches_and_escape_html(library):
    add(library, "T", "Before <script>x</script> the Zhao Yiping statement & more.")
    hit = library.search("Zhao").hits[0]
    assert '<b class="match' in hit.snippet and "Zhao</b>" in hit.snippet
    assert "<script>" not in hit.snippet and "&lt;script&gt;" in hit.snippet


def test_date_order_is_newest_first(library):
    old = add(library, "Old", "tariffs", published=datetime(2020, 1, 1, tzinfo=UTC))
    new = add(library, "New", "tariffs tariffs tariffs", published=datetime(2025, 1, 1, tzinfo=UTC))
    assert [h.id for h in library.search("tariffs", order="date").hits] == [new, old]


def test_facets_count_by_source_tag_entity_and_bias(library):
    a = add(library, "A", "Ports and shipping.", source_name="Reuters")
    b = add(library, "B", "Shipping lanes.", source_name="Reuters")
    add(library, "C", "Shipping news.", source_name="AP")
    library.add_tags(a, ["trade"])
    library.add_tags(b, ["trade", "asia"])
    library.add_bias_note(a, "single-source")
    library.add_mention(a, 0, 5, "Port of Singapore", "place")
    facets = library.facets("shipping")
    assert [(f.value, f.count) for f in facets["source"]] == [("Reuters", 2), ("AP", 1)]
    assert [(f.value, f.count) for f in facets["tag"]] == [("trade", 2), ("asia", 1)]
    assert [(f.value, f.count) for f in facets["entity"]] == [("Port of Singapore", 1)]
    assert [(f.value, f.count) for f in facets["bias"]] == [("Single source", 1)]


def test_outlets_of_many_matches_are_counted_the_same_by_one_scan(library, monkeypatch):
    """Past SCAN_OUTLETS_FROM matches the outlets are counted by joining the matches to the
    clipping table rather than looking each one up: the same counts, clippings without an
    outlet left out either way."""
    from clipper.core.store import searching

    for n, outlet in enumerate(["Reuters", "Reuters", "AP", None, "Reuters", "AP"]):
        add(library, f"T{n}", f"Shipping item {n}.", source_name=outlet)
    add(library, "Other", "Nothing of the kind.", source_name="AP")
    looked_up = library.facets("shipping")["source"]
    monkeypatch.setattr(searching, "SCAN_OUTLETS_FROM", 0)
    scanned = library.facets("shipping")["source"]
    assert [(f.value, f.count) for f in scanned] == [(f.value, f.count) for f in looked_up] == [
        ("Reuters", 3), ("AP", 2)]


@pytest.mark.parametrize("query", ['"unbalanced', "((( AND", "title:", "date:[foo to bar]",
                                   "NOT", "*", "a OR OR b", "published:>", ")", "tag:", "^2",
                                   '"foo, bar"', 'tag:"a, b"', 'title:"foo, bar"', "- -", "-", "+"])
def test_bad_syntax_never_fails(library, query):
    add(library, "T", "foo bar unbalanced")
    library.search(query)


@pytest.mark.parametrize("query, flagged", [
    ('"unbalanced', True), ("china)", True), ("title:", True), ("AND", True),
    ("china OR", True), ("china NOT", True), ("title:unbalanced", False),
    ('"foo bar"', False), ("(foo OR china) AND bar", False), ("NOT china", False),
    ('"the reason: money"', False), ('"smile :)" foo', False),
    ('foo source:"Reuters"', False), ('title:"foo bar" AND bar', False)])
def test_a_query_that_cannot_mean_what_it_says_is_flagged(library, query, flagged):
    add(library, "T", "foo bar unbalanced")
    assert library.search(query).as_plain_words is flagged


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_query_returns_results_or_nothing(library, query):
    results = library.search(query)
    assert results.total >= 0


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(['"', ",", " ", "-", "+", "(", ")", ":", "*", "title:", "tag:",
                                 "Title:", "AND", "OR", "NOT", "foo", "bar", "中国", "2024-06",
                                 "date:", "[", "]", " to ", ">", "^2", "~"]), max_size=12))
@example(pieces=["date:", '"', '"'])  # an empty quoted date: Whoosh raised while searching
def test_any_query_of_syntax_pieces_returns_results_or_nothing(library, pieces):
    if not library.search("foo").total:
        add(library, "Foo", "foo, bar 中国")
    assert library.search("".join(pieces)).total >= 0


PHRASE_TEXT = ("Trade grew in May. Then the trade war deepened, and the war of words went on; "
               "a trade, war-like mood followed.")


@pytest.mark.parametrize("query", ['"trade war"', 'body:"trade war"', 'source:Reuters "trade war"',
                                   'title:tariffs "trade war"', '"trade war" -peace',
                                   '"trade war" date:2024', 'Title:Tariffs AND "Trade War"'])
def test_a_phrase_is_highlighted_as_one_run(library, query):
    cid = add(library, "Tariffs", PHRASE_TEXT, source_name="Reuters",
              published=datetime(2024, 5, 1, tzinfo=UTC))
    [hit] = library.search(query).hits
    assert 'the <b class="match term0">trade war</b> deepened' in hit.snippet
    # Punctuation between the words does not break the phrase, as in the index.
    assert '<b class="match term0">trade, war</b>-like' in hit.snippet
    # The words on their own are not what the query asked for.
    assert "Trade</b> grew" not in hit.snippet and "the war of" in hit.snippet
    assert library.snippets(query, [cid]) == {cid: hit.snippet}  # rows shown later


def test_a_phrase_and_a_word_are_both_highlighted(library):
    add(library, "T", PHRASE_TEXT)
    [hit] = library.search('"trade war" words').hits
    assert '<b class="match term0">trade war</b>' in hit.snippet
    assert '<b class="match term1">words</b>' in hit.snippet


def test_a_chinese_phrase_is_highlighted_whole(library):
    add(library, "贸易", "中美贸易战继续升级，贸易谈判停滞。", language="zh")
    for query in ('"贸易战"', "贸易战", 'title:贸易 "贸易战"'):
        [hit] = library.search(query).hits
        assert '中美<b class="match term0">贸易战</b>继续' in hit.snippet, query
        assert "，贸易谈判" in hit.snippet, query  # "贸易" alone is not the phrase


def test_words_left_out_are_not_highlighted(library):
    add(library, "T", "Japan and Korea agreed; China did not.")
    for query in ("korea -(china title:other)", "korea NOT (china AND title:other)"):
        [hit] = library.search(query).hits
        assert "Korea</b>" in hit.snippet and "China</b>" not in hit.snippet, query


def test_a_phrase_found_only_elsewhere_highlights_its_words(library):
    add(library, "The trade war", "Trade talks stalled; the war of words went on.")
    [hit] = library.search('"trade war"').hits
    assert "Trade</b> talks" in hit.snippet and "war</b> of" in hit.snippet


def test_a_large_commit_is_written_by_several_processes_and_replaces_old_versions(
        tmp_path, monkeypatch):
    """A bulk commit goes through Whoosh's multiprocess writer (lowered threshold here): every
    document arrives once, an old version of a re-sent document goes, a deleted id goes."""
    from clipper.core import search
    from clipper.core.search import IndexDocument, SearchIndex

    monkeypatch.setattr(search, "PARALLEL_FROM", 50)
    monkeypatch.setattr(search, "READ_ALL_IDS_FROM", 10)  # the old versions among all ids
    monkeypatch.setattr(search, "JOB_DOCUMENTS", 20)
    index = SearchIndex(tmp_path / "index")
    try:
        def docs(ids, word):
            return [IndexDocument(id=n, revision=1, title=f"Story {n}", body=f"{word} {n}")
                    for n in ids]
        index.apply(docs(range(1, 121), "harbour"), [])
        fed = []
        index.apply(iter(docs(range(1, 61), "lighthouse")), [120],
                    replaces=list(range(1, 61)), fed=fed.append)
        assert index.doc_count() == 119
        assert index.search("lighthouse", limit=None).total == 60
        assert index.search("harbour", limit=None).total == 59  # 61..119
        assert fed == [] or fed[-1] <= 60
        assert sorted(index.revisions()) == list(range(1, 120))
        with index._searching() as searcher:  # two writer processes, a segment each (at least)
            assert len(searcher.reader().leaf_readers()) >= 2
    finally:
        index.close()


def test_an_index_made_before_term_positions_is_read_and_written_as_before(tmp_path):
    """Segments keep the schema they were made with: an index whose text fields have Whoosh's
    own Positions format (made before analysis.TermPositions) still finds words and phrases,
    and takes new documents."""
    from whoosh.filedb.filestore import FileStorage
    from whoosh.formats import Positions

    from clipper.core import search
    from clipper.core.search import IndexDocument, SearchIndex

    schema = search._schema()
    for name in schema.names():
        if isinstance(schema[name].format, Positions):
            schema[name].format = Positions(field_boost=schema[name].format.field_boost)
    folder = tmp_path / "index"
    folder.mkdir()
    FileStorage(str(folder)).create_index(schema).close()
    (folder / search.VERSION_FILE).write_text(search.INDEX_VERSION)
    index = SearchIndex(folder)
    try:
        assert type(index._ix.schema["body"].format) is Positions
        index.apply([IndexDocument(id=1, revision=1, title="Harbour news",
                                   body="The harbour reopened after the storm.")], [])
        index.apply([IndexDocument(id=2, revision=1, title="Storm",
                                   body="A storm closed the harbour.")], [])
        assert index.search("harbour").total == 2
        assert [h.id for h in index.search('"harbour reopened"').hits] == [1]
        assert [h.id for h in index.search('title:storm').hits] == [2]
    finally:
        index.close()
