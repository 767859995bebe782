"""One entry per clipping: headline, metadata, bias box, summary, excerpts, full text."""

from __future__ import annotations

from datetime import date

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from clipper.core.anchors import snap_to_words
from clipper.core.briefing.bidi import BidiParagraph, base_level, isolate
from clipper.core.briefing.content import Entry, Mark, bias_text, tint
from clipper.core.briefing.fonts import primary
from clipper.core.briefing.layout import Anchor, LayoutState
from clipper.core.briefing.markup import (
    Markup,
    escape_attribute,
    looks_like_heading,
    paragraph_ranges,
    paragraphs,
)
from clipper.core.briefing.styles import MENTION, RULE, Styles, table_style
from clipper.core.briefing.typography import quoted

BIAS_SYMBOL = "\U0001F79B"  # 🞛, as clipping files flag a publication


def format_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


class EntryWriter:
    def __init__(self, markup: Markup, styles: Styles, state: LayoutState, external: bool,
                 full_text: bool, width: float) -> None:
        self.markup, self.styles, self.state = markup, styles, state
        self.external, self.full_text, self.width = external, full_text, width

    def _p(self, text: str, style: ParagraphStyle, role: str) -> str:
        return self.markup.text(text, role, style.fontName)

    def flowables(self, entry: Entry) -> list[Flowable]:
        s, detail = self.styles, entry.detail
        clipping = detail.clipping
        out: list[Flowable] = [Anchor(entry.key, f"{entry.number}. {clipping.title}", 1,
                                      self.state, entry=entry.number)]
        number = (f'<font color="#1f5f99">'
                  f'{self._p(str(entry.number), s.h2, "sans-bold")}</font>'
                  + self._p("\u2002", s.h2, "sans-bold"))
        out.append(BidiParagraph(number + self._p(clipping.title, s.h2, "sans-bold"), s.h2))
        meta = [x for x in (entry.outlet, detail.via and f"via {detail.via}",
                            ", ".join(detail.authors)) if x]
        when = (format_date(clipping.published) if clipping.published
                else f"captured {format_date(clipping.captured)}")
        line = " \u00b7 ".join(isolate(field) for field in [*meta, when])
        out.append(BidiParagraph(self._p(line, s.meta, "sans"), s.meta))
        if clipping.url:
            link = self.markup.address(clipping.url, "sans", s.meta.fontName, s.meta.fontSize,
                                  self.width)
            out.append(BidiParagraph(link, s.meta))
        if detail.tags and not self.external:
            label = self._p("Tags: ", s.meta, "sans-bold")
            out.append(BidiParagraph(label + self._p(", ".join(detail.tags), s.meta, "sans"),
                                 s.meta))
        if entry.also:
            out.append(self._also(entry))
        out.append(Spacer(1, 6))
        head = len(out)
        if entry.level_notes:
            out.append(self._bias_box(entry))
        if clipping.summary.strip():
            out.append(BidiParagraph(self._p("Summary", s.h3, "sans-bold"), s.h3))
            out += [BidiParagraph(self._p(text, s.body, "serif"), s.body)
                    for text in paragraphs(clipping.summary)]
        if entry.lede:
            out.append(BidiParagraph(self._p("Opening of the article", s.h3, "sans-bold"), s.h3))
            out.append(self._lede(entry))
        if entry.marks:
            title = "Highlights" if self.external else "Highlights and notes"
            out.append(BidiParagraph(self._p(title, s.h3, "sans-bold"), s.h3))
            out += [KeepTogether(self._mark(mark)) for mark in entry.marks]
        if self.full_text and clipping.body.strip():
            out.append(BidiParagraph(self._p("Full text", s.h3, "sans-bold"), s.h3))
            out += self._full_text(entry)
        # The headline, its bias boxes and the start of what follows stay on one page: a
        # headline or a bias box alone at the foot of a page reads as a separate story.
        kept = head + (1 if entry.level_notes else 0) + 2
        out = [KeepTogether(out[:kept]), *out[kept:]]
        out.append(Spacer(1, 16))
        return out

    def _also(self, entry: Entry) -> BidiParagraph:
        """The derived copies folded into this entry: outlet, title, date."""
        s = self.styles
        copies = []
        for detail in entry.also:
            c = detail.clipping
            outlet = detail.source.name if detail.source else "an unnamed outlet"
            copies.append(f"{isolate(outlet)} ({isolate(quoted(c.title))}, "
                          f"{format_date(c.published or c.captured)})")
        label = self._p("Also reported by ", s.meta, "sans-bold")
        return BidiParagraph(label + self._p("; ".join(copies), s.meta, "sans"), s.meta)

    def _lede(self, entry: Entry) -> Table:
        """The article's opening, set off by a rule as quoted matter and signed with the
        outlet's name (or the authors'): the outlet's words, not the analyst's."""
        s, detail = self.styles, entry.detail
        cell: list[Flowable] = [BidiParagraph(self._p(text, s.lede, "serif"), s.lede)
                                for text in entry.lede]
        rtl = base_level(" ".join(entry.lede)) == 1
        source = entry.outlet or ", ".join(detail.authors)
        if detail.via:  # the agency's words, carried by the outlet
            source = f"{source}, via {detail.via}" if source else detail.via
        if source:  # under a right-to-left text, at its right like the text
            style = (ParagraphStyle("AttributionRtl", parent=s.attribution, alignment=TA_RIGHT)
                     if rtl else s.attribution)
            cell.append(BidiParagraph(self._p(f"\u2014 {isolate(source)}", style, "sans"),
                                      style))
        table = Table([[cell]], colWidths=[self.width], hAlign="LEFT", spaceAfter=4)
        table.setStyle(table_style([
            ("LINEAFTER" if rtl else "LINEBEFORE", (0, 0), (0, 0), 2, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 6 if rtl else 12),
            ("RIGHTPADDING", (0, 0), (-1, -1), 12 if rtl else 6),
            ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return table

    def _bias_box(self, entry: Entry) -> Table:
        s = self.styles
        rows: list[list[Flowable]] = []
        commands: list[tuple] = [("LEFTPADDING", (0, 0), (-1, -1), 8),
                                 ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                                 ("TOPPADDING", (0, 0), (-1, -1), 5),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]
        for row, view in enumerate(entry.level_notes):
            color = view.category.color
            color = color if color.startswith("#") and len(color) == 7 else "#868e96"
            head = (f'<font color="{color}">{self._p(BIAS_SYMBOL, s.box, "sans-bold")}</font> '
                    + self._p(view.category.name, s.box, "sans-bold"))
            text = "" if self.external else bias_text(view.note.note, view.category.name)
            body = self._p(text, s.box, "sans") if text else ""
            rows.append([BidiParagraph(head + ("<br/>" + body if body else ""), s.box)])
            commands += [("BACKGROUND", (0, row), (0, row), HexColor(tint(color, 0.88))),
                         ("LINEBEFORE", (0, row), (0, row), 3, HexColor(color))]
        table = Table(rows, colWidths=[self.width], hAlign="LEFT", spaceAfter=6)
        table.setStyle(table_style(commands))
        return table

    def _mark(self, mark: Mark) -> list[Flowable]:
        s = self.styles
        base = s.excerpt.fontName
        quote = self.markup.text(quoted(" ".join(mark.quote.split())), "serif", base)
        if mark.kind == "highlight":
            text = f'<span backColor="{mark.color}">{quote}</span>'
        else:
            text = f'<u color="{mark.color}" width="1.4" offset="-2.4">{quote}</u>'
        if mark.span is None:
            text += self._p("  (no longer found in the clipping's text)", s.excerpt, "sans")
        if base_level(mark.quote) == 1:  # right to left: the number where reading starts
            number = f'<font face="{primary("sans-bold")}">{mark.number}</font>\u2003'
            out: list[Flowable] = [BidiParagraph(number + text, s.excerpt)]
        else:
            out = [BidiParagraph(text, s.excerpt, bulletText=str(mark.number))]
        note = []
        if mark.kind == "bias":
            note.append(f'<font color="{mark.color}">'
                        f'{self.markup.text(mark.category, "sans-bold", s.note.fontName)}</font>')
        if mark.note:
            note.append(self._p(mark.note, s.note, "serif-italic"))
        if mark.author and note:  # a team library's internal briefing: whose note it is
            note.append(self._p(mark.author, s.note, "sans"))
        if note:
            out.append(BidiParagraph(" \u2014 ".join(note), s.note))
        return out

    def _full_text(self, entry: Entry) -> list[Flowable]:
        body = entry.detail.clipping.body
        s = self.styles
        # (start, end, kind, the mark or (entity id, entry number)), white space trimmed
        spans: list[tuple] = []
        for mark in entry.marks:
            if mark.span:
                spans.append((*_trimmed(body, *mark.span), mark.kind, mark))
        for view in entry.detail.mentions:
            if view.span:
                spans.append((*_trimmed(body, *view.span), "mention",
                              (view.entity.id, entry.number)))
        out: list[Flowable] = []
        for start, end in paragraph_ranges(body):
            text = body[start:end]
            heading = looks_like_heading(text) and not any(
                a < end and b > start for a, b, *_ in spans)
            style = s.body_heading if heading else s.body
            role = "serif-bold" if heading else "serif"
            markup = self._marked(body, start, end, spans, style.fontName, role)
            out.append(BidiParagraph(markup, style))
        return out

    def _marked(self, body: str, start: int, end: int, spans: list[tuple], base: str,
                role: str) -> str:
        inside = [sp for sp in spans if sp[0] < end and sp[1] > start]
        # A mark's number follows its last word: a mark made before selections snapped to
        # words may end inside one ("Chin|a"), and its number must not split it.
        number_at = {id(sp): min(end, snap_to_words(body, sp[0], sp[1])[1]) for sp in inside
                     if sp[2] in ("highlight", "bias")}
        cuts = {start, end, *(x for x in number_at.values() if start < x < end)}
        for a, b, *_ in inside:
            cuts.update(x for x in (a, b) if start < x < end)
        points = sorted(cuts)
        out = []
        for a, b in zip(points, points[1:], strict=False):
            active = [sp for sp in inside if sp[0] < b and sp[1] > a]
            for sp in inside:
                if sp[2] == "mention" and sp[0] == a:
                    entity, number = sp[3]
                    out.append(f'<onDraw name="mention" label="{entity}:{number}"/>')
            mention = any(sp[2] == "mention" for sp in active)
            piece = self.markup.text(body[a:b], "serif-bold" if mention else role, base,
                                before=body[start:a], after=body[b:end])
            for sp in active:
                if sp[2] == "highlight":
                    piece = f'<span backColor="{escape_attribute(sp[3].color)}">{piece}</span>'
                elif sp[2] == "bias":
                    color = escape_attribute(sp[3].color)
                    piece = f'<u color="{color}" width="1.4" offset="-2.4">{piece}</u>'
            if mention:
                piece = f'<font color="{MENTION}">{piece}</font>'
            out.append(piece)
            for sp in inside:
                if number_at.get(id(sp)) == b:
                    out.append(f'<super><font face="{primary("sans-bold")}" color="#5b6675">'
                               f'{sp[3].number}</font></super>')
        return "".join(out)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
