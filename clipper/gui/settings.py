"""Application settings, declared once with their types and defaults (stored with QSettings).

Library-level settings that travel with the library (the briefing's author and organisation)
live in the library itself; these are the user's per-machine preferences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from clipper.core import paths

HIGHLIGHT_COLORS = {
    "yellow": "#ffe066",
    "green": "#8ce99a",
    "blue": "#74c0fc",
    "pink": "#faa2c1",
    "orange": "#ffc078",
}


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any


LIBRARY_DIR = Setting("library/folder", str, "")
THEME = Setting("appearance/theme", str, "system")  # system | light | dark
# The window's normal place and size, "x y width height", and " maximized" when it was.
WINDOW_PLACE = Setting("window/place", str, "")
WINDOW_STATE = Setting("window/state", QByteArray, QByteArray())
SPLITTER = Setting("window/splitter", QByteArray, QByteArray())
READER_SPLITTER = Setting("window/reader_splitter", QByteArray, QByteArray())
LIST_HEADER = Setting("window/list_header", QByteArray, QByteArray())
SEEDS_OFFERED = Setting("library/seeds_offered", bool, False)
# Opening a clipping marks it read, after a short look at it (undoable, as any edit).
MARK_READ_ON_OPEN = Setting("reading/mark_read_on_open", bool, True)


class Settings:
    """Typed access to QSettings. Tests pass their own ``QSettings`` file."""

    def __init__(self, store: QSettings | None = None) -> None:
        self._store = store or QSettings(str(paths.config_dir() / "clipper.ini"),
                                         QSettings.Format.IniFormat)

    def get(self, setting: Setting) -> Any:
        value = self._store.value(setting.key, setting.default)
        if setting.type is bool and isinstance(value, str):
            return value.lower() == "true"
        if setting.type is QByteArray:
            return value if isinstance(value, QByteArray) else QByteArray()
        try:
            return setting.type(value)
        except (TypeError, ValueError):
            return setting.default

    def set(self, setting: Setting, value: Any) -> None:
        self._store.setValue(setting.key, value)

    def highlight_color(self, name: str) -> str:
        return str(self._store.value(f"highlight/{name}", HIGHLIGHT_COLORS.get(name, "#ffe066")))

    def set_highlight_color(self, name: str, color: str) -> None:
        self._store.setValue(f"highlight/{name}", color)

    def sync(self) -> None:
        self._store.sync()
