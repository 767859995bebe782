"""The sections around the entries: cover, contents, executive summary, entity index,
sources and the method note."""

from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
    Table,
)

from clipper import __version__
from clipper.core.briefing.analyst_sections import key_quotes, outlet_table
from clipper.core.briefing.bidi import BidiParagraph, isolate
from clipper.core.briefing.content import BriefingContent
from clipper.core.briefing.entries import BIAS_SYMBOL, EntryWriter, format_date
from clipper.core.briefing.layout import Anchor, Deferred, LayoutState, TocRow
from clipper.core.briefing.markup import Markup, paragraphs
from clipper.core.briefing.styles import RULE, Styles, table_style
from clipper.core.briefing.typography import quoted

SECTIONS = (("summary", "Executive summary"), ("clippings", "Clippings"),
            ("entities", "Entity index"), ("sources", "Sources"), ("method", "Method"))


def _stop(text: str) -> str:
    """``text`` ending a sentence: a full stop unless it ends with one already, or with ? or !
    ("Islamisten?." read badly in citations)."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "\u2026", "\u3002", "\uff1f", "\uff01")) \
        else text + "."


def period_text(content: BriefingContent) -> str:
    first, last = content.period
    text = (format_date(first) if first.date() == last.date()
            else f"{format_date(first)} \u2013 {format_date(last)}")
    undated = content.undated
    if undated and undated < len(content.entries):
        text += f" ({undated} undated)"
    return text


class StoryWriter:
    def __init__(self, content: BriefingContent, markup: Markup, styles: Styles,
                 state: LayoutState, width: float, today: date) -> None:
        self.content, self.markup, self.styles, self.state = content, markup, styles, state
        self.width, self.today = width, today
        self.options = content.options

    def _p(self, text: str, style: ParagraphStyle, role: str) -> BidiParagraph:
        return BidiParagraph(self.markup.text(text, role, style.fontName), style)

    def _h1(self, key: str, title: str, closed: bool = False) -> list[Flowable]:
        return [Anchor(key, title, 0, self.state, closed=closed), self._p(title, self.styles.h1,
                                                                         "sans-bold")]

    def story(self) -> list[Flowable]:
        entries = EntryWriter(self.markup, self.styles, self.state, self.options.external,
                              self.options.full_text, self.width)
        out = self.cover() + [NextPageTemplate("body"), PageBreak()] + self.contents()
        out += [PageBreak()] + self.summary() + [PageBreak()]
        if self._has_quotes():
            out += self._h1("quotes", "Key quotes") + key_quotes(self.content, self.markup,
                                                                 self.styles)
            out += [PageBreak()]
        out += [Anchor("clippings", "Clippings", 0, self.state)]
        for entry in self.content.entries:
            out += [CondPageBreak(90)] + entries.flowables(entry)
        out += [PageBreak()] + self._h1("entities", "Entity index")
        out.append(Deferred(self.entity_index))
        out += [PageBreak()] + self.sources() + [Spacer(1, 18)] + self.method()
        return out

    # -- cover and contents ------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        s, o = self.styles, self.options
        out: list[Flowable] = [Anchor("cover", "Cover", 0, self.state), Spacer(1, 110),
                               self._p("PRESS BRIEFING", s.cover_kicker, "sans-bold"),
                               self._p(o.title, s.cover_title, "sans-bold")]
        if o.subtitle:
            out.append(self._p(o.subtitle, s.cover_subtitle, "sans"))
        out.append(Spacer(1, 26))
        prepared = ", ".join(x for x in (o.author, o.organisation) if x)
        n = len(self.content.entries)
        rows = [("Period covered", period_text(self.content)),
                ("Clippings", f"{n} clipping{'s' if n != 1 else ''} from "
                              f"{len(self.content.outlets())} outlet"
                              f"{'s' if len(self.content.outlets()) != 1 else ''}"),
                ("Prepared by", prepared), ("Date", format_date(self.today)),
                ("Handling", o.marking),
                ("Edition", "for external readers: private notes and tags left out"
                 if o.external else "")]
        data = [[self._p(label, s.cover_label, "sans"), self._p(value, s.cover_value, "sans")]
                for label, value in rows if value]
        table = Table(data, colWidths=[110, self.width - 110], hAlign="LEFT")
        table.setStyle(table_style([("LINEABOVE", (0, 0), (-1, 0), 0.8, RULE),
                                   ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 5),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
        out.append(table)
        return out

    def contents(self) -> list[Flowable]:
        s = self.styles
        out = self._h1("contents", "Contents")
        sections = list(SECTIONS)
        if self._has_quotes():
            sections.insert(1, ("quotes", "Key quotes"))
        for key, title in sections:
            out.append(TocRow(self._p(title, s.toc_section, "sans-bold"), key,
                              space_before=8))
            if key != "clippings":
                continue
            for entry in self.content.entries:
                base = s.toc_entry.fontName
                text = (self.markup.text(f"{entry.number}.  {entry.detail.clipping.title}", "serif",
                                    base))
                if entry.outlet:
                    text += (f'<font color="#5b6675"> \u2014 '
                             f'{self.markup.text(entry.outlet, "serif-italic", base)}</font>')
                row = BidiParagraph(text, s.toc_entry, align_right=False)  # dots follow it
                out.append(TocRow(row, entry.key, indent=14, space_before=2))
        return out

    # -- executive summary -------------------------------------------------------------------

    def summary(self) -> list[Flowable]:
        s, c = self.styles, self.content
        out = self._h1("summary", "Executive summary")
        texts = paragraphs(self.options.summary)
        out += [self._p(text, s.body, "serif") for text in texts]
        if not texts:
            out.append(self._p("No summary was written for this briefing.", s.small, "sans"))
        out.append(self._p("Key figures", s.h3, "sans-bold"))
        first, last = c.period
        days = (last.date() - first.date()).days + 1
        outlets = c.outlets()
        rows: list[tuple[str, list[Flowable]]] = [
            ("Clippings", [self._p(str(len(c.entries)), s.figure_value, "serif")]),
            ("Outlets", [self._p(f"{len(outlets)}: " + ", ".join(
                f"{name} ({n})" for name, n in outlets[:8]) + (" \u2026" if len(outlets) > 8
                                                              else ""), s.figure_value, "serif")
                if outlets else self._p("none recorded", s.figure_value, "serif")]),
            ("Date span", [self._p(f"{period_text(c)}; {days} day{'s' if days != 1 else ''}",
                                   s.figure_value, "serif")]),
        ]
        top = c.top_entities()
        rows.append(("Entities named most", [self._p(", ".join(
            f"{e.name} ({n})" for e, n in top) if top else "no entities marked",
            s.figure_value, "serif")]))
        bias = c.bias_by_category()
        if bias:
            lines = []
            base = s.figure_value.fontName
            for name, color, n in bias:
                lines.append(f'<font color="{color}">'
                             f'{self.markup.text(BIAS_SYMBOL, "serif", base)}</font> '
                             + self.markup.text(f"{name}: {n}", "serif", base))
            rows.append(("Bias notes by category", [BidiParagraph("<br/>".join(lines),
                                                              s.figure_value)]))
        else:
            rows.append(("Bias notes by category",
                         [self._p("none", s.figure_value, "serif")]))
        data = [[self._p(label, s.figure_label, "sans"), cell] for label, cell in rows]
        table = Table(data, colWidths=[130, self.width - 130], hAlign="LEFT")
        table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 4),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
        out.append(table)
        return out

    # -- at the back -------------------------------------------------------------------------

    def entity_index(self) -> list[Flowable]:
        s, base = self.styles, self.styles.index_entry.fontName
        if not self.content.entities:
            return [self._p("No entities are marked in these clippings.", s.small, "sans")]
        out: list[Flowable] = [self._p(
            "Each person, organisation or place marked in the clippings, with the numbers of "
            "the entries that name it and (in brackets) the pages.", s.small, "sans")]
        for entity in self.content.entities:
            head = self.markup.text(entity.name, "serif-bold", base)
            extra = entity.kind if entity.kind != "other" else ""
            if entity.aliases:
                also = "also " + "; ".join(entity.aliases)
                extra = f"{extra}; {also}" if extra else also
            if extra:
                head += f' <font color="#5b6675">({self.markup.text(extra, "serif", base)})</font>'
            refs = []
            for entry in entity.entries:
                pages = sorted(self.state.mention_pages.get((entity.id, entry.number), set())
                               or {self.state.pages.get(entry.key, 0)})
                where = ("p. " if len(pages) == 1 else "pp. ") + ", ".join(map(str, pages))
                label = f"{entry.number} ({where})"
                link = self.markup.text(label, "serif", base)
                refs.append(self.markup.internal_link(entry.key, link))
            out.append(BidiParagraph(head + " \u2014 " + ", ".join(refs), s.index_entry))
        return out

    def _has_quotes(self) -> bool:
        return self.options.key_quotes and bool(self.content.key_quotes())

    def sources(self) -> list[Flowable]:
        s = self.styles
        out = self._h1("sources", "Sources")
        if self.options.outlet_bias:
            out += outlet_table(self.content, self.markup, s, self.width, self.options.external)
        base = s.source.fontName
        cited = [(f"{entry.number}{'abcdefghijklmnopqrstuvwxyz'[k - 1] if k else ''}.", detail)
                 for entry in self.content.entries
                 for k, detail in enumerate([entry.detail, *entry.also][:27])]
        for number, detail in cited:
            clipping = detail.clipping
            outlet = detail.source.name if detail.source else ""
            parts = []
            if outlet:  # each field isolated: a Hebrew title does not pull the date in
                parts.append(self.markup.text(isolate(_stop(outlet)), "serif-bold", base))
            if detail.via:
                parts.append(self.markup.text(isolate(_stop(f"Via {detail.via}")), "serif", base))
            if detail.authors:
                parts.append(self.markup.text(isolate(_stop(", ".join(detail.authors))), "serif",
                                         base))
            parts.append(self.markup.text(isolate(quoted(_stop(clipping.title))), "serif", base))
            if clipping.published:
                parts.append(f"Published {format_date(clipping.published)}.")
            if clipping.url:
                room = self.width - s.source.leftIndent - 4  # and the full stop after it
                parts.append("<br/>" + self.markup.address(clipping.url, "serif", base,
                                                      s.source.fontSize, room) + ".")
            parts.append(f"Captured {format_date(clipping.captured)}.")
            out.append(BidiParagraph(" ".join(parts), s.source, bulletText=number))
        return out

    def method(self) -> list[Flowable]:
        s, o = self.styles, self.options
        order = ("in the order they were selected in" if o.order == "collection"
                 else "by date, oldest first")
        text = [
            f"This briefing gathers {len(self.content.entries)} press clipping"
            f"{'s' if len(self.content.entries) != 1 else ''} from Clipper, "
            f"{order}. Dates are publication dates where the outlet gave one, otherwise the "
            "date the clipping was captured (UTC).",
            ("Each entry opens with the analyst's summary of the clipping or, where none was "
             "written, with the opening of the article in the outlet's own words, set off by a "
             "rule and signed with the outlet's name. " if o.lede else "")
            + "Each entry gives the excerpts the analyst highlighted, numbered in the order they "
            "appear in the text. Shading marks a highlight; a coloured underline marks a passage "
            "given a bias note, in the colour of its category. Boxes under a headline carry "
            "bias notes on the clipping as a whole."
            + (" In the full text, names marked as entities are set in blue bold, and the "
               "small raised numbers refer to the numbered excerpts." if o.full_text else ""),
            "Bias categories describe how a piece is written (commentary mixed with report, "
            "loaded language, a single source, ...); they are the analyst's reading, not a "
            "verdict on the outlet.",
        ]
        if o.external:
            text.append("This edition is for readers outside the organisation: the analyst's "
                        "private notes and tags are left out.")
        text.append(f"Made with Clipper {__version__} on {format_date(self.today)}.")
        out = self._h1("method", "Method")
        out += [self._p(t, s.body, "serif") for t in text]
        return [KeepTogether(out)]
