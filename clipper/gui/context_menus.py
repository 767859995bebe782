"""The context menus of the sidebar and the clipping list. Every change they make goes through
an undoable command or the window's own actions."""

from __future__ import annotations

from functools import partial
from typing import Protocol

from PySide6.QtCore import QPoint
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QInputDialog, QMenu, QWidget

from clipper.core.kinds import ClippingField, ReadingStatus
from clipper.core.library import Library
from clipper.core.models import Entity
from clipper.gui.actions import Actions
from clipper.gui.capture import CaptureController
from clipper.gui.clip_list import ClippingListView
from clipper.gui.commands import (
    DeleteClippings,
    DeleteCollection,
    EditClipping,
    EntityValues,
    MergeEntities,
    RenameCollection,
    RenameEntity,
    SetCollectionOrder,
    SetCollectionSummary,
)
from clipper.gui.dialogs.analyst_views import EntityViewDialog
from clipper.gui.dialogs.entity_dialog import KIND_NAMES, RenameEntityDialog
from clipper.gui.sidebar import Place, PlaceKind, Sidebar


class Query(Protocol):
    def query(self) -> str: ...


class MenuWindow(Protocol):
    """What the context menus use of the main window."""

    @property
    def library(self) -> Library: ...
    @property
    def undo(self) -> QUndoStack: ...
    @property
    def actions_(self) -> Actions: ...
    @property
    def capture(self) -> CaptureController: ...
    @property
    def search(self) -> Query: ...
    @property
    def place(self) -> Place: ...

    def window(self) -> QWidget:
        """The window itself, as the parent of menus and dialogs (``QWidget.window``)."""
        ...

    def changed(self, clipping_id: int | None) -> None: ...
    def refresh_views(self) -> None: ...
    def report(self, message: str) -> None: ...
    def new_collection(self) -> int | None: ...
    def add_to_collection(self, collection_id: int, ids: list[int]) -> None: ...


def sidebar_menu(window: MenuWindow, sidebar: Sidebar, pos: QPoint) -> None:
    """Show the sidebar's context menu for the item at ``pos``."""
    item = sidebar.itemAt(pos)
    place = sidebar.current_place() if item else None
    build_sidebar_menu(window, place).exec(sidebar.viewport().mapToGlobal(pos))


def build_sidebar_menu(window: MenuWindow, place: Place | None) -> QMenu:
    """The sidebar's context menu for ``place``: collections, entities, feeds, saved
    searches."""
    parent = window.window()
    menu = QMenu(parent)
    menu.addAction(window.actions_.new_collection)
    if place and place.kind is PlaceKind.ENTITY:
        menu.addAction("Entity view…",
                       lambda: EntityViewDialog(window.library, place.id, parent).exec())
        menu.addAction("Rename entity…", lambda: _rename_entity(window, place.id))
        menu.addAction("Merge into…", lambda: _merge_entity(window, place.id))
    if place and place.kind is PlaceKind.COLLECTION:
        menu.addAction("Rename collection…", lambda: _rename_collection(window, place))
        menu.addAction("Edit summary…", lambda: _edit_summary(window, place.id))
        menu.addAction("Delete collection", lambda: window.undo.push(
            DeleteCollection(window.library, window.changed, place.id)))
    menu.addAction(window.actions_.add_feed)
    if place and place.kind is PlaceKind.FEED:
        menu.addAction("Refresh this feed", lambda: window.capture.refresh_feed(place.id))
        menu.addAction("Unsubscribe", lambda: window.capture.remove_feed(place.id))
    if place and place.kind is PlaceKind.SAVED:
        saved = next(s for s in window.library.list_saved_searches() if s.name == place.label)
        menu.addAction("Delete saved search", lambda: _delete_saved_search(window, saved.id))
    return menu


def _rename_collection(window: MenuWindow, place: Place) -> None:
    name, ok = QInputDialog.getText(window.window(), "Rename collection", "Name",
                                    text=place.label)
    if ok and name.strip() and name.strip() != place.label:
        window.undo.push(RenameCollection(window.library, window.changed, place.id, place.label,
                                          name.strip()))


def _edit_summary(window: MenuWindow, collection_id: int) -> None:
    """The executive summary printed on the collection's briefings."""
    old = window.library.get_collection(collection_id).collection.summary
    text, ok = QInputDialog.getMultiLineText(
        window.window(), "Collection summary", "Executive summary, printed on this collection's "
        "briefings before the key figures:", old)
    if ok and text.strip() != old:
        window.undo.push(SetCollectionSummary(window.library, window.changed, collection_id,
                                              old, text.strip()))


def _rename_entity(window: MenuWindow, entity_id: int) -> None:
    entity = next(e for e, _a, _n in window.library.list_entities() if e.id == entity_id)
    dialog = RenameEntityDialog(entity.name, entity.kind, window.window())
    if not dialog.exec():
        return
    old, new = EntityValues(entity.name, entity.kind), EntityValues(*dialog.values())
    if new != old:
        window.undo.push(RenameEntity(window.library, window.changed, entity_id, old, new))


def merge_choices(window: MenuWindow, entity_id: int) -> tuple[Entity, list[Entity], list[str]]:
    """The entity, the others it could be merged into (by name), and their labels."""
    entities = window.library.list_entities()
    this = next(e for e, _a, _n in entities if e.id == entity_id)
    others = sorted(((e, n) for e, _a, n in entities if e.id != entity_id),
                    key=lambda pair: pair[0].name.casefold())
    labels = [f"{e.name} — {KIND_NAMES.get(e.kind, e.kind)} ({n} clipping"
              f"{'' if n == 1 else 's'})" for e, n in others]
    return this, [e for e, _n in others], labels


def _merge_entity(window: MenuWindow, entity_id: int) -> None:
    """Fold this entity into another one the user picks: its names become that one's aliases."""
    this, others, labels = merge_choices(window, entity_id)
    if not others:
        window.report("There is no other entity to merge with.")
        return
    choice, ok = QInputDialog.getItem(
        window.window(), "Merge entity", f"Merge “{this.name}” into (its name and aliases become "
        "aliases of the one you choose, its mentions move there):", labels, 0, False)
    if ok:
        keep = others[labels.index(choice)]
        window.undo.push(MergeEntities(window.library, window.changed, keep.id, entity_id,
                                       f"Merge “{this.name}” into “{keep.name}”"))


def list_menu(window: MenuWindow, view: ClippingListView, pos: QPoint) -> None:
    """Show the clipping list's context menu for the selected clippings."""
    menu = build_list_menu(window, view)
    if menu is not None:
        menu.exec(view.viewport().mapToGlobal(pos))


def build_list_menu(window: MenuWindow, view: ClippingListView) -> QMenu | None:
    """The clipping list's context menu for the clippings selected in ``view`` (none without a
    selection): collections, read and flagged state, delete."""
    ids = view.selected_ids()
    if not ids:
        return None
    menu = QMenu(window.window())
    add = menu.addMenu("Add to collection")
    for collection, _count in window.library.list_collections():
        add.addAction(collection.name, partial(window.add_to_collection, collection.id, ids))
    add.addSeparator()
    add.addAction("New collection…", lambda: _new_collection_with(window, ids))
    place = window.place
    if place.kind is PlaceKind.COLLECTION and not window.search.query():
        order = [i for i in view.clippings().ids() if i not in ids]
        menu.addAction("Remove from this collection", lambda: window.undo.push(
            SetCollectionOrder(window.library, window.changed, place.id, order,
                               "Remove from collection")))
    menu.addSeparator()
    status, flagged = ClippingField.STATUS, ClippingField.FLAGGED
    for label, field, value in (("Mark as read", status, ReadingStatus.READ),
                                ("Mark as unread", status, ReadingStatus.UNREAD),
                                ("Flag", flagged, True), ("Unflag", flagged, False)):
        menu.addAction(label, partial(_set_many, window, ids, field, value))
    menu.addSeparator()
    menu.addAction("Delete", lambda: window.undo.push(
        DeleteClippings(window.library, window.changed, ids)))
    return menu


def _new_collection_with(window: MenuWindow, ids: list[int]) -> None:
    collection_id = window.new_collection()
    if collection_id is not None:
        window.add_to_collection(collection_id, ids)


def _delete_saved_search(window: MenuWindow, saved_id: int | None) -> None:
    window.library.delete_saved_search(saved_id)
    window.refresh_views()


def _set_many(window: MenuWindow, ids: list[int], field: ClippingField,
              value: str | bool) -> None:
    window.undo.beginMacro(f"Change {len(ids)} clippings")
    for clipping_id in ids:
        old = getattr(window.library.get_clipping(clipping_id).clipping, field)
        if old != value:
            window.undo.push(EditClipping(window.library, window.changed, clipping_id, field, old,
                                        value))
    window.undo.endMacro()
