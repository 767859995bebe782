"""The analyst's sections of a briefing: the key quotes, and the outlets with their bias notes
and the analyst's rating of each."""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from clipper.core.briefing.bidi import BidiParagraph
from clipper.core.briefing.content import BriefingContent
from clipper.core.briefing.entries import BIAS_SYMBOL
from clipper.core.briefing.markup import Markup
from clipper.core.briefing.styles import RULE, Styles, table_style
from clipper.core.briefing.typography import quoted

QUOTE_WORDS = 70  # longer quotations are shortened, with an ellipsis


def key_quotes(content: BriefingContent, m: Markup, s: Styles) -> list[Flowable]:
    """The quotations of the clippings, each with its speaker and a link to its entry."""
    out: list[Flowable] = [BidiParagraph(m.text(
        "Statements quoted in the clippings, with the person or body the clipping attributes "
        "them to (or the clipping's words for a source it does not name). Quotations whose "
        "speaker is not clear are left out. The number refers to the entry.", "sans",
        s.small.fontName), s.small),
        Spacer(1, 4)]
    for entry, quote in content.key_quotes():
        words = quote.text.split()
        text = " ".join(words[:QUOTE_WORDS]) + (" \u2026" if len(words) > QUOTE_WORDS else "")
        said = BidiParagraph(m.text(quoted(text) if quote.direct else text, "serif",
                                    s.excerpt.fontName), s.excerpt, bulletText="\u2014")
        base = s.note.fontName
        if quote.unnamed:  # the clipping's own words for a source it does not name
            who = (m.text("Unnamed source", "serif-bold", base)
                   + m.text(f" ({quote.speaker})", "serif", base))
        else:
            who = m.text(quote.speaker, "serif-bold", base)
        if entry.outlet:
            who += m.text(f", reported by {entry.outlet}", "serif-italic", base)
        who += " (" + m.internal_link(entry.key, m.text(str(entry.number), "serif", base)) + ")"
        out.append(KeepTogether([said, BidiParagraph(who, s.note)]))
    return out


def outlet_table(content: BriefingContent, m: Markup, s: Styles, width: float,
                 external: bool) -> list[Flowable]:
    """Each outlet: its clippings here, their bias notes by category, the analyst's rating
    (and, for an internal audience, the analyst's note on the outlet)."""
    outlets = content.outlet_summaries()
    if not outlets:
        return []
    base = s.figure_value.fontName
    header = [BidiParagraph(m.text(label, "sans-bold", s.figure_label.fontName), s.figure_label)
              for label in ("Outlet", "Clippings", "Bias notes", "Analyst\u2019s rating")]
    rows: list[list[Flowable]] = [header]
    for outlet in outlets:
        notes = "<br/>".join(
            f'<font color="{color}">{m.text(BIAS_SYMBOL, "serif", base)}</font> '
            + m.text(f"{name}: {n}", "serif", base) for name, color, n in outlet.bias)
        rating = m.text(outlet.rating or "not rated", "serif", base)
        if outlet.note and not external:
            rating += "<br/>" + m.text(outlet.note, "serif-italic", base)
        rows.append([BidiParagraph(m.text(outlet.name, "serif-bold", base), s.figure_value),
                     BidiParagraph(str(outlet.clippings), s.figure_value),
                     BidiParagraph(notes or m.text("none", "serif", base), s.figure_value),
                     BidiParagraph(rating, s.figure_value)])
    table = Table(rows, colWidths=[0.28 * width, 0.12 * width, 0.34 * width, 0.26 * width],
                  hAlign="LEFT", repeatRows=1)
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                               ("TOPPADDING", (0, 0), (-1, -1), 4),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    title = BidiParagraph(m.text("Outlets and their bias", "sans-bold", s.h3.fontName), s.h3)
    return [title, table, Spacer(1, 10)]
