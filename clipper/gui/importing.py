"""Bringing clipping files into the window's library: the file and folder choosers, the
sample clippings, and what is dropped on the window (files, web links, text)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

from clipper.core import paths
from clipper.gui import settings as S
from clipper.gui.capture import CaptureController, looks_like_url

if TYPE_CHECKING:
    from clipper.core.library import Library
    from clipper.gui.settings import Settings
    from clipper.gui.worker import Worker


class Importer:
    """Opens the import dialog for files the user chose or dropped; ``stored`` is called as
    clippings arrive, ``imported`` when the import ends."""

    def __init__(self, parent: QWidget, library: Library, worker: Worker, settings: Settings,
                 stored: Callable[[], None], imported: Callable[[object], None]) -> None:
        self._parent, self._library, self._worker = parent, library, worker
        self._settings, self._stored, self._imported = settings, stored, imported

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self._parent, "Import clippings",
                                                str(Path.home()),
                                                "Clippings (*.txt *.text *.md);;All files (*)")
        if files:
            self.import_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self._parent, "Import a folder of clippings")
        if folder:
            self.import_paths([folder])

    def import_seeds(self) -> None:
        seeds = paths.seeds_dir()
        if seeds:
            self.import_paths([str(seeds)])
            self._settings.set(S.SEEDS_OFFERED, True)

    def import_paths(self, paths_: list[str]) -> QDialog:
        from clipper.gui.dialogs.import_dialog import ImportDialog

        dialog = ImportDialog(self._library, self._worker, paths_, self._parent)
        dialog.stored.connect(self._stored)
        dialog.finished_import.connect(self._imported)
        dialog.show()
        return dialog

    def drop(self, mime: QMimeData, capture: CaptureController,
             new_clipping: Callable[[str], None]) -> None:
        """Files are imported, a web link captured, other text made a new clipping."""
        files = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        links = [url.toString() for url in mime.urls()
                 if url.scheme().lower() in ("http", "https")]
        if files:
            self.import_paths(files)
        elif links:
            capture.capture_url(links[0])
        elif mime.hasText() and looks_like_url(mime.text()):
            capture.capture_url(mime.text().strip())
        elif mime.hasText():
            new_clipping(mime.text())
