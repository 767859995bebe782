"""Names a clipping's title holds: suggested, tagged as mentions anchored in the title, counted
and searched like any mention, resolved against the title when it is edited (or orphaned,
never moved onto the body); and the schema revision that made room for them."""

from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

from clipper.core import db
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from clipper.core.serialize import detail_to_json

CITY_TITLE = "Storm in Surabaya closes the port"
CITY_BODY = "Ships were held at anchor overnight, officials said."


def add(library: Library, title: str, body: str) -> int:
    return library.add_clipping(ClippingDraft(title=title, body=body)).id


def by_name(suggestions: list) -> dict:
    return {s.name: s for s in suggestions}


def accept_city(library: Library) -> tuple[int, object]:
    cid = add(library, CITY_TITLE, CITY_BODY)
    surabaya = by_name(library.suggest_entities(cid))["Surabaya"]
    return cid, library.accept_suggestion(cid, surabaya)


def test_a_name_only_the_title_holds_is_suggested_with_its_place_in_the_title(library):
    cid = add(library, CITY_TITLE, CITY_BODY)
    surabaya = by_name(library.suggest_entities(cid))["Surabaya"]
    assert surabaya.spans == [] and surabaya.title_spans == [(9, 17)]
    assert CITY_TITLE[9:17] == "Surabaya"
    assert surabaya.kind == "place"


def test_accepting_it_records_a_mention_anchored_in_the_title(library):
    cid, result = accept_city(library)
    assert result.created and result.mentions == 1 and len(result.mention_ids) == 1
    [view] = library.get_clipping(cid).mentions
    assert view.in_title and not view.orphaned
    assert view.mention.place == "title" and view.mention.quote == "Surabaya"
    assert view.title_span == (9, 17) and view.span is None  # never a place in the body
    assert "Surabaya" not in by_name(library.suggest_entities(cid))  # tagged: not offered again
    mention = detail_to_json(library.get_clipping(cid))["mentions"][0]
    assert mention["in"] == "title" and mention["orphaned"] is False


def test_a_title_mention_counts_in_the_sidebar_facets_search_and_the_entity_view(library):
    cid, result = accept_city(library)
    add(library, "Port news", "Nothing about storms here.")
    assert [(e.name, n) for e, _, n in library.list_entities(mentioned_only=True)] == [
        ("Surabaya", 1)]
    assert {hit.id for hit in library.search("entity:surabaya").hits} == {cid}
    facets = library.facets("storm OR port")
    assert [(f.value, f.count) for f in facets["entity"]] == [("Surabaya", 1)]
    view = library.entity_view(result.entity.id)
    assert view.mentions == 1 and [r.id for r in view.clippings] == [cid]


def test_deleting_the_title_mention_takes_the_entity_and_undo_brings_both_back(library):
    cid, result = accept_city(library)
    deleted = library.delete_mention(result.mention_ids[0])
    assert library.find_entity("Surabaya") is None
    assert "Surabaya" in by_name(library.suggest_entities(cid))
    library.restore_mention(deleted)
    [view] = library.get_clipping(cid).mentions
    assert view.in_title and view.title_span == (9, 17)
    assert view.entity.id == result.entity.id


def test_an_edited_title_moves_the_anchor_with_its_words_or_orphans_it(library):
    cid, _ = accept_city(library)
    library.update_clipping(cid, title="Big storm in Surabaya closes the port")
    [view] = library.get_clipping(cid).mentions
    assert view.title_span == (13, 21) and not view.orphaned
    # The words leave the title and stand in the body at the mention's old offsets: the
    # mention is orphaned, never moved onto the body.
    library.update_clipping(cid, title="Storm closes the port",
                            body="Ships in Surabaya were held at anchor overnight.")
    [view] = library.get_clipping(cid).mentions
    assert view.orphaned and view.span is None and view.title_span is None
    assert detail_to_json(library.get_clipping(cid))["mentions"][0]["orphaned"] is True


def test_editing_the_body_leaves_a_title_mention_alone(library):
    cid, _ = accept_city(library)
    library.update_clipping(cid, body="Surabaya: " + CITY_BODY)
    [view] = library.get_clipping(cid).mentions
    assert view.in_title and view.title_span == (9, 17) and view.span is None
    surabaya = by_name(library.suggest_entities(cid))["Surabaya"]
    assert surabaya.spans == [(0, 8)] and surabaya.title_spans == []  # only the untagged words


def test_a_name_in_both_title_and_body_is_tagged_in_both(library):
    cid = add(library, "Komdigi blocks gambling sites",
              "The Ministry of Communication and Digital Affairs (Komdigi) said on Monday "
              "that Komdigi had blocked 2,000 sites.")
    ministry = by_name(library.suggest_entities(cid))[
        "Ministry of Communication and Digital Affairs"]
    assert ministry.title_spans == [(0, 7)] and len(ministry.spans) == 3
    result = library.accept_suggestion(cid, ministry)
    assert result.mentions == 4
    places = sorted((v.mention.place, v.mention.quote) for v in library.get_clipping(cid).mentions)
    assert places[-1] == ("title", "Komdigi")
    assert [p for p, _ in places].count("title") == 1


def test_a_known_entity_is_suggested_from_the_title_alone(library):
    first = add(library, "Digital ministry",
                "The Ministry of Communication and Digital Affairs (Komdigi) met.")
    ministry = by_name(library.suggest_entities(first))[
        "Ministry of Communication and Digital Affairs"]
    library.accept_suggestion(first, ministry)
    second = add(library, "Komdigi blocks gambling sites", "The ministry blocked 2,000 sites.")
    known = by_name(library.suggest_entities(second))[ministry.name]
    assert known.reason == "known" and known.spans == [] and known.title_spans == [(0, 7)]


def test_tagging_everywhere_reaches_other_clippings_titles(library):
    first = add(library, "Storm warnings", "Ships were held in Surabaya on Monday.")
    second = add(library, CITY_TITLE, CITY_BODY)
    surabaya = by_name(library.suggest_entities(first))["Surabaya"]
    result = library.accept_suggestion(first, surabaya, everywhere=True)
    assert result.clippings == 2 and result.total_mentions == 2
    [view] = library.get_clipping(second).mentions
    assert view.in_title and view.title_span == (9, 17)


def test_a_title_with_line_breaks_is_anchored_where_the_words_are_stored(library):
    title = "Storm\n  in Surabaya\ncloses the port"
    cid = add(library, title, CITY_BODY)
    stored = library.get_clipping(cid).clipping.title
    surabaya = by_name(library.suggest_entities(cid))["Surabaya"]
    [(start, end)] = surabaya.title_spans
    assert stored[start:end] == "Surabaya"
    library.accept_suggestion(cid, surabaya)
    [view] = library.get_clipping(cid).mentions
    assert view.title_span == (start, end)


def test_suggestion_for_a_name_the_title_holds(library):
    cid = add(library, CITY_TITLE, CITY_BODY)
    manual = library.suggestion_for(cid, "closes the port", kind="other")
    assert manual.spans == [] and manual.title_spans == [(18, 33)]
    library.accept_suggestion(cid, manual)
    assert library.get_clipping(cid).mentions[0].mention.place == "title"


def test_merging_keeps_a_title_mention_and_a_body_mention_at_the_same_offsets(library):
    cid = add(library, "Surabaya storm", "Surabaya was hit by a storm.")
    a = library.add_entity("Surabaya", "place")
    b = library.add_entity("Kota Surabaya", "place")
    library.accept_suggestion(cid, library.suggestion_for(cid, "Surabaya"))
    body = [v for v in library.get_clipping(cid).mentions if not v.in_title]
    library.delete_mention(body[0].mention.id)
    library.add_mention(cid, 0, 8, "Kota Surabaya", "place")
    library.merge_entities(a.id, b.id)
    mentions = library.get_clipping(cid).mentions
    assert sorted(v.mention.place for v in mentions) == ["body", "title"]


def test_extracting_again_does_not_count_title_mentions_as_lost(library):
    html = (b"<html><head><title>Storm in Surabaya closes the port</title></head><body>"
            b"<article><h1>Storm in Surabaya closes the port</h1><p>Ships were held at anchor "
            b"overnight in the bay, officials said on Monday as the storm went on.</p><p>The "
            b"port will open again when the wind drops, the harbour master said.</p>"
            b"</article></body></html>")
    cid = library.add_clipping(ClippingDraft(
        title=CITY_TITLE, body="Surabaya: ships were held.", html=html,
        url="https://example.com/storm")).id
    surabaya = by_name(library.suggest_entities(cid))["Surabaya"]
    assert surabaya.spans == [(0, 8)] and surabaya.title_spans == [(9, 17)]
    library.accept_suggestion(cid, surabaya)
    again = library.extract_again(cid)
    assert "Surabaya" not in again.new_body
    assert again.marks_lost == 1  # the body's mention; the title's keeps its words


def test_the_briefing_indexes_an_entity_the_title_names(library):
    from clipper.core.briefing.content import gather
    from clipper.core.briefing.options import BriefingOptions

    cid, result = accept_city(library)
    content = gather(library, [cid], BriefingOptions(), lambda _done: None, lambda: False)
    [indexed] = content.entities
    assert indexed.id == result.entity.id and [e.number for e in indexed.entries] == [1]


# -- the schema ---------------------------------------------------------------------------------


def _library_at(folder: Path, revision: str) -> None:
    from alembic import command

    from clipper.core import db

    folder.mkdir()
    engine = db.create_library_engine(folder / "clipper.db")
    config = db._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
    engine.dispose()


def test_a_library_from_before_title_mentions_is_migrated(tmp_path):
    folder = tmp_path / "old"
    _library_at(folder, "0004")
    connection = sqlite3.connect(folder / "clipper.db")
    with connection:
        connection.execute(
            "INSERT INTO clipping (id, title, body, authors, captured, content_hash, status, "
            "flagged, summary, revision) VALUES (1, 'Storm in Surabaya', 'Surabaya flooded.', "
            "'', '2026-01-01 00:00:00', 'x', 'unread', 0, '', 1)")
        connection.execute("INSERT INTO entity (id, name, kind, note) "
                           "VALUES (1, 'Surabaya', 'place', '')")
        connection.execute("INSERT INTO mention (id, clipping_id, entity_id, start, \"end\", "
                           "quote, prefix, suffix) VALUES (1, 1, 1, 0, 8, 'Surabaya', '', "
                           "' flooded.')")
    connection.close()
    with Library.open(folder) as library:
        [view] = library.get_clipping(1).mentions
        assert view.mention.place == "body" and view.span == (0, 8) and not view.in_title
        surabaya = by_name(library.suggest_entities(1))["Surabaya"]
        assert surabaya.spans == [] and surabaya.title_spans == [(9, 17)]
        library.accept_suggestion(1, surabaya)
        assert sorted(v.mention.place for v in library.get_clipping(1).mentions) == [
            "body", "title"]
    version = sqlite3.connect(folder / "clipper.db").execute(
        "SELECT version_num FROM alembic_version").fetchone()[0]
    assert version == db.SCHEMA_HEAD
    assert list((folder / "backups").glob("*before-migration-0004*"))


def test_the_models_agree_with_the_migration_scripts(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlmodel import SQLModel

    folder = tmp_path / "new"
    _library_at(folder, "head")
    from clipper.core import db

    engine = db.create_library_engine(folder / "clipper.db")
    try:
        with engine.connect() as connection, warnings.catch_warnings():
            warnings.simplefilter("ignore")  # an expression index Alembic cannot reflect
            context = MigrationContext.configure(connection,
                                                 opts={"compare_server_default": True})
            assert compare_metadata(context, SQLModel.metadata) == []
    finally:
        engine.dispose()


def test_a_mention_tagged_by_hand_in_the_title(tmp_path):
    import pytest

    from clipper.core.errors import InvalidInputError
    from clipper.core.library import Library
    from clipper.core.records import ClippingDraft

    with Library.open(tmp_path / "lib") as library:
        cid = library.add_clipping(ClippingDraft(title="Komdigi blocks sites",
                                                 body="The ministry blocked sites.")).id
        mention = library.add_mention(cid, 0, 7, "Komdigi", "organisation", place="title")
        assert (mention.place, mention.quote) == ("title", "Komdigi")
        assert library.search('entity:"Komdigi"').total == 1
        with pytest.raises(InvalidInputError):
            library.add_mention(cid, 0, 7, "Komdigi", place="subtitle")
