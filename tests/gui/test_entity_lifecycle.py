"""Issue 13 in the window: "and" tagged as a person by mistake, the mark deleted. The entity goes
with it from the sidebar, the suggestions for other clippings and the search facets; undo
brings it back under the same number."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from tests.gui.conftest import answer_dialog
from tests.gui.test_main_window import add, ok, refresh, select_words

MISTAKE = "Tariffs and quotas were raised, and the talks stalled."
OTHER = "Ministers met and talked, and the talks went on."

@pytest.fixture(autouse=True)
def suggestions_in_view(window):
    """The panel looks for suggestions while it is in view (the window shows Details first)."""
    window.side_tabs.setCurrentWidget(window.suggestions)



def sidebar_entities(window):
    group = next(item for item in window.sidebar._all_items() if item.text(0) == "Entities")
    return [group.child(i).child(k).text(0) for i in range(group.childCount())
            for k in range(group.child(i).childCount())]


def suggestions(window):
    panel = window.suggestions
    return [(s.name, s.reason) for s in (panel.list.item(i).data(Qt.ItemDataRole.UserRole)
                                         for i in range(panel.list.count()))]


def suggested_for(window, qtbot, cid):
    """The suggestions the panel shows for ``cid`` once it has looked."""
    window.open_clipping(cid)
    qtbot.waitUntil(lambda: window.suggestions.status.text().startswith(("No more", "1", "2",
                                                                         "3", "4", "5")),
                    timeout=10000)
    return suggestions(window)


def facet_entities(window, qtbot, query):
    window.search.field.setText(query)
    qtbot.waitUntil(lambda: window.search.facets.isVisible() and "found" in
                    window.search.count.text(), timeout=10000)
    facets = window.search.facets
    groups = [facets.topLevelItem(i) for i in range(facets.topLevelItemCount())]
    entity = next((g for g in groups if g.text(0) == "Entity"), None)
    found = [entity.child(i).text(0) for i in range(entity.childCount())] if entity else []
    window.search.field.clear()
    qtbot.waitUntil(lambda: not window.search.query(), timeout=5000)
    return found


def test_a_mistaken_entity_goes_with_its_mark_and_undo_brings_it_back(window, qtbot,
                                                                       gui_library):
    mistake = add(gui_library, "Tariffs", MISTAKE, source_name="Reuters")
    other = add(gui_library, "Talks", OTHER, source_name="Reuters")
    refresh(window, qtbot)
    window.open_clipping(mistake)
    select_words(window, "and")

    def as_person(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
        ok(dialog)

    answer_dialog(as_person)
    window.actions_.entity.trigger()
    [view] = gui_library.get_clipping(mistake).mentions
    entity_id = view.entity.id
    refresh(window, qtbot)
    assert sidebar_entities(window) == ["and  1"]
    assert ("and", "known") in suggested_for(window, qtbot, other)
    qtbot.waitUntil(lambda: gui_library.pending_index_changes() == 0, timeout=5000)
    assert facet_entities(window, qtbot, "talks") == ["and  1"]

    window.open_clipping(mistake)  # the Delete key on the mark
    window.reader.setFocus()
    window.reader.select_span(view.span[0] + 1, view.span[0] + 1)
    assert window.annotator.delete_mark_at_cursor()
    assert gui_library.find_entity("and") is None
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    assert sidebar_entities(window) == []
    assert ("and", "known") not in suggested_for(window, qtbot, other)
    qtbot.waitUntil(lambda: gui_library.pending_index_changes() == 0, timeout=5000)
    assert facet_entities(window, qtbot, "talks") == []

    window.undo.undo()  # the mark and its entity, under its number
    assert [v.entity.id for v in gui_library.get_clipping(mistake).mentions] == [entity_id]
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    assert sidebar_entities(window) == ["and  1"]
    assert ("and", "known") in suggested_for(window, qtbot, other)

    window.undo.redo()  # and away again
    assert gui_library.find_entity("and") is None
    qtbot.waitUntil(lambda: not window.refreshing, timeout=5000)
    assert sidebar_entities(window) == []


def test_the_open_clippings_suggestions_follow_an_undo(window, qtbot, gui_library):
    mistake = add(gui_library, "Tariffs", MISTAKE)
    refresh(window, qtbot)
    window.open_clipping(mistake)
    select_words(window, "and")

    def as_person(dialog):
        dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
        ok(dialog)

    answer_dialog(as_person)
    window.actions_.entity.trigger()
    # The other "and" of this clipping is offered as known, with the window left as it is.
    qtbot.waitUntil(lambda: ("and", "known") in suggestions(window), timeout=10000)
    window.undo.undo()
    qtbot.waitUntil(lambda: ("and", "known") not in suggestions(window), timeout=10000)
    assert gui_library.list_entities() == []


def test_undoing_an_accepted_suggestion_takes_the_entity_it_made(window, qtbot, gui_library):
    cid = add(gui_library, "Statement", "Director-General Zhao Yiping said the fund would "
                                        "grow. Zhao Yiping left.")
    refresh(window, qtbot)
    names = [name for name, _reason in suggested_for(window, qtbot, cid)]
    panel = window.suggestions
    row = names.index("Zhao Yiping")
    panel.list.clearSelection()
    panel.list.item(row).setSelected(True)
    panel.list.accept_pressed.emit()
    entity_id = gui_library.find_entity("Zhao Yiping").id
    window.undo.undo()
    assert gui_library.find_entity("Zhao Yiping") is None
    assert gui_library.find_entity("Director-General Zhao Yiping") is None
    window.undo.redo()
    assert gui_library.find_entity("Zhao Yiping").id == entity_id
    assert len(gui_library.get_clipping(cid).mentions) >= 1
