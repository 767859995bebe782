"""The composition root: opens the library, builds the services and the window, hands them in."""

from __future__ import annotations

import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from clipper.core import paths
from clipper.core.address import LibraryLocation, ServerAddress, parse_location
from clipper.core.errors import ClipperError, LibraryLockedError

if TYPE_CHECKING:
    from clipper.core.library import Library
    from clipper.gui.main_window import MainWindow

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


def choose_library_folder(explicit: str | None, remembered: str) -> LibraryLocation:
    """``--library`` wins, then ``CLIPPER_LIBRARY``, then the library chosen in Preferences
    (a folder or a team library's address), then the per-user default."""
    if explicit:
        return paths.resolve_library(explicit)
    import os

    if os.environ.get(paths.LIBRARY_ENV) or not remembered:
        return paths.resolve_library(None)
    return parse_location(remembered)


def run_gui(library_dir: str | None = None) -> int:
    """Start the desktop application; returns the process exit status."""
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from clipper.gui import settings as S
    from clipper.gui.first_screen import load_while_responsive, show_first_screen
    from clipper.gui.settings import Settings
    from clipper.gui.theme import add_missing_script_fonts, follow_system

    logfile = _setup_logging()
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)  # Clipper makes no other kind of application
    app.setApplicationName("Clipper")
    app.setOrganizationName("Clipper")
    app.setDesktopFileName("org.clipper.Clipper")
    icon = paths.resources_dir() / "icons" / "clipper.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    settings = Settings()
    add_missing_script_fonts()
    follow_system(app, lambda: settings.get(S.THEME))
    _install_excepthook(logfile)

    folder = choose_library_folder(library_dir, settings.get(S.LIBRARY_DIR))
    # The newest clippings at once, read without the ORM; the rest loads behind them.
    first = show_first_screen(folder, f"Clipper — {folder}", settings)
    if first is not None:
        log.info("first screen shown: %d clippings listed", first.model.rowCount())
    load_while_responsive(_load_library_code)
    if first is not None and first.closed_by_user:  # closed while loading: no window wanted
        first.dismiss()
        return 0
    from clipper.gui.main_window import MainWindow

    library = open_or_recover(folder)
    status = 2
    while library is not None:
        window = MainWindow(library, settings)
        for warning in library.warnings:
            window.report_error(warning)
        if library.read_only:
            window.setWindowTitle(window.windowTitle() + " (read-only)")
        window.show()
        if first is not None:  # shown first, so the screen never goes blank between them
            first.hand_over(window)
            first = None
        log.info("window shown")
        damage: list[str] = []  # filled when the user asks to restore a backup
        check_database_later(window, library, damage)
        try:
            status = app.exec()
        finally:
            try:
                library.close(flush=not damage)  # a damaged database is not read again
            except Exception:  # closing must not hide the restore the user asked for
                log.exception("closing the library failed")
        library = offer_backups(folder, damage[0]) if damage and isinstance(folder, Path) \
            else None
    if first is not None:  # the library did not open
        first.dismiss()
    return status


def _load_library_code() -> None:
    """The library's code, SQLAlchemy and the models: most of the time to a full window. Only
    modules without Qt widgets are loaded here (a thread beside the window's)."""
    import clipper.core.library  # noqa: F401
    import clipper.core.search  # noqa: F401


def check_database_later(window: MainWindow, library: Library, damage: list[str]) -> None:
    """Read every page of the database on a worker once the window shows (the open looked at
    its header and schema only), then make the daily backup — only of a sound database. When
    it is damaged, say so and offer to close the window and restore a backup; the problem is
    put in ``damage`` when the user accepts."""
    from PySide6.QtWidgets import QMessageBox

    from clipper.core.backup import list_backups

    def checked(outcome: tuple[str | None, str | None]) -> None:
        problem, backup_trouble = outcome
        if backup_trouble:
            window.report_error(backup_trouble)
        if problem is None:
            return
        message = f"The library database in {library.folder} is damaged ({problem})."
        if library.read_only or not list_backups(library.backup_dir):
            hint = ("There is no backup of it. Export what can still be read, with "
                    "'clipper archive export', before changing anything."
                    if not library.read_only else "Restore a backup from the window that "
                    "has the library open for writing.")
            window.report_error(f"{message} {hint}")
            QMessageBox.critical(window, "Clipper: the library is damaged", f"{message}\n\n{hint}")
            return
        answer = QMessageBox.question(
            window, "Clipper: the library is damaged",
            f"{message}\n\nClose this window and restore a backup? The damaged database is "
            "kept beside it; nothing is replaced without your choice.")
        if answer == QMessageBox.StandardButton.Yes:
            damage.append(message)
            window.close()
        else:
            window.report_error(message)

    window.worker.run(_check_then_back_up, library, on_result=checked,
                      on_error=lambda exc: window.report_error(
                          f"The library's database could not be checked: {exc}"))


def _check_then_back_up(library: Library) -> tuple[str | None, str | None]:
    """Worker side: what is wrong with the database, and why the daily backup failed."""
    problem = library.find_database_damage()
    if problem is not None or library.read_only:
        return problem, None
    return None, library.daily_backup()


def open_or_recover(folder: LibraryLocation) -> Library | None:
    """Open the library; when another window holds it, offer read-only; when its database is
    damaged, offer its backups (the damaged file is kept beside it, never deleted). A team
    library asks for its password when the server wants one libpq did not have."""
    from PySide6.QtWidgets import QMessageBox

    from clipper.core.errors import LibraryDamagedError, StorageError
    from clipper.core.library import Library

    if isinstance(folder, ServerAddress):
        return _open_team_library(folder)

    try:  # every page is read later, on a worker: check_database_later
        return Library.open(folder, replay=False, verify=False)
    except StorageError as exc:
        if exc.reason != "read-only" or not (folder / paths.DATABASE_NAME).exists():
            QMessageBox.critical(None, "Clipper", str(exc))
            return None
        try:
            library = Library.open(folder, read_only=True, verify=False)
        except ClipperError as read_exc:
            QMessageBox.critical(None, "Clipper", f"{exc}\n\n{read_exc}")
            return None
        library.warnings.append(f"Clipper may not write in {folder}, so the library is open "
                                "read-only: you can read, search and export.")
        return library
    except LibraryLockedError as exc:
        answer = QMessageBox.question(
            None, "Clipper", f"{exc}\n\nOpen it read-only? You can read and search, and the "
            "window follows the changes made in the other one.")
        if answer != QMessageBox.StandardButton.Yes:
            return None
        try:
            return Library.open(folder, read_only=True, verify=False)
        except ClipperError as read_exc:
            QMessageBox.critical(None, "Clipper", str(read_exc))
            return None
    except LibraryDamagedError as exc:
        return offer_backups(folder, str(exc))
    except ClipperError as exc:
        QMessageBox.critical(None, "Clipper", str(exc))
        return None


def _open_team_library(address: ServerAddress) -> Library | None:
    from PySide6.QtWidgets import QMessageBox

    from clipper.core.credentials import open_with_password
    from clipper.core.library import Library
    from clipper.gui.dialogs.password_dialog import ask_password

    try:
        return open_with_password(
            address, lambda at: Library.open(at, create=False, replay=False),
            lambda why: ask_password(address, why))
    except ClipperError as exc:
        QMessageBox.critical(None, "Clipper", str(exc))
        return None


def offer_backups(folder: Path, problem: str) -> Library | None:
    """Offer the backups of the damaged library in ``folder``; restore the one chosen and
    open it (the damaged database is kept beside it). A backup that is damaged too is refused
    and the others offered again. ``None`` when there is none left or the user declines."""
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    from clipper.core.backup import describe_backups
    from clipper.core.errors import LibraryDamagedError
    from clipper.core.library import Library

    refused: set[Path] = set()
    while True:
        infos = [i for i in describe_backups(folder / paths.BACKUP_DIR) if i.path not in refused]
        if not infos:
            QMessageBox.critical(None, "Clipper", f"{problem}\n\nThere is no backup to restore"
                                 + (" that is sound." if refused else "."))
            return None
        labels = [f"{i.created:%Y-%m-%d %H:%M} UTC — {i.reason} ({i.size // 1024:,} KB)"
                  for i in infos]
        choice, ok = QInputDialog.getItem(
            None, "Clipper: the library is damaged",
            f"{problem}\n\nRestore a backup? The damaged database is kept beside it. Changes "
            "made after the backup are not in it.", labels, 0, False)
        if not ok:
            return None
        chosen = infos[labels.index(choice)].path
        try:
            moved = Library.restore_backup(folder, chosen)
        except LibraryDamagedError as exc:
            refused.add(chosen)
            QMessageBox.warning(None, "Clipper", f"{exc} Choose another.")
            continue
        library = Library.open(folder, replay=False)
        if moved:
            library.warnings.append(f"The damaged database was kept as {moved}.")
        return library


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
