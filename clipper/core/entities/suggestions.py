"""Entity suggestions for one text: what it names, of what kind, where, and why we think so.

Three sources, strongest first: the entities the user has tagged before ("label once, apply
everywhere"), the gazetteer, and the patterns. Suggestions for the same name (or for a name
and its alias) are merged; where two suggestions claim overlapping words the longer span wins
("China Development Bank" over "China"), then the stronger source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from clipper.core.entities.cities import find_cities
from clipper.core.entities.gazetteer import Gazetteer, default_gazetteer
from clipper.core.entities.parentheses import OtherName, other_names
from clipper.core.entities.patterns import Candidate, defined_acronyms, find_candidates
from clipper.core.entities.textview import TextView
from clipper.core.entities.tokens import (
    PhraseMatch,
    PhraseMatcher,
    Token,
    fold,
    fold_name,
    occurrences,
    tokenize,
)

REASONS = ("known", "gazetteer", "pattern")  # strongest first


@dataclass
class Suggestion:
    """An entity a text probably names. ``spans`` are (start, end) offsets into the text;
    ``aliases`` are the other names it goes by that were found (an acronym, a short form);
    ``reason`` is "known", "gazetteer" or "pattern", ``evidence`` says more for a tooltip."""

    name: str
    kind: str
    spans: list[tuple[int, int]]
    reason: str
    aliases: list[str] = field(default_factory=list)
    evidence: str = ""
    confidence: float = 0.5
    entity_id: int | None = None  # the known entity, when reason == "known"
    # Where the name stands in the clipping's title (offsets into the title, when ``suggest``
    # was given one). Mentions anchor in the body only, so these are shown, never tagged; a
    # name that only the title holds has ``title_spans`` and no ``spans``.
    title_spans: list[tuple[int, int]] = field(default_factory=list)

    @property
    def key(self) -> str:
        return fold_name(self.name)

    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass(frozen=True)
class KnownEntity:
    """An entity of the library with its aliases, as suggestion matching needs it."""

    id: int
    name: str
    kind: str
    aliases: tuple[str, ...] = ()


TITLE_BREAK = "\n\n"  # between the title and the text when both are read


def suggest(text: str, known: Sequence[KnownEntity] = (), outlet: str | None = None,
            gazetteer: Gazetteer | None = None, title: str | None = None) -> list[Suggestion]:
    """The suggestions for ``text``, in the order they first occur.

    With a ``title``, the title is read first, as a reader reads it: a name it holds is
    suggested even when the text never repeats it. ``spans`` stay offsets into ``text`` (the
    body, where mentions are anchored); places in the title are in ``title_spans``."""
    if not title or not title.strip():
        return _suggest(text, known, outlet, gazetteer)
    head = " ".join(title.split()) if "\n" in title else title
    found = _suggest(head + TITLE_BREAK + text, known, outlet, gazetteer)
    shift = len(head) + len(TITLE_BREAK)
    for suggestion in found:
        suggestion.title_spans = [s for s in suggestion.spans if s[1] <= len(head)]
        suggestion.spans = [(a - shift, b - shift) for a, b in suggestion.spans if a >= shift]
    return found


def _suggest(text: str, known: Sequence[KnownEntity], outlet: str | None,
             gazetteer: Gazetteer | None) -> list[Suggestion]:
    gazetteer = gazetteer or default_gazetteer()
    tokens = tokenize(text)
    defined = {k: fold_name(v) for k, v in defined_acronyms(text).items()}
    pool = _Pool()
    for suggestion in _known(text, tokens, known):
        if not _redefined(text, suggestion, defined):
            pool.add(suggestion)
    starts = {t.start: i for i, t in enumerate(tokens)}
    for match in gazetteer.matcher.find(text, tokens):
        entry = match.payload
        surface = text[match.start:match.end]
        if surface in defined and defined[surface] not in map(fold_name, (entry.name,
                                                                           *entry.aliases)):
            continue  # the text defines this acronym as something else
        if entry.source == "companies":
            _add_company(pool, text, tokens, starts, match)
            continue
        pool.add(Suggestion(entry.name, entry.kind, [(match.start, match.end)], "gazetteer",
                            [match.phrase] if match.phrase != entry.name else [],
                            f"in the gazetteer ({entry.source})", 0.9))
    for suggestion in _demonyms(text, tokens, gazetteer):
        pool.add(suggestion)
    if outlet:
        pool.add_outlet(text, tokens, outlet)
    cities = _cities(text, pool)
    taken = [span for s in pool.suggestions for span in s.spans]
    candidates = find_candidates(text, taken)
    singles = [c for c in candidates if c.single]
    for candidate in candidates:
        if not candidate.single:
            pool.add(_from_candidate(candidate))
    for other in other_names(text, tokens, pool.suggestions):
        pool.add_other_name(other)
    everywhere = PhraseMatcher()  # every place each name occurs, not only the first
    for suggestion in pool.suggestions:
        everywhere.add_all(suggestion.names(), suggestion)
    for match in everywhere.find(text, tokens):
        if (match.start, match.end) not in match.payload.spans:
            match.payload.spans.append((match.start, match.end))
    _link_surnames(pool, text, tokens, singles)
    _drop_people_named_like_cities(pool, cities)
    return _resolve_overlaps(pool.suggestions)


# Words after an adjective of nationality that make it name the country: an office or a
# state body ("Indonesian President", "the Malaysian government"), not people or things
# ("Chinese vessel", "Japanese forces").
OFFICES = frozenset("""
president vice prime premier minister ministers ministry ministries government governments
administration authorities officials official embassy consulate ambassador envoy parliament
king queen emperor chancellor military army navy bureau department cabinet leader junta
""".split())
# Words that name an office only when capitalised ("Indonesian Foreign Minister", not
# "Japanese foreign investment").
OFFICES_CAPITALISED = frozenset("foreign defence defense finance trade coast".split())


def _demonyms(text: str, tokens: list[Token], gazetteer: Gazetteer) -> list[Suggestion]:
    """Countries named by their adjective before an office: "Indonesian President ..."."""
    out = []
    starts = {t.start: i for i, t in enumerate(tokens)}
    for match in gazetteer.demonyms.find(text, tokens):
        following = starts[match.start] + len(tokenize(match.phrase))
        if following >= len(tokens) or text[match.end:tokens[following].start] not in (
                " ", "\u00a0") or not _office(tokens[following]):
            continue
        entry = match.payload
        office = tokens[following].text
        out.append(Suggestion(entry.name, entry.kind, [(match.start, match.end)], "gazetteer",
                              [], f"\u2018{match.phrase} {office}\u2019", 0.8))
    return out


# Words after a company's name that name a business of it ("Huawei Cloud", "Alibaba Group").
DIVISIONS = frozenset("""
cloud group holdings technologies technology electronics motors semiconductor semiconductors
bank pay capital financial energy digital labs research securities international mobile
""".split())


def _add_company(pool: _Pool, text: str, tokens: list[Token], starts: dict[int, int],
                 match: PhraseMatch) -> None:
    """A company of the list, with the business that follows its name ("Huawei Cloud"); not
    where the name is a product's maker ("the Airbus A350": a product, not the company)."""
    entry = match.payload
    following = starts[match.start] + len(tokenize(match.phrase))
    nxt = tokens[following] if following < len(tokens) else None
    if nxt is not None and text[match.end:nxt.start] in (" ", "\u00a0"):  # the word joined on
        if any(c.isdigit() for c in nxt.text) and nxt.text[:1].isalnum():
            return  # "Airbus A350", "Huawei P60"
        if nxt.capitalised and fold(nxt.text) in DIVISIONS:
            name = " ".join(text[match.start:nxt.end].split())
            pool.add(Suggestion(name, "organisation", [(match.start, nxt.end)], "gazetteer",
                                [], f"\u2018{nxt.text}\u2019 of {entry.name} (in the gazetteer)",
                                0.85))
            return
    pool.add(Suggestion(entry.name, entry.kind, [(match.start, match.end)], "gazetteer",
                        [match.phrase] if match.phrase != entry.name else [],
                        "in the gazetteer (companies)", 0.9))


def _office(token: Token) -> bool:
    word = fold(token.text)
    return word in OFFICES or (word in OFFICES_CAPITALISED and token.capitalised)


def _cities(text: str, pool: _Pool) -> list[Suggestion]:
    """Cities of GeoNames the text reads as places (see ``cities``)."""
    taken = [span for s in pool.suggestions for span in s.spans]
    places = [span for s in pool.suggestions if s.kind in ("place", "country")
              for span in s.spans]
    added = []
    for match in find_cities(TextView(text, taken), places):
        city = match.payload
        surface = " ".join(text[match.start:match.end].split())
        name = city.name if fold_name(surface) == fold_name(city.name) else surface
        added.append(pool.add(Suggestion(  # "Penang" is not George Town's alias: a state
            name, "place", [(match.start, match.end)], "gazetteer", [],
            f"a city of GeoNames ({city.country}, population {city.population:,})", 0.8)))
    return added


def _drop_people_named_like_cities(pool: _Pool, cities: list[Suggestion]) -> None:
    """A city that shares a word with a person of the text ("Jackson") is not trusted."""
    words = {fold(w) for s in pool.suggestions if s.kind == "person" for w in s.name.split()}
    doubtful = {id(c) for c in cities if c.reason == "gazetteer" and c.kind == "place"
                and any(fold(w) in words for w in c.name.split())}
    pool.suggestions = [s for s in pool.suggestions if id(s) not in doubtful]


def _known(text: str, tokens: list[Token], known: Sequence[KnownEntity]) -> list[Suggestion]:
    found = []
    for match in _known_matcher(tuple(known)).find(text, tokens):
        entity = match.payload
        found.append(Suggestion(entity.name, entity.kind, [(match.start, match.end)], "known",
                                [match.phrase] if match.phrase != entity.name else [],
                                "tagged before", 0.95, entity.id))
    return found


@lru_cache(maxsize=2)
def _known_matcher(known: tuple[KnownEntity, ...]) -> PhraseMatcher:
    """The library's entities to match (kept while they stay the same: a briefing, or the
    panel going from clipping to clipping, matches against the same thousands of names)."""
    matcher = PhraseMatcher()
    for entity in known:
        matcher.add_all((entity.name, *entity.aliases), entity)
    return matcher


def _redefined(text: str, suggestion: Suggestion, defined: dict[str, str]) -> bool:
    """Whether the words of a known entity's match are an acronym the text defines as
    something else ("BIS" as the Bureau of Industry and Security, not the bank)."""
    start, end = suggestion.spans[0]
    surface = text[start:end]
    return surface in defined and defined[surface] not in map(fold_name, suggestion.names())


def _from_candidate(candidate: Candidate) -> Suggestion:
    return Suggestion(candidate.name, candidate.kind, list(candidate.spans), "pattern",
                      list(candidate.aliases), candidate.evidence, candidate.confidence)


class _Pool:
    """Suggestions merged by name: a name or alias of one is never the name of another."""

    def __init__(self) -> None:
        self.suggestions: list[Suggestion] = []
        self._by_key: dict[str, Suggestion] = {}

    def add(self, new: Suggestion) -> Suggestion:
        found = next((self._by_key[k] for k in _keys(new) if k in self._by_key), None)
        if found is None:
            found = new
            self.suggestions.append(new)
        else:
            _merge(found, new)
        for key in _keys(found):
            self._by_key.setdefault(key, found)
        return found

    def add_other_name(self, other: OtherName) -> None:
        """Another name of a suggestion, found in parentheses beside it."""
        target = other.target
        if not isinstance(target, Suggestion) or target not in self.suggestions:
            return
        absorbed = other.absorbed
        if isinstance(absorbed, Suggestion) and absorbed in self.suggestions:
            self.suggestions.remove(absorbed)
            _merge(target, absorbed)
        elif fold_name(other.name) not in {fold_name(n) for n in target.names()}:
            target.aliases.append(other.name)
            target.spans = sorted({*target.spans, other.span})
        note = f"\u2018{other.name}\u2019 in parentheses beside it"
        target.evidence = f"{target.evidence}; {note}" if target.evidence else note
        for key in _keys(target):
            self._by_key[key] = target

    def add_outlet(self, text: str, tokens: list[Token], outlet: str) -> None:
        names = [outlet]
        if outlet.lower().startswith("the "):
            names.append(outlet[4:])
        spans = sorted({span for name in names for span in occurrences(text, name, tokens)})
        if spans:
            self.add(Suggestion(outlet, "organisation", spans, "pattern", [],
                                "the clipping\u2019s outlet", 0.9))


_HEAD_OF = re.compile(r"^(?:.* )?(department|ministry|bureau|office) of (?:the )?(.+)$")
_X_HEAD = re.compile(r"^(.+) (department|ministry|bureau|office)$")


def _keys(suggestion: Suggestion) -> list[str]:
    """The keys a suggestion is merged by: its names, and for "Department of Commerce" and
    "Commerce Department" (also "U.S. Department of Commerce") one key in common."""
    keys = [fold_name(n) for n in suggestion.names()]
    if suggestion.kind == "organisation":
        for key in list(keys):
            head_of, x_head = _HEAD_OF.match(key), _X_HEAD.match(key)
            if head_of:
                keys.append(f"{head_of.group(1)} of {head_of.group(2)}")
            elif x_head:
                keys.append(f"{x_head.group(2)} of {x_head.group(1)}")
    return keys


def _merge(into: Suggestion, new: Suggestion) -> None:
    if REASONS.index(new.reason) < REASONS.index(into.reason):
        into.reason, into.kind, into.entity_id = new.reason, new.kind, new.entity_id
    into.spans = sorted(set(into.spans) | set(new.spans))
    folded = {fold_name(n) for n in into.names()}
    for alias in new.names():
        if fold_name(alias) not in folded:
            into.aliases.append(alias)
            folded.add(fold_name(alias))
    if new.evidence and new.evidence not in into.evidence:
        into.evidence = f"{into.evidence}; {new.evidence}" if into.evidence else new.evidence
    into.confidence = max(into.confidence, new.confidence)


def _link_surnames(pool: _Pool, text: str, tokens: list[Token],
                   singles: list[Candidate]) -> None:
    """Give each person found by a full name the places where one part of it stands alone
    ("Zhao said" for Zhao Yiping). A part two people share is left alone; a lone name that
    belongs to nobody found in full is dropped."""
    owners: dict[str, list[Suggestion]] = {}
    for suggestion in pool.suggestions:
        parts = suggestion.name.split()
        if suggestion.kind == "person" and len(parts) >= 2:
            for part in {parts[0], parts[-1]}:
                owners.setdefault(part, []).append(suggestion)
    lone = {c.name for c in singles}
    for part, people in owners.items():
        if len(people) != 1 or len(part) < 2:
            continue
        person = people[0]
        spans = occurrences(text, part, tokens)
        if part not in lone and not spans:
            continue
        extra = [s for s in spans if not any(a <= s[0] < b for a, b in person.spans)]
        if extra:
            person.spans = sorted(set(person.spans) | set(extra))
            note = f"\u2018{part}\u2019 alone refers to {person.name}"
            person.evidence = f"{person.evidence}; {note}" if person.evidence else note


def _resolve_overlaps(suggestions: list[Suggestion]) -> list[Suggestion]:
    claims = sorted(((span, s) for s in suggestions for span in s.spans),
                    key=lambda c: (-(c[0][1] - c[0][0]), REASONS.index(c[1].reason),
                                   -c[1].confidence, c[0][0]))
    kept: list[tuple[int, int]] = []
    won: dict[int, list[tuple[int, int]]] = {}
    for span, suggestion in claims:
        if any(span[0] < b and a < span[1] for a, b in kept):
            continue
        kept.append(span)
        won.setdefault(id(suggestion), []).append(span)
    out = []
    for suggestion in suggestions:
        spans = sorted(won.get(id(suggestion), []))
        if spans:
            suggestion.spans = spans
            out.append(suggestion)
    return sorted(out, key=lambda s: (s.spans[0], s.name))
