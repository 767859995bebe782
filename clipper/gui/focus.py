"""Keys go back to the window when one of its dialogs closes.

Without a window manager (and under some minimal ones) nothing activates the main window again
once a modal dialog is gone: the keyboard then reaches no window, and Ctrl+Z, E or J do nothing
until the user clicks somewhere. Focus is handed back only when a dialog of this window closed,
never when the user switched to another application (a dialog left open stays visible)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QWidget
from shiboken6 import isValid


class FocusReturner(QObject):
    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        self._dialogs: set[QWindow] = set()
        app = QGuiApplication.instance()
        assert isinstance(app, QGuiApplication)
        app.focusWindowChanged.connect(self._focus_moved)

    def _ours(self, candidate: QWindow | None) -> bool:
        handle = self._window.windowHandle()
        while candidate is not None and handle is not None:
            if candidate is handle:
                return True
            candidate = candidate.transientParent()
        return False

    def _focus_moved(self, now: QWindow | None) -> None:
        if now is None or now is self._window.windowHandle() or not self._ours(now):
            return
        if not now.isVisible():  # activated after it closed: a quick OK, events queued
            self._closed(now)
        elif now not in self._dialogs:
            self._dialogs.add(now)
            now.visibleChanged.connect(partial(self._shown_or_hidden, now))
            now.destroyed.connect(partial(self._forget, now))

    def _forget(self, dialog: QWindow, *_destroyed: object) -> None:
        self._dialogs.discard(dialog)

    def _shown_or_hidden(self, dialog: QWindow, visible: bool) -> None:
        if not visible:
            self._closed(dialog)

    def _closed(self, dialog: QWindow) -> None:
        """A dialog went away: the window it came from (maybe another dialog) gets the keys,
        unless something else visible already has them."""
        focus = QGuiApplication.focusWindow()
        if focus is not None and focus is not dialog and focus.isVisible():
            return
        parent = dialog.transientParent() if isValid(dialog) else None
        if parent is not None and parent.isVisible():
            parent.requestActivate()
