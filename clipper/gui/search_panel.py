"""Search as you type: debounced, run on the worker, stale answers dropped. Facets (outlet, tag,
entity, bias category) narrow the results with a click by adding a clause to the query."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clipper.core.kinds import SearchOrder
from clipper.core.library import Library
from clipper.core.records import Facet
from clipper.core.search import SearchResults
from clipper.gui.words import SEARCH_PLACEHOLDER
from clipper.gui.worker import Worker

DEBOUNCE_MS = 250
RESULT_LIMIT = 2000
FIRST_SNIPPETS = 40
FACET_FIELDS = (("source", "Outlet"), ("tag", "Tag"), ("entity", "Entity"), ("bias", "Bias"))


@dataclass
class SearchAnswer:
    query: str
    results: SearchResults
    facets: dict[str, list[Facet]]
    index_building: bool = False  # the index is being (re)built: more may be found soon


def run_search(library: Library, query: str, order: SearchOrder) -> SearchAnswer:
    results = library.search(query, limit=RESULT_LIMIT, order=order, snippets=FIRST_SNIPPETS)
    building = library.index_status().rebuilding
    return SearchAnswer(query, results, library.facets(query), building)


class SearchField(QLineEdit):
    # The window's shortcuts that a line edit would take for itself on some platforms
    # (Ctrl+E is "end of line" on X11): in the search field they stay the window's.
    WINDOW_KEYS = frozenset(QKeySequence(k).toString() for k in (
        "Ctrl+E", "Ctrl+D", "Ctrl+G", "Ctrl+L", "Ctrl+I", "Ctrl+N", "Ctrl+Shift+I"))

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and \
                QKeySequence(event.keyCombination()).toString() in self.WINDOW_KEYS:
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.clear()
            return
        super().keyPressEvent(event)


SEARCH_HELP = (
    "<b>Searching</b><br>"
    "All words are required: <tt>china japan</tt><br>"
    "<tt>OR</tt>, <tt>NOT</tt>, <tt>( )</tt>, <tt>\"exact phrase\"</tt>, <tt>word*</tt><br>"
    "Leave out: <tt>-word</tt>, <tt>-\"a phrase\"</tt><br>"
    "Fields: <tt>title: source: author: tag: entity: bias: notes: lang:</tt><br>"
    "Dates: <tt>date:2024-06</tt>, <tt>published:[2024-01-01 to 2024-06-30]</tt>, "
    "<tt>published:&gt;2024-01-15</tt>")


class SearchPanel(QWidget):
    answered = Signal(object)  # SearchAnswer
    cleared = Signal()
    save_requested = Signal(str)
    failed = Signal(str)

    def __init__(self, library: Library, worker: Worker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._library, self._worker = library, worker
        self._generation = 0
        self.order = SearchOrder.RELEVANCE
        self.field = SearchField()
        self.field.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        self.field.setToolTip(SEARCH_HELP)
        self.count = QLabel()
        self.save = QPushButton("Save search")
        self.save.setEnabled(False)
        self.facets = QTreeWidget()
        self.facets.setHeaderHidden(True)
        self.facets.setAccessibleName("Facets")
        self.facets.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.field.textChanged.connect(self._typed)
        self.save.clicked.connect(lambda: self.save_requested.emit(self.query()))
        self.facets.itemActivated.connect(self._facet_clicked)
        self.facets.itemClicked.connect(self._facet_clicked)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.field, 1)
        top.addWidget(self.count)
        top.addWidget(self.save)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)

    def query(self) -> str:
        return self.field.text().strip()

    def facets_view(self) -> QWidget:
        """The list of facets, for the window to place (it shows itself when there are some)."""
        return self.facets

    def focus(self) -> None:
        """Focus the search field with its text selected, to type over it."""
        self.field.setFocus()
        self.field.selectAll()

    def forget_query(self) -> None:
        """Empty the field, the count and the facets without a word (no ``cleared``): the
        window shows a place of the sidebar instead of the results."""
        if not self.query():
            return
        self.field.blockSignals(True)
        self.field.clear()
        self.field.blockSignals(False)
        self.facets.hide()
        self.count.clear()

    def set_query(self, text: str) -> None:
        self.field.setText(text)
        self.search_now()

    def _typed(self, _text: str) -> None:
        if not self.query():
            self._timer.stop()
            self._generation += 1
            self.count.clear()
            self.save.setEnabled(False)
            self.facets.hide()
            self.cleared.emit()
            return
        self._timer.start()

    def search_now(self) -> None:
        self._timer.stop()
        query = self.query()
        if not query:
            return
        self._generation += 1
        generation = self._generation
        self.count.setText("Searching…")
        self._worker.run(run_search, self._library, query, self.order,
                         on_result=lambda answer: self._answered(generation, answer),
                         on_error=lambda exc: self._failed(generation, exc))

    def _answered(self, generation: int, answer: SearchAnswer) -> None:
        if generation != self._generation:
            return  # an older query; the user has typed on
        total = answer.results.total
        shown = len(answer.results.hits)
        text = f"{total:,} found" if total == shown else f"{total:,} found, first {shown:,} shown"
        if answer.results.as_plain_words:
            text += " (searched as plain words)"
        if answer.index_building:
            text += " so far: the index is still being built"
        self.count.setToolTip(
            "The query has an unclosed quote or bracket, a field with nothing after it, or an "
            "operator with nothing beside it, so its words were searched instead."
            if answer.results.as_plain_words else
            "The search index is being built; search again when it is done to find them all."
            if answer.index_building else "")
        self.count.setText(text)
        self.save.setEnabled(True)
        self._show_facets(answer.facets)
        self.answered.emit(answer)

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self.count.setText("Search failed")
            self.failed.emit(f"The search could not run: {exc}")

    def _show_facets(self, facets: dict[str, list[Facet]]) -> None:
        self.facets.clear()
        for field, label in FACET_FIELDS:
            values = facets.get(field, [])
            if not values:
                continue
            group = QTreeWidgetItem(self.facets, [label])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for facet in values:
                item = QTreeWidgetItem(group, [f"{facet.value}  {facet.count}"])
                item.setData(0, Qt.ItemDataRole.UserRole, f'{field}:"{_quote(facet.value)}"')
                item.setToolTip(0, f"Only clippings with {label.lower()} “{facet.value}”")
            group.setExpanded(True)
        self.facets.setVisible(self.facets.topLevelItemCount() > 0)

    def _facet_clicked(self, item: QTreeWidgetItem) -> None:
        clause = item.data(0, Qt.ItemDataRole.UserRole)
        if clause and clause not in self.query():
            self.set_query(f"{self.query()} {clause}")


def _quote(value: str) -> str:
    return value.replace('"', " ")
