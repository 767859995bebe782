"""Pages: the document template, the canvas, and the flowables that know page numbers.

The briefing is laid out in one pass. Page numbers that are only known later (the contents'
page numbers, "page x of y") are PDF form XObjects: drawn by name where they belong and
defined once the number is known (a bookmark's page when it is placed, the page count at
the end). The entity index, which needs the pages of the entries, is built when layout
reaches it (``Deferred``), by which time those pages are known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Paragraph

from clipper.core.briefing.bidi import display, shape
from clipper.core.briefing.fonts import FontChooser, primary, string_width
from clipper.core.briefing.styles import INK, MARKING, MUTED, RULE

NUMBER_WIDTH = 30.0  # the column of page numbers in the contents


class StopLayout(Exception):
    """Raised inside layout when the user cancelled."""


@dataclass
class LayoutState:
    """What layout learns as it goes, and whom it tells."""

    on_entry: Callable[[int], None] = lambda number: None
    should_stop: Callable[[], bool] = lambda: False
    pages: dict[str, int] = field(default_factory=dict)  # bookmark key -> page
    mention_pages: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    outline_level: int = -1

    def mention_drawn(self, canvas: Canvas, kind: str, label: str | None) -> None:
        """The ``<onDraw>`` callback of entity mentions: label is "entity:entry"."""
        if label:
            entity, entry = (int(x) for x in label.split(":"))
            self.mention_pages.setdefault((entity, entry), set()).add(canvas.getPageNumber())


def page_form(key: str) -> str:
    return f"pg{key}"


class BriefingCanvas(Canvas):
    """Defines the "page x of y" labels once the number of pages is known."""

    label_font = "NotoSans-Regular"

    def save(self) -> None:
        if self._code:
            self.showPage()
        total = self._pageNumber - 1
        for page in range(1, total + 1):
            self.beginForm(f"label{page}", lowerx=-200, lowery=-4, upperx=4, uppery=12)
            self.setFont(self.label_font, 8)
            self.setFillColor(MUTED)
            self.drawRightString(0, 0, f"Page {page} of {total}")
            self.endForm()
        self.pages_written = total
        super().save()


class Anchor(Flowable):
    """A bookmark and outline entry where the next flowable starts; defines its page number."""

    keepWithNext = 1

    def __init__(self, key: str, title: str, level: int, state: LayoutState,
                 entry: int | None = None, closed: bool = False) -> None:
        super().__init__()
        self.key, self.title, self.level, self.state = key, title, level, state
        self.entry, self.closed = entry, closed
        self.width = self.height = 0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas, state = self.canv, self.state
        if state.should_stop():
            raise StopLayout()
        canvas.bookmarkHorizontal(self.key, 0, 16)
        level = min(self.level, state.outline_level + 1)
        canvas.addOutlineEntry(self.title, self.key, level=level, closed=self.closed or None)
        state.outline_level = level
        page = canvas.getPageNumber()
        state.pages[self.key] = page
        canvas.saveState()  # so the page has code of its own before a form begins
        canvas.restoreState()
        canvas.beginForm(page_form(self.key), lowerx=-NUMBER_WIDTH, lowery=-4, upperx=2,
                         uppery=14)
        canvas.setFont(primary("sans"), 9.5)
        canvas.setFillColor(INK)
        canvas.drawRightString(0, 0, str(page))
        canvas.endForm()
        if self.entry is not None:
            state.on_entry(self.entry)


class TocRow(Flowable):
    """One line of the contents: a linked title, leader dots and the page number."""

    def __init__(self, paragraph: Paragraph, key: str, indent: float = 0,
                 space_before: float = 0) -> None:
        super().__init__()
        self.paragraph, self.key, self.indent = paragraph, key, indent
        self.space_before = space_before

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width = available_width
        text_width = available_width - self.indent - NUMBER_WIDTH - 8
        _, self.height = self.paragraph.wrap(text_width, available_height)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.space_before

    def draw(self) -> None:
        canvas, para = self.canv, self.paragraph
        para.drawOn(canvas, self.indent, 0)
        widths = para.getActualLineWidths0() or [0]
        lines = len(widths)
        style = para.style
        baseline = self.height - style.fontSize - (lines - 1) * style.leading
        start = self.indent + widths[-1] + 4
        end = self.width - NUMBER_WIDTH - 2
        canvas.saveState()
        if end - start > 6:
            canvas.setStrokeColor(RULE)
            canvas.setLineWidth(0.9)
            canvas.setLineCap(1)
            canvas.setDash(0.1, 3.2)
            canvas.line(start, baseline + 1, end, baseline + 1)
        canvas.translate(self.width, baseline)
        canvas.doForm(page_form(self.key))
        canvas.restoreState()
        canvas.linkRect("", self.key, (self.indent, -2, self.width, self.height), relative=1)


class Deferred(Flowable):
    """Stands for flowables made only when layout reaches it."""

    def __init__(self, make: Callable[[], list[Flowable]]) -> None:
        super().__init__()
        self.make = make

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class BriefingDoc(BaseDocTemplate):
    state: LayoutState

    def beforeDocument(self) -> None:
        self.canv.setNamedCB("mention", self.state.mention_drawn)

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        while flowables and isinstance(flowables[0], Deferred):
            flowables[0:1] = flowables[0].make()


@dataclass
class PageDecor:
    """Header and footer of the body pages."""

    fonts: FontChooser
    title: str
    marking: str
    footer: str

    def cover(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        canvas.saveState()
        if self.marking:
            room = width - doc.leftMargin - doc.rightMargin  # a long marking is cut, not spilt
            self._text(canvas, doc.leftMargin, height - 14 * 2.835, self.marking.upper(),
                       "sans-bold", 9, MARKING, max_width=room)
            self._text(canvas, doc.leftMargin, 12 * 2.835, self.marking.upper(), "sans-bold", 9,
                       MARKING, max_width=room)
        canvas.restoreState()

    def body(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        width, height = doc.pagesize
        left, right = doc.leftMargin, width - doc.rightMargin
        top = height - doc.topMargin + 16
        bottom = doc.bottomMargin - 20
        canvas.saveState()
        mark_width = 0.0
        if self.marking:
            mark_width = self._text(canvas, right, top, self.marking.upper(), "sans-bold", 8,
                                    MARKING, align="right", max_width=(right - left) / 2) + 12
        self._text(canvas, left, top, self.title, "sans", 8, MUTED,
                   max_width=right - left - mark_width)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(left, top - 5, right, top - 5)
        canvas.line(left, bottom + 11, right, bottom + 11)
        if self.footer:
            self._text(canvas, left, bottom, self.footer, "sans", 8, MUTED,
                       max_width=(right - left) * 0.6)
        canvas.saveState()
        canvas.translate(right, bottom)
        canvas.doForm(f"label{canvas.getPageNumber()}")
        canvas.restoreState()
        canvas.restoreState()

    def _text(self, canvas: Canvas, x: float, y: float, text: str, role: str, size: float,
              color: Color, align: str = "left", max_width: float | None = None) -> float:
        """Draw one line of user text in its fonts; cut with an ellipsis when too wide."""
        runs = self.fonts.runs(shape(" ".join(text.split())), role)
        if max_width is not None and string_width(runs, size) > max_width:
            runs = _shorten(self.fonts, runs, role, size, max_width)
        runs = self.fonts.runs(display("".join(run for _name, run in runs)), role)
        width = string_width(runs, size)
        if align == "right":
            x -= width
        canvas.setFillColor(color)
        for name, run in runs:
            canvas.setFont(name, size)
            canvas.drawString(x, y, run)
            x += canvas.stringWidth(run, name, size)
        return width


def _shorten(fonts: FontChooser, runs: list[tuple[str, str]], role: str, size: float,
             max_width: float) -> list[tuple[str, str]]:
    text = "".join(run for _, run in runs)
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        candidate = fonts.runs(text[:middle].rstrip() + "\u2026", role)
        if string_width(candidate, size) <= max_width:
            low = middle
        else:
            high = middle - 1
    return fonts.runs(text[:low].rstrip() + "\u2026", role)


def make_doc(file: object, pagesize: tuple[float, float], decor: PageDecor,
             info: dict[str, object], state: LayoutState) -> BriefingDoc:
    mm = 2.835
    doc = BriefingDoc(file, pagesize=pagesize, leftMargin=22 * mm, rightMargin=22 * mm,
                      topMargin=24 * mm, bottomMargin=22 * mm, lang="en", **info)
    doc.state = state
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    cover = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="cover",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("cover", [cover], onPage=decor.cover),
                          PageTemplate("body", [frame], onPage=decor.body)])
    return doc
