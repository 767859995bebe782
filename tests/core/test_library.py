"""The Library API on a real SQLite file and a real Whoosh index in a temporary folder."""

import sqlite3

import pytest

from clipper.core import paths
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.errors import (
    DuplicateError,
    InvalidInputError,
    LibraryLockedError,
    NotFoundError,
    ReadOnlyLibraryError,
)
from clipper.core.kinds import ReadingStatus
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from clipper.core.store.listing import ListFilter


def add(library, title="T", body="Body text.", **kw):
    return library.add_clipping(ClippingDraft(title=title, body=body, **kw)).id


def test_new_library_has_wal_foreign_keys_and_the_bias_taxonomy(library):
    connection = sqlite3.connect(library.database_path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    keys = [c.key for c in library.list_bias_categories()]
    assert keys[:2] == ["summary-of-another", "editorial-commentary"]
    for key in ("loaded-language", "unattributed-claim", "single-source", "opinion-as-fact",
                "missing-context", "promotional-framing", "speculation"):
        assert key in keys


def test_library_folder_is_private(tmp_path):
    Library.open(tmp_path / "lib").close()
    assert (tmp_path / "lib").stat().st_mode & 0o077 == 0


def test_seed_round_trip(library, seed_text):
    cid = library.add_clipping(parse_text_clipping(seed_text)).id
    detail = library.get_clipping(cid)
    assert detail.source.name == "The Straits Times" and detail.source.domain == "straitstimes.com"
    assert [v.category.key for v in detail.bias_notes] == ["summary-of-another",
                                                           "editorial-commentary"]
    assert all(v.clipping_level for v in detail.bias_notes)


def test_duplicates_by_url_and_by_text(library):
    add(library, "A", "Some text here.", url="https://www.example.com/a?utm_source=x")
    with pytest.raises(DuplicateError):
        add(library, "B", "Different text.", url="http://example.com/a/")
    with pytest.raises(DuplicateError):
        add(library, "Other title", "some  TEXT here!")
    assert library.count_clippings() == 1


def test_update_and_delete(library):
    cid = add(library)
    library.update_clipping(cid, title="New title", status="read", flagged=True,
                            authors=["A. Writer"], source_name="AP")
    detail = library.get_clipping(cid)
    assert (detail.clipping.title, detail.clipping.status, detail.source.name) == \
        ("New title", "read", "AP")
    assert library.search("title:new").total == 1
    with pytest.raises(InvalidInputError):
        library.update_clipping(cid, title="  ")
    with pytest.raises(InvalidInputError):
        library.update_clipping(cid, revision=5)
    library.delete_clipping(cid)
    with pytest.raises(NotFoundError):
        library.get_clipping(cid)
    assert library.search("title:new").total == 0
    assert library.check().ok


def test_tags(library):
    cid = add(library)
    assert library.add_tags(cid, ["Asia", "trade", "asia"]) == ["Asia", "trade"]
    assert library.remove_tags(cid, ["TRADE"]) == ["Asia"]
    assert library.list_tags() == [("Asia", 1), ("trade", 0)]
    assert library.list_ids(ListFilter(tag="asia")) == [cid]


def test_annotations_mentions_and_bias_notes_with_spans(library):
    body = "Zhao Yiping said the fund would grow."
    cid = add(library, body=body)
    a = library.add_annotation(cid, 0, 11, color="green", note="the official")
    m = library.add_mention(cid, 0, 11, "Zhao Yiping", "person")
    b = library.add_bias_note(cid, "unattributed-claim", "who says?", start=17, end=36)
    detail = library.get_clipping(cid)
    assert detail.annotations[0].span == (0, 11) and detail.annotations[0].annotation.note == \
        "the official"
    assert detail.mentions[0].entity.name == "Zhao Yiping"
    assert detail.bias_notes[0].span == (17, 36) and detail.bias_notes[0].note.quote == \
        "the fund would grow"
    library.update_annotation(a.id, note="changed")
    deleted = library.delete_annotation(a.id)
    assert library.get_clipping(cid).annotations == []
    library.restore_annotation(deleted)
    assert library.get_clipping(cid).annotations[0].annotation.note == "changed"
    library.delete_mention(m.id)
    library.delete_bias_note(b.id)
    assert library.check().ok


def test_bad_spans_are_refused(library):
    cid = add(library, body="short")
    for start, end in ((3, 3), (-1, 2), (0, 99)):
        with pytest.raises(InvalidInputError):
            library.add_annotation(cid, start, end)
    with pytest.raises(InvalidInputError):
        library.add_bias_note(cid, "no-such-category")


def test_marks_orphan_when_text_changes(library):
    cid = add(library, body="The fund would grow by ten percent.")
    library.add_annotation(cid, 15, 19)  # "grow"
    library.update_clipping(cid, body="The fund would shrink by ten percent.")
    view = library.get_clipping(cid).annotations[0]
    assert view.span is None


def test_entities_aliases_and_rename(library):
    cid = add(library, body="MOST announced a plan.")
    entity = library.add_entity("Ministry of Science and Technology", "organisation", ["MOST"])
    library.add_mention(cid, 0, 4, "MOST", "organisation")  # an alias finds the same entity
    [(found, aliases, count)] = library.list_entities()
    assert (found.id, aliases, count) == (entity.id, ["MOST"], 1)
    library.rename_entity(entity.id, "Ministry of Science and Technology (China)")
    assert library.search('entity:"science and technology china"').total == 1
    with pytest.raises(InvalidInputError):
        library.add_entity("X", "planet")


def test_collections_keep_order(library):
    a, b, c = (add(library, body=f"text {n}") for n in "abc")
    coll = library.create_collection("Morning brief")
    assert library.add_to_collection(coll.id, [a, b, c]) == [a, b, c]
    assert library.add_to_collection(coll.id, [c], position=0) == [c, a, b]
    assert library.reorder_collection(coll.id, [b, c, a]) == [b, c, a]
    assert library.remove_from_collection(coll.id, [c]) == [b, a]
    with pytest.raises(InvalidInputError):
        library.create_collection("morning BRIEF")
    library.rename_collection(coll.id, "Evening brief")
    view = library.delete_collection(coll.id)
    assert library.list_collections() == []
    library.restore_collection(view)
    [(restored, count)] = library.list_collections()
    assert (restored.name, count) == ("Evening brief", 2)
    assert library.list_ids(ListFilter(collection_id=restored.id), order="collection") == [b, a]


def test_saved_searches_and_settings(library):
    saved = library.save_search("Asia tech", "asean AND tech")
    assert [s.query for s in library.list_saved_searches()] == ["asean AND tech"]
    library.delete_saved_search(saved.id)
    assert library.list_saved_searches() == []
    library.set_setting("briefing.author", "Desk A")
    assert library.get_setting("briefing.author") == "Desk A"


def test_second_writer_is_refused_and_reader_works(tmp_path):
    folder = tmp_path / "lib"
    with Library.open(folder) as first:
        add(first)
        with pytest.raises(LibraryLockedError, match="open in another"):
            Library.open(folder)
        with Library.open(folder, read_only=True) as reader:
            assert reader.count_clippings() == 1
            assert reader.search("body").total == 1
            with pytest.raises(ReadOnlyLibraryError):
                add(reader, body="other")


def test_queue_left_by_a_crash_is_replayed_on_open(tmp_path):
    folder = tmp_path / "lib"
    library = Library.open(folder)
    with library.deferred_indexing():
        add(library, body="queued but never indexed")
        # Simulate a crash: the process dies before the queue is applied.
        library._work.index.close()
        library._work.backend.close()  # the engine and the lock file go
        library._closed = True
        library._work._defer_depth = -99  # the context's exit must not flush
    with Library.open(folder) as reopened:
        assert reopened.check().ok
        assert reopened.search("queued").total == 1


def test_deleted_index_is_rebuilt_on_open(tmp_path):
    import shutil

    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        add(library, body="will survive")
    shutil.rmtree(folder / paths.INDEX_DIR)
    with Library.open(folder) as library:
        assert library.search("survive").total == 1 and library.check().ok


def test_corrupted_index_is_rebuilt_on_open(tmp_path):
    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        add(library, body="still findable")
    for segment in (folder / paths.INDEX_DIR).glob("*.seg"):
        segment.write_bytes(b"garbage")
    for toc in (folder / paths.INDEX_DIR).glob("*.toc"):
        toc.write_bytes(b"garbage")
    with Library.open(folder) as library:
        assert library.search("findable").total == 1 and library.check().ok


def test_check_reports_disagreement_and_reindex_repairs(library):
    cid = add(library, body="alpha")
    library._work.index.apply([], [cid])  # the index loses a document behind the library's back
    report = library.check()
    assert not report.ok and report.missing_from_index == [cid]
    progress = []
    assert library.reindex(lambda done, total: progress.append((done, total))) == 1
    assert progress == [(1, 1)]
    assert library.check().ok


def test_an_existing_library_is_backed_up_before_a_migration(tmp_path, monkeypatch):
    from clipper.core import db

    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        add(library, body="precious")
    upgrades = []
    current = db.head_revision()
    # Pretend this version of Clipper ships a newer schema than the library has.
    monkeypatch.setattr(db, "head_revision", lambda: "future")
    import alembic.command

    monkeypatch.setattr(alembic.command, "upgrade", lambda config, rev: upgrades.append(rev))
    Library.open(folder).close()
    backups = list((folder / paths.BACKUP_DIR).glob(
        f"clipper-*-before-migration-{current}.db"))
    assert upgrades == ["head"] and len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT body FROM clipping").fetchall() == [("precious",)]


def test_a_file_that_is_not_a_database_is_reported(tmp_path):
    from clipper.core.errors import LibraryDamagedError

    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / paths.DATABASE_NAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(LibraryDamagedError, match="cannot be read"):
        Library.open(folder)
    assert (folder / paths.DATABASE_NAME).read_bytes() == b"this is not sqlite" * 100


def test_deleting_a_clipping_can_be_undone_with_everything_attached(library):
    cid = add(library, body="Zhao Yiping spoke about the fund.")
    library.add_tags(cid, ["asia"])
    library.add_annotation(cid, 0, 4, note="n")
    library.add_mention(cid, 0, 11, "Zhao Yiping", "person")
    library.add_bias_note(cid, "single-source")
    coll = library.create_collection("Brief")
    library.add_to_collection(coll.id, [cid])
    snapshot = library.delete_clipping(cid)
    assert library.count_clippings() == 0 and library.search("zhao").total == 0
    library.restore_clipping(snapshot)
    detail = library.get_clipping(cid)
    assert detail.tags == ["asia"] and len(detail.annotations) == 1
    assert len(detail.mentions) == 1 and len(detail.bias_notes) == 1
    assert detail.collections == ["Brief"]
    assert library.search("zhao").total == 1 and library.check().ok


def test_a_deleted_clippings_number_is_not_given_to_a_new_one(library):
    first = add(library, body="First text.")
    last = add(library, body="Last text.")
    snapshot = library.delete_clipping(last)
    imported = library.add_clippings([ClippingDraft(title="New", body="Imported meanwhile."),
                                      ClippingDraft(title="Newer", body="And another.")])
    assert [c.id for c in imported] == [last + 1, last + 2]
    library.restore_clipping(snapshot)  # undoing the deletion gives its number back
    assert library.get_clipping(last).clipping.body == "Last text."
    assert {first, last} <= {row.id for row in library.rows([first, last, last + 1])}
    assert library.check().ok


def test_without_auto_flush_writes_queue_until_flushed(library):
    library.auto_flush = False
    cid = add(library, body="pending words")
    assert library.search("pending").total == 0 and library.pending_index_changes() == 1
    assert library.flush_index() == 1
    assert [h.id for h in library.search("pending").hits] == [cid]
    library.auto_flush = True
    assert library.auto_flush


def test_an_index_from_another_version_is_rebuilt(tmp_path):
    from clipper.core.search import VERSION_FILE

    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        add(library, body="versioned words")
    (folder / paths.INDEX_DIR / VERSION_FILE).write_text("0")
    with Library.open(folder) as library:
        assert library.search("versioned").total == 1 and library.check().ok


def test_the_schema_head_constant_agrees_with_the_migration_scripts():
    from clipper.core import db

    assert db.script_head() == db.SCHEMA_HEAD


def test_a_deleted_mark_comes_back_under_a_new_number_when_its_own_was_taken(library):
    cid = add(library, body="Zhao Yiping spoke about the fund.")
    mark = library.add_annotation(cid, 0, 4, note="first")
    deleted = library.delete_annotation(mark.id)
    other = library.add_annotation(cid, 5, 11, note="added meanwhile")
    assert other.id == mark.id  # SQLite gave the number again
    restored = library.restore_annotation(deleted)
    assert restored.id != other.id
    notes = sorted(a.annotation.note for a in library.get_clipping(cid).annotations)
    assert notes == ["added meanwhile", "first"]


def test_reindex_writes_each_clipping_once_and_counts_clippings(tmp_path, monkeypatch):
    from clipper.core.store import unit_of_work

    monkeypatch.setattr(unit_of_work, "REINDEX_BATCH", 40)  # several batches from 130 clippings
    library = Library.open(tmp_path / "lib")
    try:
        with library.deferred_indexing():
            for n in range(130):
                library.add_clipping(ClippingDraft(title=f"Story {n}", body=f"Body {n} of news."))
        written = []
        real_apply = library._work.index.apply

        def counting_apply(documents, deleted, **how):
            documents = list(documents)
            written.extend(d.id for d in documents)
            return real_apply(documents, deleted, **how)

        monkeypatch.setattr(library._work.index, "apply", counting_apply)
        assert library.reindex() == 130
        assert sorted(written) == sorted(library.list_ids())  # each once, none twice
        assert library.search("news").total == 130
    finally:
        library.close()


def test_a_collection_is_set_whole_in_one_transaction(tmp_path):
    from clipper.core.errors import NotFoundError as Missing

    with Library.open(tmp_path / "lib") as library:
        a, b, c = (library.add_clipping(ClippingDraft(title=f"T{n}", body=f"Body {n}.")).id
                   for n in range(3))
        collection = library.create_collection("Brief")
        library.add_to_collection(collection.id, [a, b])
        assert library.set_collection_clippings(collection.id, [c, a]) == [c, a]
        assert library.get_collection(collection.id).clipping_ids == [c, a]
        with pytest.raises(Missing):
            library.set_collection_clippings(collection.id, [b, 999])
        assert library.get_collection(collection.id).clipping_ids == [c, a]  # nothing changed


def test_reading_status_is_an_enum_stored_as_plain_text(library):
    first, second = add(library, "A", "One."), add(library, "B", "Two.")
    library.update_clipping(first, status=ReadingStatus.READ)
    library.update_clipping(second, status="read")  # a plain string is taken too
    library.update_clipping(second, status="unread")
    with pytest.raises(InvalidInputError, match="unread, read"):
        library.update_clipping(first, status="archived")
    stored = sqlite3.connect(library.database_path).execute(
        "SELECT id, status, typeof(status) FROM clipping ORDER BY id").fetchall()
    assert stored == [(first, "read", "text"), (second, "unread", "text")]
    rows = library.list_clippings(ListFilter(status=ReadingStatus.UNREAD))
    assert [r.id for r in rows] == [second] and rows[0].status is ReadingStatus.UNREAD
    assert library.count_clippings(ListFilter(status=ReadingStatus.READ)) == 1


@pytest.mark.parametrize(("old", "new", "moved"), [
    ([1, 2, 3], [1, 2, 3], set()),
    ([1, 2, 3, 4, 5], [5, 1, 2, 3, 4], {5}),  # one dragged to the top: that one moved
    ([1, 2, 3, 4, 5], [2, 3, 4, 5, 1], {1}),  # ... to the bottom
    ([1, 2], [2, 1], {2}),
    ([1, 2, 3, 4], [4, 3, 2, 1], {2, 3, 4}),
    ([], [], set()),
])
def test_a_reordering_names_the_fewest_clippings_that_moved(old, new, moved):
    """What a team library's activity says was moved in a collection (store.collections)."""
    from clipper.core.store.collections import _moved

    assert _moved(new, [old.index(i) for i in new]) == moved


def test_names_in_other_capitals_of_any_script_are_one_outlet_and_one_tag(library):
    """SQLite's lower() folds ASCII only: a second clipping from "Ärzteblatt" broke the unique
    outlet name, and a tag "Österreich" broke every later write of the clipping's tags."""
    first = library.add_clipping(ClippingDraft(title="One", body="Erste Meldung.",
                                               source_name="Ärzteblatt", tags=["Österreich"]))
    second = library.add_clipping(ClippingDraft(title="Two", body="Zweite Meldung.",
                                                source_name="ÄRZTEBLATT",
                                                tags=["ÖSTERREICH", "Straße"]))
    third = library.add_clippings([ClippingDraft(title="Three", body="Dritte Meldung.",
                                                 source_name="Известия", tags=["STRAßE"]),
                                   ClippingDraft(title="Four", body="Четвёртая заметка.",
                                                 source_name="ИЗВЕСТИЯ", tags=["straße"])])
    assert all(not isinstance(r, Exception) for r in third)
    assert set(library.add_tags(first.id, ["Wien"])) == {"Österreich", "Wien"}
    assert set(library.set_tags(second.id, ["österreich", "STRAßE"])) == {"Österreich", "Straße"}
    assert len({c.source_id for c in (first, second)}) == 1
    assert len({c.source_id for c in third}) == 1
    assert library.search("tag:österreich").total == 2
    assert library.search("tag:straße").total == 3


def test_a_draft_refused_for_its_bias_note_leaves_nothing_stored(library):
    from clipper.core.errors import InvalidInputError
    from clipper.core.records import FlagNote

    refused, kept = library.add_clippings([
        ClippingDraft(title="Funded", body="A funded piece.", tags=["money"],
                      flags=[FlagNote("no-such-category", "funded")]),
        ClippingDraft(title="Plain", body="A plain piece.")])
    assert isinstance(refused, InvalidInputError) and not isinstance(kept, Exception)
    assert [row.title for row in library.rows(library.list_ids())] == ["Plain"]
    assert library.pending_index_changes() == 0 and library.check().missing_from_index == []
