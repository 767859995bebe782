"""Entity suggestions, accepting and rejecting them, merging entities, quotations: through the
Library API on a real library, with the seed and the analyst test clippings."""

from pathlib import Path

import pytest

from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.entities import fold_name, occurrences, suggest
from clipper.core.entities.tokens import PhraseMatcher
from clipper.core.errors import InvalidInputError, NotFoundError
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from tests.benchmarks.suggestion_quality import expected, score
from tests.conftest import ROOT, SEED_FILE

DATA = ROOT / "tests" / "data" / "analyst"

SEED_EXPECTED = {  # name: (kind, aliases that must be found)
    "Zhao Yiping": ("person", []),
    "Ministry of Science and Technology": ("organisation", ["MOST"]),
    "Ministry of Economy, Trade and Industry": ("organisation", ["METI"]),
    "Ministry of Science and ICT": ("organisation", []),
    "ASEAN": ("organisation", []),
    "China": ("country", []), "Japan": ("country", []), "South Korea": ("country", []),
    "Singapore": ("country", []), "Indonesia": ("country", []), "Vietnam": ("country", []),
    "United States": ("country", []), "India": ("country", []), "Australia": ("country", []),
    "Belt and Road Initiative": ("programme", ["BRI"]),
    "Technology Cooperation Fund": ("organisation", ["TCF"]),
    "China Development Bank": ("organisation", []),
    "Samsung": ("organisation", []),
    "SK Hynix": ("organisation", []),
    "The Straits Times": ("organisation", []),
}


def add_file(library: Library, path: Path) -> int:
    return library.add_clipping(parse_text_clipping(path.read_text(encoding="utf-8"))).id


@pytest.fixture
def seeded(library):
    return library, add_file(library, SEED_FILE)


def by_name(suggestions):
    return {s.name: s for s in suggestions}


def test_seed_suggestions_hold_every_expected_entity_and_few_wrong_ones(seeded):
    library, cid = seeded
    suggestions = library.suggest_entities(cid)
    found = by_name(suggestions)
    body = library.bodies([cid])[cid]
    for name, (kind, aliases) in SEED_EXPECTED.items():
        assert name in found, name
        assert found[name].kind == kind, name
        assert set(aliases) <= set(found[name].aliases), name
        assert all(body[a:b].strip() for a, b in found[name].spans)
    assert found["Zhao Yiping"].reason == "pattern" and found["China"].reason == "gazetteer"
    result = score("seed", suggestions, expected()["seed"]["entities"])
    assert result.precision >= 0.9 and result.recall >= 0.9, (result.wrong, result.missed)


def test_spans_cover_short_forms_and_respect_capitals(seeded):
    library, cid = seeded
    body = library.bodies([cid])[cid]
    found = by_name(library.suggest_entities(cid))
    zhao = {body[a:b] for a, b in found["Zhao Yiping"].spans}
    assert zhao == {"Zhao Yiping", "Zhao"} and len(found["Zhao Yiping"].spans) >= 5
    most = [body[a:b] for a, b in found["Ministry of Science and Technology"].spans]
    assert most.count("MOST") == 2  # "(MOST)" and "MOST Director-General", not "the most"
    assert "most advanced" in body
    # U+2011 non-breaking hyphens join "China‑ASEAN": both names are still found inside it
    assert any(body[a:b] == "Indo\u2011Pacific" for a, b in found["Indo-Pacific"].spans)


def test_matching_is_on_word_boundaries_and_case_aware():
    text = "Japanese firms; the EU and the eu; MOST and most; Japan\u2019s plan; china cups"
    assert occurrences(text, "Japan") == [(text.index("Japan\u2019s"),
                                            text.index("Japan\u2019s") + 5)]
    assert occurrences(text, "EU") == [(text.index("EU"), text.index("EU") + 2)]
    assert occurrences(text, "MOST") == [(text.index("MOST"), text.index("MOST") + 4)]
    assert occurrences(text, "China") == []
    matcher = PhraseMatcher()
    matcher.add("South Korea", 1)
    matcher.add("Korea", 2)
    [match] = matcher.find("in South  Korea today")
    assert match.payload == 1


def test_an_acronym_the_text_defines_beats_the_gazetteer():
    text = ("The Bureau of Industry and Security (BIS) published new rules. BIS said the "
            "rules start in May.")
    found = by_name(suggest(text))
    assert found["Bureau of Industry and Security"].aliases == ["BIS"]
    assert "Bank for International Settlements" not in found


def test_a_rejected_suggestion_is_not_offered_again_for_that_clipping(seeded, tmp_path):
    library, cid = seeded
    other = add_file(library, DATA / "newsletter_chips.txt")
    quad = by_name(library.suggest_entities(cid))["Samsung"]
    library.reject_suggestion(cid, quad)
    assert "Samsung" not in by_name(library.suggest_entities(cid))
    assert "Samsung" in by_name(library.suggest_entities(other))
    library.unreject_suggestion(cid, "samsung")
    assert "Samsung" in by_name(library.suggest_entities(cid))
    library.reject_suggestion(cid, "Samsung")
    folder = library.folder
    library.close()
    with Library.open(folder) as reopened:
        assert "Samsung" not in by_name(reopened.suggest_entities(cid))


def test_accept_tags_every_occurrence_and_everywhere_tags_other_clippings(seeded):
    library, cid = seeded
    other = add_file(library, DATA / "newsletter_chips.txt")
    third = library.add_clipping(ClippingDraft(title="Unrelated", body="Nothing here.")).id
    meti = by_name(library.suggest_entities(cid))["Ministry of Economy, Trade and Industry"]
    result = library.accept_suggestion(cid, meti)
    assert result.created and result.mentions == 5 and result.clippings == 1
    assert result.entity.kind == "organisation"
    detail = library.get_clipping(cid)
    assert sorted({m.mention.quote for m in detail.mentions}) == [
        "METI", "Ministry of Economy, Trade and Industry"]
    assert [a for e, a, _ in library.list_entities() if e.id == result.entity.id] == [["METI"]]
    assert not library.get_clipping(other).mentions  # not everywhere: the other is untouched
    # the accepted words are no longer suggested in this clipping
    assert meti.name not in by_name(library.suggest_entities(cid))
    # label once, apply everywhere: the other clipping offers it as a known entity
    known = by_name(library.suggest_entities(other))[meti.name]
    assert known.reason == "known" and known.entity_id == result.entity.id

    china = by_name(library.suggest_entities(cid))["China"]
    everywhere = library.accept_suggestion(cid, china, everywhere=True)
    # the seed's title opens with "China": tagged there too, anchored in the title
    assert china.title_spans == [(0, 5)]
    assert everywhere.clippings == 2
    assert everywhere.mentions == len(china.spans) + len(china.title_spans)
    assert everywhere.total_mentions == everywhere.mentions + 1  # "to China." in the newsletter
    assert [m.entity.name for m in library.get_clipping(other).mentions] == ["China"]
    assert not library.get_clipping(third).mentions
    for mention_id in everywhere.mention_ids:  # what the GUI's undo does
        library.delete_mention(mention_id)
    assert not library.get_clipping(other).mentions


def test_suggestion_for_a_name_and_a_name_that_is_not_there(seeded):
    library, cid = seeded
    assert library.suggestion_for(cid, "most").name == "Ministry of Science and Technology"
    manual = library.suggestion_for(cid, "Great Game", kind="other")
    assert manual.kind == "other" and len(manual.spans) == 1
    with pytest.raises(NotFoundError):
        library.suggestion_for(cid, "Atlantis")


def test_merge_moves_mentions_and_keeps_the_name_as_an_alias(seeded):
    library, cid = seeded
    keep = library.add_entity("Zhao Yiping", "person")
    other = library.add_entity("Director-General Zhao", "person", aliases=["DG Zhao"])
    body = library.bodies([cid])[cid]
    at = body.index("Zhao Yiping")
    library.add_mention(cid, at, at + 11, "Zhao Yiping", "person")
    library.add_mention(cid, at, at + 4, "Director-General Zhao")
    merged = library.merge_entities(keep.id, other.id)
    assert merged.entity.id == keep.id
    assert library.find_entity("Director-General Zhao").id == keep.id
    assert library.find_entity("DG Zhao").id == keep.id
    assert {m.entity.id for m in library.get_clipping(cid).mentions} == {keep.id}
    assert library.search("entity:\"DG Zhao\"").total == 1

    library.unmerge_entities(merged)  # undo: both as they were
    assert library.find_entity("DG Zhao").id == other.id
    assert library.find_entity("Zhao Yiping").id == keep.id
    assert sorted(m.entity.id for m in library.get_clipping(cid).mentions) == \
        sorted([keep.id, other.id])
    names = {e.id: aliases for e, aliases, _count in library.list_entities()}
    assert names[keep.id] == [] and names[other.id] == ["DG Zhao"]
    assert library.search("entity:\"DG Zhao\"").total == 1
    assert library.check().ok
    merged = library.merge_entities(keep.id, other.id)  # and again

    with pytest.raises(InvalidInputError):
        library.merge_entities(keep.id, keep.id)
    with pytest.raises(NotFoundError):
        library.merge_entities(keep.id, other.id)

    # SQLite hands the merged entity's id to the next new entity; undo still works
    at_singapore = body.index("Singapore") if "Singapore" in body else body.index("ASEAN")
    newcomer = library.add_mention(cid, at_singapore, at_singapore + 5, "Newcomer", "place")
    assert library.find_entity("Newcomer").id == other.id  # the freed id
    library.unmerge_entities(merged)
    restored = library.find_entity("DG Zhao")
    assert restored.id not in (keep.id, other.id) and merged.other["id"] == restored.id
    assert library.find_entity("Newcomer").id == other.id
    assert library.check().ok and newcomer


def test_entity_view_clippings_company_and_months(library):
    from datetime import UTC, datetime

    ids = []
    for n, (month, text) in enumerate([(1, "Zhao met ASEAN and Japan."),
                                       (1, "Zhao met ASEAN."), (3, "Zhao alone.")]):
        draft = ClippingDraft(title=f"T{n}", body=text,
                              published=datetime(2024, month, 5, tzinfo=UTC))
        ids.append(library.add_clipping(draft).id)
    for cid in ids:
        body = library.bodies([cid])[cid]
        library.add_mention(cid, 0, 4, "Zhao Yiping", "person")
        for name in ("ASEAN", "Japan"):
            if name in body:
                at = body.index(name)
                library.add_mention(cid, at, at + len(name), name, "organisation")
    view = library.entity_view(library.find_entity("Zhao Yiping").id)
    assert [row.id for row in view.clippings] == [ids[2], ids[1], ids[0]]
    assert [(e.name, n) for e, n in view.co_occurring] == [("ASEAN", 2), ("Japan", 1)]
    assert view.by_month == [("2024-01", 2), ("2024-02", 0), ("2024-03", 1)]
    assert view.mentions == 3
    with pytest.raises(NotFoundError):
        library.entity_view(999)


def test_bias_by_outlet_and_the_outlets_own_note(seeded):
    library, cid = seeded
    wire = add_file(library, DATA / "wire_steel.txt")
    library.add_bias_note(wire, "single-source", "only officials quoted")
    library.add_bias_note(wire, "single-source")
    library.add_bias_note(cid, "loaded-language", start=0, end=5)
    outlets = {o.source.name: o for o in library.bias_by_outlet()}
    assert outlets["The Straits Times"].notes == {
        "summary-of-another": 1, "editorial-commentary": 1, "loaded-language": 1}
    assert outlets["Reuters"].notes == {"single-source": 2} and outlets["Reuters"].total == 2
    assert [o.source.name for o in library.bias_by_outlet()][0] == "The Straits Times"
    source = outlets["Reuters"].source
    updated = library.set_source_note(source.id, "  wire  service ", "Fast, terse.")
    assert (updated.rating, updated.note) == ("wire service", "Fast, terse.")
    assert library.get_clipping(wire).source.rating == "wire service"
    library.set_source_note(source.id, "", "")
    assert library.get_clipping(wire).source.rating is None
    with pytest.raises(InvalidInputError):
        library.set_source_note(source.id, "x" * 41, "")


def test_quotes_on_the_seed_have_zhao_yiping_as_speaker(seeded):
    library, cid = seeded
    quotes = library.quotes(cid)
    zhao = [q for q in quotes if q.speaker == "Zhao Yiping"]
    assert len(zhao) >= 4 and len(zhao) == len(quotes)
    texts = [q.text for q in zhao]
    assert any(t.startswith("We want to create a virtuous circle") for t in texts)
    assert any(t.startswith("The BRI is not just about roads") for t in texts)
    assert any(t.startswith("Science and technology are the engines") for t in texts)
    body = library.bodies([cid])[cid]
    for quote in quotes:
        assert body[quote.start:quote.end] == quote.text
        assert body[slice(*quote.speaker_span)] in ("Zhao", "Zhao Yiping")
    # once tagged, the speaker is the entity
    entity = library.accept_suggestion(cid, by_name(library.suggest_entities(cid))[
        "Zhao Yiping"]).entity
    assert {q.entity_id for q in library.quotes(cid)} == {entity.id}


def test_quotes_in_a_wire_story_and_a_feature(library):
    wire = add_file(library, DATA / "wire_steel.txt")
    speakers = [(q.speaker, q.text[:20]) for q in library.quotes(wire)]
    assert ("Petra Lindqvist", "This pause gives our") in speakers
    assert ("Daniel Okoro", "a first step, not a ") in speakers
    assert ("Marco Bellini", "Nobody wins a tariff") in speakers
    reported = [q for q in library.quotes(wire) if not q.direct]
    assert [q.speaker for q in reported] == ["the European Steel Association (Eurofer)"]
    feature = add_file(library, DATA / "feature_mekong.txt")
    quotes = library.quotes(feature)
    assert [q.speaker for q in quotes].count("Sok Dara") == 3
    assert ("Hannah Reyes", "In dry years") in [(q.speaker, q.text[:12]) for q in quotes]
    assert ("Nguyen Thi Hoa", "If the salt") in [(q.speaker, q.text[:11]) for q in quotes]


def test_fold_name_folds_case_accents_and_hyphens():
    assert fold_name("China\u2011ASEAN") == fold_name("china-asean") == "china asean"
    assert fold_name("São  Paulo") == "sao paulo"


def test_which_or_it_is_no_speaker_and_said_colon_introduces_the_next_quote():
    from clipper.core.entities.quotes import find_quotes

    text = ("Officials met the Palestinian Dialogue Group, which said: \u201cprotect the "
            "historical rights of the Palestinian people.\u201d Then Zhao Yiping said: \u201cWe "
            "want to create a virtuous circle of knowledge.\u201d")
    quotes = find_quotes(text)
    assert [q.text for q in quotes] == ["We want to create a virtuous circle of knowledge."]
    assert quotes[0].speaker.endswith("Zhao Yiping")


def test_a_rename_may_not_take_another_entitys_or_categorys_name(library):
    first = library.add_entity("Zhao", "person")
    library.add_entity("Zhao Yiping", "person")
    with pytest.raises(InvalidInputError, match="merge the two"):
        library.rename_entity(first.id, "zhao yiping")
    with pytest.raises(InvalidInputError, match="already a bias category called"):
        library.update_bias_category("loaded-language", name="Editorial commentary")


def test_the_cities_gazetteer_kept_in_the_cache_finds_what_a_fresh_one_finds(tmp_path,
                                                                            monkeypatch):
    from clipper.core import paths
    from clipper.core.entities import cities

    monkeypatch.setattr(paths, "cache_dir", lambda: tmp_path)
    text = "Flights from Penang to Surabaya and Lyon resumed, officials in Reading said."
    fresh = cities._build_city_matcher()
    expected = [(m.start, m.end, m.payload) for m in fresh.find(text)]
    cities.city_matcher.cache_clear()
    try:
        built = cities.city_matcher()  # made and written to the cache
        [kept] = list(tmp_path.glob("cities-*.pickle"))
        cities.city_matcher.cache_clear()
        read = cities.city_matcher()  # read back
        assert [(m.start, m.end, m.payload) for m in read.find(text)] == expected
        assert [(m.start, m.end, m.payload) for m in built.find(text)] == expected
        kept.write_bytes(b"not a pickle")  # a damaged cache is made again, not trusted
        cities.city_matcher.cache_clear()
        assert [(m.start, m.end, m.payload) for m in cities.city_matcher().find(text)] == expected
        assert kept.read_bytes() != b"not a pickle"
    finally:
        cities.city_matcher.cache_clear()
