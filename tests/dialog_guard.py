"""A guard for the tests that show windows: a modal dialog nobody answers fails the test
instead of hanging the suite (imported by the GUI tests' conftest files)."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

STUCK_DIALOG_S = 20  # a modal dialog no test answers within this is closed, and the test fails


@pytest.fixture(autouse=True)
def no_dialog_left_unanswered(request):
    """A message box nobody answers (an unexpected error shown to the user) would hang the
    suite until CI's time runs out: it is closed after a while and the test fails with its
    text."""
    seen: dict[int, float] = {}
    stuck: list[str] = []

    def look() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            return
        first = seen.setdefault(id(dialog), time.monotonic())
        if time.monotonic() - first > STUCK_DIALOG_S:
            text = getattr(dialog, "text", lambda: "")()
            stuck.append(f"{dialog.windowTitle()}: {text}")
            dialog.reject()

    timer = QTimer()
    timer.timeout.connect(look)
    timer.start(1000)
    yield
    timer.stop()
    assert not stuck, f"a dialog nobody answered was left open: {stuck}"
