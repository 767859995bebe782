"""GUI fixtures: a real library in a temporary folder and a main window over it (offscreen)."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from clipper.core.library import Library  # noqa: E402
from clipper.gui.main_window import MainWindow  # noqa: E402
from clipper.gui.settings import Settings  # noqa: E402
from tests.dialog_guard import no_dialog_left_unanswered  # noqa: E402, F401 - autouse


@pytest.fixture
def gui_library(tmp_path):
    library = Library.open(tmp_path / "library")
    yield library
    library.close()


@pytest.fixture
def make_window(qtbot):
    """``make_window(library, settings)`` opens a main window that lives until the test is over.
    qtbot holds its widgets weakly: a window only a test's variable held could be collected
    before qtbot closes it, and the answers its worker sent then would reach a window that is
    gone (failing whichever test is running). It is closed after the test, once every answer
    is delivered."""
    made: list[MainWindow] = []

    def settle(win: MainWindow) -> None:
        qtbot.waitUntil(lambda: win.worker.busy == 0, timeout=10000)

    def make(library: Library, settings: Settings) -> MainWindow:
        win = MainWindow(library, settings)
        qtbot.addWidget(win, before_close_func=settle)
        made.append(win)
        return win

    yield make


@pytest.fixture
def window(qtbot, tmp_path, gui_library, make_window):
    settings = Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win = make_window(gui_library, settings)
    win.show()
    qtbot.waitExposed(win)
    return win


def answer_dialog(fill):
    """Run ``fill(dialog)`` on the next modal dialog as soon as it opens (it must accept or
    reject it)."""

    def attempt(tries=[0]):  # noqa: B006 - a counter shared between the retries
        dialog = QApplication.activeModalWidget()
        if dialog is None and tries[0] < 200:
            tries[0] += 1
            QTimer.singleShot(10, attempt)
            return
        fill(dialog)

    QTimer.singleShot(0, attempt)
