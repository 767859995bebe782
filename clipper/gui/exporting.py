"""What File ▸ Export briefing exports: the selection, the search results, the collection or
the place shown; and the export dialog opened on it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog

from clipper.core.search import OPERATORS

if TYPE_CHECKING:
    from clipper.gui.main_window import MainWindow


def briefing_selection(window: MainWindow) -> tuple[list[int], str, str, str, int | None]:
    """What a briefing made now would hold: ids, a description, a title, a summary, and the
    collection it is (None when it is not one)."""
    selected = window.list.selected_ids()
    if len(selected) > 1:
        return selected, "the selected clippings", "Press briefing", "", None
    query = window.search.query()
    if query:
        return (window.model.ids(), f"the results of the search “{query}”", title_of(query), "",
                None)
    place = window.place
    if place.kind == "collection":
        view = window.library.get_collection(place.key)
        return (view.clipping_ids, f"the collection “{view.collection.name}”",
                view.collection.name, view.collection.summary, view.collection.id)
    return window.model.ids(), place.label or "all clippings", "Press briefing", "", None


def title_of(query: str) -> str:
    """A briefing title from a search: its words to look for, without the syntax ("-trump
    title:china" is "china"); "Press briefing" when nothing is left."""
    words, leave_out = [], False
    for token in re.findall(r'-?[\w:]*"[^"]*"|[^\s()]+', query):
        if token == "NOT":
            leave_out = True
            continue
        if leave_out or token.startswith("-") or token in OPERATORS:
            leave_out = False
            continue
        word = token.split(":", 1)[-1] if not token.startswith('"') else token
        word = word.strip('+*[]{}<>"')
        if word and not word[0].isdigit():
            words.append(word)
    return " ".join(words)[:80] or "Press briefing"


def open_export_dialog(window: MainWindow) -> QDialog:
    from clipper.gui.dialogs.export_dialog import ExportDialog  # brings ReportLab: lazily

    ids, what, title, summary, collection = briefing_selection(window)
    dialog = ExportDialog(window.library, window.worker, ids, what, title, summary, window,
                          collection)
    dialog.show()
    return dialog
