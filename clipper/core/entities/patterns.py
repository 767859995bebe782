"""Entity candidates found by the shape of the text, not by a list of names.

People (``people``): a title before a name, a name next to a verb of saying, an appositive,
wire-copy credits. Organisations and programmes (``organisations``): acronyms defined in
parentheses, organisation-shaped phrases, companies listed from context, names before
"strategy" or "framework". Places and ships (``shapes``): "the island of Luzon", "BRP
Datu Cabaylo". ``taken`` are the spans the gazetteer and the known entities
already name; patterns never read them as part of a person's name.
"""

from __future__ import annotations

from clipper.core.entities.organisations import acronym_definitions, organisation_candidates
from clipper.core.entities.people import people_candidates
from clipper.core.entities.shapes import shape_candidates
from clipper.core.entities.textview import Candidate, TextView

__all__ = ["Candidate", "defined_acronyms", "find_candidates"]


def find_candidates(text: str, taken: list[tuple[int, int]] | None = None) -> list[Candidate]:
    """Every candidate the patterns find in ``text`` (duplicates are merged by the caller)."""
    view = TextView(text, taken or [])
    return [*organisation_candidates(view), *people_candidates(view), *shape_candidates(view)]


def defined_acronyms(text: str) -> dict[str, str]:
    """The acronyms ``text`` defines in parentheses, with their long forms."""
    return {c.aliases[0]: c.name for c in acronym_definitions(TextView(text, []))}
