"""Robust span anchors: offsets, the exact quote, and a little text on either side.

An anchor is found again at its offsets when the text there still reads the same; otherwise at
the occurrence of the quote whose context matches best; otherwise it is orphaned. It is never
moved onto words that merely look alike when the context says otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from clipper.core.errors import InvalidInputError

CONTEXT_CHARS = 32
# Characters of context that must agree before one of several occurrences is chosen.
MIN_CONTEXT_MATCH = 4


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    quote: str
    prefix: str
    suffix: str


def make_anchor(text: str, start: int, end: int) -> Anchor:
    """The anchor of ``text[start:end]``; a user error when the span is empty or out of range."""
    if not 0 <= start < end <= len(text):
        raise InvalidInputError(f"The selection {start}-{end} is not inside the text.")
    quote = text[start:end]
    if not quote.strip():
        raise InvalidInputError("The selection holds only white space.")
    return Anchor(start, end, quote, text[max(0, start - CONTEXT_CHARS):start],
                  text[end:end + CONTEXT_CHARS])


def resolve_anchor(text: str, anchor: Anchor) -> tuple[int, int] | None:
    """Where the anchored words are in ``text`` now, or None when they cannot be found."""
    start, end, quote = anchor.start, anchor.end, anchor.quote
    if text[start:end] == quote:
        return start, end
    candidates = _occurrences(text, quote)
    if len(candidates) == 1:
        return candidates[0], candidates[0] + len(quote)
    scored = sorted(((_context_score(text, at, anchor), at) for at in candidates), reverse=True)
    if not scored or scored[0][0] < MIN_CONTEXT_MATCH:
        return None
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return None  # two places fit equally well: do not guess
    best = scored[0][1]
    return best, best + len(quote)


def _occurrences(text: str, quote: str) -> list[int]:
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def _context_score(text: str, position: int, anchor: Anchor) -> int:
    before = text[max(0, position - len(anchor.prefix)):position]
    after = text[position + len(anchor.quote):position + len(anchor.quote) + len(anchor.suffix)]
    return _common_suffix(before, anchor.prefix) + _common_prefix(after, anchor.suffix)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def _common_suffix(a: str, b: str) -> int:
    return _common_prefix(a[::-1], b[::-1])


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """``text[start:end]`` widened to whole words and stripped of white space at its edges, as
    Kindle and Readwise do: a drag that stopped at "Chin" marks "China". Scripts written without
    spaces (Chinese, Japanese, Thai...) are not widened: their words cannot be told from the
    characters alone, and the user's selection is taken as it is."""
    start, end = max(0, start), min(len(text), end)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return start, end
    if _in_word(text[start]):
        while start > 0 and _in_word(text[start - 1]):
            start -= 1
    if _in_word(text[end - 1]):
        while end < len(text) and _in_word(text[end]):
            end += 1
    return start, end


def _in_word(char: str) -> bool:
    """A letter, digit or combining mark of a script that separates its words with spaces."""
    if not (char.isalnum() or unicodedata.category(char).startswith("M")):
        return False
    return not _UNSPACED.match(char)


_UNSPACED = re.compile(
    "[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff"  # Thai, Lao, Myanmar, Khmer
    "\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"  # CJ
    "\U00020000-\U0003134f]")
