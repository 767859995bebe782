"""What the entity patterns share: the text with its tokens, a candidate, and small tests
of names (title case, joins between words, the kind a head word gives)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from clipper.core.entities.tokens import Token, fold, tokenize
from clipper.core.entities.vocabulary import CONNECTORS, HEADS, STOP_WORDS

SPACE = re.compile(r"[ \u00a0]")
NAME_GAP = re.compile(r"[ \u00a0]|[\-\u2010\u2011]")
PHRASE_GAP = re.compile(r"[ \u00a0]|[\-\u2010\u2011]|[ \u00a0]?&[ \u00a0]?")
SENTENCE_BREAK = re.compile(r"[.;:!?()\n\u2013\u2014]")


@dataclass
class Candidate:
    name: str
    kind: str
    spans: list[tuple[int, int]]
    evidence: str
    confidence: float
    aliases: list[str] = field(default_factory=list)
    single: bool = False  # a one-word person name (a surname) waiting for its full name


class TextView:
    """The text, its tokens, the spans already named, and the title-case heading lines."""

    def __init__(self, text: str, taken: list[tuple[int, int]]) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.starts = [t.start for t in self.tokens]
        self.taken = sorted(taken)
        self.headings = heading_ranges(text)

    def index_at(self, offset: int) -> int:
        """The index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def gap(self, i: int, pattern: re.Pattern[str]) -> bool:
        """Whether tokens ``i`` and ``i + 1`` are joined by ``pattern``."""
        a, b = self.tokens[i], self.tokens[i + 1]
        return pattern.fullmatch(self.text, a.end, b.start) is not None

    def is_taken(self, token: Token) -> bool:
        at = bisect.bisect_right(self.taken, (token.start, len(self.text) + 1)) - 1
        return at >= 0 and self.taken[at][0] <= token.start < self.taken[at][1]

    def in_heading(self, start: int) -> bool:
        return any(a <= start < b for a, b in self.headings)


def name_span(t: TextView, a: int, b: int) -> tuple[str, tuple[int, int]]:
    start, end = t.tokens[a].start, t.tokens[b - 1].end
    return " ".join(t.text[start:end].split()), (start, end)


def title_case(words: list[Token]) -> bool:
    return bool(words) and all(w.capitalised or fold(w.text) in CONNECTORS for w in words) \
        and words[0].capitalised and words[-1].capitalised


def kind_of(words: list[Token]) -> str:
    for word in reversed(words):
        if word.capitalised:
            return HEADS.get(fold(word.text), "organisation")
    return "organisation"


def modifier(token: Token) -> bool:
    folded = fold(token.text)
    return token.capitalised and folded not in STOP_WORDS or folded in ("and", "&")


def heading_ranges(text: str) -> list[tuple[int, int]]:
    """Lines written in title case with no closing full stop: headings, whose capitals say
    nothing about names."""
    ranges = []
    for line in re.finditer(r"[^\n]+", text):
        words = line.group().split()
        if not words or len(words) > 16 or line.group().rstrip()[-1:] in ".!?:\u201d\"":
            continue
        content = [w for w in words if fold(w) not in CONNECTORS and len(w) > 3]
        if content and sum(w[:1].isupper() for w in content) >= 0.75 * len(content):
            ranges.append((line.start(), line.end()))
    return ranges
