"""The window's first moment: the newest clippings and a search field, there before the library.

Loading SQLAlchemy, SQLModel and the models takes about a second, longer than everything else
the window needs. A library in a folder can show its list without them: ``QuickReader`` reads
the first rows with ``sqlite3``, and this screen shows them in the list the window uses, at the
window's place and column widths, with a search field that takes typing. The library loads
behind it on a thread; then the full window takes over what was typed and the clipping chosen,
and this screen closes. Nothing here imports the ORM (a test checks).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from clipper.core.quickread import QuickReader
from clipper.gui import settings as S
from clipper.gui.actions import build_actions, build_menus
from clipper.gui.clip_list import ClippingListView
from clipper.gui.clip_model import ClippingListModel
from clipper.gui.settings import Settings
from clipper.gui.window_place import DEFAULT_SPLIT, restore_place
from clipper.gui.words import SEARCH_PLACEHOLDER, counted

if TYPE_CHECKING:
    from clipper.gui.main_window import MainWindow

FIRST_ROWS = 200  # more than a screen holds; the full list replaces them


class FirstScreen(QMainWindow):
    """The newest clippings of ``reader``'s library (``total`` in all), while it loads."""

    def __init__(self, reader: QuickReader, title: str, settings: Settings) -> None:
        super().__init__()
        self.setWindowTitle(title)
        self.reader = reader
        self._handed_over = False
        build_menus(self, build_actions(self, QUndoStack(self)))  # the window's, greyed
        for action in self.actions():
            action.setEnabled(False)
        total = reader.count()
        places = QListWidget()
        places.addItem(f"All clippings  {total:,}")
        places.setEnabled(False)
        self.field = QLineEdit()
        self.field.setPlaceholderText(SEARCH_PLACEHOLDER)
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search")
        self.model = ClippingListModel(reader, self)
        self.model.set_ids(reader.newest_ids(FIRST_ROWS))
        self.list = ClippingListView(self.model)
        self.list.setDragEnabled(False)
        self.list.setAcceptDrops(False)
        middle = QWidget()
        column = QVBoxLayout(middle)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(self.field)
        column.addWidget(self.list, 1)
        self.waiting = QLabel("Opening the library…")
        self.waiting.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.waiting.setEnabled(False)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for widget in (places, middle, self.waiting):
            self.splitter.addWidget(widget)
        self.splitter.setSizes(list(DEFAULT_SPLIT))
        self.setCentralWidget(self.splitter)
        self.counts = QLabel(counted(total, "clipping", "clippings") + " in the library")
        busy = QProgressBar()
        busy.setMaximumWidth(120)
        busy.setMaximum(0)
        self.statusBar().addPermanentWidget(self.counts)
        self.statusBar().addPermanentWidget(busy)
        restore_place(self, settings)
        self.restoreState(settings.get(S.WINDOW_STATE))
        self.splitter.restoreState(settings.get(S.SPLITTER))
        self.list.horizontalHeader().restoreState(settings.get(S.LIST_HEADER))
        if self.model.rowCount():
            self.list.selectRow(0)
        self.field.setFocus()

    closed_by_user = False  # closed while the library loaded: Clipper does not go on

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self._handed_over:
            self.closed_by_user = True
        super().closeEvent(event)

    def dismiss(self) -> None:
        """Close it without a window taking over (the library did not open)."""
        self._handed_over = True
        self.close()
        self.reader.close()

    def typed(self) -> str:
        return self.field.text()

    def chosen(self) -> int | None:
        """The clipping selected in the list (the first, unless the user chose another)."""
        index = self.list.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def hand_over(self, window: MainWindow) -> None:
        """The full window takes over: what was typed goes into its search field (and is
        searched), the clipping chosen is opened; this screen closes."""
        self._handed_over = True
        chosen = self.chosen()
        if chosen is not None and self.list.currentIndex().row() != 0:
            window.open_clipping(chosen)  # kept selected when the window's list arrives
        text, field = self.typed(), window.search.field
        if text:
            field.setText(text)
            field.setCursorPosition(self.field.cursorPosition())
        if self.field.hasFocus() or text:
            field.setFocus()
        self.close()
        self.reader.close()


def show_first_screen(folder: object, title: str, settings: Settings) -> FirstScreen | None:
    """The first screen of the library in ``folder``, shown and painted; None when the
    library is not a folder this screen can read at once (a team library, one that needs
    the library's care first, an empty one)."""
    if not isinstance(folder, Path):
        return None
    reader = QuickReader.open(folder)
    if reader is None:
        return None
    try:
        screen = FirstScreen(reader, title, settings)
    except Exception:  # noqa: BLE001 - a light read that fails leaves it to the library
        reader.close()
        return None
    if screen.model.rowCount() == 0:
        screen.reader.close()
        return None
    screen.show()
    screen.list.viewport().repaint()
    QApplication.processEvents()
    return screen


def load_while_responsive(load: Callable[[], None]) -> None:
    """Run ``load`` (imports) on a thread while the window goes on taking events: typing,
    scrolling and resizing the first screen stay live. Errors are raised here."""
    failure: list[BaseException] = []

    def run() -> None:
        try:
            load()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread below
            failure.append(exc)

    thread = threading.Thread(target=run, name="clipper-load", daemon=True)
    thread.start()
    while thread.is_alive():
        QApplication.processEvents()
        thread.join(0.01)
    if failure:
        raise failure[0]
