"""What goes into a briefing, read through the ``Library``'s public API only."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from clipper.core.briefing.lede import opening
from clipper.core.briefing.options import BriefingOptions
from clipper.core.entities import Quote
from clipper.core.errors import ExportCancelled, InvalidInputError
from clipper.core.records import BiasNoteView, ClippingDetail, stored_id

if TYPE_CHECKING:
    from clipper.core.library import Library

HIGHLIGHT_TINTS = {"yellow": "#fff0a0", "green": "#cdf0c4", "blue": "#cfe2ff",
                   "pink": "#ffd3e6", "orange": "#ffdcb0"}
_HEX = re.compile(r"^#[0-9a-fA-F]{6}$")


def hex_color(value: str | None, default: str = "#868e96") -> str:
    return value if value and _HEX.match(value) else default


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white (``amount`` 0 = the colour, 1 = white)."""
    color = hex_color(color)
    channels = [int(color[i:i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(c + (255 - c) * amount) for c in channels]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def highlight_tint(color: str) -> str:
    if color in HIGHLIGHT_TINTS:
        return HIGHLIGHT_TINTS[color]
    return tint(color, 0.65) if _HEX.match(color or "") else HIGHLIGHT_TINTS["yellow"]


# Words that say nothing a bias category's name does not ("This publication contains editorial
# commentary or bias from the source", imported from a clipping file's flags).
_FILLER = frozenset("""
this that the a an publication article piece story text report clipping item it its is are be
contains contain includes include has have with some or and of from by source sources bias
""".split())


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W_]+", text.casefold()))


def bias_text(note: str, category: str) -> str:
    """A bias note's text, or "" when it only repeats its category's name ("Editorial
    commentary" / "This publication contains editorial commentary or bias from the source"):
    the reader sees the category alone then."""
    note = note.strip()
    if not note or not _words(note) - _words(category) - _FILLER:
        return ""
    return note


@dataclass
class Mark:
    """A numbered passage of an entry: a highlight or a bias note on a span."""

    number: int
    kind: str  # "highlight" | "bias"
    quote: str
    span: tuple[int, int] | None  # None: the words are no longer in the text
    color: str  # the shade of a highlight, the colour of a bias category
    note: str  # the user's note ("" for an external audience)
    category: str = ""  # the bias category's name
    author: str = ""  # who wrote the note, in a team library ("" for an external audience)


@dataclass(eq=False)
class Entry:
    number: int
    key: str  # the bookmark of the entry: letters and digits only
    detail: ClippingDetail
    marks: list[Mark]
    level_notes: list[BiasNoteView]
    also: list[ClippingDetail] = field(default_factory=list)  # derived copies folded in
    quotes: list[Quote] = field(default_factory=list)
    lede: list[str] = field(default_factory=list)  # the article's opening, by paragraph

    @property
    def date(self) -> datetime:
        return self.detail.clipping.published or self.detail.clipping.captured

    @property
    def outlet(self) -> str:
        return self.detail.source.name if self.detail.source else ""


@dataclass
class IndexedEntity:
    id: int
    name: str
    kind: str
    aliases: list[str]
    entries: list[Entry] = field(default_factory=list)


@dataclass
class OutletSummary:
    """An outlet of the briefing: its clippings here, their bias notes by category (name,
    colour, count) and the analyst's rating and note of the outlet."""

    name: str
    clippings: int
    bias: list[tuple[str, str, int]]
    rating: str
    note: str


@dataclass
class BriefingContent:
    options: BriefingOptions
    entries: list[Entry]
    entities: list[IndexedEntity]

    @property
    def period(self) -> tuple[datetime, datetime]:
        """The first and last publication dates; capture dates only when no clipping has a
        publication date (a clipping captured today must not stretch a week into years)."""
        dates = [e.detail.clipping.published for e in self.entries
                 if e.detail.clipping.published] or [e.date for e in self.entries]
        return min(dates), max(dates)

    @property
    def undated(self) -> int:
        """Clippings without a publication date."""
        return sum(1 for e in self.entries if not e.detail.clipping.published)

    def outlets(self) -> list[tuple[str, int]]:
        counts = Counter(e.outlet for e in self.entries if e.outlet)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    def top_entities(self, most: int = 8) -> list[tuple[IndexedEntity, int]]:
        ranked = sorted(self.entities, key=lambda e: (-len(e.entries), e.name.casefold()))
        return [(e, len(e.entries)) for e in ranked[:most]]

    def key_quotes(self, per_entry: int = 2, most: int = 12) -> list[tuple[Entry, Quote]]:
        """The quotations worth a reader's time: only those with a speaker (a name, or a
        source the clipping leaves unnamed); direct ones and named speakers first, at most
        ``per_entry`` from one clipping, in entry order."""
        chosen = []
        for entry in self.entries:
            spoken = [q for q in entry.quotes if q.speaker.strip()]
            ranked = sorted(spoken, key=lambda q: (  # whole statements before fragments
                not q.direct, q.unnamed, not q.text[:1].isupper(), q.start))[:per_entry]
            chosen += [(entry, q) for q in sorted(ranked, key=lambda q: q.start)]
        return chosen[:most]

    def outlet_summaries(self) -> list[OutletSummary]:
        by_name: dict[str, OutletSummary] = {}
        for entry in self.entries:
            for detail in (entry.detail, *entry.also):
                source = detail.source
                if source is None:
                    continue
                summary = by_name.setdefault(source.name, OutletSummary(
                    source.name, 0, [], source.rating or "", source.note or ""))
                summary.clippings += 1
                counts = Counter((v.category.name, hex_color(v.category.color))
                                 for v in detail.bias_notes)
                merged = Counter({(n, c): k for n, c, k in summary.bias}) + counts
                summary.bias = sorted(((n, c, k) for (n, c), k in merged.items()),
                                      key=lambda item: (-item[2], item[0].casefold()))
        return sorted(by_name.values(), key=lambda o: (-o.clippings, o.name.casefold()))

    def bias_by_category(self) -> list[tuple[str, str, int]]:
        """(category name, colour, number of notes), most first."""
        counts: Counter[tuple[str, str]] = Counter()
        for entry in self.entries:
            for view in entry.detail.bias_notes:
                counts[(view.category.name, hex_color(view.category.color))] += 1
        return [(name, color, n) for (name, color), n in
                sorted(counts.items(), key=lambda item: (-item[1], item[0][0].casefold()))]


def gather(library: Library, clipping_ids: list[int], options: BriefingOptions,
           step: Callable[[int], None], should_stop: Callable[[], bool]) -> BriefingContent:
    """Read the clippings (``step(i)`` after each) and arrange them as the options say."""
    ids = list(dict.fromkeys(clipping_ids))
    if not ids:
        raise InvalidInputError("A briefing needs at least one clipping.")
    details = []
    for done, clipping_id in enumerate(ids, start=1):
        if should_stop():
            raise ExportCancelled("The briefing was cancelled; no file was written.")
        details.append(library.get_clipping(clipping_id))
        step(done)
    if options.order == "date":
        details.sort(key=lambda d: (d.clipping.published or d.clipping.captured, d.clipping.id))
    folded = _folded(details) if options.fold_derived else {}
    kept = [d for d in details if d.clipping.id not in folded]
    entries = [_entry(number, detail, options) for number, detail in enumerate(kept, start=1)]
    by_id = {entry.detail.clipping.id: entry for entry in entries}
    for detail in details:
        if detail.clipping.id in folded:
            by_id[folded[detail.clipping.id]].also.append(detail)
    if options.key_quotes:
        quotes = library.quotes_of([stored_id(entry.detail.clipping) for entry in entries])
        for entry in entries:
            entry.quotes = quotes[stored_id(entry.detail.clipping)]
    aliases = {stored_id(entity): names for entity, names, _ in library.list_entities()}
    return BriefingContent(options, entries, _entities(entries, aliases))


def _folded(details: list[ClippingDetail]) -> dict[int, int]:
    """Each derived copy whose original (or the original's original ...) is in the briefing,
    with that original's id."""
    present = {stored_id(d.clipping): d.clipping.derived_from_id for d in details}
    folded: dict[int, int] = {}
    for clipping_id, parent in present.items():
        root, seen = None, {clipping_id}
        while parent is not None and parent in present and parent not in seen:
            root, seen = parent, seen | {parent}
            parent = present[parent]
        if root is not None:
            folded[clipping_id] = root
    return {c: root for c, root in folded.items() if root not in folded}  # no cycles


def _entry(number: int, detail: ClippingDetail, options: BriefingOptions) -> Entry:
    private = not options.external
    marks: list[Mark] = []
    for highlighted in detail.annotations:
        a = highlighted.annotation
        marks.append(Mark(0, "highlight", a.quote, highlighted.span, highlight_tint(a.color),
                          a.note.strip() if private else "",
                          author=(a.created_by or "") if private and a.note.strip() else ""))
    level_notes: list[BiasNoteView] = []
    for view in detail.bias_notes:
        if view.clipping_level:
            level_notes.append(view)
            continue
        note = view.note
        marks.append(Mark(0, "bias", note.quote or "", view.span,
                          hex_color(view.category.color),
                          bias_text(note.note, view.category.name) if private else "",
                          view.category.name, (note.created_by or "") if private else ""))
    marks.sort(key=lambda m: (m.span is None, m.span or (0, 0), m.kind))
    for position, mark in enumerate(marks, start=1):
        mark.number = position
    clipping = detail.clipping
    lede = (opening(clipping.body, clipping.title)
            if options.lede and not clipping.summary.strip() else [])
    return Entry(number, f"clip{number}", detail, marks, level_notes, lede=lede)


def _entities(entries: list[Entry], aliases: dict[int, list[str]]) -> list[IndexedEntity]:
    found: dict[int, IndexedEntity] = {}
    for entry in entries:
        for view in entry.detail.mentions:
            entity = view.entity
            entity_id = stored_id(entity)
            indexed = found.get(entity_id)
            if indexed is None:
                indexed = found[entity_id] = IndexedEntity(
                    entity_id, entity.name, entity.kind,
                    sorted(aliases.get(entity_id, []), key=str.casefold))
            if not indexed.entries or indexed.entries[-1] is not entry:
                indexed.entries.append(entry)
    return sorted(found.values(), key=lambda e: (e.name.casefold(), e.id))
