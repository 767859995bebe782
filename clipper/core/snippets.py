"""Highlighted snippets: the best one or two passages of a text, matches in ``<b class="match">``.

Whoosh's highlighter sends every token of the text through its fragmenter, scorer and formatter
objects; for a page of 20 results that was most of a search's time (measured, README
"Performance"). This does the same job in one pass over the text with the analyzer's own
tokenizer (so "running" is marked for the query "run", and CJK bigrams too), and writes the
same markup: text escaped, each match in ``<b class="match termN">`` with N counting the
different matched words, passages joined by " … ".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from clipper.core.analysis import find_terms

SNIPPET_CHARS = 220  # the most characters of one passage
SURROUND = 60  # characters of context kept before and after the matches of a passage
PASSAGES = 2
_SPACE = re.compile(r"\s+")


def highlight(text: str, terms: set[str], prefixes: Iterable[str] = ()) -> str:
    """The best passages of ``text`` for the analysed ``terms`` (and terms starting with one
    of ``prefixes``), as HTML; "" when nothing matches."""
    matches: list[list[int]] = []
    for start, end in find_terms(text, terms, tuple(prefixes)):
        if matches and start <= matches[-1][1]:  # overlapping CJK bigrams: one mark
            matches[-1][1] = max(end, matches[-1][1])
        else:
            matches.append([start, end])
    if not matches:
        return ""
    passages = _passages(text, matches)
    best = sorted(passages, key=lambda p: (-p[0], -p[1], p[2]))[:PASSAGES]
    seen: dict[str, int] = {}
    return " … ".join(_format(text, start, end, marks, seen)
                      for _d, _n, start, end, marks in sorted(best, key=lambda p: p[2]))


def _passages(text: str, matches: list[list[int]]
              ) -> list[tuple[int, int, int, int, list[list[int]]]]:
    """Consecutive groups of matches that fit in a passage, with context around them:
    (distinct words matched, matches, start, end, the matches)."""
    passages = []
    i = 0
    room = SNIPPET_CHARS - SURROUND
    while i < len(matches):
        first = matches[i][0]
        j = i + 1
        while j < len(matches) and matches[j][1] - first <= room:
            j += 1
        group = matches[i:j]
        last = group[-1][1]
        before = min(SURROUND, max(0, SNIPPET_CHARS - (last - first)) // 2)
        start = _word_start(text, max(0, first - before))
        end = _word_end(text, min(len(text), start + SNIPPET_CHARS), last)
        words = {text[s:e].casefold() for s, e in group}
        passages.append((len(words), len(group), start, end, group))
        i = j
    return passages


def _word_start(text: str, position: int) -> int:
    """``position`` moved forward to the start of a word (unless at the start of the text)."""
    if position == 0 or text[position - 1].isspace():
        return position
    space = _SPACE.search(text, position)
    return space.end() if space and space.end() < len(text) else position


def _word_end(text: str, position: int, at_least: int) -> int:
    """``position`` moved back to the end of a word, but not before ``at_least``."""
    if position >= len(text) or text[position].isspace():
        return position
    cut = text.rfind(" ", at_least, position)
    return cut if cut > at_least else position


def _format(text: str, start: int, end: int, marks: list[list[int]],
            seen: dict[str, int]) -> str:
    out = []
    position = start
    for mark_start, mark_end in marks:
        if mark_end > end:
            break
        out.append(escape(_squash(text[position:mark_start])))
        word = text[mark_start:mark_end]
        number = seen.setdefault(word, len(seen))
        out.append(f'<b class="match term{number}">{escape(word)}</b>')
        position = mark_end
    out.append(escape(_squash(text[position:end])))
    return "".join(out).strip()


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)
