"""Paragraph styles of a briefing: one place for sizes, colours and keep-with-next rules."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import TableStyle

from clipper.core.briefing.fonts import primary

INK = HexColor("#1d2733")
MUTED = HexColor("#5b6675")
RULE = HexColor("#c5ccd6")
ACCENT = HexColor("#1f5f99")
MARKING = HexColor("#a4262c")
MENTION = "#174a7c"


@dataclass
class Styles:
    cover_kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_label: ParagraphStyle
    cover_value: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    meta: ParagraphStyle
    body: ParagraphStyle
    body_heading: ParagraphStyle
    excerpt: ParagraphStyle
    lede: ParagraphStyle
    attribution: ParagraphStyle
    note: ParagraphStyle
    box: ParagraphStyle
    toc_section: ParagraphStyle
    toc_entry: ParagraphStyle
    figure_label: ParagraphStyle
    figure_value: ParagraphStyle
    index_entry: ParagraphStyle
    source: ParagraphStyle
    small: ParagraphStyle


def make_styles() -> Styles:
    serif, serif_bold = primary("serif"), primary("serif-bold")
    serif_italic = primary("serif-italic")
    sans, sans_bold = primary("sans"), primary("sans-bold")

    def style(name: str, font: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
        kw.setdefault("textColor", INK)
        kw.setdefault("alignment", TA_LEFT)
        kw.setdefault("bulletFontName", font)  # ReportLab's default is Helvetica, not embedded
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading,
                              allowWidows=0, allowOrphans=0, splitLongWords=1, **kw)

    return Styles(
        cover_kicker=style("CoverKicker", sans_bold, 10, 13, textColor=ACCENT, spaceAfter=14),
        cover_title=style("CoverTitle", sans_bold, 26, 32, spaceAfter=10),
        cover_subtitle=style("CoverSubtitle", sans, 14, 19, textColor=MUTED, spaceAfter=6),
        cover_label=style("CoverLabel", sans, 9, 13, textColor=MUTED),
        cover_value=style("CoverValue", sans, 10.5, 14),
        h1=style("H1", sans_bold, 18, 23, spaceAfter=12, keepWithNext=1),
        h2=style("H2", sans_bold, 13, 16.5, spaceBefore=4, spaceAfter=3, keepWithNext=1),
        h3=style("H3", sans_bold, 9.5, 12.5, textColor=ACCENT, spaceBefore=9, spaceAfter=4,
                 keepWithNext=1),
        # uriWasteReduce=0: a long address is broken anywhere to fit the column; ReportLab's
        # breaking at slashes leaves the last part unbreakable, past the page's edge.
        meta=style("Meta", sans, 8.5, 12, textColor=MUTED, keepWithNext=1, uriWasteReduce=0),
        body=style("Body", serif, 10, 14.2, spaceAfter=6),
        body_heading=style("BodyHeading", serif_bold, 10, 14, spaceBefore=4, spaceAfter=3,
                           keepWithNext=1),
        excerpt=style("Excerpt", serif, 10, 14.2, leftIndent=20, bulletIndent=0,
                      bulletFontName=sans_bold, bulletFontSize=8.5, spaceBefore=3,
                      spaceAfter=2),
        lede=style("Lede", serif, 10, 14.2, spaceAfter=4),
        attribution=style("Attribution", sans, 8.5, 12, textColor=MUTED),
        note=style("Note", serif_italic, 9, 12.5, leftIndent=20, textColor=MUTED, spaceAfter=4),
        box=style("Box", sans, 8.8, 12.2),
        toc_section=style("TocSection", sans_bold, 10.5, 14),
        toc_entry=style("TocEntry", serif, 9.5, 12.6),
        figure_label=style("FigureLabel", sans, 9, 12.5, textColor=MUTED),
        figure_value=style("FigureValue", serif, 9.5, 13),
        index_entry=style("IndexEntry", serif, 9.5, 13, leftIndent=14, firstLineIndent=-14,
                          spaceAfter=3),
        source=style("Source", serif, 9, 12.5, leftIndent=22, bulletIndent=0,
                     bulletFontName=sans_bold, bulletFontSize=8.5, spaceAfter=5,
                     uriWasteReduce=0),
        small=style("Small", sans, 8.5, 12, textColor=MUTED, spaceAfter=4),
    )


def table_style(commands: list[tuple]) -> TableStyle:
    """A table style whose cells are set in our sans: a table draws its cell text (and sets
    the font before drawing a cell's paragraphs) in Helvetica unless told otherwise, and
    Helvetica is not embedded."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), primary("sans")), *commands])
