"""Words with their offsets, and a matcher that finds many known phrases in one pass.

Names are matched on whole words: "Japan" is found in "Japan’s" and "China‑ASEAN" (the seed
joins words with U+2011 non-breaking hyphens) but not in "Japanese". Letter case matters the
way a reader expects: a phrase written in capitals ("MOST", "EU", "U.S.") matches only in
capitals, so "the most advanced" is not the ministry; a capitalised word of a phrase must be
capitalised in the text, so "china" (porcelain) is not the country.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

# "U.S." and "e.g." stay one token; otherwise a token is a run of letters and digits.
_TOKEN = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W_]+")
# What may stand between two words of one name: spaces, hyphens (also U+2010/U+2011),
# apostrophes, a comma ("Economy, Trade and Industry"), an ampersand.
_JOIN = re.compile(r"[\s\-\u2010\u2011'\u2019,&]{1,3}")
HYPHENS = "-\u2010\u2011"


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def all_caps(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]


@lru_cache(maxsize=100_000)
def fold(word: str) -> str:
    """A word as a lookup key: case folded, accents removed."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=20_000)
def fold_name(name: str) -> str:
    """A whole name as a key: its words folded and joined by single spaces."""
    return " ".join(fold(t.text) for t in tokenize(name))


def joined(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring tokens may belong to one name."""
    return _JOIN.fullmatch(text, left.end, right.start) is not None


def exact_case(phrase: str) -> bool:
    """A phrase without lower-case letters ("MOST", "U.S.", "G20") matches only as written."""
    return any(c.isalpha() for c in phrase) and not any(c.islower() for c in phrase)


@dataclass(frozen=True)
class PhraseMatch:
    start: int
    end: int
    phrase: str  # the phrase as it was added
    payload: Any


class PhraseMatcher:
    """Finds added phrases in a text: leftmost first, the longest at each place, no overlaps."""

    def __init__(self) -> None:
        self._phrases: dict[tuple[str, ...], list[tuple[str, Any]]] = {}
        self._first: set[str] = set()
        self._longest = 0

    def add(self, phrase: str, payload: Any) -> None:
        tokens = tokenize(phrase)
        if not tokens:
            return
        key = tuple(fold(t.text) for t in tokens)
        self._phrases.setdefault(key, []).append((phrase, payload))
        self._first.add(key[0])
        self._longest = max(self._longest, len(key))

    def add_all(self, phrases: Iterable[str], payload: Any) -> None:
        for phrase in phrases:
            self.add(phrase, payload)

    def __len__(self) -> int:
        return len(self._phrases)

    def find(self, text: str, tokens: list[Token] | None = None) -> list[PhraseMatch]:
        tokens = tokenize(text) if tokens is None else tokens
        keys = [fold(t.text) for t in tokens]
        runs = _runs(text, tokens)
        found: list[PhraseMatch] = []
        i = 0
        while i < len(tokens):
            match = self._longest_at(tokens, keys, i, min(runs[i], self._longest))
            if match is None:
                i += 1
                continue
            length, phrase, payload = match
            found.append(PhraseMatch(tokens[i].start, tokens[i + length - 1].end, phrase,
                                     payload))
            i += length
        return found

    def _longest_at(self, tokens: list[Token], keys: list[str], i: int,
                    most: int) -> tuple[int, str, Any] | None:
        if keys[i] not in self._first:
            return None
        for length in range(most, 0, -1):
            for phrase, payload in self._phrases.get(tuple(keys[i:i + length]), ()):
                if case_fits(phrase, tokens[i:i + length]):
                    return length, phrase, payload
        return None


def _runs(text: str, tokens: list[Token]) -> list[int]:
    """For each token, how many tokens from it on may belong to one name."""
    runs = [1] * len(tokens)
    for i in range(len(tokens) - 2, -1, -1):
        if joined(text, tokens[i], tokens[i + 1]):
            runs[i] = runs[i + 1] + 1
    return runs


@lru_cache(maxsize=20_000)
def _phrase_tokens(phrase: str) -> list[Token]:
    return tokenize(phrase)


def case_fits(phrase: str, surface: list[Token]) -> bool:
    """Whether the words of the text have the capitals the phrase asks for."""
    wanted = _phrase_tokens(phrase)
    if len(wanted) != len(surface):
        return False
    if exact_case(phrase):
        return all(w.text == s.text for w, s in zip(wanted, surface, strict=True))
    return all(s.capitalised for w, s in zip(wanted, surface, strict=True) if w.capitalised)


def occurrences(text: str, phrase: str, tokens: list[Token] | None = None
                ) -> list[tuple[int, int]]:
    """Where ``phrase`` occurs in ``text`` on word boundaries, with the case rules above."""
    matcher = PhraseMatcher()
    matcher.add(phrase, None)
    return [(m.start, m.end) for m in matcher.find(text, tokens)]
