"""What a user does to selected words and to marks: highlight, note, tag an entity, note bias,
and edit or delete a mark after clicking it. Every change is an undoable command."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from clipper.core.kinds import MarkKind
from clipper.core.library import Library
from clipper.core.records import ClippingDetail
from clipper.gui.commands import (
    AddMark,
    AnnotationValues,
    BiasValues,
    DeleteMark,
    UpdateAnnotation,
    UpdateBiasNote,
)
from clipper.gui.dialogs.bias_dialog import BiasDialog
from clipper.gui.dialogs.entity_dialog import EntityDialog
from clipper.gui.dialogs.note_dialog import NoteDialog
from clipper.gui.reader import MarkRef, ReaderText

MARK_NAMES = {MarkKind.ANNOTATION: "highlight", MarkKind.MENTION: "entity tag",
              MarkKind.BIAS: "bias note"}  # in "Delete highlight"


class Annotator:
    def __init__(self, library: Library, undo: QUndoStack, reader: ReaderText,
                 current: Callable[[], ClippingDetail | None],
                 colors: Callable[[], dict[str, str]], changed: Callable[[int | None], None],
                 parent: QWidget, report: Callable[[str], None]) -> None:
        self.library, self.undo, self.reader = library, undo, reader
        self._current, self._colors, self._changed = current, colors, changed
        self._parent, self._report = parent, report

    def _selection(self) -> tuple[ClippingDetail, int, int] | None:
        detail = self._current()
        picked = self.reader.selected_words()
        if detail is not None and picked is not None and picked[0] == "title":
            self._report("Highlights, notes and bias notes go on the article's text; a name in "
                         "the title can be tagged as an entity (E).")
            return None
        if detail is None or picked is None:
            self._report("Select some words in the text first.")
            return None
        return detail, picked[1], picked[2]

    # -- on selected words ---------------------------------------------------------------------

    def highlight(self, color: str = "yellow", note: str = "") -> None:
        picked = self._selection()
        if picked is None:
            return
        detail, start, end = picked
        cid = detail.clipping.id
        self.undo.push(AddMark(
            self.library, self._changed, MarkKind.ANNOTATION, cid,
            lambda: self.library.add_annotation(cid, start, end, color=color, note=note),
            "Highlight" if not note else "Add note", typed=note))

    def note(self) -> None:
        picked = self._selection()
        if picked is None:
            return
        detail, start, end = picked
        dialog = NoteDialog(detail.clipping.body[start:end], self._colors(), parent=self._parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            color, text = dialog.values()
            self.highlight(color, text)

    def entity(self) -> None:
        detail, picked = self._current(), self.reader.selected_words()
        if detail is None or picked is None:
            self._report("Select some words in the text or the title first.")
            return
        place, start, end = picked
        known: dict[str, str] = {}
        for entity, aliases, _count in self.library.list_entities():
            known[entity.name] = entity.kind
            for alias in aliases:
                known[alias] = entity.kind
        text = detail.clipping.title if place == "title" else detail.clipping.body
        dialog = EntityDialog(text[start:end], known, parent=self._parent, text=text,
                              span=(start, end))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        name, kind = dialog.values()
        cid = detail.clipping.id
        self.undo.push(AddMark(
            self.library, self._changed, MarkKind.MENTION, cid,
            lambda: self.library.add_mention(cid, start, end, name, kind, place=place),
            f"Tag entity “{name}”"))
        self._changed(None)

    def bias(self, whole_clipping: bool = False) -> None:
        detail = self._current()
        if detail is None:
            return
        span = None if whole_clipping else self.reader.selection_span()
        if not whole_clipping and span is None:
            self._report("Select the biased words first (or add a note on the whole clipping "
                         "in the panel).")
            return
        quote = detail.clipping.body[span[0]:span[1]] if span else None
        dialog = BiasDialog(self.library.list_bias_categories(), quote, parent=self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        category, note = dialog.values()
        cid = detail.clipping.id
        start, end = span if span else (None, None)
        self.undo.push(AddMark(
            self.library, self._changed, MarkKind.BIAS, cid,
            lambda: self.library.add_bias_note(cid, category, note, start, end),
            "Add bias note", typed=note))

    # -- on marks --------------------------------------------------------------------------------

    def mark_clicked(self, mark: MarkRef, where: QPoint) -> None:
        menu = QMenu(self._parent)
        menu.setTitle(mark.label)
        header = menu.addAction(mark.label)
        header.setEnabled(False)
        if mark.kind is MarkKind.ANNOTATION:
            menu.addAction("Edit note and colour…", lambda: self.edit_annotation(mark.id))
        if mark.kind is MarkKind.BIAS:
            menu.addAction("Edit bias note…", lambda: self.edit_bias(mark.id))
        menu.addAction("Select these words",
                       lambda: self.reader.select_span(mark.start, mark.end, mark.place))
        menu.addSeparator()
        menu.addAction("Delete", lambda: self.delete_mark(mark.kind, mark.id))
        menu.popup(where)

    def delete_mark(self, kind: MarkKind, mark_id: int) -> None:
        detail = self._current()
        if detail is None:
            return
        label = MARK_NAMES[kind]
        self.undo.push(DeleteMark(self.library, self._changed, kind, mark_id,
                                  detail.clipping.id, f"Delete {label}"))

    def delete_mark_at_cursor(self) -> bool:
        """Delete the mark under the text cursor (the Delete key); False when there is none."""
        marks = self.reader.marks_at_position(self.reader.textCursor().selectionStart())
        if not marks:
            return False
        self.delete_mark(marks[-1].kind, marks[-1].id)
        return True

    def edit_annotation(self, annotation_id: int) -> None:
        detail = self._current()
        view = next((v for v in detail.annotations if v.annotation.id == annotation_id),
                    None) if detail else None
        if detail is None or view is None:
            return
        a = view.annotation
        dialog = NoteDialog(a.quote, self._colors(), a.color, a.note, parent=self._parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            color, note = dialog.values()
            self.undo.push(UpdateAnnotation(self.library, self._changed, a.id,
                                            detail.clipping.id, AnnotationValues(a.color, a.note),
                                            AnnotationValues(color, note)))

    def edit_bias(self, note_id: int) -> None:
        detail = self._current()
        view = next((v for v in detail.bias_notes if v.note.id == note_id),
                    None) if detail else None
        if detail is None or view is None:
            return
        dialog = BiasDialog(self.library.list_bias_categories(), view.note.quote,
                            view.category.key, view.note.note, parent=self._parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            category, note = dialog.values()
            self.undo.push(UpdateBiasNote(
                self.library, self._changed, note_id, detail.clipping.id,
                BiasValues(view.category.key, view.note.note), BiasValues(category, note)))
