"""An entity goes with its last mention unless it has an alias or a note; undo brings both back
under their old numbers. On a real SQLite library (issue 13: "and" tagged by mistake)."""

import sqlite3

import pytest
from sqlmodel import Session

from clipper.core.library import Library
from clipper.core.models import Entity
from clipper.core.records import ClippingDraft

MISTAKE = "Tariffs and quotas were raised, and the talks stalled."
OTHER = "Ministers met and talked and talked."


def add(library, title, body):
    return library.add_clipping(ClippingDraft(title=title, body=body)).id


def tag(library, cid, words, name=None, kind="person", nth=0):
    body = library.bodies([cid])[cid]
    start = -1
    for _ in range(nth + 1):
        start = body.index(words, start + 1)
    return library.add_mention(cid, start, start + len(words), name or words, kind)


def entity_names(library, **kw):
    return [entity.name for entity, _aliases, _n in library.list_entities(**kw)]


def known(library, cid):
    return [s.name for s in library.suggest_entities(cid) if s.reason == "known"]


def test_a_mistaken_entity_goes_with_its_mark_and_comes_back_with_its_undo(library):
    a, b = add(library, "A", MISTAKE), add(library, "B", OTHER)
    mention = tag(library, a, "and")
    entity_id = mention.entity_id
    assert "and" in known(library, b)  # "tagged before": offered everywhere
    assert [f.value for f in library.facets("talks")["entity"]] == ["and"]

    deleted = library.delete_mention(mention.id)
    assert deleted.entity is not None and deleted.entity.id == entity_id
    assert library.find_entity("and") is None
    assert entity_names(library) == []
    assert known(library, b) == []
    assert library.facets("talks")["entity"] == []
    assert library.search('entity:"and"').total == 0

    restored = library.restore_mention(deleted)  # undo
    assert restored.entity_id == entity_id and restored.id == mention.id
    assert library.find_entity("and").id == entity_id
    assert [(e.name, n) for e, _a, n in library.list_entities()] == [("and", 1)]
    assert "and" in known(library, b)
    assert library.search('entity:"and"').total == 1

    again = library.delete_mention(restored.id)  # redo
    assert again.entity is not None and library.find_entity("and") is None
    assert library.check().ok


def test_an_entity_named_elsewhere_stays(library):
    a, b = add(library, "A", MISTAKE), add(library, "B", OTHER)
    first = tag(library, a, "and")
    tag(library, b, "and")
    deleted = library.delete_mention(first.id)
    assert deleted.entity is None
    assert [(e.name, n) for e, _a, n in library.list_entities()] == [("and", 1)]
    assert known(library, a) == ["and"]


def test_an_entity_with_an_alias_or_a_note_is_taxonomy_and_stays(library):
    cid = add(library, "A", "The Ministry of Science and Technology (MOST) and the fund.")
    most = library.add_entity("Ministry of Science and Technology", "organisation", ["MOST"])
    noted = tag(library, cid, "fund", "The Fund", "organisation")
    with Session(library._work.engine) as session:
        row = session.get(Entity, noted.entity_id)
        row.note = "the technology cooperation fund"
        session.add(row)
        session.commit()
    mention = tag(library, cid, "MOST")
    assert mention.entity_id == most.id
    assert library.delete_mention(mention.id).entity is None
    assert library.delete_mention(noted.id).entity is None
    assert entity_names(library) == ["Ministry of Science and Technology", "The Fund"]
    # They are kept, but nothing names them: not in the sidebar, not "tagged before".
    assert entity_names(library, mentioned_only=True) == []
    assert known(library, cid) == []
    library.close()
    with Library.open(library.folder) as reopened:  # and not cleaned up at open either
        assert entity_names(reopened) == ["Ministry of Science and Technology", "The Fund"]


def test_a_new_entity_does_not_take_the_number_of_one_that_went(library):
    cid = add(library, "A", MISTAKE)
    mention = tag(library, cid, "and")
    deleted = library.delete_mention(mention.id)
    newcomer = tag(library, cid, "Tariffs", kind="other")
    assert newcomer.entity_id != mention.entity_id
    restored = library.restore_mention(deleted)
    assert restored.entity_id == mention.entity_id
    assert library.find_entity("and").id == mention.entity_id


def test_undo_when_an_entity_of_that_name_was_made_since_joins_it(library):
    a, b = add(library, "A", MISTAKE), add(library, "B", OTHER)
    deleted = library.delete_mention(tag(library, a, "and").id)
    later = tag(library, b, "and")  # the same name, tagged again meanwhile
    restored = library.restore_mention(deleted)
    assert restored.entity_id == later.entity_id
    assert [(e.name, n) for e, _a, n in library.list_entities()] == [("and", 2)]


def test_deleting_a_clipping_takes_the_entities_only_it_named_and_undo_returns_them(library):
    a, b = add(library, "A", MISTAKE), add(library, "B", OTHER)
    only_here = tag(library, a, "Tariffs", kind="other")
    shared = tag(library, a, "and")
    tag(library, b, "and")
    snapshot = library.delete_clipping(a)
    assert [e.id for e in snapshot.entities] == [only_here.entity_id]
    assert entity_names(library) == ["and"]
    assert known(library, b) == ["and"]
    library.restore_clipping(snapshot)
    assert {(e.id, e.name) for e, _a, _n in library.list_entities()} == {
        (only_here.entity_id, "Tariffs"), (shared.entity_id, "and")}
    assert sorted(v.mention.id for v in library.get_clipping(a).mentions) == sorted(
        [only_here.id, shared.id])
    assert library.search('entity:tariffs').total == 1
    assert library.check().ok


def test_accepting_a_suggestion_and_taking_it_back_leaves_no_entity(library):
    cid = add(library, "A", "Zhao Yiping said the fund would grow. Zhao Yiping left.")
    suggestion = library.suggestion_for(cid, "Zhao Yiping", "person")
    result = library.accept_suggestion(cid, suggestion)
    assert result.created and len(result.mention_ids) == 2
    removed = [library.delete_mention(i) for i in result.mention_ids]
    assert removed[0].entity is None and removed[-1].entity is not None
    assert library.find_entity("Zhao Yiping") is None
    for deleted in reversed(removed):  # redo puts them back, the entity first
        library.restore_mention(deleted)
    assert library.find_entity("Zhao Yiping").id == result.entity.id
    assert len(library.get_clipping(cid).mentions) == 2


def test_an_unused_entity_with_aliases_can_be_taken_back_whole(library):
    cid = add(library, "A", "The Ministry of Science and Technology (MOST) met.")
    mention = tag(library, cid, "MOST", "Ministry of Science and Technology", "organisation")
    library.add_alias(mention.entity_id, "MOST")
    library.delete_mention(mention.id)
    assert library.find_entity("MOST").id == mention.entity_id  # taxonomy: it stays
    gone = library.delete_unused_entity(mention.entity_id)
    assert gone.aliases == ["MOST"] and library.find_entity("MOST") is None
    assert library.delete_unused_entity(mention.entity_id) is None
    assert library.restore_entities([gone]) == {mention.entity_id: mention.entity_id}
    assert library.find_entity("MOST").id == mention.entity_id


def test_entities_left_behind_by_older_versions_go_when_the_library_opens(tmp_path):
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        cid = add(library, "A", MISTAKE)
        kept = tag(library, cid, "Tariffs", kind="other")
        taxonomy = library.add_entity("Ministry of Trade", "organisation", ["MOT"])
    database = sqlite3.connect(folder / "clipper.db")  # as versions before this left them
    database.executemany("INSERT INTO entity (name, kind, note) VALUES (?, 'person', ?)",
                         [("and", ""), ("the", "  "), ("Noted", "a note of the user's")])
    database.commit()
    database.close()
    with Library.open(folder, read_only=True) as library:  # a reader changes nothing
        assert len(library.list_entities()) == 5
    with Library.open(folder) as library:
        assert entity_names(library) == ["Ministry of Trade", "Noted", "Tariffs"]
        assert library.find_entity("Tariffs").id == kept.entity_id
        assert library.find_entity("MOT").id == taxonomy.id
        assert library.remove_unused_entities() == 0


def test_an_entity_is_removed_in_the_same_transaction_as_its_last_mention(library,
                                                                           monkeypatch):
    from clipper.core.store import marks

    cid = add(library, "A", MISTAKE)
    mention = tag(library, cid, "and")

    def fail(session, ids):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(marks, "remove_unclaimed", fail)
    with pytest.raises(sqlite3.OperationalError):
        library.delete_mention(mention.id)
    assert [v.mention.id for v in library.get_clipping(cid).mentions] == [mention.id]
    assert library.find_entity("and").id == mention.entity_id
