"""The analyst's tools in the window: suggestion review (accept, reject, undo), derived copies
side by side, the entity and outlet views."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.records import ClippingDraft
from clipper.gui.dialogs.analyst_views import EntityViewDialog, OutletBiasDialog
from clipper.gui.dialogs.derived_dialog import DerivedDialog
from tests.gui.test_main_window import refresh


@pytest.fixture(autouse=True)
def suggestions_in_view(window):
    """The panel looks for suggestions while it is in view (the window shows Details first)."""
    window.side_tabs.setCurrentWidget(window.suggestions)



def suggestion_names(window):
    panel = window.suggestions
    return [panel.list.item(i).data(Qt.ItemDataRole.UserRole).name
            for i in range(panel.list.count())]


def test_review_suggestions_accept_reject_and_undo(window, qtbot, gui_library, seed_text):
    seed = gui_library.add_clipping(parse_text_clipping(seed_text)).id
    refresh(window, qtbot)
    window.open_clipping(seed)
    qtbot.waitUntil(lambda: window.suggestions.list.count() > 10, timeout=20000)
    names = suggestion_names(window)
    assert "Zhao Yiping" in names and "ASEAN" in names
    panel = window.suggestions
    zhao = names.index("Zhao Yiping")
    panel.list.setCurrentRow(zhao)
    panel.list.item(zhao).setSelected(True)
    panel.list.accept_pressed.emit()  # Enter
    detail = gui_library.get_clipping(seed)
    assert {v.entity.name for v in detail.mentions} == {"Zhao Yiping"}
    qtbot.waitUntil(lambda: "Zhao Yiping" not in suggestion_names(window)
                    and panel.list.count() > 0, timeout=20000)
    asean = suggestion_names(window).index("ASEAN")
    panel.list.clearSelection()
    panel.list.item(asean).setSelected(True)
    panel.list.reject_pressed.emit()  # Delete
    assert "ASEAN" not in suggestion_names(window)
    assert all(s.name != "ASEAN" for s in gui_library.suggest_entities(seed))
    window.undo.undo()  # the accepted entity tag goes
    assert gui_library.get_clipping(seed).mentions == []
    window.undo.redo()
    assert len(gui_library.get_clipping(seed).mentions) >= 1


def test_derived_copy_side_by_side_and_link(window, qtbot, gui_library):
    original_text = " ".join(f"Paragraph {n} says the harbour board agreed on new flood walls "
                             f"and a shared fund for the three towns on the coast." for n in
                             range(12))
    original = gui_library.add_clipping(ClippingDraft(title="Original", body=original_text,
                                                      source_name="Courier")).id
    copy = gui_library.add_clipping(ClippingDraft(
        title="Rewrite", body="As reported elsewhere: " + original_text[:600] + " More soon.",
        source_name="Aggregator")).id
    dialog = DerivedDialog(gui_library, window.worker, copy, window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.candidates.count() >= 1, timeout=20000)
    candidate = dialog.candidates.item(0).data(Qt.ItemDataRole.UserRole)
    assert candidate.clipping_id == original and candidate.passages
    selections = dialog.left.extraSelections()
    assert selections and dialog.right.extraSelections()
    first = candidate.passages[0]
    shared = gui_library.get_clipping(copy).clipping.body[first.start:first.end]
    assert len(shared) > 100 and shared in original_text
    dialog._link()
    detail = gui_library.get_clipping(copy)
    assert detail.clipping.derived_from_id == original
    assert any(v.category.key == "summary-of-another" for v in detail.bias_notes)


def test_entity_and_outlet_views(window, qtbot, gui_library):
    a = gui_library.add_clipping(ClippingDraft(title="A", body="Zhao met ASEAN ministers.",
                                               source_name="Reuters")).id
    gui_library.add_mention(a, 0, 4, "Zhao Yiping", "person")
    gui_library.add_mention(a, 9, 14, "ASEAN", "organisation")
    gui_library.add_bias_note(a, "single-source")
    entity = gui_library.find_entity("Zhao Yiping")
    view = EntityViewDialog(gui_library, entity.id, window)
    qtbot.addWidget(view)
    assert view.clippings.count() == 1
    outlets = OutletBiasDialog(gui_library, window)
    qtbot.addWidget(outlets)
    headers = [outlets.table.horizontalHeaderItem(c).text()
               for c in range(outlets.table.columnCount())]
    column = headers.index("Single source")
    assert outlets.table.item(0, 0).text() == "Reuters"
    assert outlets.table.item(0, column).text() == "1"
