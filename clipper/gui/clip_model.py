"""The clipping list as a Qt item model over the library, loading rows lazily.

The model holds only the ordered ids of what is shown; the rows themselves are fetched a page
at a time when the view first asks for them, so 50,000 clippings cost 50,000 integers until
they are scrolled into view.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from clipper.core.kinds import ReadingStatus
from clipper.core.records import ClippingRow
from clipper.gui.words import counted

PAGE = 200
MIME_IDS = "application/x-clipper-clipping-ids"
COLUMNS = ("Title", "Outlet", "Date", "Tags", "Marks")
TITLE, OUTLET, DATE, TAGS, MARKS = range(len(COLUMNS))
SNIPPET_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex


class RowSource(Protocol):
    """Where the rows come from: the library, or (for the first screen, before the library is
    loaded) a ``QuickReader`` of its folder."""

    def rows(self, ids: list[int]) -> list[ClippingRow]: ...


class ClippingListModel(QAbstractTableModel):
    def __init__(self, library: RowSource, parent: object = None) -> None:
        super().__init__(parent)
        self._library = library
        self._ids: list[int] = []
        self._rows: dict[int, ClippingRow] = {}
        self._snippets: dict[int, str] = {}
        self.reorderable = False  # true while a collection is shown in its own order
        self.searching = False  # rows are search results, with snippets
        # For search results: the snippets of the given ids
        self.snippet_source: Callable[[list[int]], dict[int, str]] | None = None

    # -- content -----------------------------------------------------------------------------

    def set_ids(self, ids: list[int], snippets: dict[int, str] | None = None,
                reorderable: bool = False) -> None:
        """Show ``ids``; ``snippets`` (possibly empty) marks search results, whose missing
        snippets are fetched from ``snippet_source`` as rows come into view."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows.clear()
        self.searching = snippets is not None
        self._snippets = dict(snippets or {})
        self.reorderable = reorderable
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, clipping_id: int) -> int | None:
        try:
            return self._ids.index(clipping_id)
        except ValueError:
            return None

    def refresh_rows(self, ids: list[int] | None = None) -> None:
        """Forget cached rows (all, or those of ``ids``) so they are read again."""
        if ids is None:
            self._rows.clear()
        else:
            for clipping_id in ids:
                self._rows.pop(clipping_id, None)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, MARKS))

    def row_data(self, row: int) -> ClippingRow | None:
        clipping_id = self.id_at(row)
        if clipping_id is None:
            return None
        if clipping_id not in self._rows:
            self._load_page(row)
        return self._rows.get(clipping_id)

    def snippet(self, row: int) -> str:
        clipping_id = self.id_at(row)
        if clipping_id is None or self.snippet_source is None or not self.searching:
            return ""
        if clipping_id not in self._snippets:
            start = row - row % 50
            page = [i for i in self._ids[start:start + 50] if i not in self._snippets]
            self._snippets.update(self.snippet_source(page))
        return self._snippets.get(clipping_id, "")

    def _load_page(self, row: int) -> None:
        start = row - row % PAGE
        wanted = [i for i in self._ids[start:start + PAGE] if i not in self._rows]
        for loaded in self._library.rows(wanted):
            self._rows[loaded.id] = loaded

    # -- Qt model interface ------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self.id_at(index.row())
        if role == SNIPPET_ROLE:
            return self.snippet(index.row())
        row = self.row_data(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(row, index.column())
        column = index.column()
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row, column)
        undated = column == DATE and row.published is None
        if role == Qt.ItemDataRole.FontRole and (undated or (row.status == ReadingStatus.UNREAD
                                                             and column == TITLE)):
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(column == TITLE)
            font.setItalic(undated)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and undated:
            from PySide6.QtGui import QPalette
            from PySide6.QtWidgets import QApplication

            return QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        if self.reorderable:
            return base | Qt.ItemFlag.ItemIsDropEnabled
        return base

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def mimeTypes(self) -> list[str]:
        return [MIME_IDS]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        ids = sorted({self._ids[i.row()] for i in indexes if i.isValid()},
                     key=self._ids.index)
        mime = QMimeData()
        mime.setData(MIME_IDS, ",".join(str(i) for i in ids).encode())
        mime.setText("\n".join(str(i) for i in ids))
        return mime

    def dropped_order(self, mime: QMimeData, row: int) -> list[int] | None:
        """The order after dropping ``mime``'s clippings before ``row`` (collection mode)."""
        if not self.reorderable or not mime.hasFormat(MIME_IDS):
            return None
        moving = decode_ids(mime)
        if row < 0:
            row = len(self._ids)
        before = [i for i in self._ids[:row] if i not in moving]
        after = [i for i in self._ids[row:] if i not in moving]
        return before + [i for i in moving if i in self._ids] + after


def decode_ids(mime: QMimeData) -> list[int]:
    raw = bytes(mime.data(MIME_IDS).data()).decode()
    return [int(part) for part in raw.split(",") if part.strip().isdigit()]


def _tooltip(row: ClippingRow, column: int) -> str | None:
    if column == TITLE:
        return row.title
    if column == DATE and row.published is None:
        return (f"No publication date: captured on {row.captured:%Y-%m-%d}. Set the date in "
                "the details panel.")
    if column == DATE:
        return f"Published {row.published:%Y-%m-%d}; captured {row.captured:%Y-%m-%d}"
    if column == MARKS:
        return (f"{counted(row.annotation_count, 'highlight or note', 'highlights and notes')}, "
                f"{counted(row.bias_count, 'bias note', 'bias notes')}")
    return None


def _display(row: ClippingRow, column: int) -> str:
    if column == TITLE:
        return ("⚑ " if row.flagged else "") + row.title
    if column == OUTLET:
        return row.source or ""
    if column == DATE:
        return row.date.strftime("%Y-%m-%d")
    if column == TAGS:
        return ", ".join(row.tags)
    marks = []
    if row.annotation_count:
        marks.append(f"✎{row.annotation_count}")
    if row.bias_count:
        marks.append(f"◆{row.bias_count}")
    return " ".join(marks)
