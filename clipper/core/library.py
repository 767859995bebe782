"""The ``Library``: the one API through which the CLI, the GUI and the tests read and change data.

A library is a folder holding the SQLite database (the truth), the Whoosh index (derived from
it) and backups. ``Library`` is a facade: it opens the parts, hands each the parts it uses, and
passes every call on to one of them (docs/ARCHITECTURE.md draws them):

- the unit of work (``store/unit_of_work.py``): sessions, write transactions, the index outbox
  and its flush, reindexing, deferral; behind it the backend (``store/sqlite.py``), which owns
  everything SQLite's own: the lock file, pragmas, integrity checks, backups, data_version;
- the stores (``store/*.py``), each given the unit of work and the few other stores it uses.

The stores' methods carry the documentation; the methods here only pass calls on.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from clipper.core import paths
from clipper.core.address import ServerAddress, parse_location
from clipper.core.backup import BackupInfo
from clipper.core.entities import Quote, Suggestion
from clipper.core.errors import ClipperError
from clipper.core.models import (
    Annotation,
    BiasCategory,
    BiasNote,
    Clipping,
    Collection,
    Entity,
    Feed,
    Mention,
    SavedSearch,
    Source,
)
from clipper.core.records import (
    CheckReport,
    ClippingDetail,
    ClippingDraft,
    ClippingRow,
    CollectionView,
    Facet,
    Reextraction,
)
from clipper.core.search import SearchResults
from clipper.core.storage import guarding_storage
from clipper.core.store.activity import ActivityItem, ActivityStore
from clipper.core.store.clippings import ClippingSnapshot, ClippingStore
from clipper.core.store.collections import CollectionStore
from clipper.core.store.derivation import DerivationStore, DerivedCandidate
from clipper.core.store.feeds import FeedStore, FeedView, RefreshSummary
from clipper.core.store.lifecycle import DeletedMention, EntitySnapshot
from clipper.core.store.listing import ListFilter, ListingStore
from clipper.core.store.marks import MarkStore
from clipper.core.store.searching import SearchStore
from clipper.core.store.sqlite import SqliteBackend
from clipper.core.store.suggestions import AcceptResult, EntityMerge, SuggestionStore
from clipper.core.store.unit_of_work import IndexStatus, UnitOfWork
from clipper.core.store.upkeep import UpkeepStore
from clipper.core.store.views import EntityView, OutletBias, ViewStore

if TYPE_CHECKING:
    from clipper.core.store.postgres import PostgresBackend


def _never() -> bool:
    return False


class Library:
    """An open library. Use ``Library.open(folder)``; close it (or use ``with``) when done."""

    def __init__(self, work: UnitOfWork) -> None:
        self._work = work
        self._closed = False
        clippings = ClippingStore(work)
        listing = ListingStore(work)
        self._clippings = clippings
        self._listing = listing
        self._marks = MarkStore(work)
        self._collections = CollectionStore(work)
        self._search = SearchStore(work, listing)
        self._feeds = FeedStore(work, clippings)
        self._suggestions = SuggestionStore(work)
        self._derivation = DerivationStore(work)
        self._views = ViewStore(work, listing)
        self._upkeep = UpkeepStore(work, listing)
        self._activity = ActivityStore(work)
        # Trouble found while opening that did not stop it (a daily backup that could not be
        # made, an index that could not catch up), in words for the user.
        self.warnings: list[str] = []

    @property
    def folder(self) -> Path:
        return self._work.folder

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def read_only(self) -> bool:
        return self._work.read_only

    @property
    def can_mark_read(self) -> bool:
        """Whether the user may mark clippings read: in a team library everyone, a reader too,
        marks their own reading; a read-only folder library is marked by nobody."""
        return not self._work.read_only or self._work.personal_reading

    @property
    def address(self) -> ServerAddress | None:
        """A team library's server address (None: a library in a folder)."""
        return self._work.backend.address

    def explain(self, exc: BaseException) -> ClipperError | None:
        """A database error in words for the user, when it is one the library's home can tell
        (a team library's server away or refusing); None otherwise."""
        return exc if isinstance(exc, ClipperError) else self._work.backend.explain(exc)

    @property
    def keeps_index(self) -> bool:
        """Whether this process keeps the library's search index (see ``UnitOfWork``)."""
        return self._work.keeps_index

    @property
    def location(self) -> str:
        """Where the library is, for the user: its folder, or its server address."""
        return str(self.address or self.folder)

    # -- opening and closing -----------------------------------------------------------------

    @classmethod
    def open(cls, folder: Path | str | ServerAddress, read_only: bool = False, create: bool = True,
             replay: bool = True, verify: bool = True) -> Library:
        """Open (and, unless ``create`` is false, create) the library in ``folder``, or the
        team library at a server address (``postgresql://...``: ``store/postgres.py``).

        Index changes a crash left queued are applied before this returns, unless ``replay``
        is false: then the caller applies them with ``flush_index`` (the GUI does, on a worker
        thread, so a large rebuild does not hold up the window).
        Raises ``LibraryLockedError`` when another process has it open for writing,
        ``LibraryDamagedError`` (with the backups that could replace it) when the database is
        damaged, ``StorageError`` when the disk is full or the folder read-only. Opened for
        writing, the database is backed up when the newest backup is a day old.
        With ``verify`` false only the database's header and schema are checked here, not
        every page (``PRAGMA quick_check`` reads the whole file: seconds for a large library
        on a cold disk), and no daily backup is made; the caller then asks
        ``find_database_damage()`` and, when it finds none, ``daily_backup()`` (the GUI does,
        on a worker thread, once its window shows).
        """
        location = folder if isinstance(folder, ServerAddress) else parse_location(folder)
        backend: SqliteBackend | PostgresBackend
        if isinstance(location, ServerAddress):
            # Imported here: the driver costs a tenth of a second to import, on every start
            from clipper.core.store.postgres import PostgresBackend

            backend = PostgresBackend.open(location, read_only, create)
        else:
            backend = SqliteBackend.open(location, read_only, create, verify)
        try:
            with guarding_storage(backend.folder):
                index, index_damaged = UnitOfWork.open_index(backend.folder,
                                                             not backend.keeps_index)
        except BaseException as exc:
            backend.abandon_open(exc, verify)
            raise
        library = cls(UnitOfWork(backend, index))
        try:
            if library._work.keeps_index:
                library.warnings += library._work.repair_index(replay, index_damaged)
            if not library.read_only:
                library.warnings += filter(None, [library._marks.remove_entities_left_behind()])
                if verify:  # unverified, a backup could copy damage over the good ones
                    library.warnings += filter(None, [library.daily_backup()])
        except BaseException:
            library._closed = True
            library._work.close()
            raise
        return library

    @classmethod
    def restore_backup(cls, folder: Path | str, backup: Path | str) -> Path | None:
        """Put ``backup`` in place of the library's database. The current database (damaged
        or not) is moved aside beside it, never deleted; returns where it went (None when
        there was no database). The search index is rebuilt on the next open. Raises
        ``LibraryLockedError`` when the library is open, ``LibraryDamagedError`` when the
        backup itself cannot be read."""
        return SqliteBackend.restore_backup(Path(folder), Path(backup))

    def close(self, flush: bool = True) -> None:
        """Close; the index takes the queued changes first unless ``flush`` is false (a
        damaged database is not read again)."""
        if self._closed:
            return
        self._closed = True
        try:
            if flush and self._work.keeps_index:
                self.flush_index()
        finally:
            self._work.close()

    def __enter__(self) -> Library:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def database_path(self) -> Path:
        return self._work.backend.database_path

    # -- the search index (the unit of work's outbox) -----------------------------------------

    def deferred_indexing(self) -> AbstractContextManager[None]:
        """Within this block writes queue their index changes without applying them; call
        ``flush_index`` when convenient. The queue is applied when the block ends."""
        return self._work.deferred_indexing()

    @property
    def auto_flush(self) -> bool:
        """Whether each write applies its index change before returning (the default). The GUI
        turns it off and flushes on a worker thread instead, so no edit waits for Whoosh."""
        return self._work.auto_flush

    @auto_flush.setter
    def auto_flush(self, value: bool) -> None:
        self._work.auto_flush = value

    def pending_index_changes(self) -> int:
        return self._work.pending_index_changes()

    def flush_index(self, progress: Callable[[int, int], None] | None = None,
                    limit: int | None = None, wait: bool = True) -> int:
        """Apply queued index changes (see ``UnitOfWork.flush_index``); not ``wait``: none
        when another thread is applying them (an import's), returns 0 at once."""
        return self._work.flush_index(progress, limit, wait)

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        return self._work.reindex(progress)

    def reindex_steps(self, progress: Callable[[int, int], None] | None = None) -> Iterator[int]:
        return self._work.reindex_steps(progress)

    def index_status(self) -> IndexStatus:
        return self._work.index_status()

    # -- clippings and tags --------------------------------------------------------------------

    def add_clipping(self, draft: ClippingDraft, allow_duplicate: bool = False) -> Clipping:
        return self._clippings.add_clipping(draft, allow_duplicate)

    def add_clippings(self, drafts: list[ClippingDraft],
                      allow_duplicate: bool = False) -> list[Clipping | ClipperError]:
        return self._clippings.add_clippings(drafts, allow_duplicate)

    def update_clipping(self, clipping_id: int, expected: dict[str, Any] | None = None,
                        **changes: Any) -> Clipping:
        return self._clippings.update_clipping(clipping_id, expected, **changes)

    def delete_clipping(self, clipping_id: int) -> ClippingSnapshot:
        return self._clippings.delete_clipping(clipping_id)

    def restore_clipping(self, snapshot: ClippingSnapshot) -> Clipping:
        return self._clippings.restore_clipping(snapshot)

    def add_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        return self._clippings.add_tags(clipping_id, names)

    def remove_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        return self._clippings.remove_tags(clipping_id, names)

    def set_tags(self, clipping_id: int, names: Iterable[str]) -> list[str]:
        return self._clippings.set_tags(clipping_id, names)

    def list_tags(self) -> list[tuple[str, int]]:
        return self._listing.list_tags()

    def list_sources(self) -> list[tuple[Source, int]]:
        return self._listing.list_sources()

    def revision(self, clipping_id: int) -> int | None:
        return self._listing.revision(clipping_id)

    def get_clipping(self, clipping_id: int) -> ClippingDetail:
        return self._listing.get_clipping(clipping_id)

    def extract_again(self, clipping_id: int) -> Reextraction:
        return self._clippings.extract_again(clipping_id)

    def ids_with_original(self) -> list[int]:
        return self._listing.ids_with_original()

    def original_html(self, clipping_id: int) -> bytes | None:
        return self._listing.original_html(clipping_id)

    def count_clippings(self, where: ListFilter | None = None) -> int:
        return self._listing.count_clippings(where)

    def list_ids(self, where: ListFilter | None = None, order: str = "date") -> list[int]:
        return self._listing.list_ids(where, order)

    def rows(self, ids: list[int]) -> list[ClippingRow]:
        return self._listing.rows(ids)

    def list_clippings(self, where: ListFilter | None = None, order: str = "date", offset: int = 0,
                       limit: int | None = None) -> list[ClippingRow]:
        return self._listing.list_clippings(where, order, offset, limit)

    def bodies(self, ids: list[int]) -> dict[int, str]:
        return self._listing.bodies(ids)

    # -- marks: highlights, entities, bias notes -----------------------------------------------

    def add_annotation(self, clipping_id: int, start: int, end: int, color: str = "yellow",
                       note: str = "") -> Annotation:
        return self._marks.add_annotation(clipping_id, start, end, color, note)

    def update_annotation(self, annotation_id: int, color: str | None = None,
                          note: str | None = None,
                          expected_note: str | None = None) -> Annotation:
        return self._marks.update_annotation(annotation_id, color, note, expected_note)

    def delete_annotation(self, annotation_id: int) -> Annotation:
        return self._marks.delete_annotation(annotation_id)

    def restore_annotation(self, annotation: Annotation) -> Annotation:
        return self._marks.restore_annotation(annotation)

    def find_entity(self, name: str) -> Entity | None:
        return self._marks.find_entity(name)

    def add_entity(self, name: str, kind: str = "other",
                   aliases: list[str] | None = None) -> Entity:
        return self._marks.add_entity(name, kind, aliases)

    def add_alias(self, entity_id: int, alias: str) -> None:
        return self._marks.add_alias(entity_id, alias)

    def rename_entity(self, entity_id: int, name: str, kind: str | None = None) -> Entity:
        return self._marks.rename_entity(entity_id, name, kind)

    def list_entities(self, kind: str | None = None,
                      mentioned_only: bool = False) -> list[tuple[Entity, list[str], int]]:
        return self._marks.list_entities(kind, mentioned_only)

    def add_mention(self, clipping_id: int, start: int, end: int, entity_name: str,
                    kind: str = "other", place: str = "body") -> Mention:
        return self._marks.add_mention(clipping_id, start, end, entity_name, kind, place)

    def delete_mention(self, mention_id: int) -> DeletedMention:
        return self._marks.delete_mention(mention_id)

    def restore_mention(self, deleted: DeletedMention | Mention) -> Mention:
        return self._marks.restore_mention(deleted)

    def delete_unused_entity(self, entity_id: int) -> EntitySnapshot | None:
        return self._marks.delete_unused_entity(entity_id)

    def restore_entities(self, snapshots: list[EntitySnapshot]) -> dict[int, int]:
        return self._marks.restore_entities(snapshots)

    def remove_unused_entities(self) -> int:
        return self._marks.remove_unused_entities()

    def list_bias_categories(self) -> list[BiasCategory]:
        return self._marks.list_bias_categories()

    def add_bias_category(self, name: str, color: str = "#868e96", description: str = "",
                          key: str | None = None) -> BiasCategory:
        return self._marks.add_bias_category(name, color, description, key)

    def update_bias_category(self, key: str, **changes: Any) -> BiasCategory:
        return self._marks.update_bias_category(key, **changes)

    def delete_bias_category(self, key: str) -> BiasCategory:
        return self._marks.delete_bias_category(key)

    def add_bias_note(self, clipping_id: int, category: str, note: str = "",
                      start: int | None = None, end: int | None = None) -> BiasNote:
        return self._marks.add_bias_note(clipping_id, category, note, start, end)

    def update_bias_note(self, note_id: int, category: str | None = None,
                         note: str | None = None,
                         expected_note: str | None = None) -> BiasNote:
        return self._marks.update_bias_note(note_id, category, note, expected_note)

    def delete_bias_note(self, note_id: int) -> BiasNote:
        return self._marks.delete_bias_note(note_id)

    def restore_bias_note(self, note: BiasNote) -> BiasNote:
        return self._marks.restore_bias_note(note)

    # -- collections, saved searches, settings -------------------------------------------------

    def create_collection(self, name: str, summary: str = "") -> Collection:
        return self._collections.create_collection(name, summary)

    def rename_collection(self, collection_id: int, name: str) -> Collection:
        return self._collections.rename_collection(collection_id, name)

    def set_collection_summary(self, collection_id: int, summary: str) -> None:
        return self._collections.set_collection_summary(collection_id, summary)

    def delete_collection(self, collection_id: int) -> CollectionView:
        return self._collections.delete_collection(collection_id)

    def restore_collection(self, view: CollectionView) -> Collection:
        return self._collections.restore_collection(view)

    def list_collections(self) -> list[tuple[Collection, int]]:
        return self._collections.list_collections()

    def get_collection(self, collection_id: int) -> CollectionView:
        return self._collections.get_collection(collection_id)

    def find_collection(self, name: str) -> Collection | None:
        return self._collections.find_collection(name)

    def add_to_collection(self, collection_id: int, clipping_ids: Iterable[int],
                          position: int | None = None) -> list[int]:
        return self._collections.add_to_collection(collection_id, clipping_ids, position)

    def remove_from_collection(self, collection_id: int, clipping_ids: Iterable[int]) -> list[int]:
        return self._collections.remove_from_collection(collection_id, clipping_ids)

    def reorder_collection(self, collection_id: int, clipping_ids: list[int]) -> list[int]:
        return self._collections.reorder_collection(collection_id, clipping_ids)

    def set_collection_clippings(self, collection_id: int, clipping_ids: list[int]) -> list[int]:
        return self._collections.set_collection_clippings(collection_id, clipping_ids)

    def save_search(self, name: str, query: str) -> SavedSearch:
        return self._collections.save_search(name, query)

    def list_saved_searches(self) -> list[SavedSearch]:
        return self._collections.list_saved_searches()

    def delete_saved_search(self, saved_id: int) -> SavedSearch:
        return self._collections.delete_saved_search(saved_id)

    def get_setting(self, key: str, default: str = "") -> str:
        return self._collections.get_setting(key, default)

    def set_setting(self, key: str, value: str) -> None:
        return self._collections.set_setting(key, value)

    # -- search --------------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 20, offset: int = 0, order: str = "relevance",
               snippets: int | None = None) -> SearchResults:
        return self._search.search(query, limit, offset, order, snippets)

    def snippets(self, query: str, ids: list[int]) -> dict[int, str]:
        return self._search.snippets(query, ids)

    def matching_ids(self, query: str) -> list[int]:
        return self._search.matching_ids(query)

    def facets(self, query: str, limit: int = 12) -> dict[str, list[Facet]]:
        return self._search.facets(query, limit)

    def check(self) -> CheckReport:
        return self._search.check()

    # -- feeds ---------------------------------------------------------------------------------

    def add_feed(self, url_or_path: str, mode: str = "content", interval: int = 60) -> Feed:
        return self._feeds.add_feed(url_or_path, mode, interval)

    def get_feed(self, feed_id: int) -> Feed:
        return self._feeds.get_feed(feed_id)

    def list_feeds(self) -> list[FeedView]:
        return self._feeds.list_feeds()

    def remove_feed(self, feed_id: int) -> None:
        return self._feeds.remove_feed(feed_id)

    def refresh_feed(self, feed_id: int,
                     should_stop: Callable[[], bool] = _never) -> RefreshSummary:
        return self._feeds.refresh_feed(feed_id, should_stop)

    def refresh_due_feeds(self, now: datetime | None = None,
                          should_stop: Callable[[], bool] = _never) -> list[RefreshSummary]:
        return self._feeds.refresh_due_feeds(now, should_stop)

    # -- entity suggestions --------------------------------------------------------------------

    def suggest_entities(self, clipping_id: int) -> list[Suggestion]:
        return self._suggestions.suggest_entities(clipping_id)

    def suggestion_for(self, clipping_id: int, name: str, kind: str | None = None) -> Suggestion:
        return self._suggestions.suggestion_for(clipping_id, name, kind)

    def accept_suggestion(self, clipping_id: int, suggestion: Suggestion, everywhere: bool = False,
                          kind: str | None = None) -> AcceptResult:
        return self._suggestions.accept_suggestion(clipping_id, suggestion, everywhere, kind)

    def reject_suggestion(self, clipping_id: int, suggestion: Suggestion | str) -> None:
        return self._suggestions.reject_suggestion(clipping_id, suggestion)

    def unreject_suggestion(self, clipping_id: int, suggestion: Suggestion | str) -> None:
        return self._suggestions.unreject_suggestion(clipping_id, suggestion)

    def merge_entities(self, keep_id: int, other_id: int) -> EntityMerge:
        return self._suggestions.merge_entities(keep_id, other_id)

    def unmerge_entities(self, merge: EntityMerge) -> None:
        return self._suggestions.unmerge_entities(merge)

    def quotes(self, clipping_id: int) -> list[Quote]:
        return self._suggestions.quotes(clipping_id)

    def quotes_of(self, clipping_ids: list[int]) -> dict[int, list[Quote]]:
        return self._suggestions.quotes_of(clipping_ids)

    # -- derived copies ------------------------------------------------------------------------

    def refresh_shingles(self, progress: Callable[[int, int], None] | None = None) -> int:
        return self._derivation.refresh_shingles(progress)

    def find_derived(self, clipping_id: int, limit: int = 10) -> list[DerivedCandidate]:
        return self._derivation.find_derived(clipping_id, limit)

    def link_derived(self, clipping_id: int, original_id: int,
                     add_bias_note: bool = True) -> Clipping:
        return self._derivation.link_derived(clipping_id, original_id, add_bias_note)

    def unlink_derived(self, clipping_id: int) -> Clipping:
        return self._derivation.unlink_derived(clipping_id)

    def derived_copies(self, original_id: int) -> list[int]:
        return self._derivation.derived_copies(original_id)

    # -- analyst views -------------------------------------------------------------------------

    def entity_view(self, entity_id: int) -> EntityView:
        return self._views.entity_view(entity_id)

    def bias_by_outlet(self) -> list[OutletBias]:
        return self._views.bias_by_outlet()

    def set_source_note(self, source_id: int, rating: str | None, note: str | None) -> Source:
        return self._views.set_source_note(source_id, rating, note)

    # -- a team library's activity ----------------------------------------------------------

    def activity(self, author: str | None = None, limit: int = 200) -> list[ActivityItem]:
        return self._activity.activity(author, limit)

    def activity_authors(self) -> list[str]:
        return self._activity.activity_authors()

    # -- upkeep: damage, backups, other processes ----------------------------------------------

    def find_database_damage(self) -> str | None:
        return self._upkeep.find_database_damage()

    def data_version(self) -> int:
        return self._upkeep.data_version()

    def wait_for_change(self, timeout: float) -> bool:
        return self._upkeep.wait_for_change(timeout)

    @property
    def backup_dir(self) -> Path:
        return self._upkeep.backup_dir

    def backup_now(self, reason: str = "manual") -> Path:
        return self._upkeep.backup_now(reason)

    def backups(self) -> list[BackupInfo]:
        return self._upkeep.backups()

    def daily_backup(self) -> str | None:
        return self._upkeep.daily_backup()


def open_library(folder: str | os.PathLike[str] | None = None, read_only: bool = False) -> Library:
    """Open the library ``folder`` names, or the one the environment or the default names."""
    return Library.open(paths.resolve_library(folder), read_only=read_only)
