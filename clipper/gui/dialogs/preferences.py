"""Preferences: library location, appearance, highlight colours, the bias taxonomy, and the
author and organisation printed on briefings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clipper.core.errors import ClipperError
from clipper.core.library import Library
from clipper.gui import settings as S
from clipper.gui.dialogs.common import ok_cancel
from clipper.gui.settings import HIGHLIGHT_COLORS, Settings

AUTHOR_KEY, ORGANISATION_KEY = "briefing.author", "briefing.organisation"


class PreferencesDialog(QDialog):
    def __init__(self, library: Library, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._library, self._settings = library, settings
        tabs = QTabWidget()
        tabs.addTab(self._general_tab(), "General")
        tabs.addTab(self._highlights_tab(), "Highlights")
        tabs.addTab(self._taxonomy_tab(), "Bias taxonomy")
        tabs.addTab(self._briefing_tab(), "Briefings")
        buttons = ok_cancel(self, self._save)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        layout.addWidget(buttons)
        self.resize(640, 460)

    # -- tabs ----------------------------------------------------------------------------------

    def _general_tab(self) -> QWidget:
        page = QWidget()
        self.library_dir = QLineEdit(self._settings.get(S.LIBRARY_DIR) or str(self._library.folder))
        choose = QPushButton("Choose…")
        choose.clicked.connect(self._choose_library)
        row = QHBoxLayout()
        row.addWidget(self.library_dir)
        row.addWidget(choose)
        self.theme = QComboBox()
        for label, value in (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self._settings.get(S.THEME))))
        form = QFormLayout(page)
        form.addRow("Library folder", row)
        form.addRow(QLabel("A new library folder is used from the next start of Clipper."))
        form.addRow("Appearance", self.theme)
        return page

    def _highlights_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.colors: dict[str, str] = {}
        for name in HIGHLIGHT_COLORS:
            self.colors[name] = self._settings.highlight_color(name)
            button = QPushButton(name.capitalize())
            button.setAccessibleName(f"{name} highlight colour")
            _paint(button, self.colors[name])
            button.clicked.connect(lambda _=False, n=name, b=button: self._pick_color(n, b))
            form.addRow(f"{name.capitalize()} highlight", button)
        return page

    def _taxonomy_tab(self) -> QWidget:
        page = QWidget()
        self.taxonomy = QTableWidget(0, 3)
        self.taxonomy.setHorizontalHeaderLabels(["Category", "Colour", "Description"])
        self.taxonomy.horizontalHeader().setStretchLastSection(True)
        self.taxonomy.setColumnWidth(0, 220)
        self.taxonomy.setColumnWidth(1, 70)
        self.taxonomy.cellDoubleClicked.connect(self._edit_category)
        add = QPushButton("Add category…")
        add.clicked.connect(self._add_category)
        layout = QVBoxLayout(page)
        layout.addWidget(QLabel("Double-click a category to rename, recolour or describe it."))
        layout.addWidget(self.taxonomy)
        layout.addWidget(add, 0, Qt.AlignmentFlag.AlignLeft)
        self._fill_taxonomy()
        return page

    def _briefing_tab(self) -> QWidget:
        page = QWidget()
        self.author = QLineEdit(self._library.get_setting(AUTHOR_KEY))
        self.organisation = QLineEdit(self._library.get_setting(ORGANISATION_KEY))
        form = QFormLayout(page)
        form.addRow("Author", self.author)
        form.addRow("Organisation", self.organisation)
        form.addRow(QLabel("Printed on the cover of briefings made from this library."))
        return page

    # -- actions -------------------------------------------------------------------------------

    def _choose_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Library folder", self.library_dir.text())
        if folder:
            self.library_dir.setText(folder)

    def _pick_color(self, name: str, button: QPushButton) -> None:
        color = QColorDialog.getColor(QColor(self.colors[name]), self, f"{name} highlight")
        if color.isValid():
            self.colors[name] = color.name()
            _paint(button, color.name())

    def _fill_taxonomy(self) -> None:
        categories = self._library.list_bias_categories()
        self.taxonomy.setRowCount(len(categories))
        for row, category in enumerate(categories):
            name = QTableWidgetItem(category.name)
            name.setData(Qt.ItemDataRole.UserRole, category.key)
            swatch = QTableWidgetItem()
            swatch.setBackground(QColor(category.color))
            for column, item in enumerate((name, swatch, QTableWidgetItem(category.description))):
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.taxonomy.setItem(row, column, item)

    def _edit_category(self, row: int, column: int) -> None:
        key = self.taxonomy.item(row, 0).data(Qt.ItemDataRole.UserRole)
        try:
            if column == 1:
                color = QColorDialog.getColor(self.taxonomy.item(row, 1).background().color(), self)
                if color.isValid():
                    self._library.update_bias_category(key, color=color.name())
            else:
                field = "name" if column == 0 else "description"
                text, ok = QInputDialog.getText(self, "Bias category", field.capitalize(),
                                                text=self.taxonomy.item(row, column).text())
                if ok and (text.strip() or field == "description"):
                    self._library.update_bias_category(key, **{field: text.strip()})
        except ClipperError as exc:
            QMessageBox.warning(self, "Bias category", str(exc))
        self._fill_taxonomy()

    def _add_category(self) -> None:
        name, ok = QInputDialog.getText(self, "New bias category", "Name")
        if ok and name.strip():
            try:
                self._library.add_bias_category(name)
            except ClipperError as exc:
                QMessageBox.warning(self, "New bias category", str(exc))
            self._fill_taxonomy()

    def _save(self) -> None:
        folder = self.library_dir.text().strip()
        if folder != str(self._library.folder):
            self._settings.set(S.LIBRARY_DIR, folder)
        self._settings.set(S.THEME, self.theme.currentData())
        for name, color in self.colors.items():
            self._settings.set_highlight_color(name, color)
        self._library.set_setting(AUTHOR_KEY, self.author.text().strip())
        self._library.set_setting(ORGANISATION_KEY, self.organisation.text().strip())
        self._settings.sync()
        self.accept()


def _paint(button: QPushButton, color: str) -> None:
    button.setStyleSheet(f"background-color: {color}; color: #111;")
