"""Names of countries, regions, international bodies and outlets that are entities wherever
they appear.

Countries and their states and provinces come from pycountry (ISO 3166, kept up to date by its
maintainers); the names the press actually uses ("South Korea" for the Republic of Korea,
"ASEAN", "EU", "the Fed"), world regions, major cities, intergovernmental bodies and news
outlets come from the JSON lists in ``resources/gazetteer/``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from clipper.core.entities.tokens import PhraseMatcher, fold_name
from clipper.core.paths import resources_dir

# Subdivision types worth naming in the news (states, provinces ...), not districts or parishes.
_SUBDIVISION_TYPES = frozenset({
    "State", "Province", "Prefecture", "Land", "Territory", "Union territory",
    "Autonomous region", "Special administrative region", "Autonomous community",
    "Autonomous province", "Federal district", "Capital territory"})
# Countries whose states and provinces the press names in English as pycountry spells them.
_SUBDIVISION_COUNTRIES = frozenset({
    "US", "CN", "IN", "JP", "CA", "AU", "DE", "BR", "MX", "ID", "PK", "NG", "ZA", "TH", "VN",
    "PH", "MY", "MM", "ES", "TR", "AR", "CO", "ET", "SD", "SS", "AF", "IQ"})
# Words that name a subdivision somewhere but mean something else in running text.
_AMBIGUOUS = frozenset(fold_name(w) for w in (
    "Central", "North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western",
    "Centre", "Center", "Capital", "Coast", "Lakes", "Plateau", "Upper", "Lower", "Islands",
    "Island", "Highlands", "Mountain", "Valley", "River", "Rivers", "Delta", "Sea", "Lake",
    "Victoria", "Georgia", "Washington", "Unity", "Liberty", "Isabela", "Constantine", "Nord",
    "Sud", "Oriental", "Occidental", "Free State", "North-West", "Distrito Federal", "Chin",
    "Saga", "Hidalgo", "Mon", "Kachin State"))
_CN_SUFFIX = re.compile(r"\s+(?:Sheng|Shi|(?:\S+\s+)?Zizhiqu|Tebie Xingzhengqu)$")
_BRACKETS = re.compile(r"\s*[\[(].*?[\])]")


@dataclass(frozen=True)
class GazetteerEntry:
    name: str
    kind: str  # an entity kind: country, place, organisation ...
    aliases: tuple[str, ...]
    source: str  # "country" | "subdivision" | the list it came from


class Gazetteer:
    """The entries, and one matcher over all their names and aliases."""

    def __init__(self, entries: list[GazetteerEntry],
                 demonyms: dict[str, GazetteerEntry] | None = None) -> None:
        self.entries = entries
        self.matcher = PhraseMatcher()
        # "Indonesian" -> Indonesia: a country named by its adjective before an office
        self.demonyms = PhraseMatcher()
        for word, entry in (demonyms or {}).items():
            self.demonyms.add(word, entry)
        seen: set[str] = set()
        for entry in entries:  # earlier lists win a name they share with later ones
            for phrase in (entry.name, *entry.aliases):
                key = fold_name(phrase) + ("\0" if phrase.isupper() else "")
                if key not in seen:
                    seen.add(key)
                    self.matcher.add(phrase, entry)

    def lookup(self, name: str) -> GazetteerEntry | None:
        key = fold_name(name)
        for entry in self.entries:
            if key in {fold_name(n) for n in (entry.name, *entry.aliases)}:
                return entry
        return None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer from pycountry and ``resources/gazetteer`` (read once per process)."""
    folder = resources_dir() / "gazetteer"
    entries = _countries(folder / "countries.json")
    demonyms = _demonyms(folder / "countries.json", entries)
    for name in ("organisations.json", "outlets.json", "companies.json", "places.json"):
        entries += _listed(folder / name)
    entries += _subdivisions()
    return Gazetteer(entries, demonyms)


def _demonyms(path: Path, countries: list[GazetteerEntry]) -> dict[str, GazetteerEntry]:
    import pycountry

    data = json.loads(path.read_text(encoding="utf-8"))
    by_name = {entry.name: entry for entry in countries}
    out = {}
    for code, words in data.get("demonyms", {}).items():
        country = pycountry.countries.get(alpha_2=code)
        names = [data["short_names"].get(code), *(getattr(country, a, None) for a in (
            "common_name", "name", "official_name"))] if country else []
        entry = next((by_name[n] for n in names if n in by_name), None)
        if entry is not None:
            out.update(dict.fromkeys(words, entry))
    return out


def _countries(path: Path) -> list[GazetteerEntry]:
    import pycountry

    extra = json.loads(path.read_text(encoding="utf-8"))
    short, aliases = extra["short_names"], extra["aliases"]
    entries = []
    for country in pycountry.countries:
        code = country.alpha_2
        names = [short.get(code), getattr(country, "common_name", None), country.name,
                 getattr(country, "official_name", None), *aliases.get(code, [])]
        usable = [n for n in names if n and "," not in n and "(" not in n]
        if not usable:
            continue
        name = usable[0]
        rest = tuple(dict.fromkeys(n for n in usable[1:] if n != name))
        entries.append(GazetteerEntry(name, "country", rest, "country"))
    return entries


def _listed(path: Path) -> list[GazetteerEntry]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [GazetteerEntry(item["name"], item.get("kind", data["kind"]),
                           tuple(item.get("aliases", ())), path.stem)
            for item in data["entries"]]


def _subdivisions() -> list[GazetteerEntry]:
    import pycountry

    entries = []
    for subdivision in pycountry.subdivisions:
        if (subdivision.type not in _SUBDIVISION_TYPES
                or subdivision.country_code not in _SUBDIVISION_COUNTRIES):
            continue
        name = _CN_SUFFIX.sub("", _BRACKETS.sub("", subdivision.name)).strip()
        if len(name) < 4 or fold_name(name) in _AMBIGUOUS or "," in name:
            continue
        entries.append(GazetteerEntry(name, "place", (), "subdivision"))
    return entries
