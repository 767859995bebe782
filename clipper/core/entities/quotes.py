"""Quoted statements and who made them.

Recognised shapes: “…,” Zhao said / “…,” said Ana Ruiz / Zhao said: “…” / Zhao said that
China is prepared to “…” / In the words of Zhao Yiping, “…” / according to X, … (reported
speech, to the end of the sentence). A quotation that follows an attributed one in the same
paragraph without an attribution of its own continues it. "he" and "she" are the person named
last before them. Speakers are resolved to the people the text names in full (a suggestion or
a known entity): "Zhao" is Zhao Yiping when he is the only Zhao.

A speaker is a name (a person or an organisation: capitalised words, not a place) or a source
the text leaves unnamed ("two people familiar with the matter", kept with ``unnamed`` set).
Anything else the patterns catch before "said" (a pronoun nobody was named for, "and", a
stray phrase such as "a paper published in the journal Nature on Monday") is no speaker: the
quotation is kept with an empty ``speaker``, as it is when the speaker is unsure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from clipper.core.entities.gazetteer import default_gazetteer
from clipper.core.entities.suggestions import Suggestion
from clipper.core.entities.tokens import fold, fold_name
from clipper.core.entities.vocabulary import (
    CONNECTORS,
    NAME_PARTICLES,
    SPEECH_VERBS,
    STOP_WORDS,
    TITLES,
)

MIN_WORDS = 4
_VERBS = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_QUOTED = re.compile(r"\u201c([^\u201c\u201d]{2,3000})\u201d|\"([^\"\n]{2,3000})\"")
# A title written with a full stop, which would otherwise end the speaker's words: "Dr. Abed".
_ABBREVIATED = r"(?:(?:Dr|Mr|Mrs|Ms|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|Sgt|Rev|Hon|Adm|Maj)\.\s+)"
_SPEAKER = (rf"(?P<speaker>(?:[Hh]e|[Ss]he|[Tt]hey"
            rf"|{_ABBREVIATED}?[^\s\u201c\u201d\",.;:!?()][^\u201c\u201d\",.;:!?()\n]{{0,60}}?))")
# "… said:" after a quotation introduces the next one, not this one.
_COUNTED = r"(?:a|an|the|one|two|three|four|five|six|several|some|many|other|\d+)\s"
# "said X" is tried first: in "said a senior official who asked ...", "asked" is not the verb.
_AFTER = re.compile(rf"\s*,?\s*(?:(?P<verb2>{_VERBS})\s+"
                    rf"(?P<speaker2>(?:{_ABBREVIATED}|[A-Z]|{_COUNTED})"
                    rf"[^\u201c\u201d\",.;:!?()\n]{{0,60}}?)(?=[,.;:]|\s+\u2014|$)"
                    rf"|{_SPEAKER}\s+(?P<verb>{_VERBS})\b(?!\s*:))")
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
_LEADING = re.compile(r"^(?:(?:and|but|as|while|so|then|also|when|after|before|because|since|"
                      r"although|though|if|once|where|meanwhile|now)\s+)+", re.IGNORECASE)
# Words after a name and before "said" that are not part of it ("Harry is quoted", "He also").
_TRAILING = re.compile(r"(?:\s+(?:also|has|have|had|is|was|were|then|later|recently|once|"
                       r"further|himself|herself|themselves|itself|previously|earlier|again|"
                       r"reportedly|repeatedly|too|now|only|would|will|had|later))+$",
                       re.IGNORECASE)
# A source the text does not name: "two people familiar with the matter", "a senior official",
# "prison officials", "critics", "one commentator", "the government spokesman".
_SOURCE_NOUNS = (
    r"officials?|sources?|people|persons?|diplomats?|spokes(?:man|woman|person|people)|aides?|"
    r"advis[eo]rs?|analysts?|experts?|observers?|insiders?|witness(?:es)?|residents?|critics?|"
    r"executives?|lawmakers?|legislators?|officers?|employees?|staff(?:ers)?|members?|"
    r"investors?|economists?|researchers?|scientists?|doctors?|activists?|commentators?|"
    r"authorities|police|prosecutors?|investigators?|negotiators?|minister|envoy|"
    r"representatives?|insiders?|traders?|bankers?|participants?|attendees?|organi[sz]ers?")
_UNNAMED = re.compile(
    rf"(?:(?:a|an|the|one|two|three|four|five|six|several|some|many|other|multiple|\d+|"
    rf"a few|a number of)\s+)?(?:[\w.\-\u2019']+\s+){{0,3}}?(?:{_SOURCE_NOUNS})"
    rf"(?:\s+(?:familiar with|with knowledge of|close to|briefed on|involved in|"
    rf"speaking on|who|not authori[sz]ed|in|at|from|of|for|with)\b[^\n]{{0,80}})?",
    re.IGNORECASE)
_MOST_NAME_WORDS = 10  # "Philippine Marine Corps Commandant Major General Arturo Rojas"
_NOT_NAMES = frozenset(fold(w) for w in (*STOP_WORDS, *_PRONOUNS, "i", "we", "you", "it",
                                             "him", "her", "them", "us", "me"))
_PLACE_KINDS = frozenset({"place", "country"})


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
    unnamed: bool = False  # the speaker is a source the text does not name ("two officials")


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
                          continue_from.speaker_span, continue_from.entity_id,
                          unnamed=continue_from.unnamed)
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
        # A word wrongly tagged as a person ("and") names nobody: it is no one to resolve to,
        # nor the person "he" stands for.
        people = [person for person in people if is_name(person.name)]
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
        """The quotation with its speaker: a person of the text, a name as written, an unnamed
        source, or nobody (an empty speaker) when the words name no one for sure."""
        cleaned, span = _clean_speaker(speaker, span)
        if fold(cleaned) in _PRONOUNS:
            named = self.last_named_before(span[0])
            if named is not None:
                return Quote(words, start, end, named.name, span, named.entity_id)
            if last is not None and last.speaker:
                return Quote(words, start, end, last.speaker, last.speaker_span,
                             last.entity_id, unnamed=last.unnamed)
            return Quote(words, start, end, "", None)
        name_like = is_name(cleaned)
        if not name_like and _UNNAMED.fullmatch(cleaned):
            return Quote(words, start, end, cleaned, span, None, unnamed=True)
        name, name_span = (cleaned, span) if name_like else _leading_name(cleaned, span)
        if not name:
            name, name_span = _trailing_name(cleaned, span)
        if not name:
            return Quote(words, start, end, "", None)
        person = self._person(name)
        if person is not None:
            return Quote(words, start, end, person.name, name_span, person.entity_id)
        if _is_place(name):  # "Beijing said": a place is not a person or an organisation
            return Quote(words, start, end, "", None)
        return Quote(words, start, end, name, name_span, None)

    def _person(self, name: str) -> Suggestion | None:
        key = fold_name(name)
        person = self.by_name.get(key) or self.by_part.get(key)
        if person is None:
            for word in reversed(key.split()):  # "Director-General Zhao Yiping", "Mr Zhao"
                person = self.by_name.get(word) or self.by_part.get(word)
                if person:
                    break
        return person


def is_name(text: str) -> bool:
    """Whether ``text`` has the shape of a person's or an organisation's name: capitalised
    words (or words of a script without capitals), with the small words names have inside
    ("Ministry of Science and ICT", "Ursula von der Leyen", "Abu al-Hassan") and titles
    ("Foreign Ministry spokesman Wang Wenbin"); not a title alone ("Dr"), not a word that
    begins sentences ("When", "He", "and"), no figures ("SDG 11")."""
    tokens = text.split()
    if tokens and fold(tokens[0]) == "the" and len(tokens) > 1:
        tokens = tokens[1:]  # "The New York Times"
    if not tokens or len(tokens) > _MOST_NAME_WORDS:
        return False
    capitalised = 0
    for position, token in enumerate(tokens):
        core = token.strip(".,;:'\u2019\"()")
        letter = next((c for c in core if c.isalpha()), "")
        if not letter or any(c.isdigit() for c in core):
            return False
        key = fold(core)
        parts = [fold(part) for part in re.split(r"[-\u2010\u2011]", core)]
        if letter.isupper() or not letter.islower():  # capitalised, or a script without case
            if position == 0 and key in _NOT_NAMES:
                return False
            capitalised += not all(part in TITLES for part in parts)  # "Director-General"
        elif not (key in TITLES or parts[0] in NAME_PARTICLES
                  or (position > 0 and key in CONNECTORS)):
            return False
    return capitalised > 0 and fold(tokens[-1]) not in CONNECTORS


# Words that say the name after them is the speaker's: "the personal finance blog Wealthynickel".
_DESCRIBED_BY = frozenset("""
blog newspaper paper magazine website site outlet broadcaster channel agency daily weekly
tabloid group firm company think-tank
""".split()) | TITLES


# Where a clause about the speaker begins: "Aisha as she holds a maize", "Jeremiah who is
# working in the planning office", "Wang Yi in Beijing".
_CLAUSE = re.compile(r"\s+(?:who|whom|whose|as|while|which|when|where|after|before|during|in|"
                     r"at|on|from|with|ready|adding|noting)\b")


def _leading_name(phrase: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The name ``phrase`` starts with when a clause about the speaker follows it, or
    ("", span)."""
    clause = _CLAUSE.search(phrase)
    if clause is None or not is_name(phrase[:clause.start()]):
        return "", span
    return phrase[:clause.start()], (span[0], span[0] + clause.start())


def _trailing_name(phrase: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    """The name that ends ``phrase`` after a title or a description of it ("the government
    spokesman Ali Khan", "the personal finance blog Wealthynickel"), or ("", span)."""
    tokens = phrase.split()
    for cut in range(1, len(tokens)):
        head, name = tokens[:cut], " ".join(tokens[cut:])
        described = fold(head[-1].strip(","))
        if (described in TITLES or (described in _DESCRIBED_BY and head[-1][:1].islower())) \
                and is_name(name) and name[:1].isupper():
            start = span[0] + phrase.rindex(name)
            return name, (start, start + len(name))
    return "", span


def _is_place(name: str) -> bool:
    """Whether ``name`` is, as a whole, a country or a place of the gazetteer."""
    length = len(name.strip())
    return any(match.start == 0 and match.end == length and match.payload.kind in _PLACE_KINDS
               for match in default_gazetteer().matcher.find(name.strip()))


def _clean_speaker(speaker: str, span: tuple[int, int]) -> tuple[str, tuple[int, int]]:
    stripped = _TRAILING.sub("", _LEADING.sub("", speaker.strip()))
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
