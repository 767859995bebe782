"""Entity suggestions for the open clipping: review them one by one or all at once, by mouse or
keyboard (Enter accepts, Delete rejects). Suggestions are computed on the worker, again after
every edit, undo or redo: a word tagged or untagged, an entity gone with its last mention."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from clipper.core.entities.suggestions import Suggestion
from clipper.core.library import Library
from clipper.gui.commands import AcceptSuggestions
from clipper.gui.words import counted
from clipper.gui.worker import Worker

REASONS = {"known": "tagged before", "gazetteer": "country or body", "pattern": "found by pattern"}


class _List(QListWidget):
    accept_pressed = Signal()
    reject_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_pressed.emit()
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.reject_pressed.emit()
        else:
            super().keyPressEvent(event)


class SuggestionsPanel(QWidget):
    span_selected = Signal(int, int)  # offsets into the body
    title_span_selected = Signal(int, int)  # offsets into the title

    def __init__(self, library: Library, worker: Worker, undo: QUndoStack,
                 changed: Callable[[int | None], None], report: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._stale = False  # the open clipping's suggestions are yet to be looked for
        self._library, self._worker, self._undo = library, worker, undo
        self._changed, self._report = changed, report
        self._clipping_id: int | None = None
        self._generation = 0
        self.status = QLabel("Open a clipping to see the entities it names.")
        self.status.setWordWrap(True)
        self.list = _List()
        self.list.setAccessibleName("Entity suggestions")
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.everywhere = QCheckBox("Tag in every clipping")
        self.everywhere.setToolTip("Also tag them in every other clipping that names them")
        accept = QPushButton("Accept")
        accept_all = QPushButton("Accept all")
        reject = QPushButton("Reject")
        accept.setToolTip("Tag the selected suggestions (Enter)")
        reject.setToolTip("Do not suggest them again for this clipping (Delete)")
        accept.clicked.connect(self.accept_selected)
        accept_all.clicked.connect(self.accept_all)
        reject.clicked.connect(self.reject_selected)
        self.list.accept_pressed.connect(self.accept_selected)
        self.list.reject_pressed.connect(self.reject_selected)
        self.list.currentItemChanged.connect(self._show_span)
        buttons = QHBoxLayout()
        for button in (accept, accept_all, reject):
            buttons.addWidget(button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.everywhere)
        layout.addLayout(buttons)
        undo.indexChanged.connect(self.refresh)

    def show_for(self, clipping_id: int | None) -> None:
        self._clipping_id = clipping_id
        self._generation += 1
        self.list.clear()
        if clipping_id is None:
            self.status.setText("Open a clipping to see the entities it names.")
            return
        self.status.setText("Looking for the entities this clipping names…")
        self._look_when_seen()

    def refresh(self) -> None:
        """Look again for the open clipping, keeping the list shown until the answer comes."""
        # The undo stack says it changed when the window is torn down, the worker gone first.
        if self._clipping_id is not None and isValid(self._worker):
            self._generation += 1
            self._look_when_seen()

    def _look_when_seen(self) -> None:
        """Look now if the panel is in view, else when it comes into view: looking costs a
        second or two of work (the first time: the gazetteer of cities is built), which the
        window's start and the reading of clippings should not share with a hidden tab."""
        self._stale = not self.isVisible()
        if not self._stale:
            self._look()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale and self._clipping_id is not None and isValid(self._worker):
            self._stale = False
            self._generation += 1
            self._look()

    def _look(self) -> None:
        generation = self._generation
        self._worker.run(self._library.suggest_entities, self._clipping_id,
                         on_result=lambda found: self._fill(generation, found),
                         on_error=lambda exc: self._failed(generation, exc))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.list.clear()
            self.status.setText(f"No suggestions: {exc}")

    def _fill(self, generation: int, suggestions: list[Suggestion]) -> None:
        if generation != self._generation:
            return
        current = self.list.currentItem()
        chosen = {item.data(Qt.ItemDataRole.UserRole).key for item in self.list.selectedItems()}
        current_key = current.data(Qt.ItemDataRole.UserRole).key if current else None
        self.list.blockSignals(True)  # the same row again is no reason to move the reader
        self.list.clear()
        for suggestion in suggestions:
            aliases = f" ({', '.join(suggestion.aliases)})" if suggestion.aliases else ""
            item = QListWidgetItem(f"{suggestion.name}{aliases} — {suggestion.kind}, "
                                   f"{where(suggestion)}, "
                                   f"{REASONS.get(suggestion.reason, suggestion.reason)}")
            item.setData(Qt.ItemDataRole.UserRole, suggestion)
            item.setToolTip(suggestion.evidence or suggestion.reason)
            self.list.addItem(item)
            item.setSelected(suggestion.key in chosen)
            if suggestion.key == current_key:
                self.list.setCurrentItem(item, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.list.blockSignals(False)
        self.status.setText(f"{counted(len(suggestions), 'suggested entity', 'suggested entities')}"
                            ". Select and press Enter to tag, Delete to reject." if suggestions
                            else "No more entities to suggest for this clipping.")

    def _chosen(self, every: bool = False) -> list[Suggestion]:
        items = ([self.list.item(i) for i in range(self.list.count())] if every
                 else self.list.selectedItems())
        return [item.data(Qt.ItemDataRole.UserRole) for item in items if not item.isHidden()]

    def accept_selected(self) -> None:
        self._accept(self._chosen())

    def accept_all(self) -> None:
        self._accept(self._chosen(every=True))

    def _accept(self, suggestions: list[Suggestion]) -> None:
        if self._clipping_id is None or not suggestions:
            return
        command = AcceptSuggestions(self._library, self._changed, self._clipping_id,
                                    suggestions, self.everywhere.isChecked())
        self._undo.push(command)
        elsewhere = sum(max(0, r.clippings - 1) for r in command.results)
        more = (f", and in {counted(elsewhere, 'other clipping', 'other clippings')}"
                if elsewhere else "")
        self._report(f"Tagged {counted(len(command.results), 'entity', 'entities')}{more}. "
                     "Undo with Ctrl+Z.")
        self.show_for(self._clipping_id)

    def reject_selected(self) -> None:
        if self._clipping_id is None:
            return
        for suggestion in self._chosen():
            self._library.reject_suggestion(self._clipping_id, suggestion)
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))

    def _show_span(self, item: QListWidgetItem | None) -> None:
        """Show the first place in the text; a name only the title holds is in the title,
        at the top of the reader, where the list says it is."""
        suggestion = item.data(Qt.ItemDataRole.UserRole) if item else None
        if suggestion and suggestion.spans:
            self.span_selected.emit(*suggestion.spans[0])
        elif suggestion and suggestion.title_spans:
            self.title_span_selected.emit(*suggestion.title_spans[0])


def where(suggestion: Suggestion) -> str:
    """Where the clipping names it: "3×" in the text, "in the title", or both."""
    in_text = f"{len(suggestion.spans)}×" if suggestion.spans else ""
    if not suggestion.title_spans:
        return in_text or "0×"
    return f"in the title and {in_text} in the text" if in_text else "in the title"
