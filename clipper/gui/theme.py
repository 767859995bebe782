"""Light and dark palettes; by default the palette follows the system's colour scheme."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

DARK = {
    QPalette.ColorRole.Window: "#202124",
    QPalette.ColorRole.WindowText: "#e8eaed",
    QPalette.ColorRole.Base: "#17181a",
    QPalette.ColorRole.AlternateBase: "#26272b",
    QPalette.ColorRole.ToolTipBase: "#303134",
    QPalette.ColorRole.ToolTipText: "#e8eaed",
    QPalette.ColorRole.Text: "#e8eaed",
    QPalette.ColorRole.Button: "#2b2c30",
    QPalette.ColorRole.ButtonText: "#e8eaed",
    QPalette.ColorRole.BrightText: "#ff6b6b",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.Highlight: "#3f6fb5",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#9aa0a6",
}


def is_dark(choice: str) -> bool:
    """Whether ``choice`` ("system", "light" or "dark") means a dark palette now."""
    if choice == "dark":
        return True
    if choice == "light":
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, choice: str) -> None:
    app.setStyle("Fusion")
    if not is_dark(choice):
        app.setPalette(app.style().standardPalette())
        return
    palette = QPalette()
    for role, color in DARK.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText,
                 QPalette.ColorRole.WindowText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b6f75"))
    app.setPalette(palette)


def follow_system(app: QApplication, choice: Callable[[], str]) -> None:
    """Apply the chosen theme now, and again whenever the system switches light and dark
    (``choice`` is asked each time, so a changed preference is honoured)."""
    apply_theme(app, choice())
    QGuiApplication.styleHints().colorSchemeChanged.connect(
        lambda _scheme: apply_theme(app, choice()))


# Scripts the window must be able to show, and the bundled font (resources/fonts) that covers
# each when the system has none: Chinese, Japanese and Korean (Droid Sans Fallback), Arabic and
# Hebrew (DejaVu Sans), Thai.
_SCRIPT_FONTS = (
    (QFontDatabase.WritingSystem.Korean, "DroidSansFallback.ttf"),
    (QFontDatabase.WritingSystem.SimplifiedChinese, "DroidSansFallback.ttf"),
    (QFontDatabase.WritingSystem.Japanese, "DroidSansFallback.ttf"),
    (QFontDatabase.WritingSystem.Arabic, "DejaVuSans.ttf"),
    (QFontDatabase.WritingSystem.Hebrew, "DejaVuSans.ttf"),
    (QFontDatabase.WritingSystem.Thai, "NotoSansThai-Regular.ttf"),
)


def add_missing_script_fonts() -> list[str]:
    """Give Qt the bundled font of each script no installed font covers (a minimal system
    without CJK fonts would show Korean as empty boxes); returns the files added."""
    from clipper.core import paths

    added: list[str] = []
    for system, name in _SCRIPT_FONTS:
        if QFontDatabase.families(system) or name in added:
            continue
        path = paths.resources_dir() / "fonts" / name
        if path.is_file() and QFontDatabase.addApplicationFont(str(path)) >= 0:
            added.append(name)
    return added
