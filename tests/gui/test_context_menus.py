"""The context menus of the clipping list and the sidebar: each entry does what it says, and
what it changes can be undone."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QInputDialog

from clipper.gui.context_menus import build_list_menu, build_sidebar_menu
from clipper.gui.sidebar import Place
from tests.gui.conftest import answer_dialog
from tests.gui.test_main_window import add, refresh


def entries(menu) -> dict:
    """The menu's actions by their text, submenus' actions included."""
    found = {}
    for action in menu.actions():
        if action.menu():
            found.update({f"{action.text()}/{a.text()}": a for a in action.menu().actions()})
        elif action.text():
            found[action.text()] = action
    return found


def select_all_rows(window) -> None:
    selection = window.list.selectionModel()
    for row in range(window.model.rowCount()):
        selection.select(window.model.index(row, 0),
                         QItemSelectionModel.SelectionFlag.Select |
                         QItemSelectionModel.SelectionFlag.Rows)


def test_the_list_menu_flags_files_and_deletes_the_selection_undoably(window, qtbot,
                                                                        gui_library):
    first, second = add(gui_library, "One", "text one"), add(gui_library, "Two", "text two")
    gui_library.create_collection("Morning brief")
    refresh(window, qtbot)
    window.list.clearSelection()
    assert build_list_menu(window, window.list) is None  # nothing selected: no menu
    select_all_rows(window)
    menu = entries(build_list_menu(window, window.list))
    assert {"Mark as read", "Mark as unread", "Flag", "Unflag", "Delete",
            "Add to collection/Morning brief", "Add to collection/New collection…"} <= set(menu)

    menu["Flag"].trigger()
    assert all(gui_library.get_clipping(i).clipping.flagged for i in (first, second))
    window.undo.undo()  # one step for the whole selection
    assert not any(gui_library.get_clipping(i).clipping.flagged for i in (first, second))

    menu["Mark as read"].trigger()
    assert {gui_library.get_clipping(i).clipping.status for i in (first, second)} == {"read"}

    menu["Add to collection/Morning brief"].trigger()
    collection = gui_library.find_collection("Morning brief")
    assert sorted(gui_library.get_collection(collection.id).clipping_ids) == [first, second]

    menu["Delete"].trigger()
    assert gui_library.count_clippings() == 0
    window.undo.undo()
    assert gui_library.count_clippings() == 2


def test_the_sidebar_menu_renames_and_deletes_a_collection_undoably(window, qtbot, gui_library):
    collection = gui_library.create_collection("Drafts")
    refresh(window, qtbot)
    menu = entries(build_sidebar_menu(window, Place("collection", collection.id,
                                                    label="Drafts")))
    assert {"New collection…", "Rename collection…", "Delete collection", "Add feed…"} <= \
        set(menu)

    def rename(dialog):
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Morning brief")
        dialog.accept()

    answer_dialog(rename)
    menu["Rename collection…"].trigger()
    assert gui_library.get_collection(collection.id).collection.name == "Morning brief"
    window.undo.undo()
    assert gui_library.get_collection(collection.id).collection.name == "Drafts"

    menu["Delete collection"].trigger()
    assert gui_library.find_collection("Drafts") is None
    window.undo.undo()
    assert gui_library.find_collection("Drafts") is not None


def test_the_sidebar_menu_deletes_a_saved_search(window, qtbot, gui_library):
    gui_library.save_search("Ministers", "minister")
    refresh(window, qtbot)
    saved = gui_library.list_saved_searches()[0]
    menu = entries(build_sidebar_menu(window, Place("saved", saved.id, label="Ministers")))
    assert "Rename collection…" not in menu
    menu["Delete saved search"].trigger()
    assert gui_library.list_saved_searches() == []


def test_the_sidebar_menu_renames_and_merges_entities_undoably(window, qtbot, gui_library):
    from clipper.gui.dialogs.entity_dialog import RenameEntityDialog

    cid = add(gui_library, "Talks", "Zhao Yiping met the DG Zhao delegation in Tokyo.")
    keep = gui_library.add_entity("Zhao Yiping", "person")
    other = gui_library.add_entity("DG Zhao", "organisation", aliases=["Director Zhao"])
    gui_library.add_mention(cid, 0, 11, "Zhao Yiping", "person")
    gui_library.add_mention(cid, 20, 27, "DG Zhao")
    refresh(window, qtbot)
    menu = entries(build_sidebar_menu(window, Place("entity", other.id, label="DG Zhao")))
    assert {"Entity view…", "Rename entity…", "Merge into…"} <= set(menu)

    def rename(dialog):
        assert isinstance(dialog, RenameEntityDialog)
        dialog.name.setText("Director-General Zhao")
        dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
        dialog.accept()

    answer_dialog(rename)
    menu["Rename entity…"].trigger()
    renamed = gui_library.find_entity("Director-General Zhao")
    assert renamed.id == other.id and renamed.kind == "person"
    window.undo.undo()
    assert gui_library.find_entity("DG Zhao").kind == "organisation"

    def choose(dialog):
        assert isinstance(dialog, QInputDialog)
        [label] = [i for i in dialog.comboBoxItems() if i.startswith("Zhao Yiping")]
        dialog.setTextValue(label)
        dialog.accept()

    answer_dialog(choose)
    menu["Merge into…"].trigger()
    assert gui_library.find_entity("DG Zhao").id == keep.id
    assert gui_library.find_entity("Director Zhao").id == keep.id
    assert {m.entity.id for m in gui_library.get_clipping(cid).mentions} == {keep.id}
    assert window.undo.undoText() == "Merge “DG Zhao” into “Zhao Yiping”"
    window.undo.undo()
    assert gui_library.find_entity("DG Zhao").id == other.id
    assert {m.entity.id for m in gui_library.get_clipping(cid).mentions} == {keep.id, other.id}
    window.undo.redo()
    assert gui_library.find_entity("DG Zhao").id == keep.id


def test_bias_taxonomy_edits_apply_at_once_and_can_be_undone(window, qtbot, gui_library):
    from PySide6.QtWidgets import QMessageBox

    from clipper.gui.dialogs.preferences import PreferencesDialog

    dialog = PreferencesDialog(gui_library, window.settings, window, window.undo, window.changed)
    keys = [c.key for c in gui_library.list_bias_categories()]

    def named(text):
        def fill(box):
            box.setTextValue(text)
            box.accept()
        return fill

    answer_dialog(named("Anonymous sourcing"))
    dialog._add_category()
    assert [c.key for c in gui_library.list_bias_categories()] == keys + ["anonymous-sourcing"]
    row = dialog.taxonomy.rowCount() - 1
    assert dialog.taxonomy.item(row, 0).text() == "Anonymous sourcing"

    answer_dialog(named("Unnamed sources"))
    dialog._edit_category(row, 0)
    assert gui_library.list_bias_categories()[-1].name == "Unnamed sources"
    window.undo.undo()
    assert gui_library.list_bias_categories()[-1].name == "Anonymous sourcing"

    dialog.taxonomy.setCurrentCell(row, 0)
    dialog._delete_category()
    assert [c.key for c in gui_library.list_bias_categories()] == keys
    window.undo.undo()
    assert gui_library.list_bias_categories()[-1].key == "anonymous-sourcing"
    window.undo.undo()  # the category added first
    assert [c.key for c in gui_library.list_bias_categories()] == keys

    cid = add(gui_library, "Slanted", "Some text.")
    gui_library.add_bias_note(cid, keys[0], "a note")
    dialog._fill_taxonomy()
    dialog.taxonomy.setCurrentCell(0, 0)
    warned = []

    def read(box):
        assert isinstance(box, QMessageBox)
        warned.append(box.text())
        box.accept()

    answer_dialog(read)
    dialog._delete_category()  # in use: refused, with the reason
    assert "used by 1 bias note" in warned[0]
    assert [c.key for c in gui_library.list_bias_categories()] == keys
    dialog.reject()


def test_a_bias_note_starts_with_no_category_chosen(qtbot, gui_library):
    from PySide6.QtWidgets import QDialogButtonBox

    from clipper.gui.dialogs.bias_dialog import BiasDialog

    dialog = BiasDialog(gui_library.list_bias_categories(), "loaded words")
    qtbot.addWidget(dialog)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.category.currentIndex() == -1 and not ok.isEnabled()
    dialog.category.setCurrentIndex(dialog.category.findData("loaded-language"))
    assert ok.isEnabled() and dialog.values()[0] == "loaded-language"


def test_deleting_the_collection_shown_leaves_the_whole_list(window, qtbot, gui_library):
    first, second = add(gui_library, "One", "text one"), add(gui_library, "Two", "text two")
    collection = gui_library.create_collection("Brief")
    gui_library.add_to_collection(collection.id, [first])
    refresh(window, qtbot)
    window.sidebar.select_place(Place("collection", collection.id))
    qtbot.waitUntil(lambda: window.model.ids() == [first], timeout=5000)
    entries(build_sidebar_menu(window, window.place))["Delete collection"].trigger()
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    assert window.place.kind == "all"
    assert sorted(window.model.ids()) == sorted([first, second])
