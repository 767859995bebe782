"""The reader: a clipping's text with its highlights, entity mentions and bias spans drawn in
place. Marks are drawn as extra selections over the text, so the text itself never changes.

Offsets: the core counts Python characters; Qt counts UTF-16 code units. ``_Positions``
converts between them (they differ only after characters above U+FFFF, such as emoji).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QMouseEvent,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QWidget

from clipper.core.anchors import snap_to_words
from clipper.core.kinds import EntityKind, MarkKind
from clipper.core.records import ClippingDetail, byline

KIND_COLORS: dict[str, str] = {  # keyed by EntityKind (its members are strings)
    EntityKind.PERSON: "#1c7ed6",
    EntityKind.ORGANISATION: "#2b8a3e",
    EntityKind.PLACE: "#e67700",
    EntityKind.COUNTRY: "#c2255c",
    EntityKind.PROGRAMME: "#7048e8",
    EntityKind.OTHER: "#495057",
}


@dataclass(frozen=True)
class MarkRef:
    """A mark under the pointer: ``start`` and ``end`` are offsets into the body, or into the
    title when ``place`` is "title"."""

    kind: MarkKind
    id: int
    start: int
    end: int
    label: str
    place: str = "body"


class _Positions:
    """Body offsets <-> document positions; the body starts at ``base`` (after the header)."""

    def __init__(self, text: str, base: int = 0) -> None:
        # Python indices of characters that take two UTF-16 units.
        self._astral = [i for i, c in enumerate(text) if ord(c) > 0xFFFF]
        self._length = len(text)
        self.base = base

    def to_qt(self, index: int) -> int:
        return self.base + index + bisect.bisect_left(self._astral, index)

    def from_qt(self, position: int) -> int:
        index = position - self.base
        for n, astral in enumerate(self._astral):
            if astral + n < position - self.base:
                index -= 1
            else:
                break
        return max(0, min(index, self._length))


class ReaderText(QTextEdit):
    mark_clicked = Signal(object, QPoint)  # MarkRef, global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setAccessibleName("Clipping text")
        self.document().setDocumentMargin(18)
        self._positions = _Positions("")
        self._title_positions = _Positions("")  # the title is at the top, from position 0
        self._title_length = 0  # the title's length in document positions (0: no title shown)
        self._marks: list[MarkRef] = []
        self._title_marks: list[MarkRef] = []
        self._context_actions: list[QAction] = []
        self._body = ""
        self._header: tuple[str, ...] = ("", "", "")
        self._shown: tuple[ClippingDetail | None, dict[str, str]] | None = None

    def set_context_actions(self, actions: list[QAction]) -> None:
        self._context_actions = actions

    def changeEvent(self, event: QEvent) -> None:
        """A new palette (light and dark switched): the header's muted colour follows."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._shown is not None:
            self.show_clipping(*self._shown)

    def show_clipping(self, detail: ClippingDetail | None, colors: dict[str, str]) -> None:
        """Show ``detail``'s text and marks; keep the scroll position when it is the same one."""
        self._shown = (detail, colors)
        header = (*_header(detail), self.palette().placeholderText().color().name())
        same = detail is not None and (detail.clipping.body, header) == (self._body, self._header)
        scroll = self.verticalScrollBar().value()
        if not same:
            self._body = detail.clipping.body if detail else ""
            self._header = header
            self._write(header, self._body)
        self._draw_marks(detail, colors)
        if same:
            self.verticalScrollBar().setValue(scroll)

    def selected_words(self) -> tuple[str, int, int] | None:
        """Where the selected words are, ("body" or "title", start, end) in core offsets,
        widened to whole words (a drag that stopped inside a word takes all of it); None when
        nothing is selected. A selection that begins above the text counts from the text."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        first, last = cursor.selectionStart(), cursor.selectionEnd()
        if last <= self._title_length:
            title = self._header[0]
            start, end = snap_to_words(title, self._title_positions.from_qt(first),
                                       self._title_positions.from_qt(last))
            return ("title", start, end) if start < end else None
        first = max(first, self._positions.base)
        start, end = snap_to_words(self._body, self._positions.from_qt(first),
                                   self._positions.from_qt(last))
        return ("body", start, end) if start < end else None

    def selection_span(self) -> tuple[int, int] | None:
        """The selected words of the body (see ``selected_words``), or None."""
        picked = self.selected_words()
        return (picked[1], picked[2]) if picked and picked[0] == "body" else None

    def select_span(self, start: int, end: int, place: str = "body") -> None:
        """Select ``start``-``end`` of the body, or of the title when ``place`` is "title"."""
        positions = self._title_positions if place == "title" else self._positions
        if place == "title" and not self._title_length:
            return
        cursor = self.textCursor()
        cursor.setPosition(positions.to_qt(start))
        cursor.setPosition(positions.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)
        self.ensureCursorVisible()

    def select_title_span(self, start: int, end: int) -> None:
        self.select_span(start, end, "title")

    def marks_at(self, index: int) -> list[MarkRef]:
        """The body's marks at body offset ``index``."""
        return [m for m in self._marks if m.start <= index < m.end]

    def marks_at_position(self, position: int) -> list[MarkRef]:
        """The marks at a document position: the title's in the title, the body's below."""
        if position < self._title_length:
            index = self._title_positions.from_qt(position)
            return [m for m in self._title_marks if m.start <= index < m.end]
        if position < self._positions.base:
            return []  # the line of outlet and date
        return self.marks_at(self._positions.from_qt(position))

    # -- drawing -------------------------------------------------------------------------------

    def _write(self, header: tuple[str, ...], body: str) -> None:
        """The title and a line of outlet and date above the body, then the body."""
        self.clear()
        cursor = QTextCursor(self.document())
        base = 0
        self._title_positions = _Positions(header[0])
        self._title_length = 0
        if header[0]:
            title = QTextCharFormat()
            title.setFontWeight(QFont.Weight.Bold)
            title.setFontPointSize(self.font().pointSizeF() * 1.45)
            cursor.insertText(header[0], title)
            self._title_length = cursor.position()
            cursor.insertBlock()
            meta = QTextCharFormat()
            meta.setForeground(self.palette().placeholderText())
            cursor.insertText(header[1], meta)
            cursor.insertBlock()
            cursor.insertBlock()
            base = cursor.position()
        cursor.insertText(body, QTextCharFormat())
        self._positions = _Positions(body, base)
        self._style_headings(cursor.document().findBlock(base))
        self.moveCursor(QTextCursor.MoveOperation.Start)

    def _style_headings(self, block: QTextBlock) -> None:
        """Short lines without closing punctuation are section headings: set them bold."""
        heading = QTextCharFormat()
        heading.setFontWeight(QFont.Weight.Bold)
        heading.setFontPointSize(self.font().pointSizeF() * 1.15)
        while block.isValid():
            text = block.text().strip()
            if text and len(text) < 110 and text[-1] not in ".!?:;,\"”’)»…":
                cursor = QTextCursor(block)
                cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock,
                                    QTextCursor.MoveMode.KeepAnchor)
                cursor.mergeCharFormat(heading)
            block = block.next()

    def _draw_marks(self, detail: ClippingDetail | None, colors: dict[str, str]) -> None:
        self._marks, self._title_marks = [], []
        selections = []
        if detail is not None:
            for view in detail.annotations:
                if view.span:
                    note = view.annotation.note
                    self._marks.append(MarkRef(MarkKind.ANNOTATION, view.annotation.id, *view.span,
                                               f"Highlight{': ' + note if note else ''}"))
                    fmt = QTextCharFormat()
                    fmt.setBackground(QColor(colors.get(view.annotation.color, "#ffe066")))
                    fmt.setForeground(QColor("#111111"))
                    by = byline(view.annotation.created_by, view.annotation.created)
                    if note:
                        fmt.setFontUnderline(True)
                        fmt.setToolTip(f"{note}\n— {by}" if by else note)
                    elif by:
                        fmt.setToolTip(f"Highlighted by {by}")
                    selections.append(self._selection(view.span, fmt))
            for mention in detail.mentions:
                in_title = mention.in_title and mention.title_span and self._title_length
                span = mention.title_span if in_title else mention.span
                if span:
                    kind = mention.entity.kind
                    mark = MarkRef(MarkKind.MENTION, mention.mention.id, *span,
                                   f"{mention.entity.name} ({kind})",
                                   "title" if in_title else "body")
                    (self._title_marks if in_title else self._marks).append(mark)
                    fmt = QTextCharFormat()
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
                    fmt.setUnderlineColor(QColor(KIND_COLORS.get(kind, "#495057")))
                    fmt.setFontUnderline(True)
                    fmt.setForeground(QColor(KIND_COLORS.get(kind, "#495057")))
                    selections.append(self._selection(
                        span, fmt, self._title_positions if in_title else None))
            for bias in detail.bias_notes:
                if bias.span:
                    self._marks.append(MarkRef(MarkKind.BIAS, bias.note.id, *bias.span,
                                               f"Bias: {bias.category.name}"))
                    fmt = QTextCharFormat()
                    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
                    fmt.setUnderlineColor(QColor(bias.category.color))
                    background = QColor(bias.category.color)
                    background.setAlpha(45)
                    fmt.setBackground(background)
                    selections.append(self._selection(bias.span, fmt))
        self.setExtraSelections(selections)

    def _selection(self, span: tuple[int, int], fmt: QTextCharFormat,
                   positions: _Positions | None = None) -> QTextEdit.ExtraSelection:
        positions = positions or self._positions
        selection = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(positions.to_qt(span[0]))
        cursor.setPosition(positions.to_qt(span[1]), QTextCursor.MoveMode.KeepAnchor)
        selection.cursor = cursor
        fmt.setProperty(QTextFormat.Property.FullWidthSelection, False)
        selection.format = fmt
        return selection

    # -- pointer ---------------------------------------------------------------------------------

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        position = self.cursorForPosition(event.position().toPoint()).position()
        marks = self.marks_at_position(position)
        if marks:
            self.mark_clicked.emit(marks[-1], event.globalPosition().toPoint())

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        menu = QMenu(self)
        for mark in self.marks_at_position(self.cursorForPosition(event.pos()).position()):
            action = menu.addAction(f"Edit {mark.label}…")
            action.triggered.connect(
                lambda _=False, m=mark: self.mark_clicked.emit(m, event.globalPos()))
        if menu.actions():
            menu.addSeparator()
        for action in self._context_actions:
            menu.addAction(action)
        menu.addSeparator()
        copy = QAction("Copy", menu)
        copy.setShortcut("Ctrl+C")
        copy.triggered.connect(self.copy)
        copy.setEnabled(self.textCursor().hasSelection())
        menu.addAction(copy)
        menu.exec(event.globalPos())


def _header(detail: ClippingDetail | None) -> tuple[str, str]:
    if detail is None:
        return "", ""
    c = detail.clipping
    parts = [detail.source.name if detail.source else "",
             f"via {detail.via}" if detail.via else "",
             c.published.strftime("%d %B %Y") if c.published else "",
             ", ".join(detail.authors)]
    return c.title, " · ".join(p for p in parts if p) or "Outlet and date unknown"
