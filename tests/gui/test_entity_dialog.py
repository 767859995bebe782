"""The entity dialog (E on a selection in the reader) proposes the kind the name has."""

from __future__ import annotations

from clipper.gui.dialogs.entity_dialog import EntityDialog


def test_beijing_is_proposed_as_a_place(qtbot):
    dialog = EntityDialog("Beijing", {})
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "place"
    assert dialog.kind.currentText() == "Place"
    assert "gazetteer" in dialog.hint.text()
    assert dialog.values() == ("Beijing", "place")


def test_the_library_entity_wins_and_typing_a_name_guesses_again(qtbot):
    dialog = EntityDialog("Beijing", {"Beijing": "organisation", "Zhao Yiping": "person"})
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "organisation"
    dialog.name.setText("Indonesia")
    assert dialog.kind.currentData() == "country"
    dialog.name.setText("Zhao Yiping")
    assert dialog.kind.currentData() == "person"
    dialog.name.setText("Ministry of Finance")
    assert dialog.kind.currentData() == "organisation"


def test_the_text_around_the_selection_tells_the_kind(qtbot):
    text = ("Officials of the Ministry of Communication and Digital Affairs (Komdigi) met. "
            "Komdigi said so.")
    start = text.rindex("Komdigi")
    dialog = EntityDialog("Komdigi", {}, text=text, span=(start, start + 7))
    qtbot.addWidget(dialog)
    assert dialog.kind.currentData() == "organisation"
