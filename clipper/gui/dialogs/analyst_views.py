"""Views across clippings: one entity (its clippings, the entities named with it, a count per
month), and bias notes by outlet with the user's own credibility notes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QInputDialog,
    QLabel,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from clipper.core.library import Library
from clipper.gui.words import counted


def _close_buttons(dialog: QDialog) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    return buttons


class EntityViewDialog(QDialog):
    def __init__(self, library: Library, entity_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        view = library.entity_view(entity_id)
        self.setWindowTitle(view.entity.name)
        aliases = f" — also {', '.join(view.aliases)}" if view.aliases else ""
        header = QLabel(f"<h3>{view.entity.name}</h3>{view.entity.kind}{aliases}<br>"
                        f"{counted(view.mentions, 'mention', 'mentions')} in "
                        f"{counted(len(view.clippings), 'clipping', 'clippings')}")
        tabs = QTabWidget()
        self.clippings = QListWidget()
        for row in view.clippings:
            self.clippings.addItem(f"{row.date:%Y-%m-%d}  {row.title}  [{row.source or ''}]")
        tabs.addTab(self.clippings, "Clippings")
        company = QListWidget()
        for entity, count in view.co_occurring:
            company.addItem(f"{entity.name} ({entity.kind}): named together in "
                            f"{counted(count, 'clipping', 'clippings')}")
        tabs.addTab(company, "Named with it")
        months = QListWidget()
        most = max((n for _m, n in view.by_month), default=1)
        for month, count in view.by_month:
            months.addItem(f"{month}  {'█' * max(1, round(20 * count / most))} {count}")
        tabs.addTab(months, "By month")
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addWidget(tabs, 1)
        layout.addWidget(_close_buttons(self))
        self.resize(640, 520)


class OutletBiasDialog(QDialog):
    """Counts of bias notes by category for each outlet; double-click to note its credibility."""

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Bias by outlet")
        self._library = library
        self.table = QTableWidget()
        self.table.cellDoubleClicked.connect(self._edit_note)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Bias notes across each outlet's clippings. Double-click an "
                                "outlet to write your own credibility note on it."))
        layout.addWidget(self.table, 1)
        layout.addWidget(_close_buttons(self))
        self.resize(1000, 520)
        self._fill()

    def _fill(self) -> None:
        rows = self._library.bias_by_outlet()
        categories = self._library.list_bias_categories()
        headers = ["Outlet", "Clippings", "Your note"] + [c.name for c in categories]
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(rows))
        self._sources = [row.source for row in rows]
        for r, row in enumerate(rows):
            note = " — ".join(filter(None, [row.source.rating, row.source.note]))
            values = [row.source.name, str(row.clippings), note] + [
                str(row.notes.get(c.key, 0) or "") for c in categories]
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()

    def _edit_note(self, row: int, _column: int) -> None:
        source = self._sources[row]
        rating, ok = QInputDialog.getText(self, source.name, "Credibility (e.g. high, mixed, low)",
                                          text=source.rating or "")
        if not ok:
            return
        note, ok = QInputDialog.getMultiLineText(self, source.name, "Your note on this outlet",
                                                 source.note or "")
        if ok:
            self._library.set_source_note(source.id, rating.strip() or None, note.strip() or None)
            self._fill()
