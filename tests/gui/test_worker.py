"""The worker that runs core work off the GUI thread: its answers reach the window while the
window is there, and nobody after."""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from clipper.gui.worker import Worker


def test_an_answer_after_the_window_closed_reaches_nobody(qtbot):
    """A search typed just before the window closed answers after its widgets are gone: the
    answer is dropped, not delivered to deleted widgets."""
    window = QWidget()
    label = QLabel(window)
    worker = Worker(window)
    delivered = []
    worker.run(time.sleep, 0.2, on_result=lambda _: delivered.append(label.setText("late")))
    shiboken6.delete(window)  # closed while the task runs (the pool waits for it to end)
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)
    assert delivered == []


def test_no_answer_reaches_a_window_that_closed(qtbot):
    """Closed but not yet deleted (a dialog's event loop runs after the window closed)."""
    window = QWidget()
    worker = Worker(window)
    delivered = []
    worker.run(time.sleep, 0.1, on_result=delivered.append, on_finished=lambda: delivered.append(0))
    worker.wait()
    worker.close_down()
    for _ in range(20):
        QApplication.processEvents()
        time.sleep(0.01)
    assert delivered == []
    window.deleteLater()
