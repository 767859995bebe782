"""The sidebar: All, Unread, Flagged; Collections; Tags; Entities by kind; Sources; Saved searches,
each with its count. Clippings dropped on a collection are added to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget, QTreeWidgetItem

from clipper.core.errors import NotFoundError
from clipper.core.kinds import EntityKind, ListOrder, ReadingStatus
from clipper.core.library import Library
from clipper.core.records import ClippingDetail
from clipper.core.store.listing import ListFilter
from clipper.gui.clip_model import MIME_IDS, decode_ids

PLACE_ROLE = Qt.ItemDataRole.UserRole + 10
KIND_LABELS: dict[str, str] = {  # keyed by EntityKind (its members are strings)
    EntityKind.PERSON: "People",
    EntityKind.ORGANISATION: "Organisations",
    EntityKind.PLACE: "Places",
    EntityKind.COUNTRY: "Countries",
    EntityKind.PROGRAMME: "Programmes and events",
    EntityKind.OTHER: "Other",
}


@dataclass
class SidebarData:
    """Everything the sidebar shows, read in one go (on a worker thread when the library is
    large: at 50,000 clippings the counts take a good part of a second)."""

    total: int = 0
    unread: int = 0
    flagged: int = 0
    collections: list = field(default_factory=list)
    tags: list[tuple[str, int]] = field(default_factory=list)
    entities: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    saved: list = field(default_factory=list)
    feeds: list = field(default_factory=list)  # FeedView: the feed, unread and total counts


def load_sidebar(library: Library) -> SidebarData:
    return SidebarData(
        total=library.count_clippings(),
        unread=library.count_clippings(ListFilter(status=ReadingStatus.UNREAD)),
        flagged=library.count_clippings(ListFilter(flagged=True)),
        collections=library.list_collections(),
        tags=library.list_tags(),
        entities=library.list_entities(mentioned_only=True),  # not taxonomy alone
        sources=library.list_sources(),
        saved=library.list_saved_searches(),
        feeds=library.list_feeds(),
    )


MAX_LISTED = 200  # tags, sources, entities of one kind listed in the sidebar


class PlaceKind(StrEnum):
    ALL = "all"
    UNREAD = "unread"
    FLAGGED = "flagged"
    COLLECTION = "collection"  # key: the collection's id
    TAG = "tag"  # key: the tag's name
    ENTITY = "entity"  # key: the entity's id
    SOURCE = "source"  # key: the outlet's id
    FEED = "feed"  # key: the feed's id
    SAVED = "saved"  # key: the saved search's query


@dataclass(frozen=True)
class Place:
    """Something the sidebar can show: a filtered list, a collection, or a saved search. The
    key says which one (see ``PlaceKind``); ``id`` and ``text`` give it typed."""

    kind: PlaceKind
    key: int | str | None = None
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", PlaceKind(self.kind))  # "collection" is taken too

    @property
    def id(self) -> int:
        """The id of the collection, entity, outlet or feed."""
        if not isinstance(self.key, int):
            raise TypeError(f"A {self.kind} place has no id.")
        return self.key

    @property
    def text(self) -> str:
        """The tag's name, or the saved search's query."""
        return "" if self.key is None else str(self.key)

    def list_filter(self) -> ListFilter:
        match self.kind:
            case PlaceKind.UNREAD:
                return ListFilter(status=ReadingStatus.UNREAD)
            case PlaceKind.FLAGGED:
                return ListFilter(flagged=True)
            case PlaceKind.COLLECTION:
                return ListFilter(collection_id=self.id)
            case PlaceKind.TAG:
                return ListFilter(tag=self.text)
            case PlaceKind.ENTITY:
                return ListFilter(entity_id=self.id)
            case PlaceKind.SOURCE:
                return ListFilter(source_id=self.id)
            case PlaceKind.FEED:
                return ListFilter(feed_id=self.id)
        return ListFilter()

    def same_as(self, other: Place | None) -> bool:
        """The same place, whatever its label (a collection renamed is the same)."""
        return other is not None and (self.kind, self.key) == (other.kind, other.key)


class Sidebar(QTreeWidget):
    place_selected = Signal(object)  # Place
    dropped_on_collection = Signal(int, list)  # collection id, clipping ids

    def __init__(self, library: Library, parent: object = None) -> None:
        super().__init__(parent)
        self._library = library
        self.setHeaderHidden(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.setAccessibleName("Library sidebar")
        self.setMinimumWidth(180)
        self.itemSelectionChanged.connect(self._emit_selection)
        self._groups: dict[str, QTreeWidgetItem] = {}
        self.data = SidebarData()
        self.populate(self.data)  # the counts arrive from the worker (MainWindow.refresh_views)

    def current_place(self) -> Place | None:
        item = self.currentItem()
        return item.data(0, PLACE_ROLE) if item else None

    def select_place(self, place: Place) -> None:
        for item in self._all_items():
            found = item.data(0, PLACE_ROLE)
            if place.same_as(found):
                self.setCurrentItem(item)
                return

    def refresh(self) -> None:
        """Re-read the counts and lists now (on this thread; see ``load`` for a worker)."""
        self.populate(load_sidebar(self._library))

    def populate(self, data: SidebarData) -> None:
        """Show ``data``, keeping the selection and what was expanded."""
        self.data = data
        current = self.current_place()
        expanded = {name for name, item in self._groups.items() if item.isExpanded()}
        self.blockSignals(True)
        self.clear()
        self._groups.clear()
        self._add_top(Place(PlaceKind.ALL, label="All clippings"), data.total)
        self._add_top(Place(PlaceKind.UNREAD, label="Unread"), data.unread)
        self._add_top(Place(PlaceKind.FLAGGED, label="Flagged"), data.flagged)
        group = self._group("Collections")
        for collection, count in data.collections:
            self._add(group, Place(PlaceKind.COLLECTION, collection.id, collection.name), count)
        self._add_many(self._group("Tags"), [(Place(PlaceKind.TAG, name, name), count)
                                             for name, count in data.tags], current, "tag:")
        group = self._group("Entities")
        by_kind: dict[str, list[tuple[Place, int]]] = {}
        for entity, _aliases, n in data.entities:
            by_kind.setdefault(entity.kind, []).append(
                (Place(PlaceKind.ENTITY, entity.id, entity.name), n))
        for kind in EntityKind:
            members = by_kind.get(kind, [])
            if members:
                sub = QTreeWidgetItem(group, [f"{KIND_LABELS[kind]} ({len(members):,})"])
                sub.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self._add_many(sub, members, current, "entity:")
        self._add_many(self._group("Sources"), [(Place(PlaceKind.SOURCE, source.id, source.name), n)
                                                for source, n in data.sources], current,
                       "source:")
        group = self._group("Feeds")
        for view in data.feeds:
            label = f"{view.feed.title}  {view.unread}/{view.clippings}"
            place = Place(PlaceKind.FEED, view.feed.id, view.feed.title)
            item = self._add(group, place, None, label)
            if view.feed.last_error:
                item.setText(0, f"⚠ {label}")
                item.setForeground(0, QColor("#d9480f"))
                item.setToolTip(0, f"{view.feed.url}\nLast refresh failed: {view.feed.last_error}")
            else:
                item.setToolTip(0, f"{view.feed.url}\n{view.unread} unread of {view.clippings}")
        group = self._group("Saved searches")
        for saved in data.saved:
            self._add(group, Place(PlaceKind.SAVED, saved.query, saved.name), None)
        for name, item in self._groups.items():
            item.setExpanded(name in expanded
                             or name in ("Collections", "Feeds", "Saved searches"))
        if current:  # the same place again: nothing to tell (the window keeps its search)
            self.select_place(current)
        self.blockSignals(False)
        if self.currentItem() is None:  # the place is gone (a deleted collection): move on
            self.setCurrentItem(self.topLevelItem(0))

    def _add_many(self, parent: QTreeWidgetItem, places: list[tuple[Place, int]],
                  current: Place | None, field: str) -> None:
        """Add ``places``; past ``MAX_LISTED``, the ones naming the most clippings (and the
        current one), and a line saying how to find the rest. Thousands of entities would make
        every refresh of the sidebar slow."""
        if len(places) > MAX_LISTED:
            ranked = sorted(places, key=lambda pair: -pair[1])
            kept = ranked[:MAX_LISTED] + [p for p in ranked[MAX_LISTED:]
                                          if p[0].same_as(current)]
            places = sorted(kept, key=lambda pair: pair[0].label.casefold())
            rest = QTreeWidgetItem(parent, [f"… {len(ranked) - len(places):,} more: search "
                                            f"{field}name"])
            rest.setFlags(Qt.ItemFlag.NoItemFlags)
            rest.setToolTip(0, f"Only the {MAX_LISTED} that name the most clippings are "
                               f"listed here; type {field}\"a name\" in the search field for "
                               "the others.")
        for place, count in places:
            self._add(parent, place, count)
        if len(places) > 1 and parent.childCount() > len(places):  # the "more" line goes last
            parent.addChild(parent.takeChild(0))

    def _add_top(self, place: Place, count: int) -> None:
        item = QTreeWidgetItem(self, [f"{place.label}  {count}"])
        item.setData(0, PLACE_ROLE, place)

    def _group(self, name: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self, [name])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        self._groups[name] = item
        return item

    def _add(self, parent: QTreeWidgetItem, place: Place, count: int | None,
             text: str | None = None) -> QTreeWidgetItem:
        if text is None:
            text = place.label if count is None else f"{place.label}  {count}"
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, PLACE_ROLE, place)
        item.setToolTip(0, place.text if place.kind is PlaceKind.SAVED else place.label)
        return item

    def _all_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        stack = [self.topLevelItem(i) for i in range(self.topLevelItemCount())]
        while stack:
            if (item := stack.pop()) is None:
                continue
            items.append(item)
            stack.extend(item.child(i) for i in range(item.childCount()))
        return items

    def _emit_selection(self) -> None:
        place = self.current_place()
        if place is not None:
            self.place_selected.emit(place)

    # -- dropping clippings on a collection -----------------------------------------------------

    def _collection_at(self, event: QDropEvent) -> int | None:
        item = self.itemAt(event.position().toPoint())
        place = item.data(0, PLACE_ROLE) if item else None
        return place.id if place and place.kind is PlaceKind.COLLECTION else None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(MIME_IDS):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(MIME_IDS) and self._collection_at(event) is not None:
            event.setDropAction(Qt.DropAction.CopyAction)
            event.accept()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        collection_id = self._collection_at(event)
        if collection_id is None or not event.mimeData().hasFormat(MIME_IDS):
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
        self.dropped_on_collection.emit(collection_id, decode_ids(event.mimeData()))


@dataclass
class Views:
    """What ``refresh_views`` reads on the worker."""

    sidebar: SidebarData
    ids: list[int] | None  # the list's clippings (None while a search shows its own)
    shown: int | None  # the clipping open when the reading started
    detail: ClippingDetail | None  # that clipping as stored now (None: deleted meanwhile)


def load_views(library: Library, where: ListFilter, order: ListOrder, searching: bool,
               shown: int | None) -> Views:
    """Worker side of ``refresh_views``: the sidebar's data, the shown list's ids and the open
    clipping read again (a team library's server may take its time: not on the GUI thread)."""
    detail = None
    if shown is not None:
        try:
            detail = library.get_clipping(shown)
        except NotFoundError:
            detail = None
    return Views(load_sidebar(library), None if searching else library.list_ids(where, order),
                 shown, detail)
