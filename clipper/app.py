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
    from PySide6.QtWidgets import QApplication

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
    library = open_or_recover(folder)
    if library is None:
        return 2
    window = MainWindow(library, settings)
    for warning in library.warnings:
        window.report_error(warning)
    if library.read_only:
        window.setWindowTitle(window.windowTitle() + " (read-only)")
    window.show()
    try:
        return app.exec()
    finally:
        library.close()


def open_or_recover(folder: Path) -> Library | None:
    """Open the library; when another window holds it, offer read-only; when its database is
    damaged, offer its backups (the damaged file is kept beside it, never deleted)."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from clipper.core.errors import LibraryDamagedError, StorageError

    try:
        return Library.open(folder, replay=False)
    except StorageError as exc:
        if exc.reason != "read-only" or not (folder / paths.DATABASE_NAME).exists():
            QMessageBox.critical(None, "Clipper", str(exc))
            return None
        library = Library.open(folder, read_only=True)
        library.warnings.append(f"Clipper may not write in {folder}, so the library is open "
                                "read-only: you can read, search and export.")
        return library
    except LibraryLockedError as exc:
        answer = QMessageBox.question(
            None, "Clipper", f"{exc}\n\nOpen it read-only? You can read and search, and the "
            "window follows the changes made in the other one.")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        return Library.open(folder, read_only=True)
    except LibraryDamagedError as exc:
        if not exc.backups:
            QMessageBox.critical(None, "Clipper", f"{exc}\n\nThere is no backup to restore.")
            return None
        from clipper.core.backup import describe_backups

        infos = describe_backups(folder / paths.BACKUP_DIR)
        labels = [f"{i.created:%Y-%m-%d %H:%M} UTC — {i.reason} ({i.size // 1024:,} KB)"
                  for i in infos]
        choice, ok = QInputDialog.getItem(
            None, "Clipper: the library is damaged",
            f"{exc}\n\nRestore a backup? The damaged database is kept beside it. Changes made "
            "after the backup are not in it.", labels, 0, False)
        if not ok:
            return None
        moved = Library.restore_backup(folder, infos[labels.index(choice)].path)
        library = Library.open(folder, replay=False)
        if moved:
            library.warnings.append(f"The damaged database was kept as {moved}.")
        return library
    except ClipperError as exc:
        QMessageBox.critical(None, "Clipper", str(exc))
        return None


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
