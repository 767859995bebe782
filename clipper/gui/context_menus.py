"""The context menus of the sidebar and the clipping list. Every change they make goes through
an undoable command or the window's own actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QInputDialog, QMenu

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
from clipper.gui.sidebar import Place

if TYPE_CHECKING:
    from clipper.gui.main_window import MainWindow


def sidebar_menu(window: MainWindow, pos: QPoint) -> None:
    """Show the sidebar's context menu for the item at ``pos``."""
    item = window.sidebar.itemAt(pos)
    place = window.sidebar.current_place() if item else None
    build_sidebar_menu(window, place).exec(window.sidebar.viewport().mapToGlobal(pos))


def build_sidebar_menu(window: MainWindow, place: Place | None) -> QMenu:
    """The sidebar's context menu for ``place``: collections, entities, feeds, saved
    searches."""
    menu = QMenu(window)
    menu.addAction(window.actions_.new_collection)
    if place and place.kind == "entity":
        menu.addAction("Entity view…",
                       lambda: EntityViewDialog(window.library, place.key, window).exec())
        menu.addAction("Rename entity…", lambda: _rename_entity(window, place.key))
        menu.addAction("Merge into…", lambda: _merge_entity(window, place.key))
    if place and place.kind == "collection":
        menu.addAction("Rename collection…", lambda: _rename_collection(window, place))
        menu.addAction("Edit summary…", lambda: _edit_summary(window, place.key))
        menu.addAction("Delete collection", lambda: window.undo.push(
            DeleteCollection(window.library, window.changed, place.key)))
    menu.addAction(window.actions_.add_feed)
    if place and place.kind == "feed":
        menu.addAction("Refresh this feed", lambda: window.capture.refresh_feed(place.key))
        menu.addAction("Unsubscribe", lambda: window.capture.remove_feed(place.key))
    if place and place.kind == "saved":
        saved = next(s for s in window.library.list_saved_searches() if s.name == place.label)
        menu.addAction("Delete saved search", lambda: (
            window.library.delete_saved_search(saved.id), window.refresh_views()))
    return menu


def _rename_collection(window: MainWindow, place: Place) -> None:
    name, ok = QInputDialog.getText(window, "Rename collection", "Name", text=place.label)
    if ok and name.strip() and name.strip() != place.label:
        window.undo.push(RenameCollection(window.library, window.changed, place.key, place.label,
                                        name.strip()))


def _edit_summary(window: MainWindow, collection_id: int) -> None:
    """The executive summary printed on the collection's briefings."""
    old = window.library.get_collection(collection_id).collection.summary
    text, ok = QInputDialog.getMultiLineText(
        window, "Collection summary", "Executive summary, printed on this collection's "
        "briefings before the key figures:", old)
    if ok and text.strip() != old:
        window.undo.push(SetCollectionSummary(window.library, window.changed, collection_id,
                                              old, text.strip()))


def _rename_entity(window: MainWindow, entity_id: int) -> None:
    entity = next(e for e, _a, _n in window.library.list_entities() if e.id == entity_id)
    dialog = RenameEntityDialog(entity.name, entity.kind, window)
    if not dialog.exec():
        return
    old, new = EntityValues(entity.name, entity.kind), EntityValues(*dialog.values())
    if new != old:
        window.undo.push(RenameEntity(window.library, window.changed, entity_id, old, new))


def merge_choices(window: MainWindow, entity_id: int) -> tuple[Any, list[Any], list[str]]:
    """The entity, the others it could be merged into (by name), and their labels."""
    entities = window.library.list_entities()
    this = next(e for e, _a, _n in entities if e.id == entity_id)
    others = sorted(((e, n) for e, _a, n in entities if e.id != entity_id),
                    key=lambda pair: pair[0].name.casefold())
    labels = [f"{e.name} — {KIND_NAMES.get(e.kind, e.kind)} ({n} clipping"
              f"{'' if n == 1 else 's'})" for e, n in others]
    return this, [e for e, _n in others], labels


def _merge_entity(window: MainWindow, entity_id: int) -> None:
    """Fold this entity into another one the user picks: its names become that one's aliases."""
    this, others, labels = merge_choices(window, entity_id)
    if not others:
        window.report("There is no other entity to merge with.")
        return
    choice, ok = QInputDialog.getItem(
        window, "Merge entity", f"Merge “{this.name}” into (its name and aliases become "
        "aliases of the one you choose, its mentions move there):", labels, 0, False)
    if ok:
        keep = others[labels.index(choice)]
        window.undo.push(MergeEntities(window.library, window.changed, keep.id, entity_id,
                                       f"Merge “{this.name}” into “{keep.name}”"))


def list_menu(window: MainWindow, pos: QPoint) -> None:
    """Show the clipping list's context menu for the selected clippings."""
    menu = build_list_menu(window)
    if menu is not None:
        menu.exec(window.list.viewport().mapToGlobal(pos))


def build_list_menu(window: MainWindow) -> QMenu | None:
    """The clipping list's context menu for the selected clippings (none without a selection):
    collections, read and flagged state, delete."""
    ids = window.list.selected_ids()
    if not ids:
        return None
    menu = QMenu(window)
    add = menu.addMenu("Add to collection")
    for collection, _count in window.library.list_collections():
        add.addAction(collection.name,
                      lambda c=collection.id: window.add_to_collection(c, ids))
    add.addSeparator()
    add.addAction("New collection…", lambda: _new_collection_with(window, ids))
    if window.place.kind == "collection" and not window.search.query():
        order = [i for i in window.model.ids() if i not in ids]
        menu.addAction("Remove from this collection", lambda: window.undo.push(
            SetCollectionOrder(window.library, window.changed, window.place.key, order,
                               "Remove from collection")))
    menu.addSeparator()
    for label, field, value in (("Mark as read", "status", "read"),
                                ("Mark as unread", "status", "unread"),
                                ("Flag", "flagged", True), ("Unflag", "flagged", False)):
        menu.addAction(label, lambda f=field, v=value: _set_many(window, ids, f, v))
    menu.addSeparator()
    menu.addAction("Delete", lambda: window.undo.push(
        DeleteClippings(window.library, window.changed, ids)))
    return menu


def _new_collection_with(window: MainWindow, ids: list[int]) -> None:
    collection_id = window.new_collection()
    if collection_id is not None:
        window.add_to_collection(collection_id, ids)


def _set_many(window: MainWindow, ids: list[int], field: str, value: object) -> None:
    window.undo.beginMacro(f"Change {len(ids)} clippings")
    for clipping_id in ids:
        old = getattr(window.library.get_clipping(clipping_id).clipping, field)
        if old != value:
            window.undo.push(EditClipping(window.library, window.changed, clipping_id, field, old,
                                        value))
    window.undo.endMacro()
