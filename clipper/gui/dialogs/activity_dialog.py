"""Library ▸ Activity: a team library's latest changes (who, what, which clipping, when), from
the server's change log, filterable by person; double-click opens the clipping."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clipper.core.library import Library
from clipper.core.records import byline

EVERYONE = "Everyone"


class ActivityDialog(QDialog):
    def __init__(self, library: Library, open_clipping: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Activity")
        self._library, self._open = library, open_clipping
        self.person = QComboBox()
        self.person.setAccessibleName("Whose changes")
        self.person.addItem(EVERYONE)
        self.person.addItems(library.activity_authors())
        self.person.currentIndexChanged.connect(self.fill)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["Who and when", "What", "Clipping"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 190)
        self.table.setColumnWidth(1, 170)
        self.table.cellDoubleClicked.connect(self._open_row)
        self.empty = QLabel()
        row = QHBoxLayout()
        row.addWidget(QLabel("Show the changes of"))
        row.addWidget(self.person, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(760, 520)
        self.fill()

    def fill(self) -> None:
        who = self.person.currentText()
        items = self._library.activity(None if who == EVERYONE else who)
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            gone = item.title is None
            cells = [byline(item.author or "someone", item.at), item.what,
                     f"{item.title} " if not gone else "(deleted since)"]
            for column, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, None if gone else item.clipping_id)
                if column == 2 and not gone:
                    cell.setToolTip(f"{item.title}\n\nDouble-click to open it.")
                self.table.setItem(row, column, cell)
        self.empty.setText("" if items else "No changes recorded yet.")

    def _open_row(self, row: int, _column: int) -> None:
        cell = self.table.item(row, 0)
        clipping_id = cell.data(Qt.ItemDataRole.UserRole) if cell else None
        if clipping_id is not None:
            self._open(clipping_id)
