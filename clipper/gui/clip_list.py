"""The clipping list: a table over ``ClippingListModel``; in search mode each title carries its
highlighted snippet underneath."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QPainter,
    QPaintEvent,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
)

from clipper.gui.clip_model import DATE, MARKS, OUTLET, SNIPPET_ROLE, TAGS, TITLE, ClippingListModel

Index = QModelIndex | QPersistentModelIndex


class SnippetDelegate(QStyledItemDelegate):
    """Draws a title and, below it, the search snippet with its matches in bold."""

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText
        if option.rect.width() > 0:  # elide here: some styles wrap selected rows instead
            metrics = QFontMetrics(option.font)
            option.text = metrics.elidedText(option.text, Qt.TextElideMode.ElideRight,
                                             option.rect.width() - 10)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        snippet = index.data(SNIPPET_ROLE)
        if not snippet:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        style = option.widget.style() if option.widget else None
        text_title = option.text
        option.text = ""
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        color = option.palette.color(role).name()
        doc = QTextDocument()
        font = QFont(option.font)
        font.setBold(False)
        doc.setDefaultFont(font)
        doc.setDefaultStyleSheet("b.match { background-color: #ffe066; color: #111; }")
        title = QFontMetrics(option.font).elidedText(text_title, Qt.TextElideMode.ElideRight,
                                                     option.rect.width() - 16)
        doc.setHtml(f'<div style="color:{color}"><b>{_escape(title)}</b><br>'
                    f'<span style="font-size:small">{snippet}</span></div>')
        doc.setTextWidth(option.rect.width() - 8)
        painter.save()
        painter.translate(option.rect.left() + 4, option.rect.top() + 2)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 8, option.rect.height() - 4))
        context = QAbstractTextDocumentLayout.PaintContext()
        doc.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(SNIPPET_ROLE):
            size.setHeight(size.height() * 3 + 6)
        return size


def _escape(text: str) -> str:
    from html import escape

    return escape(text)


class ClippingListView(QTableView):
    """Sorted by date or title through the library; drag clippings out, or within a collection."""

    order_dropped = Signal(list)  # the new order of the shown collection

    def __init__(self, model: ClippingListModel, parent: object = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.empty_text = ""  # said in the middle of an empty list ("No clippings match …")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.setDragEnabled(True)
        self.setAcceptDrops(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setDropIndicatorShown(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.horizontalHeader()
        header.setSectionResizeMode(TITLE, QHeaderView.ResizeMode.Stretch)  # takes the rest
        for column, width in ((OUTLET, 104), (DATE, 82), (TAGS, 64), (MARKS, 44)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setToolTip("Drag a column's edge to widen it; right-click to show or hide columns")
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._column_menu)
        self.setItemDelegateForColumn(TITLE, SnippetDelegate(self))
        self.setAccessibleName("Clippings")

    def _column_menu(self, where: QPoint) -> None:
        """Show or hide the columns other than the title (the window keeps the choice)."""
        header = self.horizontalHeader()
        menu = QMenu(self)
        for column in (OUTLET, DATE, TAGS, MARKS):
            action = menu.addAction(str(self.model().headerData(column, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.popup(header.mapToGlobal(where))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.empty_text and self.model().rowCount() == 0:
            painter = QPainter(self.viewport())
            painter.setPen(self.palette().placeholderText().color())
            painter.drawText(self.viewport().rect().adjusted(16, 16, -16, -16),
                             int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
                                 | Qt.TextFlag.TextWordWrap), self.empty_text)
            painter.end()

    def set_search_mode(self, on: bool) -> None:
        height = self.fontMetrics().height()
        self.verticalHeader().setDefaultSectionSize(height * 4 + 12 if on else height + 10)

    def clippings(self) -> ClippingListModel:
        """The model shown (``model()``, typed)."""
        model = self.model()
        assert isinstance(model, ClippingListModel)
        return model

    def selected_ids(self) -> list[int]:
        model = self.clippings()
        rows = sorted({index.row() for index in self.selectionModel().selectedRows()})
        return [i for i in (model.id_at(r) for r in rows) if i is not None]

    # Dropping onto the list reorders a collection; other drops are the window's business.
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.clippings().reorderable and event.source() is self:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.clippings().reorderable and event.source() is self:
            super().dragMoveEvent(event)
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        model: ClippingListModel = self.model()
        index = self.indexAt(event.position().toPoint())
        row = index.row() if index.isValid() else -1
        if index.isValid() and event.position().y() > self.visualRect(index).center().y():
            row += 1
        order = model.dropped_order(event.mimeData(), row)
        if order is None:
            event.ignore()
            return
        event.setDropAction(Qt.DropAction.CopyAction)  # the view must not remove rows itself
        event.accept()
        self.order_dropped.emit(order)
