"""Another name for the same thing in parentheses, whatever its letters: "Ministry of
Communication and Digital Affairs (Komdigi)", "Isis (Institute of Strategic and International
Studies)", "Thitu Island (Jhongye Island, 中業島)".

Acronyms whose letters are the initials are found by ``organisations`` (Schwartz-Hearst); this
finds the rest. Both names must be capitalised names (no digits, no full stops), one of them
already suggested as an organisation, programme or place. A parenthesised name that is
itself an entity of another kind or from the gazetteer ("Tokyo (Japan)", "Hanoi (Reuters)")
is never taken as an alias; people are left alone ("Ana Ruiz (Democrat)").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from clipper.core.entities.textview import NAME_GAP
from clipper.core.entities.tokens import Token, fold
from clipper.core.entities.vocabulary import CONNECTORS, STOP_WORDS, TITLES

_KINDS = ("organisation", "programme", "place")
_INNER = re.compile(r"[ \u00a0]?\(([^()\n,;]{2,80}?)[ \u00a0]*[,;)]")
_MOST_WORDS = 8


class Named(Protocol):
    name: str
    kind: str
    reason: str
    spans: list[tuple[int, int]]


@dataclass(frozen=True)
class OtherName:
    """``name`` at ``span`` is another name of ``target``; ``absorbed`` is a suggestion made
    for that name alone, to be merged into the target."""

    target: Named
    name: str
    span: tuple[int, int]
    absorbed: Named | None = None


def other_names(text: str, tokens: list[Token], suggestions: Sequence[Named]
                ) -> list[OtherName]:
    at: dict[tuple[int, int], Named] = {span: s for s in suggestions for span in s.spans}
    out = []
    for suggestion in suggestions:
        if suggestion.kind not in _KINDS:
            continue
        for start, end in list(suggestion.spans):
            after = _after(text, end)
            before = _before(text, tokens, start, end)
            for span in (after, before):
                found = span and _other_name(text, suggestion, span, at)
                if found:
                    out.append(found)
    return out


def _other_name(text: str, suggestion: Named, span: tuple[int, int],
                at: dict[tuple[int, int], Named]) -> OtherName | None:
    name = " ".join(text[span[0]:span[1]].split())
    if not _name_like(name):
        return None
    other = at.get(span)
    if other is suggestion:
        return None
    if other is not None:
        if other.reason != "pattern" or other.kind != suggestion.kind:
            return None  # two entities ("Tokyo (Japan)")
        return OtherName(suggestion, name, span, other)
    if any(a < span[1] and span[0] < b for a, b in at):
        return None  # part of it is named already
    return OtherName(suggestion, name, span)


def _after(text: str, end: int) -> tuple[int, int] | None:
    """The name in parentheses right after ``end``: "Affairs (Komdigi)"."""
    match = _INNER.match(text, end)
    return (match.start(1), match.start(1) + len(match.group(1).rstrip())) if match else None


def _before(text: str, tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """The name right before a suggestion that fills a pair of parentheses: "Isis (Institute
    of ...)"."""
    if text[start - 1:start] != "(" or text[end:end + 1] != ")":
        return None
    paren = start - 1
    stop = paren - 1 if text[paren - 1:paren] in (" ", "\u00a0") else paren
    right = next((i for i in range(len(tokens) - 1, -1, -1) if tokens[i].end <= stop), None)
    if right is None or tokens[right].end != stop:
        return None
    left = right
    while left > 0 and right - left < 3 and tokens[left - 1].capitalised \
            and NAME_GAP.fullmatch(text, tokens[left - 1].end, tokens[left].start):
        left -= 1
    while left <= right and (fold(tokens[left].text) in STOP_WORDS | TITLES
                             or not tokens[left].capitalised):
        left += 1
    return (tokens[left].start, tokens[right].end) if left <= right else None


def _name_like(name: str) -> bool:
    words = name.split()
    if not words or len(words) > _MOST_WORDS or any(c.isdigit() or c == "." for c in name):
        return False
    if fold(words[0]) in STOP_WORDS or not words[0][:1].isupper():
        return False
    return all(w[:1].isupper() or fold(w) in CONNECTORS for w in words) \
        and sum(c.isalpha() for c in name) >= 3
