"""Preferences: library location, appearance, highlight colours, the bias taxonomy, and the
author and organisation printed on briefings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
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

from clipper.core.library import Library
from clipper.gui import settings as S
from clipper.gui.commands import Command
from clipper.gui.dialogs.common import ok_cancel
from clipper.gui.dialogs.library_choice import LibraryChoice
from clipper.gui.settings import HIGHLIGHT_COLORS, Settings
from clipper.gui.taxonomy_commands import (
    AddBiasCategory,
    BiasCategoryValues,
    DeleteBiasCategory,
    EditBiasCategory,
)

AUTHOR_KEY, ORGANISATION_KEY = "briefing.author", "briefing.organisation"


class PreferencesDialog(QDialog):
    def __init__(self, library: Library, settings: Settings, parent: QWidget | None = None,
                 undo: QUndoStack | None = None,
                 changed: Callable[[int | None], None] | None = None) -> None:
        """Taxonomy changes take effect at once, through ``undo`` when given (so Edit ▸ Undo
        takes them back; ``changed(None)`` redraws the window then); the other settings when
        the dialog is accepted."""
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self._library, self._settings = library, settings
        self._undo = undo
        self._changed = changed or _nothing
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
        self.library_choice = LibraryChoice(self._settings.get(S.LIBRARY_DIR)
                                            or self._library.location)
        self.theme = QComboBox()
        for label, value in (("Follow the system", "system"), ("Light", "light"), ("Dark", "dark")):
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(self._settings.get(S.THEME))))
        form = QFormLayout(page)
        form.addRow("Library", self.library_choice)
        form.addRow(QLabel("Another library is used from the next start of Clipper."))
        form.addRow("Appearance", self.theme)
        self.mark_read = QCheckBox("Mark a clipping read once it has been open for two seconds")
        self.mark_read.setChecked(self._settings.get(S.MARK_READ_ON_OPEN))
        form.addRow("Reading", self.mark_read)
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
        self.delete_category = QPushButton("Delete")
        self.delete_category.setToolTip("Delete the selected category (only when no bias note "
                                        "uses it)")
        self.delete_category.clicked.connect(self._delete_category)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(self.delete_category)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        hint = QLabel("Double-click a category to rename, recolour or describe it. Changes "
                      "apply at once; Edit ▸ Undo takes them back.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.taxonomy)
        layout.addLayout(buttons)
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

    def _category_key(self, row: int) -> str:
        cell = self.taxonomy.item(row, 0)
        return cell.data(Qt.ItemDataRole.UserRole) if cell else ""

    def _edit_category(self, row: int, column: int) -> None:
        key = self._category_key(row)
        category = next(c for c in self._library.list_bias_categories() if c.key == key)
        values = BiasCategoryValues.of(category)
        if column == 1:
            color = QColorDialog.getColor(QColor(category.color), self)
            if color.isValid() and color.name() != category.color:
                self._do(EditBiasCategory(self._library, self._changed, key, values,
                                          replace(values, color=color.name())))
            return
        naming = column == 0
        old = values.name if naming else values.description
        text, ok = QInputDialog.getText(self, "Bias category",
                                        "Name" if naming else "Description", text=old)
        text = text.strip()
        if ok and (text or not naming) and text != old:
            self._do(EditBiasCategory(self._library, self._changed, key, values,
                                      replace(values, name=text) if naming
                                      else replace(values, description=text)))

    def _add_category(self) -> None:
        name, ok = QInputDialog.getText(self, "New bias category", "Name")
        if ok and name.strip():
            self._do(AddBiasCategory(self._library, self._changed, " ".join(name.split())))

    def _delete_category(self) -> None:
        row = self.taxonomy.currentRow()
        if row >= 0:
            key = self._category_key(row)
            self._do(DeleteBiasCategory(self._library, self._changed, key))

    def _do(self, command: Command) -> None:
        """Apply ``command`` (on the undo stack when there is one); a refusal is shown here."""
        refused: list[str] = []
        command.on_error = refused.append  # kept for its undo and redo from the stack, too
        if self._undo is not None:
            self._undo.push(command)
        else:
            command.redo()
        if refused:
            QMessageBox.warning(self, "Bias taxonomy", refused[0])
        self._fill_taxonomy()

    def _save(self) -> None:
        problem = self.library_choice.problem()
        if problem:
            QMessageBox.warning(self, "Library", problem)
            return
        if self.library_choice.password_dropped():
            QMessageBox.information(self, "Library", "The password in the address is not kept "
                                    "in the settings: Clipper asks for it when it opens the "
                                    "library, and can keep it in the system keyring.")
        location = self.library_choice.value()
        if location and location != self._library.location:
            self._settings.set(S.LIBRARY_DIR, location)
        self._settings.set(S.THEME, self.theme.currentData())
        self._settings.set(S.MARK_READ_ON_OPEN, self.mark_read.isChecked())
        for name, color in self.colors.items():
            self._settings.set_highlight_color(name, color)
        if not self._library.read_only:  # a reader of a team library keeps the library's
            self._library.set_setting(AUTHOR_KEY, self.author.text().strip())
            self._library.set_setting(ORGANISATION_KEY, self.organisation.text().strip())
        self._settings.sync()
        self.accept()


def _nothing(_clipping_id: int | None) -> None:
    pass


def _paint(button: QPushButton, color: str) -> None:
    button.setStyleSheet(f"background-color: {color}; color: #111;")
