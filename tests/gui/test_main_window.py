"""Each flow a user goes through, driven offscreen; assertions are on what the library holds."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QDialogButtonBox, QInputDialog, QLabel

from clipper.core.records import ClippingDraft
from clipper.core.store.listing import ListFilter
from clipper.gui import settings as S
from clipper.gui.clip_model import MIME_IDS
from clipper.gui.sidebar import Place
from tests.gui.conftest import answer_dialog


def add(library, title, body, **kw):
    return library.add_clipping(ClippingDraft(title=title, body=body, **kw)).id


def refresh(window, qtbot):
    """Tell the window the library changed and wait for its lists and counts to follow."""
    window.changed(None)
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)


def ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def select_words(window, words):
    body = window.detail.clipping.body
    start = body.index(words)
    window.reader.select_span(start, start + len(words))
    return start, start + len(words)


def test_first_run_offers_the_seeds_and_imports_them(window, qtbot, gui_library):
    assert window.stack.currentWidget() is window.welcome
    assert window.welcome.seeds_button.isVisible()
    qtbot.mouseClick(window.welcome.seeds_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: gui_library.count_clippings() == 1, timeout=10000)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.list, timeout=5000)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.detail.source.name == "The Straits Times"
    assert window.panel.bias.count() == 2  # the two clipping-level bias notes are visible


def test_search_as_you_type_and_narrow_by_facet(window, qtbot, gui_library):
    a = add(gui_library, "Port deal", "Shipping and ports in Asia.", source_name="Reuters")
    add(gui_library, "Port strike", "Shipping halted at the port.", source_name="AP")
    add(gui_library, "Weather", "Sunny.", source_name="AP")
    refresh(window, qtbot)
    qtbot.waitUntil(lambda: gui_library.pending_index_changes() == 0, timeout=5000)
    window.focus_search()
    qtbot.keyClicks(window.search.field, "shipping")
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    assert "2 found" in window.search.count.text()
    assert window.model.snippet(0)  # highlighted snippets are shown in the list
    facets = window.search.facets
    outlet = facets.topLevelItem(0)
    reuters = next(outlet.child(i) for i in range(outlet.childCount())
                   if outlet.child(i).text(0).startswith("Reuters"))
    facets.itemClicked.emit(reuters, 0)
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    assert window.model.ids() == [a]
    assert window.search.query() == 'shipping source:"Reuters"'
    qtbot.keyClick(window.search.field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=5000)


def test_highlight_note_entity_and_bias_then_undo_and_redo(window, qtbot, gui_library):
    # Four undo steps for four marks: reading the clipping for two seconds would add a fifth
    window.settings.set(S.MARK_READ_ON_OPEN, False)
    cid = add(gui_library, "Statement", "Director-General Zhao Yiping said the fund will grow.")
    refresh(window, qtbot)
    window.open_clipping(cid)

    select_words(window, "fund")
    window.actions_.highlight.trigger()

    select_words(window, "will grow")

    def fill_note(dialog):
        dialog.note.setPlainText("optimistic")
        ok(dialog)

    answer_dialog(fill_note)
    window.actions_.note.trigger()

    select_words(window, "Zhao Yiping")

    def fill_entity(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
        ok(dialog)

    answer_dialog(fill_entity)
    window.actions_.entity.trigger()

    select_words(window, "said the fund will grow")

    def fill_bias(dialog):
        dialog.category.setCurrentIndex(dialog.category.findData("unattributed-claim"))
        dialog.note.setPlainText("no figures")
        ok(dialog)

    answer_dialog(fill_bias)
    window.actions_.bias.trigger()

    detail = gui_library.get_clipping(cid)
    assert [(v.annotation.quote, v.annotation.note) for v in detail.annotations] == [
        ("fund", ""), ("will grow", "optimistic")]
    assert [(v.entity.name, v.entity.kind) for v in detail.mentions] == [("Zhao Yiping",
                                                                          "person")]
    assert [(v.category.key, v.note.quote, v.note.note) for v in detail.bias_notes] == [
        ("unattributed-claim", "said the fund will grow", "no figures")]
    assert window.panel.marks.count() == 4
    assert len(window.reader.extraSelections()) == 4

    for _ in range(4):
        window.undo.undo()
    detail = gui_library.get_clipping(cid)
    assert not detail.annotations and not detail.mentions and not detail.bias_notes
    for _ in range(4):
        window.undo.redo()
    detail = gui_library.get_clipping(cid)
    assert len(detail.annotations) == 2 and len(detail.mentions) == 1
    assert len(detail.bias_notes) == 1
    qtbot.waitUntil(lambda: gui_library.pending_index_changes() == 0, timeout=5000)
    assert gui_library.search("notes:optimistic").total == 1


def test_deleting_a_mark_asks_nothing_and_can_be_undone(window, gui_library):
    cid = add(gui_library, "T", "Alpha beta gamma.")
    gui_library.add_annotation(cid, 6, 10)
    window.open_clipping(cid)
    window.reader.setFocus()
    window.reader.select_span(7, 7)
    assert window.annotator.delete_mark_at_cursor()
    assert gui_library.get_clipping(cid).annotations == []
    window.undo.undo()
    assert len(gui_library.get_clipping(cid).annotations) == 1


def test_metadata_edits_are_undoable(window, qtbot, gui_library):
    cid = add(gui_library, "Old title", "Text.")
    refresh(window, qtbot)
    window.open_clipping(cid)
    window.panel.title.setText("New title")
    window.panel.title.editingFinished.emit()
    window.panel.tags.setText("asia, trade")
    window.panel.tags.editingFinished.emit()
    window.panel.flagged.setChecked(True)
    detail = gui_library.get_clipping(cid)
    assert (detail.clipping.title, detail.tags, detail.clipping.flagged) == (
        "New title", ["asia", "trade"], True)
    window.undo.undo()
    window.undo.undo()
    window.undo.undo()
    detail = gui_library.get_clipping(cid)
    assert (detail.clipping.title, detail.tags, detail.clipping.flagged) == ("Old title", [],
                                                                             False)


def test_the_wire_is_shown_edited_and_undone_in_the_panel(window, qtbot, gui_library):
    cid = add(gui_library, "Appeal", "Text.", source_name="The Valley Tribune",
              wire="Associated Press")
    refresh(window, qtbot)
    window.open_clipping(cid)
    assert window.panel.via.text() == "Associated Press"
    window.panel.via.setText("Reuters")
    window.panel.via.editingFinished.emit()
    assert gui_library.get_clipping(cid).clipping.wire == "Reuters"
    window.panel.via.setText("")
    window.panel.via.editingFinished.emit()
    assert gui_library.get_clipping(cid).clipping.wire is None
    window.undo.undo()
    window.undo.undo()
    assert gui_library.get_clipping(cid).clipping.wire == "Associated Press"
    assert window.panel.via.text() == "Associated Press"


def test_extracting_the_text_again_from_the_saved_page_is_undoable(window, qtbot, gui_library):
    from pathlib import Path

    from clipper.core.importer import read_draft

    draft = read_draft(Path(__file__).resolve().parents[1] / "data" / "capture" / "article.html")
    cid = gui_library.add_clipping(draft).id
    gui_library.update_clipping(cid, body=draft.body + "\n\nRelated: another story")
    refresh(window, qtbot)
    window.open_clipping(cid)
    window.actions_.reextract.trigger()  # extracted on the worker
    qtbot.waitUntil(lambda: gui_library.get_clipping(cid).clipping.body == draft.body,
                    timeout=10000)
    window.undo.undo()
    assert gui_library.get_clipping(cid).clipping.body.endswith("another story")
    typed = add(gui_library, "Typed", "By hand.")
    window.open_clipping(typed)
    answered = []
    answer_dialog(lambda box: (answered.append(box.text()), box.accept()))
    window.actions_.reextract.trigger()  # no original: the message says so, nothing changes
    qtbot.waitUntil(lambda: bool(answered), timeout=10000)
    assert "no saved original" in answered[0]
    assert gui_library.get_clipping(typed).clipping.body == "By hand."


def test_extracting_again_fills_a_missing_wire_undoably(window, qtbot, gui_library):
    from clipper.core.capture.html import parse_html_page
    from tests.core.test_wire import PAGE

    cid = gui_library.add_clipping(parse_html_page(PAGE.encode())).id
    gui_library.update_clipping(cid, wire=None)  # captured before the wire was kept
    refresh(window, qtbot)
    window.open_clipping(cid)
    window.actions_.reextract.trigger()
    qtbot.waitUntil(lambda: gui_library.get_clipping(cid).clipping.wire == "Associated Press",
                    timeout=10000)
    qtbot.waitUntil(lambda: window.panel.via.text() == "Associated Press", timeout=5000)
    window.undo.undo()
    assert gui_library.get_clipping(cid).clipping.wire is None


def test_a_bad_date_is_refused_with_a_message(window, gui_library):
    cid = add(gui_library, "T", "Text.")
    window.open_clipping(cid)
    window.panel.published.setText("31/02/2024")
    window.panel.published.editingFinished.emit()
    assert "YYYY-MM-DD" in window.panel.error.text()
    assert gui_library.get_clipping(cid).clipping.published is None


def test_collections_create_add_by_drop_reorder_and_undo(window, qtbot, gui_library):
    a, b, c = (add(gui_library, f"Clip {n}", f"text {n}") for n in "abc")
    refresh(window, qtbot)

    def name_it(dialog):
        assert isinstance(dialog, QInputDialog)
        dialog.setTextValue("Morning brief")
        dialog.accept()

    answer_dialog(name_it)
    collection_id = window.new_collection()
    assert gui_library.find_collection("Morning brief").id == collection_id

    # Drop three clippings from the list onto the collection in the sidebar.
    window.sidebar.refresh()
    window.sidebar.expandAll()
    item = next(i for i in window.sidebar._all_items()
                if (p := i.data(0, Qt.ItemDataRole.UserRole + 10)) and p.kind == "collection")
    mime = QMimeData()
    mime.setData(MIME_IDS, f"{a},{b},{c}".encode())
    where = QPointF(window.sidebar.visualItemRect(item).center())
    drop = QDropEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.sidebar.dropEvent(drop)
    assert gui_library.get_collection(collection_id).clipping_ids == [a, b, c]

    # Reorder by dragging the last clipping to the top of the collection's list.
    window.sidebar.select_place(Place("collection", collection_id))
    assert window.model.reorderable and window.model.ids() == [a, b, c]
    moving = window.model.mimeData([window.model.index(2, 0)])
    top = QPointF(window.list.visualRect(window.model.index(0, 0)).topLeft() + QPoint(5, 2))
    drop = QDropEvent(top, Qt.DropAction.MoveAction, moving, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    window.list.dropEvent(drop)
    assert gui_library.get_collection(collection_id).clipping_ids == [c, a, b]
    qtbot.waitUntil(lambda: window.model.ids() == [c, a, b], timeout=5000)
    window.undo.undo()
    assert gui_library.get_collection(collection_id).clipping_ids == [a, b, c]
    window.undo.undo()
    assert gui_library.get_collection(collection_id).clipping_ids == []


def test_import_a_folder_with_a_bad_file_shows_the_summary(window, qtbot, gui_library, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "one.txt").write_text("First\n\nBody one.", encoding="utf-8")
    (folder / "two.txt").write_text("Second\n\nBody two.", encoding="utf-8")
    (folder / "broken.txt").write_bytes(bytes(range(256)) * 8)
    dialog = window.import_paths([str(folder)])
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=10000)
    assert dialog.status.text() == "Imported 2, duplicates 0, failed 1."
    failed = dialog.details.topLevelItem(0)
    assert failed.text(0) == "Failed (1)"
    assert failed.child(0).text(0) == "broken.txt" and "binary" in failed.child(0).text(1)
    assert gui_library.count_clippings() == 2
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)


def test_deleting_clippings_is_undoable(window, qtbot, gui_library):
    cid = add(gui_library, "Doomed", "Text.")
    refresh(window, qtbot)
    window.list.selectRow(0)
    window.list.setFocus()
    window.delete_pressed()
    assert gui_library.count_clippings() == 0
    window.undo.undo()
    assert gui_library.count_clippings() == 1 and gui_library.get_clipping(cid)


def test_keyboard_navigation_and_search_focus(window, qtbot, gui_library):
    for n in range(3):
        add(gui_library, f"Clip {n}", f"text {n}")
    refresh(window, qtbot)
    window.list.setFocus()
    window.list.selectRow(0)
    first = window.detail.clipping.id
    window.actions_.next_clipping.trigger()
    assert window.detail.clipping.id != first
    window.actions_.previous_clipping.trigger()
    assert window.detail.clipping.id == first
    window.actions_.find.trigger()
    assert window.search.field.hasFocus()


def test_new_clipping_from_pasted_text(window, gui_library, seed_text):
    def accept(dialog):
        assert dialog.title.text().startswith("China urges")
        ok(dialog)

    answer_dialog(accept)
    window.new_clipping(seed_text)
    [row] = gui_library.list_clippings()
    assert row.source == "The Straits Times" and row.bias_count == 2
    assert gui_library.list_ids(ListFilter(status="unread")) == [row.id]


def test_a_lost_index_is_rebuilt_in_the_background_with_progress(qtbot, tmp_path, make_window):
    import shutil

    from PySide6.QtCore import QSettings

    from clipper.core import paths
    from clipper.core.library import Library
    from clipper.gui.settings import Settings

    folder = tmp_path / "lib"
    with Library.open(folder) as library:
        for n in range(30):
            add(library, f"Clip {n}", f"searchable text number {n}")
    shutil.rmtree(folder / paths.INDEX_DIR)
    library = Library.open(folder, replay=False)
    assert library.pending_index_changes() == 30
    settings = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    window = make_window(library, settings)
    assert window.model.rowCount() == 30  # the list is there before the index is
    qtbot.waitUntil(lambda: library.pending_index_changes() == 0, timeout=10000)
    window.worker.wait()
    assert library.search("searchable").total == 30 and library.check().ok
    window.close()
    library.close()


def test_export_a_collection_with_preview_and_progress(window, qtbot, gui_library, tmp_path,
                                                        seed_text):
    from pypdf import PdfReader

    from clipper.core.capture.textfile import parse_text_clipping

    seed = gui_library.add_clipping(parse_text_clipping(seed_text)).id
    other = add(gui_library, "Second", "Another clipping about ASEAN.")
    collection = gui_library.create_collection("Monday brief", summary="Two items today.")
    gui_library.add_to_collection(collection.id, [other, seed])
    refresh(window, qtbot)
    window.sidebar.select_place(Place("collection", collection.id))
    dialog = window.export_briefing()
    assert dialog.title.text() == "Monday brief" and "collection" in dialog.status.text()

    def preview_pages():
        labels = dialog.preview.widget().findChildren(QLabel)
        return [label for label in labels if not label.pixmap().isNull()]

    qtbot.waitUntil(lambda: len(preview_pages()) >= 2, timeout=20000)
    target = tmp_path / "brief.pdf"
    dialog.path.setText(str(target))
    dialog.marking.setCurrentText("Internal")
    assert dialog.summary.toPlainText() == "Two items today."
    dialog.summary.setPlainText("Two items today; ASEAN leads.")  # the executive summary
    dialog.export()
    qtbot.waitUntil(lambda: dialog.result_ is not None, timeout=30000)
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Monday brief" in text and "Two items today; ASEAN leads." in text
    assert text.index("Second") < text.index("China urges joint efforts")
    # kept with the collection for the next briefing
    assert gui_library.get_collection(collection.id).collection.summary == \
        "Two items today; ASEAN leads."
    dialog.close()


def test_the_sidebar_lists_the_most_named_entities_and_says_how_to_find_the_rest(
        window, qtbot, gui_library, monkeypatch):
    from clipper.gui import sidebar as sidebar_module

    monkeypatch.setattr(sidebar_module, "MAX_LISTED", 3)
    cid = add(gui_library, "Names", " ".join(f"Name{n}" for n in range(6)))
    body = gui_library.get_clipping(cid).clipping.body
    for n in range(6):
        start = body.index(f"Name{n}")
        gui_library.add_mention(cid, start, start + len(f"Name{n}"), f"Name{n}", "person")
    other = add(gui_library, "More names", "Name4 Name5")
    for n in (4, 5):
        start = "Name4 Name5".index(f"Name{n}")
        gui_library.add_mention(other, start, start + 5, f"Name{n}", "person")
    refresh(window, qtbot)
    people = next(i for i in window.sidebar._all_items() if i.text(0).startswith("People"))
    texts = [people.child(k).text(0) for k in range(people.childCount())]
    assert people.text(0) == "People (6)"
    # the three naming the most clippings (ties by order), by name; then how to find the rest
    assert texts == ["Name0  1", "Name4  2", "Name5  2", "… 3 more: search entity:name"]


def test_switching_to_dark_redraws_the_open_clippings_header(window, qtbot, gui_library):
    from PySide6.QtWidgets import QApplication

    from clipper.gui.theme import apply_theme

    cid = add(gui_library, "Headline", "Body text.", source_name="The Outlet")
    refresh(window, qtbot)
    window.worker.wait()
    window.open_clipping(cid)
    app = QApplication.instance()
    try:
        for theme in ("dark", "light"):
            apply_theme(app, theme)
            app.processEvents()
            assert window.reader._header[-1] == \
                window.reader.palette().placeholderText().color().name(), theme
    finally:
        apply_theme(app, "light")


def test_an_empty_search_says_nothing_matches(window, qtbot, gui_library):
    add(gui_library, "Harbour towns", "Flood defences.")
    refresh(window, qtbot)
    window.search.set_query("zzqqxx")
    qtbot.waitUntil(lambda: window.model.rowCount() == 0, timeout=5000)
    qtbot.waitUntil(lambda: window.list.empty_text == "No clippings match “zzqqxx”.",
                    timeout=5000)
    window.list.grab()  # paints the message without error


def test_a_clipping_without_a_publication_date_shows_its_capture_date_as_such(
        window, qtbot, gui_library):
    from datetime import UTC, datetime

    from clipper.gui.clip_model import DATE, TITLE

    add(gui_library, "Dated", "Text one.", published=datetime(2024, 5, 6, tzinfo=UTC))
    add(gui_library, "Undated", "Text two.")
    refresh(window, qtbot)
    model = window.model
    rows = {model.index(r, TITLE).data(): r for r in range(model.rowCount())}
    dated, undated = model.index(rows["Dated"], DATE), model.index(rows["Undated"], DATE)
    assert dated.data() == "2024-05-06"
    assert "Published 2024-05-06" in dated.data(Qt.ItemDataRole.ToolTipRole)
    assert not dated.data(Qt.ItemDataRole.FontRole)
    assert undated.data(Qt.ItemDataRole.FontRole).italic()
    assert undated.data(Qt.ItemDataRole.ToolTipRole).startswith("No publication date: captured")
    assert model.index(rows["Undated"], TITLE).data(Qt.ItemDataRole.ToolTipRole) == "Undated"


def test_korean_chinese_arabic_and_thai_have_a_font_even_on_a_bare_system(qapp):
    from PySide6.QtGui import QFontDatabase

    from clipper.gui.theme import add_missing_script_fonts

    add_missing_script_fonts()
    for system in (QFontDatabase.WritingSystem.Korean, QFontDatabase.WritingSystem.Japanese,
                   QFontDatabase.WritingSystem.SimplifiedChinese,
                   QFontDatabase.WritingSystem.Arabic, QFontDatabase.WritingSystem.Thai):
        assert QFontDatabase.families(system), system


def test_ctrl_e_in_the_search_field_exports_the_results_under_a_plain_title(
        window, qtbot, gui_library):
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from clipper.gui.dialogs.export_dialog import ExportDialog

    add(gui_library, "China and Japan", "China talks with Japan.")
    add(gui_library, "Trump on China", "Trump spoke about China.")
    refresh(window, qtbot)
    qtbot.waitUntil(lambda: gui_library.pending_index_changes() == 0, timeout=5000)
    window.search.field.setText("-trump china")
    window.search.search_now()
    qtbot.waitUntil(lambda: window.model.rowCount() == 1, timeout=5000)
    window.search.field.setFocus()
    qtbot.keyClick(window.search.field, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    dialogs = [w for w in QApplication.topLevelWidgets()
               if isinstance(w, ExportDialog) and w.isVisible()]
    assert dialogs, "Ctrl+E in the search field opened no export dialog"
    dialog = dialogs[-1]
    assert dialog.title.text() == "china"
    assert not Path(dialog.path.text()).name.startswith("-")
    dialog.close()


def test_the_search_field_leaves_the_windows_shortcuts_to_the_window(qapp):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QKeyEvent

    from clipper.gui.search_panel import SearchField

    field = SearchField()
    for key in (Qt.Key.Key_E, Qt.Key.Key_D, Qt.Key.Key_L):
        event = QKeyEvent(QEvent.Type.ShortcutOverride, key, Qt.KeyboardModifier.ControlModifier)
        event.accept()
        field.event(event)
        assert not event.isAccepted()  # X11's line edits take Ctrl+E as "end of line"


def test_activity_is_offered_only_for_team_libraries(window):
    """A library in a folder has one person and records no activity (docs/TEAM.md)."""
    assert not window.actions_.activity.isEnabled()
    assert "team libraries" in window.actions_.activity.statusTip()
