"""The index follows a large import on a thread of its own (importer._IndexFollower): clippings
become searchable while the import is still storing, and all of them once it ends."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from clipper.core import importer
from clipper.core.importer import import_drafts
from clipper.core.kinds import ImportStatus
from clipper.core.records import ClippingDraft


def drafts(count: int, start: int = 0):
    for n in range(start, start + count):
        yield Path(f"item-{n}.txt"), ClippingDraft(
            title=f"Harbour report {n}", body=f"The harbour of town{n} reopened after the storm.",
            url=f"https://example.org/{n}")


@pytest.fixture
def follows_soon(monkeypatch):
    monkeypatch.setattr(importer, "FOLLOW_CORES", 1)  # on any machine
    monkeypatch.setattr(importer, "FOLLOW_FROM", 10)
    monkeypatch.setattr(importer, "FOLLOW_WAIT_SECONDS", 0.01)


def test_clippings_are_searchable_while_the_import_goes_on(library, follows_soon):
    events = import_drafts(library, drafts(400))
    stored = [next(events) for _ in range(150)]  # the first batches are stored
    deadline = time.monotonic() + 30
    while library.search("harbour").total == 0 and time.monotonic() < deadline:
        time.sleep(0.05)  # the import is paused here; its thread indexes what was stored
    found_while_importing = library.search("harbour").total
    stored += list(events)
    assert 0 < found_while_importing < 400
    assert all(e.status == ImportStatus.IMPORTED for e in stored) and len(stored) == 400
    assert library.search("harbour").total == 400
    assert library.search("town399").total == 1
    assert library.pending_index_changes() == 0
    assert library.check().missing_from_index == []


def test_an_import_stopped_early_leaves_nothing_unindexed(library, follows_soon):
    events = import_drafts(library, drafts(300))
    for _ in range(120):
        next(events)
    events.close()  # the reader stops (Cancel): the thread stops, the rest is indexed
    report = library.check()
    assert report.clippings >= 100
    assert report.missing_from_index == [] and report.pending == 0


def test_one_core_imports_as_before(library, monkeypatch):
    monkeypatch.setattr(importer.os, "cpu_count", lambda: 1)
    assert all(e.status == ImportStatus.IMPORTED for e in import_drafts(library, drafts(50)))
    assert library.search("harbour").total == 50


def test_a_small_or_slow_import_is_searchable_as_it_goes(library, monkeypatch):
    """Fewer than FOLLOW_FROM changes queued: the import indexes a step now and then, between
    the files it reads (the thread is there for large batches only)."""
    monkeypatch.setattr(importer, "FOLLOW_CORES", 1)
    monkeypatch.setattr(importer, "FLUSH_EVERY_SECONDS", 0.05)

    def slowly(items):
        for item in items:
            time.sleep(0.005)  # a file read from a slow disk, a page fetched
            yield item

    events = import_drafts(library, slowly(drafts(300)))
    for _ in range(120):
        next(events)
    assert 0 < library.search("harbour").total < 300
    assert len(list(events)) == 180 and library.search("harbour").total == 300


def test_an_import_waiting_for_its_next_file_is_indexed_meanwhile(library, monkeypatch):
    """Fewer than FOLLOW_FROM queued and the import waiting (a slow fetch, a paused reader):
    the thread takes the steps the import cannot."""
    monkeypatch.setattr(importer, "FOLLOW_CORES", 1)
    monkeypatch.setattr(importer, "FOLLOW_WAIT_SECONDS", 0.01)
    monkeypatch.setattr(importer, "FLUSH_EVERY_SECONDS", 0.2)
    events = import_drafts(library, drafts(300))
    for _ in range(120):
        next(events)
    deadline = time.monotonic() + 30
    while library.search("harbour").total == 0 and time.monotonic() < deadline:
        time.sleep(0.05)  # the import waits here; its thread indexes what was stored
    assert 0 < library.search("harbour").total < 300
    assert len(list(events)) == 180 and library.search("harbour").total == 300


def test_a_flush_that_need_not_wait_leaves_the_index_to_the_thread_holding_it(library):
    import threading

    library.auto_flush = False
    clipping_id = library.add_clipping(next(drafts(1))[1]).id
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with library._work._index_lock:  # as an import's thread writing a batch
            held.set()
            release.wait(10)

    holder = threading.Thread(target=hold)
    holder.start()
    held.wait(10)
    assert library.flush_index(wait=False) == 0 and library.pending_index_changes() == 1
    release.set()
    holder.join()
    assert library.flush_index(wait=False) == 1
    assert [hit.id for hit in library.search("harbour").hits] == [clipping_id]
