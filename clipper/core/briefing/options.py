"""What a briefing is asked to be (``BriefingOptions``) and what came of it (``BriefingResult``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.pagesizes import A4, LETTER

from clipper.core.errors import InvalidInputError

AUDIENCES = ("internal", "external")
PAGE_SIZES = {"A4": A4, "Letter": LETTER}
ORDERS = ("collection", "date")


@dataclass
class BriefingOptions:
    """How to make a briefing.

    ``audience="external"`` leaves out everything private: the notes on highlights, the free
    text of bias notes, tags and note authors. ``order="collection"`` keeps the order the ids
    were given in; ``"date"`` sorts oldest first. ``full_text`` adds each clipping's whole text
    after its excerpts. ``key_quotes`` adds a "Key quotes" section of the quotations found
    in the clippings, with their speakers. ``fold_derived`` lists a clipping marked as derived
    from another clipping of the briefing under that one ("Also reported by ...") instead of
    giving it an entry of its own. ``outlet_bias`` adds a table of the outlets with their bias
    notes and the analyst's rating of each to the sources. ``lede`` gives each entry whose
    clipping has no summary of the analyst's the opening of the article (its first paragraph
    or two, cut at a sentence end), set apart and attributed to the outlet; without it such
    an entry is a bare citation unless it has highlights.
    """

    title: str = "Press briefing"
    subtitle: str = ""
    author: str = ""
    organisation: str = ""
    marking: str = ""
    summary: str = ""
    full_text: bool = False
    audience: str = "internal"
    page_size: str = "A4"
    order: str = "collection"
    date: date | None = None  # the briefing's date; today when not given
    key_quotes: bool = True
    fold_derived: bool = False
    outlet_bias: bool = True
    lede: bool = True

    @property
    def external(self) -> bool:
        return self.audience == "external"

    def validate(self) -> None:
        if self.audience not in AUDIENCES:
            raise InvalidInputError(f"The audience is one of {', '.join(AUDIENCES)}.")
        if self.page_size not in PAGE_SIZES:
            raise InvalidInputError(f"The page size is one of {', '.join(PAGE_SIZES)}.")
        if self.order not in ORDERS:
            raise InvalidInputError(f"The order is one of {', '.join(ORDERS)}.")
        if not " ".join(self.title.split()):
            raise InvalidInputError("A briefing needs a title.")


@dataclass
class BriefingResult:
    path: Path
    clippings: int
    pages: int
    bytes: int
    seconds: float
