"""Where the window was: its normal place and size, kept as plain numbers.

Qt's saveGeometry/restoreGeometry keep the frame's place and guess the frame's size on the way
back; without a window manager (and under some) the guess is wrong and the window reopens a
title bar lower each time. The client area's rectangle is what is kept here, and it is put back
as it was, as long as part of it is on a screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMainWindow

from clipper.gui import settings as S
from clipper.gui.settings import Settings

DEFAULT_SIZE = (1440, 900)
DEFAULT_SPLIT = (190, 640, 610)  # sidebar, list, reader and details: titles get the room
MIN_VISIBLE = 80  # pixels of the window that must be on a screen for its place to be kept


def save_place(window: QMainWindow, settings: Settings) -> None:
    rect = window.normalGeometry() if window.isMaximized() else window.geometry()
    text = f"{rect.x()} {rect.y()} {rect.width()} {rect.height()}"
    settings.set(S.WINDOW_PLACE, text + (" maximized" if window.isMaximized() else ""))


def restore_place(window: QMainWindow, settings: Settings) -> None:
    rect, maximized = _read(settings.get(S.WINDOW_PLACE))
    if rect is None or not _on_a_screen(rect):
        window.resize(*DEFAULT_SIZE)
        return
    window.setGeometry(rect)
    if maximized:
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def _read(text: str) -> tuple[QRect | None, bool]:
    parts = text.split()
    try:
        x, y, width, height = (int(p) for p in parts[:4])
    except ValueError:
        return None, False
    if width < 200 or height < 150:
        return None, False
    return QRect(x, y, width, height), parts[4:] == ["maximized"]


def _on_a_screen(rect: QRect) -> bool:
    for screen in QGuiApplication.screens():
        seen = screen.availableGeometry().intersected(rect)
        if seen.width() >= MIN_VISIBLE and seen.height() >= MIN_VISIBLE:
            return True
    return False
