"""Quoted statements and who made them.

Recognised shapes: “…,” Zhao said / “…,” said Ana Ruiz / Zhao said: “…” / Zhao said that
China is prepared to “…” / In the words of Zhao Yiping, “…” / according to X, … (reported
speech, to the end of the sentence). A quotation that follows an attributed one in the same
paragraph without an attribution of its own continues it. "he" and "she" are the person named
last before them. Speakers are resolved to the people the text names in full (a suggestion or
a known entity): "Zhao" is Zhao Yiping when he is the only Zhao.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from clipper.core.entities.suggestions import Suggestion
from clipper.core.entities.tokens import fold_name
from clipper.core.entities.vocabulary import SPEECH_VERBS

MIN_WORDS = 4
_VERBS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_QUOTED = re.compile(r"\u201c([^\u201c\u201d]{2,3000})\u201d|\"([^\"\n]{2,3000})\"")
_SPEAKER = (r"(?P<speaker>(?:[Hh]e|[Ss]he|[Tt]hey"
            r"|[^\s\u201c\u201d\",.;:!?()][^\u201c\u201d\",.;:!?()\n]{0,60}?))")
# "… said:" after a quotation introduces the next one, not this one.
_AFTER = re.compile(rf"\s*,?\s*(?:{_SPEAKER}\s+(?P<verb>{_VERBS})\b(?!\s*:)|(?P<verb2>{_VERBS})\s+"
                    rf"(?P<speaker2>[A-Z][^\u201c\u201d\",.;:!?()\n]{{0,60}}?)(?=[,.;:]|\s+\u2014|$))")
_BEFORE = re.compile(rf"(?:{_SPEAKER}\s+(?P<verb>{_VERBS})(?:\s+that)?\s*[:,]?\s*"
                     rf"|(?:[Ii]n the words of|[Aa]ccording to)\s+(?P<speaker2>[^,\u201c\u201d]"
                     rf"{{1,60}}?)\s*,\s*)$")
_SAID_IN_SENTENCE = re.compile(rf"{_SPEAKER}\s+(?P<verb>{_VERBS})\b")
_ACCORDING = re.compile(r"\b[Aa]ccording to (?P<speaker>[^,.;\n\u201c\u201d]{2,60}), "
                        r"(?P<clause>[^\n\u201c\u201d\"]{10,400}?[.!?])(?=\s|$)")
_SENTENCE_START = re.compile(r"[.!?\u201d\"]\s+|\n")
_PRONOUNS = frozenset({"he", "she", "they"})
# Words that stand before "said" without naming anyone ("…, which said: “…”").
_NOT_SPEAKERS = frozenset({"which", "that", "who", "whom", "it", "this", "these", "those",
                           "what", "there", "here", "one", "someone", "anyone", "nobody"})
_LEADING = re.compile(r"^(?:and|but|as|while|so|then|also)\s+", re.IGNORECASE)


@dataclass
class Quote:
    """A statement and its speaker. ``start``/``end`` span the words inside the quotation
    marks (or the reported clause); ``speaker`` is the resolved name when ``entity_id`` or
    a person of the text was found, else the words that name the speaker."""

    text: str
    start: int
    end: int
    speaker: str
    speaker_span: tuple[int, int] | None
    entity_id: int | None = None
    direct: bool = True  # False for reported speech ("according to X, ...")


def find_quotes(text: str, people: Sequence[Suggestion] = ()) -> list[Quote]:
    """The attributed quotations of ``text``, in order. ``people`` are the persons it names
    (suggestions of kind person, known entities among them)."""
    resolver = _Resolver(people)
    quotes: list[Quote] = []
    last: Quote | None = None
    for match in _QUOTED.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.start(group), match.end(group)
        start, end = _trimmed(text, start, end)
        words = text[start:end]
        if len(words.split()) < MIN_WORDS:
            continue
        found = _attribution(text, match.start(), match.end())
        if found is None:
            continue_from = last if last and _continues(text, last, match.start()) else None
            if continue_from is None:
                continue
            quote = Quote(words, start, end, continue_from.speaker,
                          continue_from.speaker_span, continue_from.entity_id)
        else:
            speaker, span = found
            quote = resolver.quote(words, start, end, speaker, span, last)
        quotes.append(quote)
        last = quote
    quotes += _reported(text, resolver, quotes)
    return sorted(quotes, key=lambda q: q.start)


def _attribution(text: str, open_at: int, close_at: int) -> tuple[str, tuple[int, int]] | None:
    """The words naming the speaker of the quotation at ``open_at:close_at``, and where."""
    paragraph_end = text.find("\n", close_at)
    after = _AFTER.match(text, close_at, paragraph_end if paragraph_end != -1 else len(text))
    if after:
        name = "speaker" if after.group("speaker") else "speaker2"
        return _named(after.group(name), after.span(name))
    starts = list(_SENTENCE_START.finditer(text, 0, open_at))
    sentence = starts[-1].end() if starts else 0
    before = _BEFORE.search(text, sentence, open_at)
    if before:
        name = "speaker" if before.group("speaker") else "speaker2"
        return _named(before.group(name), before.span(name))
    said = list(_SAID_IN_SENTENCE.finditer(text, sentence, open_at))  # "Zhao said that ... “…”"
    if said:
        return _named(said[-1].group("speaker"), said[-1].span("speaker"))
    return None


def _named(speaker: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]] | None:
    """The speaker's words, unless they name nobody ("which", "it")."""
    cleaned = _LEADING.sub("", speaker.strip()).casefold()
    return None if cleaned in _NOT_SPEAKERS else (speaker, span)


def _continues(text: str, last: Quote, open_at: int) -> bool:
    """Whether a quotation at ``open_at`` goes on from ``last`` (same paragraph, close by)."""
    between = text[last.end:open_at]
    return "\n" not in between and len(between) < 120 and bool(re.search(r"[.!?]\s*$", between))


def _reported(text: str, resolver: _Resolver, direct: list[Quote]) -> list[Quote]:
    out = []
    for match in _ACCORDING.finditer(text):
        start, end = match.span("clause")
        if any(q.start < end and start < q.end for q in direct):
            continue
        clause = match.group("clause")
        if len(clause.split()) < MIN_WORDS:
            continue
        quote = resolver.quote(clause, start, end, match.group("speaker"),
                               match.span("speaker"), None)
        quote.direct = False
        out.append(quote)
    return out


class _Resolver:
    """Turns the words naming a speaker into a person of the text where one fits."""

    def __init__(self, people: Sequence[Suggestion]) -> None:
        self.by_name: dict[str, Suggestion] = {}
        parts: dict[str, list[Suggestion]] = {}
        for person in people:
            for name in person.names():
                self.by_name[fold_name(name)] = person
                words = fold_name(name).split()
                if len(words) > 1:
                    for part in {words[0], words[-1]}:
                        parts.setdefault(part, []).append(person)
        self.by_part = {p: found[0] for p, found in parts.items()
                        if len({id(f) for f in found}) == 1}
        self.places = sorted((end, person) for person in people for _, end in person.spans)

    def last_named_before(self, offset: int) -> Suggestion | None:
        """The person named last before ``offset`` ("he" and "she" are that person)."""
        before = [person for end, person in self.places if end <= offset]
        return before[-1] if before else None

    def quote(self, words: str, start: int, end: int, speaker: str, span: tuple[int, int],
              last: Quote | None) -> Quote:
        cleaned, span = _clean_speaker(speaker, span)
        if cleaned.casefold() in _PRONOUNS:
            named = self.last_named_before(span[0])
            if named is not None:
                return Quote(words, start, end, named.name, span, named.entity_id)
            if last is not None:
                return Quote(words, start, end, last.speaker, last.speaker_span,
                             last.entity_id)
        key = fold_name(cleaned)
        person = self.by_name.get(key) or self.by_part.get(key)
        if person is None:
            for word in reversed(key.split()):  # "Director-General Zhao Yiping", "Mr Zhao"
                person = self.by_name.get(word) or self.by_part.get(word)
                if person:
                    break
        if person is not None:
            return Quote(words, start, end, person.name, span, person.entity_id)
        return Quote(words, start, end, cleaned, span, None)


def _clean_speaker(speaker: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    stripped = _LEADING.sub("", speaker.strip())
    start = span[0] + speaker.find(stripped)
    return stripped, (start, start + len(stripped))


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without white space around it and without the comma that hands over to
    the attribution ("…strengths,” Zhao said")."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end
