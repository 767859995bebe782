"""The composition root: opens the library, builds the services and the window, hands them in."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from clipper.core import paths
from clipper.core.errors import ClipperError, LibraryLockedError
from clipper.core.library import Library

log = logging.getLogger("clipper")


def _setup_logging() -> Path | None:
    try:
        folder = paths.log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        logfile = folder / "clipper.log"
        logging.basicConfig(filename=logfile, level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        return logfile
    except OSError:
        logging.basicConfig(level=logging.WARNING)
        return None


def choose_library_folder(explicit: str | None, remembered: str) -> Path:
    """``--library`` wins, then ``CLIPPER_LIBRARY``, then the folder chosen in Preferences,
    then the per-user default."""
    if explicit:
        return paths.resolve_library_dir(explicit)
    import os

    if os.environ.get(paths.LIBRARY_ENV) or not remembered:
        return paths.resolve_library_dir(None)
    return Path(remembered).expanduser()


def run_gui(library_dir: str | None = None) -> int:
    """Start the desktop application; returns the process exit status."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication, QMessageBox

    from clipper.gui import settings as S
    from clipper.gui.main_window import MainWindow
    from clipper.gui.settings import Settings
    from clipper.gui.theme import follow_system

    logfile = _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Clipper")
    app.setOrganizationName("Clipper")
    app.setDesktopFileName("org.clipper.Clipper")
    icon = paths.resources_dir() / "icons" / "clipper.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    settings = Settings()
    follow_system(app, lambda: settings.get(S.THEME))
    _install_excepthook(logfile)

    folder = choose_library_folder(library_dir, settings.get(S.LIBRARY_DIR))
    try:
        library = Library.open(folder, replay=False)
    except LibraryLockedError as exc:
        answer = QMessageBox.question(
            None, "Clipper", f"{exc}\n\nOpen it read-only? You can read and search, but not "
            "change anything.")
        if answer != QMessageBox.StandardButton.Yes:
            return 1
        library = Library.open(folder, read_only=True)
    except ClipperError as exc:
        QMessageBox.critical(None, "Clipper", str(exc))
        return 2
    window = MainWindow(library, settings)
    if library.read_only:
        window.setWindowTitle(window.windowTitle() + " (read-only)")
    window.show()
    try:
        return app.exec()
    finally:
        library.close()


def _install_excepthook(logfile: Path | None) -> None:
    """Errors nobody caught: logged, and shown to the user instead of killing the window."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        from PySide6.QtWidgets import QApplication, QMessageBox

        log.error("unexpected error", exc_info=(kind, exc, tb))
        if isinstance(exc, ClipperError):
            message = str(exc)
        else:
            where = f" Details are in {logfile}." if logfile else ""
            message = f"Something went wrong: {exc!r}.{where}"
            traceback.print_exception(kind, exc, tb)
        if QApplication.instance() is not None:
            QMessageBox.warning(QApplication.activeWindow(), "Clipper", message)

    sys.excepthook = hook
