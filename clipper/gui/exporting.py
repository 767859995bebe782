"""What File ▸ Export briefing exports: the selection, the search results, the collection or
the place shown; and the export dialog opened on it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from PySide6.QtWidgets import QDialog, QWidget

from clipper.core.library import Library
from clipper.core.query_syntax import OPERATORS
from clipper.gui.sidebar import Place, PlaceKind
from clipper.gui.worker import Worker


@dataclass(frozen=True)
class BriefingSelection:
    """What a briefing made now would hold."""

    ids: list[int]
    what: str  # "the selected clippings", "the collection “Drafts”"...
    title: str
    summary: str
    collection_id: int | None  # the collection it is, if it is one


def briefing_selection(library: Library, place: Place, selected: list[int], query: str,
                       shown: list[int]) -> BriefingSelection:
    """The briefing of the window's list: the clippings ``selected`` in it (two or more), the
    results of the search ``query``, or the ``place`` shown (``shown``: its clippings)."""
    if len(selected) > 1:
        return BriefingSelection(selected, "the selected clippings", "Press briefing", "", None)
    if query:
        return BriefingSelection(shown, f"the results of the search “{query}”",
                                 title_of(query), "", None)
    if place.kind is PlaceKind.COLLECTION:
        view = library.get_collection(place.id)
        return BriefingSelection(view.clipping_ids, f"the collection “{view.collection.name}”",
                                 view.collection.name, view.collection.summary,
                                 view.collection.id)
    return BriefingSelection(shown, place.label or "all clippings", "Press briefing", "", None)


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


def open_export_dialog(library: Library, worker: Worker, selection: BriefingSelection,
                       parent: QWidget) -> QDialog:
    from clipper.gui.dialogs.export_dialog import ExportDialog  # brings ReportLab: lazily

    dialog = ExportDialog(library, worker, selection.ids, selection.what, selection.title,
                          selection.summary, parent, selection.collection_id)
    dialog.show()
    return dialog
