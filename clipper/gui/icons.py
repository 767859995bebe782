"""Action icons: the desktop's icon theme first (freedesktop names, through QIcon.fromTheme),
else Clipper's own line drawings in resources/icons/actions, drawn in the palette's text colour
so they read in light and dark mode alike."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from clipper.core import paths

# Our drawing -> the freedesktop (or widely themed) name a desktop's theme may carry.
THEME_NAMES = {
    "import": "document-import",
    "link": "insert-link",
    "new": "document-new",
    "export": "document-export",
    "undo": "edit-undo",
    "redo": "edit-redo",
    "search": "edit-find",
}
SIZES = (16, 22, 24, 32, 48)


def action_icon(name: str, palette: QPalette, prefer_theme: bool = True) -> QIcon:
    """The icon for ``name`` (a file stem in resources/icons/actions)."""
    theme_name = THEME_NAMES.get(name)
    if prefer_theme and theme_name and QIcon.hasThemeIcon(theme_name):
        return QIcon.fromTheme(theme_name)
    return _drawn(name, palette.color(QPalette.ColorRole.WindowText).name(),
                  palette.color(QPalette.ColorGroup.Disabled,
                                QPalette.ColorRole.WindowText).name())


@cache
def _drawn(name: str, color: str, disabled: str) -> QIcon:
    icon = QIcon()
    source = (paths.resources_dir() / "icons" / "actions" / f"{name}.svg").read_text("utf-8")
    for mode, tint in ((QIcon.Mode.Normal, color), (QIcon.Mode.Disabled, disabled)):
        renderer = QSvgRenderer(QByteArray(source.replace("currentColor", tint).encode()))
        for size in SIZES:
            pixmap = QPixmap(size, size)
            pixmap.fill(QColor(Qt.GlobalColor.transparent))
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon
