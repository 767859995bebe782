"""Issue 13's snags, driven the way a user meets them: real key presses and mouse clicks in the
window, assertions on what the library and the screen hold."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from clipper.core.records import ClippingDraft
from tests.gui.conftest import answer_dialog


def add(library, title, body, **kw):
    return library.add_clipping(ClippingDraft(title=title, body=body, **kw)).id


def settle(window, qtbot):
    window.changed(None)
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    qtbot.waitUntil(lambda: window.library.pending_index_changes() == 0, timeout=5000)


def type_text(qtbot, widget, text):
    for ch in text:
        qtbot.keyClick(widget, ch)


def click_ok(dialog):
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()


def hong_kong_library(window, qtbot, library):
    ids = [add(library, f"Hong Kong story {n}",
               f"In Hong Kong, President Macron met officials {n}. The talks went on.")
           for n in range(30)]
    add(library, "Paris weather", "Rain in Paris today.")
    settle(window, qtbot)
    return ids


def search_for(window, qtbot, text, rows):
    window.focus_search()
    type_text(qtbot, window.search.field, text)
    qtbot.waitUntil(lambda: window.model.rowCount() == rows, timeout=5000)


def test_tagging_an_entity_keeps_the_search_the_selection_and_the_scroll(window, qtbot,
                                                                          gui_library):
    window.resize(1440, 900)
    hong_kong_library(window, qtbot, gui_library)
    search_for(window, qtbot, "hong kong", 30)
    window.list.selectRow(20)
    qtbot.waitUntil(lambda: window.detail is not None and window.detail.clipping.id
                    == window.model.id_at(20), timeout=3000)
    chosen = window.detail.clipping.id
    scroll = window.list.verticalScrollBar().value()
    body = window.detail.clipping.body
    start = body.index("Macron")
    window.reader.select_span(start, start + len("Macron"))
    window.reader.setFocus()
    answer_dialog(click_ok)
    qtbot.keyClick(window.reader, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: bool(gui_library.get_clipping(chosen).mentions), timeout=3000)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    assert window.search.query() == "hong kong"
    assert window.model.rowCount() == 30
    assert window.detail.clipping.id == chosen
    assert window.list.selected_ids() == [chosen]
    assert window.list.verticalScrollBar().value() == scroll


def focused(window):
    """Where a key typed now goes: the focus widget, or the window when nothing has focus."""
    return QApplication.focusWidget() or window


def test_undo_and_redo_work_right_after_a_dialog_closes(window, qtbot, gui_library):
    cid = add(gui_library, "Statement", "President Macron met officials in Hong Kong.")
    settle(window, qtbot)
    window.open_clipping(cid)
    body = window.detail.clipping.body
    start = body.index("Macron")
    window.reader.select_span(start, start + len("Macron"))
    window.reader.setFocus()
    answer_dialog(click_ok)
    qtbot.keyClick(window.reader, Qt.Key.Key_E)
    qtbot.waitUntil(lambda: bool(gui_library.get_clipping(cid).mentions), timeout=3000)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not gui_library.get_clipping(cid).mentions
    qtbot.keyClick(focused(window), Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert gui_library.get_clipping(cid).mentions


def point_of(window, index):
    """Where on the reader's viewport the body's character ``index`` starts."""
    cursor = window.reader.textCursor()
    cursor.setPosition(window.reader._positions.to_qt(index))
    return window.reader.cursorRect(cursor).center()


def drag(qtbot, window, start, end):
    viewport = window.reader.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, start))
    qtbot.mouseMove(viewport, point_of(window, (start + end) // 2))
    qtbot.mouseMove(viewport, point_of(window, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, end))


def test_a_drag_that_stops_inside_a_word_marks_the_whole_word(window, qtbot, gui_library):
    body = "Talks between the United States and China resumed on Monday in Geneva."
    cid = add(gui_library, "Talks", body)
    settle(window, qtbot)
    window.open_clipping(cid)
    drag(qtbot, window, body.index("nited"), body.index("China") + 4)  # "nited … Chin"
    assert window.reader.textCursor().selectedText() == "nited States and Chin"
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    quotes = [v.annotation.quote for v in gui_library.get_clipping(cid).annotations]
    assert quotes == ["United States and China"]

    drag(qtbot, window, body.index("esumed"), body.index("Monday") + 2)

    def tag(dialog):
        assert dialog.name.text() == "resumed on Monday"
        click_ok(dialog)

    answer_dialog(tag)
    qtbot.keyClick(window.reader, Qt.Key.Key_E)
    mentions = gui_library.get_clipping(cid).mentions
    assert [body[v.mention.start:v.mention.end] for v in mentions] == ["resumed on Monday"]


def test_chinese_text_is_marked_as_selected_not_widened(window, qtbot, gui_library):
    body = "中国和日本的贸易谈判周一恢复。"
    cid = add(gui_library, "谈判", body)
    settle(window, qtbot)
    window.open_clipping(cid)
    window.reader.select_span(body.index("贸易"), body.index("贸易") + 2)
    qtbot.keyClick(window.reader, Qt.Key.Key_H)
    assert [v.annotation.quote for v in gui_library.get_clipping(cid).annotations] == ["贸易"]


def test_the_note_dialog_takes_typing_at_once(window, qtbot, gui_library):
    body = "The minister said the fund will grow next year."
    cid = add(gui_library, "Fund", body)
    settle(window, qtbot)
    window.open_clipping(cid)
    window.reader.select_span(body.index("will grow"), body.index("will grow") + 9)
    window.reader.setFocus()

    def type_and_save(dialog):
        qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.note, timeout=2000)
        type_text(qtbot, QApplication.focusWidget(), "optimistic")
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return,
                       Qt.KeyboardModifier.ControlModifier)

    answer_dialog(type_and_save)
    qtbot.keyClick(window.reader, Qt.Key.Key_N)
    notes = [(v.annotation.quote, v.annotation.note)
             for v in gui_library.get_clipping(cid).annotations]
    assert notes == [("will grow", "optimistic")]


def test_the_welcome_text_is_shown_whole(window, qtbot):
    assert window.stack.currentWidget() is window.welcome
    for width in (1440, 1000, 800):
        window.resize(width, 900)
        qtbot.wait(50)
        label = window.welcome.text
        assert label.height() >= label.heightForWidth(label.width())
        assert "Search with Ctrl+F" in label.text()


def test_the_window_reopens_where_it_was(qtbot, tmp_path, gui_library, make_window):
    from PySide6.QtCore import QRect, QSettings

    from clipper.gui.settings import Settings

    def open_window():
        settings = Settings(QSettings(str(tmp_path / "settings.ini"),
                                      QSettings.Format.IniFormat))
        win = make_window(gui_library, settings)
        win.show()
        qtbot.waitExposed(win)
        return win

    first = open_window()
    first.setGeometry(QRect(60, 80, 700, 500))
    qtbot.wait(50)
    placed = first.geometry()
    first.close()
    for _ in range(3):
        again = open_window()
        assert again.geometry() == placed
        again.close()


def test_opening_a_clipping_marks_it_read_after_a_moment_and_undo_takes_it_back(
        window, qtbot, gui_library):
    from clipper.gui import settings as S

    ids = [add(gui_library, f"Story {n}", f"Text of story {n}.") for n in range(3)]
    settle(window, qtbot)
    window.reading.timer.setInterval(200)
    window.open_clipping(ids[0])
    qtbot.waitUntil(lambda: gui_library.get_clipping(ids[0]).clipping.status == "read",
                    timeout=3000)
    qtbot.waitUntil(lambda: window.panel.read.isChecked(), timeout=3000)
    qtbot.waitUntil(lambda: "Unread  2" in _sidebar_texts(window), timeout=3000)
    window.open_clipping(ids[1])
    window.open_clipping(ids[2])  # skimmed past 1: only 2 stays open long enough
    qtbot.waitUntil(lambda: gui_library.get_clipping(ids[2]).clipping.status == "read",
                    timeout=3000)
    assert gui_library.get_clipping(ids[1]).clipping.status == "unread"
    assert window.undo.undoText() == "Mark 2 clippings read"  # one step for a reading session
    qtbot.keyClick(focused(window), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [gui_library.get_clipping(i).clipping.status for i in ids] == ["unread"] * 3

    window.settings.set(S.MARK_READ_ON_OPEN, False)
    window.open_clipping(ids[1])
    qtbot.wait(500)
    assert gui_library.get_clipping(ids[1]).clipping.status == "unread"


def test_the_unread_view_keeps_the_clipping_being_read(window, qtbot, gui_library):
    from clipper.gui.sidebar import Place

    ids = [add(gui_library, f"Story {n}", f"Text of story {n}.") for n in range(3)]
    settle(window, qtbot)
    window.reading.timer.setInterval(100)
    window.sidebar.select_place(Place("unread"))
    qtbot.waitUntil(lambda: window.place.kind == "unread", timeout=3000)
    window.list.selectRow(1)
    reading = window.detail.clipping.id
    qtbot.waitUntil(lambda: gui_library.get_clipping(reading).clipping.status == "read",
                    timeout=3000)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not window.refreshing, timeout=3000)
    assert window.detail.clipping.id == reading
    assert sorted(window.model.ids()) == ids  # still listed, until another place is shown
    assert [i for i in ids if gui_library.get_clipping(i).clipping.status == "read"] == [reading]


def _sidebar_texts(window):
    return [window.sidebar.topLevelItem(i).text(0)
            for i in range(window.sidebar.topLevelItemCount())]


def test_the_toolbar_shows_icons_that_follow_light_and_dark(window, qtbot):
    from PySide6.QtWidgets import QToolBar

    from clipper.gui.theme import apply_theme

    toolbar = window.findChild(QToolBar)
    actions = [a for a in toolbar.actions() if not a.isSeparator()]
    assert len(actions) >= 10
    assert all(not a.icon().isNull() for a in actions)
    assert all(a.text() for a in actions)  # words beside the icons

    def ink(action):
        image = action.icon().pixmap(24, 24).toImage()
        darkest = min((image.pixelColor(x, y) for x in range(24) for y in range(24)
                       if image.pixelColor(x, y).alpha() > 200),
                      key=lambda c: c.lightness())
        return darkest.lightness()

    light = ink(window.actions_.note)
    apply_theme(QApplication.instance(), "dark")
    try:
        qtbot.waitUntil(lambda: ink(window.actions_.note) > light + 100, timeout=2000)
    finally:
        apply_theme(QApplication.instance(), "light")


def test_tagging_beijing_proposes_a_place_not_a_person(window, qtbot, gui_library):
    body = "Officials in Beijing said the talks would resume in Penang next week."
    cid = add(gui_library, "Talks", body)
    settle(window, qtbot)
    window.open_clipping(cid)
    seen = {}
    for words in ("Beijing", "Penang"):
        window.reader.select_span(body.index(words), body.index(words) + len(words))
        window.reader.setFocus()

        def look(dialog, words=words):
            seen[words] = dialog.kind.currentData()
            dialog.reject()

        answer_dialog(look)
        qtbot.keyClick(window.reader, Qt.Key.Key_E)
    assert seen == {"Beijing": "place", "Penang": "place"}


def test_a_name_in_the_title_is_tagged_and_deleted_by_hand(window, qtbot, gui_library):
    cid = add(gui_library, "Komdigi blocks gambling sites", "The ministry blocked 200 sites.")
    settle(window, qtbot)
    window.open_clipping(cid)
    window.reader.select_span(0, 5, "title")  # "Komdi": snaps to the whole word
    window.reader.setFocus()

    def tag(dialog):
        assert dialog.name.text() == "Komdigi"
        click_ok(dialog)

    answer_dialog(tag)
    qtbot.keyClick(window.reader, Qt.Key.Key_E)
    [view] = gui_library.get_clipping(cid).mentions
    assert (view.mention.place, view.mention.start, view.mention.end) == ("title", 0, 7)
    qtbot.keyClick(window.reader, Qt.Key.Key_H)  # a highlight needs the text, not the title
    assert not gui_library.get_clipping(cid).annotations
    cursor = window.reader.textCursor()
    cursor.setPosition(2)
    window.reader.setTextCursor(cursor)
    qtbot.keyClick(window.reader, Qt.Key.Key_Delete)
    assert not gui_library.get_clipping(cid).mentions


def test_open_is_offered_only_with_an_address(window, qtbot, gui_library):
    with_url = add(gui_library, "Linked", "Text of a page.", url="https://example.org/a")
    without = add(gui_library, "Typed", "Text typed by hand.")
    settle(window, qtbot)
    window.open_clipping(with_url)
    assert window.panel.open_url.isEnabled()
    window.open_clipping(without)
    assert not window.panel.open_url.isEnabled()


def test_the_status_bar_counts_follow_an_import_while_searching(window, qtbot, gui_library):
    add(gui_library, "Port deal", "Shipping and ports in Asia.")
    settle(window, qtbot)
    search_for(window, qtbot, "shipping", 1)
    add(gui_library, "Weather", "Sunny all week.")
    settle(window, qtbot)
    assert window.counts.text() == "1 shown · 2 in the library"
