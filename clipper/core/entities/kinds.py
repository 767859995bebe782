"""The kind of entity a name probably is, for a dialog that tags selected words ("Beijing"
is a place, not a person).

Strongest first: an entity of that name (or alias) already in the library; the gazetteer
(countries, places, organisations, outlets, states and provinces); a city of GeoNames; the
suggestions for the text the words were selected in; the shape of the name itself
("Ministry of ...", "... Island", "President ..."). None when nothing tells.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from clipper.core.entities.cities import city_matcher
from clipper.core.entities.gazetteer import Gazetteer, default_gazetteer
from clipper.core.entities.suggestions import suggest
from clipper.core.entities.tokens import fold_name, tokenize


@dataclass(frozen=True)
class KindGuess:
    kind: str
    reason: str  # "known", "gazetteer", "city", "suggestion" or "shape"
    evidence: str  # for a hint: why we think so


def guess_kind(name: str, known: Mapping[str, str] | None = None, text: str | None = None,
               span: tuple[int, int] | None = None, gazetteer: Gazetteer | None = None
               ) -> KindGuess | None:
    """The kind ``name`` probably has. ``known`` maps the library's entity names and aliases
    to their kinds; ``text`` and ``span`` are where the words were selected, if known."""
    key = fold_name(name)
    if not key:
        return None
    for known_name, kind in (known or {}).items():
        if fold_name(known_name) == key:
            return KindGuess(kind, "known", f"the library\u2019s entity \u2018{known_name}\u2019")
    entry = (gazetteer or default_gazetteer()).lookup(name)
    if entry is not None:
        return KindGuess(entry.kind, "gazetteer", f"in the gazetteer ({entry.source})")
    city = _city(name)
    if city is not None:
        return city
    if text is not None and span is not None:
        found = _in_context(text, span, key)
        if found is not None:
            return found
    return _by_shape(name, key)


def _city(name: str) -> KindGuess | None:
    matches = city_matcher().find(name, tokenize(name))
    if len(matches) == 1 and (matches[0].start, matches[0].end) == (0, len(name.strip())):
        city = matches[0].payload
        return KindGuess("place", "city", f"a city of GeoNames ({city.country})")
    return None


def _in_context(text: str, span: tuple[int, int], key: str) -> KindGuess | None:
    start, end = span
    for suggestion in suggest(text):
        names = {fold_name(n) for n in suggestion.names()}
        covers = any(a <= start and end <= b for a, b in suggestion.spans)
        if covers and key in names:
            return KindGuess(suggestion.kind, "suggestion", suggestion.evidence)
    return None


def _by_shape(name: str, key: str) -> KindGuess | None:
    """What the name alone says: "Ministry of Finance", "Thitu Island", "President Xi"."""
    text = " ".join(name.split())
    # A full stop after it: a title-case line alone would be read as a heading.
    for suggestion in suggest(text + "."):
        if suggestion.reason == "gazetteer":
            continue
        if (0, len(text)) in suggestion.spans:
            return KindGuess(suggestion.kind, "shape", suggestion.evidence)
    return None
