"""About Clipper: the version, and the licences of the bundled fonts and libraries."""

from __future__ import annotations

import sys
from importlib import metadata

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from clipper import __version__
from clipper.core import paths

LIBRARIES = ("PySide6-Essentials", "SQLModel", "SQLAlchemy", "alembic", "Whoosh-Reloaded",
             "reportlab", "pypdfium2", "trafilatura", "lxml", "feedparser", "httpx",
             "charset-normalizer", "appdirs", "filelock", "rich", "pycountry")


def library_licences() -> list[tuple[str, str, str]]:
    """(name, version, licence) of each library Clipper is built on that is installed."""
    rows = []
    for name in LIBRARIES:
        try:
            meta = metadata.metadata(name)
        except metadata.PackageNotFoundError:
            continue
        licence = meta.get("License-Expression") or ""
        if not licence or len(licence) > 60:
            classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                           if c.startswith("License ::")]
            licence = ", ".join(classifiers) or (meta.get("License") or "")[:60]
        rows.append((meta.get("Name", name), meta.get("Version", ""), licence or "see package"))
    return rows


class AboutDialog(QDialog):
    def __init__(self, library_folder: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Clipper")
        header = QLabel(
            f"<h2>Clipper {__version__}</h2><p>Organise, annotate and brief from press "
            f"clippings.</p><p>Library: {library_folder}<br>Python {sys.version.split()[0]}, "
            f"Qt {qVersion()}, PySide6 {pyside_version}</p>")
        header.setWordWrap(True)
        tabs = QTabWidget()
        fonts = QTextBrowser()
        readme = paths.resources_dir() / "fonts" / "README.md"
        fonts.setMarkdown(readme.read_text("utf-8") if readme.exists()
                          else "The font notes are missing from this installation.")
        tabs.addTab(fonts, "Fonts")
        rows = library_licences()
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Library", "Version", "Licence"])
        for row, values in enumerate(rows):
            for column, value in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        tabs.addTab(table, "Libraries")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(tabs, 1)
        layout.addWidget(buttons)
        self.resize(720, 560)
