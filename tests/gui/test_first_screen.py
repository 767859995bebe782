"""The window's first moment: the newest clippings from a light read, a search field that takes
typing while the library loads, and the full window taking over what was typed and chosen."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from clipper.core.records import ClippingDraft
from clipper.gui.first_screen import FirstScreen, load_while_responsive, show_first_screen
from clipper.gui.settings import Settings


def _library_folder(library, n=30):
    for day in range(1, n + 1):
        library.add_clipping(ClippingDraft(
            title=f"Harbour report {day}", body=f"The harbour on day {day} of April.",
            source_name="Port Gazette", published=datetime(2026, 4, day % 28 + 1, tzinfo=UTC)))
    return library.folder


def _type(widget, text):
    for char in text:  # key events: keyClicks would crash on non-ASCII text
        for kind in (QKeyEvent.Type.KeyPress, QKeyEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def _settings(tmp_path):
    return Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))


def test_the_first_screen_lists_the_newest_and_hands_over(qtbot, tmp_path, gui_library,
                                                          make_window):
    folder = _library_folder(gui_library)
    expected = gui_library.list_ids()
    settings = _settings(tmp_path)
    first = show_first_screen(folder, "Clipper", settings)
    assert isinstance(first, FirstScreen) and first.isVisible()
    assert first.model.ids() == expected  # fewer than a screenful: all of them, in order
    assert first.model.row_data(0).title == gui_library.rows(expected[:1])[0].title
    assert all(not action.isEnabled() for action in first.actions())  # the menus, greyed

    first.list.selectRow(3)  # the user chooses a clipping and types while the library loads
    first.field.setFocus()
    typed_while_loading = []
    QTimer.singleShot(50, lambda: (_type(first.field, "harbour rép"),
                                   typed_while_loading.append(first.typed())))
    load_while_responsive(lambda: time.sleep(0.5))  # the window's thread takes the keys
    assert typed_while_loading == ["harbour rép"]
    _type(first.field, "ort")
    assert first.typed() == "harbour réport"

    window = make_window(gui_library, settings)
    window.show()
    first.hand_over(window)
    assert not first.isVisible()
    assert window.search.field.text() == "harbour réport"
    assert window.detail is not None and window.detail.clipping.id == expected[3]
    qtbot.waitUntil(lambda: window.search.count.text().endswith("found"), timeout=10000)
    assert window.search.field.text() == "harbour réport"


def test_closing_the_first_screen_while_loading_is_leaving(qtbot, tmp_path, gui_library):
    """Closed before the library loaded: Clipper does not open the full window after all
    (run_gui returns); handed over, the closing is the window's doing, not the user's."""
    folder = _library_folder(gui_library, 3)
    first = show_first_screen(folder, "Clipper", _settings(tmp_path))
    first.close()
    assert first.closed_by_user
    first.dismiss()
    again = show_first_screen(folder, "Clipper", _settings(tmp_path))
    again.dismiss()
    assert not again.closed_by_user and not again.isVisible()


def test_no_first_screen_where_the_library_must_open_it(tmp_path, gui_library):
    settings = _settings(tmp_path)
    assert show_first_screen(gui_library.folder, "Clipper", settings) is None  # empty
    assert show_first_screen(tmp_path / "nowhere", "Clipper", settings) is None
    assert show_first_screen("postgresql://db.example/press", "Clipper", settings) is None


def test_a_failure_while_loading_reaches_the_caller():
    def broken():
        raise ImportError("no module named sqlalchemy")

    try:
        load_while_responsive(broken)
    except ImportError as exc:
        assert "sqlalchemy" in str(exc)
    else:
        raise AssertionError("the failure was lost")
