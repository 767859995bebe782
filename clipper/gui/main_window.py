"""The main window: wires the sidebar, list, search, reader and panel together; the work itself
happens in the library (through undoable commands) and on the worker."""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clipper.core import paths
from clipper.core.errors import (
    ClipperError,
    DuplicateError,
    ServerUnavailableError,
)
from clipper.core.kinds import ClippingField, ListOrder, MarkKind
from clipper.core.library import Library
from clipper.core.records import ClippingDetail
from clipper.gui import settings as S
from clipper.gui.actions import annotation_actions, build_actions, build_menus, set_icons
from clipper.gui.annotator import Annotator
from clipper.gui.capture import CaptureController, looks_like_url
from clipper.gui.clip_list import ClippingListView
from clipper.gui.clip_model import ClippingListModel
from clipper.gui.commands import (
    CreateCollection,
    DeleteClippings,
    EditClipping,
    FieldValue,
    SetCollectionOrder,
    UndoStack,
)
from clipper.gui.conflicts import conflict_resolver
from clipper.gui.context_menus import list_menu, sidebar_menu
from clipper.gui.dialogs.activity_dialog import ActivityDialog
from clipper.gui.dialogs.analyst_views import OutletBiasDialog
from clipper.gui.dialogs.derived_dialog import DerivedDialog
from clipper.gui.dialogs.new_clipping_dialog import NewClippingDialog
from clipper.gui.dialogs.preferences import PreferencesDialog
from clipper.gui.exporting import briefing_selection, open_export_dialog
from clipper.gui.focus import FocusReturner
from clipper.gui.following import ChangeFollower, shown_revision
from clipper.gui.importing import Importer
from clipper.gui.indexing import catch_up_index
from clipper.gui.metadata_panel import MetadataPanel
from clipper.gui.reader import MarkRef, ReaderText
from clipper.gui.reading import ReadMarker
from clipper.gui.reextracting import extract_again
from clipper.gui.search_panel import SearchAnswer, SearchPanel
from clipper.gui.settings import HIGHLIGHT_COLORS, Settings
from clipper.gui.sidebar import Place, PlaceKind, Sidebar, Views, load_views
from clipper.gui.suggestions_panel import SuggestionsPanel
from clipper.gui.theme import apply_theme
from clipper.gui.welcome import WelcomeView
from clipper.gui.window_place import DEFAULT_SPLIT, restore_place, save_place
from clipper.gui.worker import Worker

log = logging.getLogger(__name__)
FLUSH_DELAY_MS = 300
DEFAULT_READER_SPLIT = (380, 230)  # the reader, the details beside it
READER_MIN_WIDTH = 300  # narrower, a line holds a word or two
LARGE_CATCH_UP = 200  # clippings waiting for the index: catching up shows its progress

class MainWindow(QMainWindow):
    def __init__(self, library: Library, settings: Settings, worker: Worker | None = None) -> None:
        super().__init__()
        self.library, self.settings = library, settings
        self.library.auto_flush = False  # index updates run on the worker, never on this thread
        self.worker = worker or Worker(self)
        self.undo = UndoStack(self.report_error, self)
        self.setWindowTitle(f"Clipper — {library.location}")
        self.detail: ClippingDetail | None = None
        self.closing = False  # answers from the worker that arrive after closing are dropped
        self._refresh_generation = self._shown_generation = 0
        self.place: Place = Place(PlaceKind.ALL, label="All clippings")
        self._build()
        self._flush_timer = QTimer(self, singleShot=True, interval=FLUSH_DELAY_MS)
        self._flush_timer.timeout.connect(self._flush_index)
        self.reading = ReadMarker(library, settings, self.undo, self.changed, lambda: self.detail,
                                  self)
        self.setAcceptDrops(True)
        self._focus_returner = FocusReturner(self)
        self._restore_layout()
        self.show_place(self.place)
        self.refresh_views()
        if library.keeps_index and library.pending_index_changes():
            self._catch_up_index()
        self.follower: ChangeFollower | None = None
        if library.read_only or library.address is not None:
            # Another window writes, or the team does: follow their changes.
            self.follower = ChangeFollower(library, self._follow_other_process,
                                           lambda: shown_revision(self.detail),
                                           self.statusBar().showMessage, self)
            self.follower.start()

    # -- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.model = ClippingListModel(self.library, self)
        self.list = ClippingListView(self.model)
        self.sidebar = Sidebar(self.library)
        self.search = SearchPanel(self.library, self.worker)
        self.model.snippet_source = lambda ids: self.library.snippets(self.search.query(), ids)
        self.reader = ReaderText()
        self.panel = MetadataPanel()
        self.suggestions = SuggestionsPanel(self.library, self.worker, self.undo, self.changed,
                                            self.report)
        seeds = paths.seeds_dir()
        self.welcome = WelcomeView(sum(1 for p in seeds.iterdir() if p.is_file()
                                       and not p.name.startswith(".")) if seeds else 0)
        self.actions_ = build_actions(self, self.undo)
        build_menus(self, self.actions_)
        self.annotator = Annotator(self.library, self.undo, self.reader, lambda: self.detail,
                                   self.colors, self.changed, self, self.report)
        self.reader.set_context_actions(annotation_actions(self.actions_))
        self.importer = Importer(self, self.library, self.worker, self.settings,
                                 self.refresh_views, self._imported)
        self.capture = CaptureController(self.library, self.worker, self, self._stored,
                                         self.report, self.report_error)

        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(self.sidebar)
        left.addWidget(self.search.facets_view())
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(self.welcome)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.search)
        column.addWidget(self.stack, 1)
        self.reader_split = QSplitter(Qt.Orientation.Horizontal)
        self.reader_split.addWidget(self.reader)
        self.side_tabs = QTabWidget()
        self.side_tabs.addTab(self.panel, "Details")
        self.side_tabs.addTab(self.suggestions, "Suggested entities")
        self.reader_split.addWidget(self.side_tabs)
        self.reader_split.setStretchFactor(0, 3)
        self.reader_split.setStretchFactor(1, 2)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget, stretch in ((left, 0), (middle, 2), (self.reader_split, 3)):
            self.splitter.addWidget(widget)
            self.splitter.setStretchFactor(self.splitter.count() - 1, stretch)
        self.splitter.setSizes(list(DEFAULT_SPLIT))  # in proportion, until a layout is saved
        self.reader_split.setSizes(list(DEFAULT_READER_SPLIT))
        self.reader.setMinimumWidth(READER_MIN_WIDTH)
        self.setCentralWidget(self.splitter)

        self.counts = QLabel()
        self.busy = QProgressBar()
        self.busy.setMaximumWidth(120)
        self.busy.setMaximum(0)
        self.busy.hide()
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(self.busy)
        self._connect()

    def _connect(self) -> None:
        a = self.actions_
        a.import_files.triggered.connect(self.importer.choose_files)
        a.import_folder.triggered.connect(self.importer.choose_folder)
        a.new_clipping.triggered.connect(lambda: self.new_clipping(""))
        a.paste_clipping.triggered.connect(self.paste)
        a.add_url.triggered.connect(self.capture.ask_for_url)
        a.add_feed.triggered.connect(lambda: self.capture.ask_for_feed())
        a.refresh_feeds.triggered.connect(self.capture.refresh_all)
        a.preferences.triggered.connect(self.open_preferences)
        a.export.triggered.connect(self.export_briefing)
        a.quit.triggered.connect(self.close)
        a.find.triggered.connect(self.focus_search)
        a.highlight.triggered.connect(lambda: self.annotator.highlight("yellow"))
        for name, action in a.highlight_colors.items():
            action.triggered.connect(lambda _=False, n=name: self.annotator.highlight(n))
        a.note.triggered.connect(self.annotator.note)
        a.entity.triggered.connect(self.annotator.entity)
        a.bias.triggered.connect(lambda: self.annotator.bias())
        a.delete.triggered.connect(self.delete_pressed)
        a.reextract.triggered.connect(lambda: extract_again(self))
        a.next_clipping.triggered.connect(lambda: self.step(1))
        a.previous_clipping.triggered.connect(lambda: self.step(-1))
        a.new_collection.triggered.connect(self.new_collection)
        a.reindex.triggered.connect(self.reindex)
        a.about.triggered.connect(self.about)
        a.derived.triggered.connect(self.find_derived)
        a.bias_by_outlet.triggered.connect(
            lambda: OutletBiasDialog(self.library, self).exec())
        a.activity.triggered.connect(self.show_activity)
        a.activity.setEnabled(self.library.address is not None)
        if self.library.address is None:
            a.activity.setStatusTip("Activity is recorded in team libraries (docs/TEAM.md)")
        a.suggest.triggered.connect(self._show_suggestions)
        self.sidebar.place_selected.connect(self.show_place)
        self.sidebar.dropped_on_collection.connect(self.add_to_collection)
        self.sidebar.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.sidebar.customContextMenuRequested.connect(
            lambda pos: sidebar_menu(self, self.sidebar, pos))
        self.list.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.open_row(current.row()))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(lambda pos: list_menu(self, self.list, pos))
        self.list.order_dropped.connect(self._reorder_collection)
        self.search.answered.connect(self.show_results)
        self.search.cleared.connect(lambda: self.show_place(self.place))
        self.search.save_requested.connect(self.save_search)
        self.search.failed.connect(self.report_error)
        self.reader.mark_clicked.connect(self.annotator.mark_clicked)
        self.panel.edited.connect(self.edit_field)
        self.panel.add_bias_requested.connect(lambda: self.annotator.bias(whole_clipping=True))
        self.panel.remove_bias_requested.connect(
            lambda note_id: self.annotator.delete_mark(MarkKind.BIAS, note_id))
        self.suggestions.span_selected.connect(self.reader.select_span)
        self.suggestions.title_span_selected.connect(self.reader.select_title_span)
        self.panel.mark_activated.connect(self._go_to_mark)
        self.welcome.import_seeds.connect(self.importer.import_seeds)
        self.welcome.import_files.connect(self.importer.choose_files)
        self.welcome.new_clipping.connect(lambda: self.new_clipping(""))
        self.worker.busy_changed.connect(lambda n: self.busy.setVisible(n > 0))

    # -- showing -------------------------------------------------------------------------------

    def colors(self) -> dict[str, str]:
        return {name: self.settings.highlight_color(name) for name in HIGHLIGHT_COLORS}

    def show_place(self, place: Place) -> None:
        self.place = place
        if place.kind is PlaceKind.SAVED:
            self.search.set_query(place.text)
            return
        self.search.forget_query()
        collection = place.kind is PlaceKind.COLLECTION
        ids = self.library.list_ids(place.list_filter(),
                                    ListOrder.COLLECTION if collection else ListOrder.DATE)
        self.list.set_search_mode(False)
        self.model.set_ids(ids, reorderable=collection)
        self._after_list_change()

    def _show_suggestions(self) -> None:
        self.side_tabs.setCurrentWidget(self.suggestions)
        self.suggestions.list.setFocus()

    def _go_to_mark(self, ref: MarkRef | None) -> None:
        if ref is not None:
            self.reader.select_span(ref.start, ref.end, ref.place)

    def show_results(self, answer: SearchAnswer) -> None:
        ids = [hit.id for hit in answer.results.hits]
        snippets = {hit.id: hit.snippet for hit in answer.results.hits if hit.snippet}
        self.list.set_search_mode(True)
        self.model.set_ids(ids, snippets)
        self._after_list_change()

    def _after_list_change(self) -> None:
        total = self.library.count_clippings()
        query = self.search.query()
        self.list.empty_text = (f"No clippings match “{query}”." if query
                                else f"Nothing in {self.place.label or 'this view'} yet.")
        self.list.viewport().update()
        self.stack.setCurrentWidget(self.welcome if total == 0 else self.list)
        self.counts.setText(f"{self.model.rowCount():,} shown · {total:,} in the library")
        keep = self.detail.clipping.id if self.detail else None
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount():
            row = 0
        if row is None:
            self.open_clipping(None)
        else:
            self.list.selectRow(row)
            self.open_row(row)

    def open_row(self, row: int) -> None:
        self.open_clipping(self.model.id_at(row))

    def open_clipping(self, clipping_id: int | None) -> None:
        previous = self.detail.clipping.id if self.detail else None
        try:
            self.detail = self.library.get_clipping(clipping_id) if clipping_id else None
        except ClipperError:
            self.detail = None
        self.reader.show_clipping(self.detail, self.colors())
        shown = self.detail.clipping.id if self.detail else None
        if shown != previous or self.suggestions.list.count() == 0:
            self.suggestions.show_for(shown)
        data = self.sidebar.data  # completions come from the last sidebar reading
        self.panel.show_clipping(self.detail, [s.name for s, _ in data.sources],
                                 [name for name, _ in data.tags])
        if shown != previous:
            self.reading.opened(self.detail)

    def changed(self, clipping_id: int | None) -> None:
        """Something was stored: redraw what shows it, and let the index catch up.
        ``None`` means lists and counts may have changed: they are re-read on the worker."""
        if clipping_id is None:
            self.refresh_views()
        elif self.detail and self.detail.clipping.id == clipping_id:
            self.open_clipping(clipping_id)
            self.model.refresh_rows([clipping_id])
        self._flush_timer.start()

    def refresh_views(self) -> None:
        """Re-read the sidebar and the list off the GUI thread; older answers are dropped."""
        self._refresh_generation += 1
        generation = self._refresh_generation
        searching = bool(self.search.query())
        order = ListOrder.COLLECTION if self.model.reorderable else ListOrder.DATE
        place = self.place
        shown = self.detail.clipping.id if self.detail else None
        self.worker.run(load_views, self.library, place.list_filter(), order, searching, shown,
                        on_result=lambda views: self._show_views(generation, views, place),
                        on_error=self.report_unexpected)

    @property
    def refreshing(self) -> bool:
        return self._refresh_generation != self._shown_generation

    def _show_views(self, generation: int, views: Views, place: Place) -> None:
        """Show what the worker read for ``place`` (the ids are that place's)."""
        if generation != self._refresh_generation or self.closing:
            return  # an older reading, or one that arrives after the window closed
        self._shown_generation = generation
        data, ids = views.sidebar, views.ids
        self.sidebar.populate(data)
        if self.place != place:
            return  # the place shown is gone (a deleted collection): the sidebar moved on
        if ids is not None and not self.search.query() and ids != self.model.ids():
            self.model.set_ids(self._keep_open(ids), reorderable=self.model.reorderable)
            self._after_list_change()
        self.model.refresh_rows()
        self.counts.setText(f"{self.model.rowCount():,} shown · {data.total:,} in the library")
        if self.detail is not None and self.detail.clipping.id == views.shown:
            if views.detail is None:  # deleted meanwhile
                self.open_clipping(None)
            else:
                self.detail = views.detail

    def _keep_open(self, ids: list[int]) -> list[int]:
        """The clipping being read stays in the Unread list it was opened from, read now."""
        shown, before = self.detail.clipping.id if self.detail else None, self.model.ids()
        if self.place.kind is not PlaceKind.UNREAD or shown not in before or shown in ids:
            return ids
        kept = set(ids)
        at = sum(1 for i in before[:before.index(shown)] if i in kept)
        return [*ids[:at], shown, *ids[at:]]

    def _flush_index(self) -> None:
        self.worker.run(_flush_unless_busy, self.library, on_error=self.report_unexpected,
                        on_result=lambda left: self._flush_timer.start() if left else None)

    def _follow_other_process(self, shown_changed: bool) -> None:
        """Others changed the library (their changes are in the index by now): the lists and
        counts are re-read, and the clipping shown when it is among what changed."""
        self.refresh_views()
        if self.search.query():
            self.search.search_now()
        if shown_changed and self.detail is not None:
            title = self.detail.clipping.title
            self.open_clipping(self.detail.clipping.id)
            if self.detail is None:
                self.report_error(f"“{title}” was deleted elsewhere (by someone in the team, "
                                  "or in another window) while you were reading it.")

    def show_activity(self) -> None:
        ActivityDialog(self.library, self._open_from_elsewhere, self).exec()

    def _open_from_elsewhere(self, clipping_id: int) -> None:
        """Show ``clipping_id`` (from a view outside the list): selected when the list has it."""
        if clipping_id in self.model.ids():
            self.list.selectRow(self.model.ids().index(clipping_id))
        else:
            self.open_clipping(clipping_id)

    def _catch_up_index(self) -> None:
        catch_up_index(self.library, self.worker, self.statusBar(), self.report,
                       self.report_unexpected)

    def step(self, delta: int) -> None:
        row = self.list.currentIndex().row() + delta
        if 0 <= row < self.model.rowCount():
            self.list.selectRow(row)

    def focus_search(self) -> None:
        self.search.focus()

    # -- editing -------------------------------------------------------------------------------

    def edit_field(self, name: str, value: FieldValue) -> None:
        if self.detail is None:
            return
        field = ClippingField(name)
        c = self.detail.clipping
        old = {ClippingField.TAGS: self.detail.tags,
               ClippingField.SOURCE_NAME: self.detail.source.name if self.detail.source else None,
               ClippingField.AUTHORS: self.detail.authors}.get(field, getattr(c, field, None))
        self.undo.push(EditClipping(self.library, self.changed, c.id, field, old, value,
                                    conflict_resolver(self)))

    def delete_pressed(self) -> None:
        if self.reader.hasFocus() and self.annotator.delete_mark_at_cursor():
            return
        ids = self.list.selected_ids()
        if ids and (self.list.hasFocus() or not self.reader.hasFocus()):
            self.undo.push(DeleteClippings(self.library, self.changed, ids))
            self.report(f"Deleted {len(ids)} clipping{'' if len(ids) == 1 else 's'}. "
                        "Undo with Ctrl+Z.")

    def new_clipping(self, text: str) -> None:
        dialog = NewClippingDialog(text, self)
        if dialog.exec() != NewClippingDialog.DialogCode.Accepted:
            return
        draft = dialog.draft()
        try:
            clipping = self.library.add_clipping(draft)
        except ClipperError as exc:
            known = isinstance(exc, DuplicateError) and "This clipping is already in the library. "
            self.report_error(f"{known or ''}{exc}")
            return
        self.changed(None)
        self._select(clipping.id)

    def paste(self) -> None:
        """The clipboard as a new clipping: a web address is fetched, text is parsed."""
        text = QGuiApplication.clipboard().text()
        if looks_like_url(text):
            self.capture.capture_url(text.strip())
        else:
            self.new_clipping(text)

    def _stored(self, clipping_id: int | None) -> None:
        self.changed(None)
        if clipping_id is not None:
            self.open_clipping(clipping_id)

    def _select(self, clipping_id: int) -> None:
        row = self.model.row_of(clipping_id)
        if row is None:
            self.sidebar.select_place(Place(PlaceKind.ALL))
            row = self.model.row_of(clipping_id)
        if row is not None:
            self.list.selectRow(row)

    # -- import ----------------------------------------------------------------------------------

    def import_paths(self, paths_: list[str]) -> QDialog:
        return self.importer.import_paths(paths_)

    def _imported(self, _summary: object) -> None:
        """After an import: the lists follow; a large one is indexed with progress shown."""
        self.refresh_views()
        if self.library.pending_index_changes() > LARGE_CATCH_UP:
            self._catch_up_index()
        else:
            self._flush_timer.start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() or event.mimeData().hasText():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.importer.drop(event.mimeData(), self.capture, self.new_clipping)
        event.acceptProposedAction()

    # -- collections and saved searches ----------------------------------------------------------

    def new_collection(self) -> int | None:
        name, ok = QInputDialog.getText(self, "New collection", "Name")
        if not ok or not name.strip():
            return None
        if self.library.find_collection(name):
            self.report_error(f"There is already a collection called “{name.strip()}”.")
            return None
        command = CreateCollection(self.library, self.changed, name)
        self.undo.push(command)
        return command.view.collection.id if command.view else None

    def add_to_collection(self, collection_id: int, ids: list[int]) -> None:
        current = self.library.get_collection(collection_id).clipping_ids
        order = current + [i for i in ids if i not in current]
        if order != current:
            self.undo.push(SetCollectionOrder(self.library, self.changed, collection_id, order,
                                              "Add to collection"))

    def _reorder_collection(self, order: list[int]) -> None:
        if self.place.kind is PlaceKind.COLLECTION:
            self.undo.push(SetCollectionOrder(self.library, self.changed, self.place.id, order,
                                              "Reorder collection"))

    def save_search(self, query: str) -> None:
        name, ok = QInputDialog.getText(self, "Save search", "Name", text=query)
        if ok and name.strip():
            self.library.save_search(name, query)
            self.refresh_views()

    def find_derived(self) -> None:
        if self.detail is None:
            self.report("Open a clipping first.")
            return
        dialog = DerivedDialog(self.library, self.worker, self.detail.clipping.id, self)
        dialog.exec()
        if dialog.linked:
            self.changed(self.detail.clipping.id)
            self.changed(None)

    # -- briefings ------------------------------------------------------------------------------

    def export_briefing(self) -> QDialog:
        selection = briefing_selection(self.library, self.place, self.list.selected_ids(),
                                       self.search.query(), self.model.ids())
        return open_export_dialog(self.library, self.worker, selection, self)

    # -- maintenance, preferences, messages --------------------------------------------------------

    def reindex(self) -> None:
        self.report("Rebuilding the search index…")
        self.worker.run(self.library.reindex, on_result=lambda n: self.report(
            f"Search index rebuilt: {n:,} clippings."), on_error=self.report_unexpected)

    def open_preferences(self) -> None:
        dialog = PreferencesDialog(self.library, self.settings, self, self.undo, self.changed)
        if dialog.exec():
            from PySide6.QtWidgets import QApplication

            apply_theme(QApplication.instance(), self.settings.get(S.THEME))
            self.changed(None)
            if self.detail:
                self.open_clipping(self.detail.clipping.id)

    def about(self) -> None:
        from clipper.gui.dialogs.about_dialog import AboutDialog

        AboutDialog(self.library.location, self).exec()

    def report(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def report_error(self, message: str) -> None:
        self.statusBar().showMessage(message, 8000)
        QMessageBox.warning(self, "Clipper", message)

    def report_unexpected(self, exc: BaseException) -> None:
        exc = self.library.explain(exc) or exc  # a team library's server away, or refusing
        if isinstance(exc, ServerUnavailableError):  # said in the status bar until it answers
            self.statusBar().showMessage(f"{exc} Trying again every second.")
            return
        if isinstance(exc, ClipperError):
            self.report_error(str(exc))
            return
        log.error("background task failed", exc_info=exc)
        QMessageBox.critical(self, "Clipper", f"Something went wrong: {exc!r}\n\n"
                             "Your library is unchanged by this error; details are in the log.")

    # -- layout persistence ----------------------------------------------------------------------

    def _restore_layout(self) -> None:
        restore_place(self, self.settings)
        self.restoreState(self.settings.get(S.WINDOW_STATE))
        self.splitter.restoreState(self.settings.get(S.SPLITTER))
        self.reader_split.restoreState(self.settings.get(S.READER_SPLITTER))
        self.list.horizontalHeader().restoreState(self.settings.get(S.LIST_HEADER))

    def changeEvent(self, event: QEvent) -> None:
        actions = getattr(self, "actions_", None)  # None while the window is being built
        if event.type() == QEvent.Type.PaletteChange and actions:  # icons in the new colours
            set_icons(actions, self.palette())
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closing = True
        save_place(self, self.settings)
        self.settings.set(S.WINDOW_STATE, self.saveState())
        self.settings.set(S.SPLITTER, self.splitter.saveState())
        self.settings.set(S.READER_SPLITTER, self.reader_split.saveState())
        self.settings.set(S.LIST_HEADER, self.list.horizontalHeader().saveState())
        self.settings.sync()
        self.reading.timer.stop()  # a clipping opened a moment ago is not marked after closing
        self._flush_timer.stop()  # closing the library applies what is queued
        if self.follower is not None:
            self.follower.stop()
        self.worker.wait()
        self.worker.close_down()  # answers still queued reach no closed window
        event.accept()


def _flush_unless_busy(library: Library) -> bool:
    """Worker side: apply the queued index changes, unless another thread is (an import's,
    writing a large batch): the worker's other thread stays free for lists and searches
    meanwhile. True when changes are left queued that way (the window tries again later)."""
    return library.flush_index(wait=False) == 0 and library.pending_index_changes() > 0
