"""A name only the headline holds, in the window: the suggestions panel lists it as in the title,
accepting it tags the title (drawn there in the reader, listed in the marks, counted in the
sidebar), undo takes the mention and its entity away. And counts read right in the singular."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from clipper.core.entities.suggestions import Suggestion
from clipper.core.records import ClippingRow
from clipper.gui.clip_model import MARKS, _tooltip
from clipper.gui.dialogs.analyst_views import EntityViewDialog
from clipper.gui.suggestions_panel import where
from clipper.gui.words import counted
from tests.gui.test_entity_lifecycle import sidebar_entities
from tests.gui.test_main_window import add, refresh

TITLE = "Storm in Surabaya closes the port"
BODY = "Ships were held at anchor overnight, officials said."
KOMDIGI_TITLE = "Komdigi blocks gambling sites"

@pytest.fixture(autouse=True)
def suggestions_in_view(window):
    """The panel looks for suggestions while it is in view (the window shows Details first)."""
    window.side_tabs.setCurrentWidget(window.suggestions)



def panel_item(window, qtbot, name):
    panel = window.suggestions

    def item():
        for i in range(panel.list.count()):
            if panel.list.item(i).data(Qt.ItemDataRole.UserRole).name == name:
                return panel.list.item(i)
        return None

    qtbot.waitUntil(lambda: item() is not None, timeout=10000)
    return item()


def accept(window, qtbot, name):
    item = panel_item(window, qtbot, name)
    window.suggestions.list.clearSelection()
    item.setSelected(True)
    window.suggestions.accept_selected()
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)


def test_a_city_only_the_title_names_is_suggested_tagged_counted_and_undone(window, qtbot,
                                                                           gui_library):
    cid = add(gui_library, TITLE, BODY)
    refresh(window, qtbot)
    window.open_clipping(cid)
    item = panel_item(window, qtbot, "Surabaya")
    assert "in the title" in item.text() and "0×" not in item.text()
    assert window.suggestions.status.text().startswith("1 suggested entity.")

    titles = []
    window.suggestions.title_span_selected.connect(lambda a, b: titles.append((a, b)))
    window.suggestions.list.setCurrentItem(item)
    assert titles == [(9, 17)]
    assert window.reader.textCursor().selectedText() == "Surabaya"  # selected in the title

    accept(window, qtbot, "Surabaya")
    assert window.statusBar().currentMessage().startswith("Tagged 1 entity. ")
    [view] = gui_library.get_clipping(cid).mentions
    assert view.in_title and view.title_span == (9, 17)
    refresh(window, qtbot)
    assert sidebar_entities(window) == ["Surabaya  1"]

    window.open_clipping(cid)
    qtbot.waitUntil(lambda: bool(window.reader._title_marks), timeout=5000)
    [mark] = window.reader._title_marks
    assert (mark.kind, mark.place, mark.start, mark.end) == ("mention", "title", 9, 17)
    assert window.reader.marks_at_position(12) == [mark]  # inside the title's "Surabaya"
    drawn = [s.cursor.selectedText() for s in window.reader.extraSelections()]
    assert drawn == ["Surabaya"]
    marks = [window.panel.marks.item(i).text() for i in range(window.panel.marks.count())]
    assert len(marks) == 1 and "in the title" in marks[0] and "orphaned" not in marks[0]

    window.undo.undo()
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    assert gui_library.get_clipping(cid).mentions == []
    assert gui_library.find_entity("Surabaya") is None
    assert sidebar_entities(window) == []
    panel_item(window, qtbot, "Surabaya")  # offered again

    window.undo.redo()
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    assert [v.mention.place for v in gui_library.get_clipping(cid).mentions] == ["title"]


def test_an_entity_tagged_before_is_suggested_from_a_title_alone(window, qtbot, gui_library):
    first = add(gui_library, "Digital ministry",
                "The Ministry of Communication and Digital Affairs (Komdigi) met on Monday.")
    ministry = next(s for s in gui_library.suggest_entities(first)
                    if s.name == "Ministry of Communication and Digital Affairs")
    gui_library.accept_suggestion(first, ministry)
    second = add(gui_library, KOMDIGI_TITLE, "The ministry blocked 2,000 sites on Monday.")
    refresh(window, qtbot)
    window.open_clipping(second)
    item = panel_item(window, qtbot, ministry.name)
    assert "in the title" in item.text() and "tagged before" in item.text()
    accept(window, qtbot, ministry.name)
    [view] = gui_library.get_clipping(second).mentions
    assert view.in_title and view.mention.quote == "Komdigi"
    refresh(window, qtbot)
    assert sidebar_entities(window) == [f"{ministry.name}  2"]


def test_where_a_suggestion_stands_in_words():
    def suggestion(spans, title_spans):
        return Suggestion("X", "other", spans, "pattern", title_spans=title_spans)

    assert where(suggestion([(0, 1), (5, 6)], [])) == "2×"
    assert where(suggestion([], [(0, 1)])) == "in the title"
    assert where(suggestion([(3, 4)], [(0, 1)])) == "in the title and 1× in the text"


def test_counts_read_right_in_the_singular(qtbot, gui_library):
    assert counted(1, "entity", "entities") == "1 entity"
    assert counted(0, "entity", "entities") == "0 entities"
    assert counted(1200, "clipping", "clippings") == "1,200 clippings"
    now = datetime.now(UTC)
    row = ClippingRow(1, "T", None, None, now, "unread", False, [], 1, 1)
    assert _tooltip(row, MARKS) == "1 highlight or note, 1 bias note"
    row.annotation_count, row.bias_count = 2, 0
    assert _tooltip(row, MARKS) == "2 highlights and notes, 0 bias notes"

    cid = add(gui_library, TITLE, BODY)
    surabaya = next(s for s in gui_library.suggest_entities(cid) if s.name == "Surabaya")
    entity = gui_library.accept_suggestion(cid, surabaya).entity
    dialog = EntityViewDialog(gui_library, entity.id)
    qtbot.addWidget(dialog)
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert any(text.endswith("<br>1 mention in 1 clipping") for text in labels), labels
