"""Highlighted snippets: the best one or two passages of a text, matches in ``<b class="match">``.

Whoosh's highlighter sends every token of the text through its fragmenter, scorer and formatter
objects; for a page of 20 results that was most of a search's time (measured, README
"Performance"). This does the same job in one pass over the text with the analyzer's own
tokenizer (so "running" is marked for the query "run", and CJK bigrams too), and writes the
same markup: text escaped, each match in ``<b class="match termN">`` with N counting the
different matched words, passages joined by " … ". A phrase is marked where it occurs, as one
run ("trade war", "贸易战"), not word by word.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from itertools import islice

from clipper.core.analysis import find_terms, has_bigram_script, text_analyzer

SNIPPET_CHARS = 220  # the most characters of one passage
SURROUND = 60  # characters of context kept before and after the matches of a passage
PASSAGES = 2
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_ANALYZER = text_analyzer()


def highlight(text: str, terms: set[str], prefixes: Iterable[str] = (),
              phrases: Iterable[Sequence[str]] = ()) -> str:
    """The best passages of ``text`` for the analysed ``terms`` (and terms starting with one
    of ``prefixes``) and ``phrases`` (sequences of analysed terms, as a phrase query holds
    them), as HTML; "" when nothing matches. Each place a phrase occurs is one mark, its words
    and what lies between them together; a phrase found nowhere in the text has its words
    marked one by one instead (the query matched it in another field, say)."""
    wanted = [tuple(p) for p in phrases if p]
    found = _occurrences(text, set(terms).union(*wanted), tuple(prefixes))
    runs: list[tuple[int, int]] = []
    missing: set[str] = set()
    for phrase in dict.fromkeys(wanted):
        places = _phrase_places(text, found, phrase)
        runs += places
        if not places:
            missing.update(phrase)
    loose = set(terms) | missing
    prefixes = tuple(prefixes)
    spans = sorted(runs + [(start, end) for start, end, term in found
                           if term in loose or (prefixes and term.startswith(prefixes))])
    matches: list[list[int]] = []
    for start, end in spans:
        if matches and start <= matches[-1][1]:  # overlapping CJK bigrams, words of a phrase
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


def _occurrences(text: str, terms: set[str], prefixes: tuple[str, ...]
                 ) -> list[tuple[int, int, str]]:
    """(start, end, term) of every token of ``text`` that is one of ``terms`` or starts with
    one of ``prefixes``, in order. CJK bigrams overlap ("贸易战" holds "贸易" and "易战"), so
    they are looked for one position at a time: a plain search would skip the second."""
    words = {t for t in terms if not has_bigram_script(t)}
    found = [(start, end, _term(text[start:end]))
             for start, end in find_terms(text, words, prefixes)]
    bigrams = sorted((t for t in terms if has_bigram_script(t)), key=len, reverse=True)
    if bigrams:
        pattern = re.compile("(?=(" + "|".join(map(re.escape, bigrams)) + "))")
        found += [(m.start(), m.end(1), m.group(1)) for m in pattern.finditer(text)]
    return sorted(found)


def _term(word: str) -> str:
    """The term the analyzer makes of one word."""
    return next((token.text for token in _ANALYZER(word)), word)


def _phrase_places(text: str, found: list[tuple[int, int, str]], phrase: tuple[str, ...]
                   ) -> list[tuple[int, int]]:
    """Where the tokens of ``phrase`` follow each other in ``text`` (as the index's word
    positions see it: punctuation between them does not count, another word does)."""
    places = []
    for start, _end, term in found:
        if term != phrase[0]:
            continue
        tokens = _tokens_from(text, start, len(phrase))
        if [t for t, _e in tokens] == list(phrase):
            places.append((start, tokens[-1][1]))
    return places


def _tokens_from(text: str, start: int, count: int) -> list[tuple[str, int]]:
    """The first ``count`` tokens of ``text[start:]`` (term, end in ``text``)."""
    window = 48 * count
    while True:
        piece = text[start:start + window]
        tokens = [(token.text, start + token.endchar)
                  for token in islice(_ANALYZER(piece, chars=True), count + 1)]
        # A token running to the window's edge may be cut short; look further.
        if start + window >= len(text) or (len(tokens) > count):
            return tokens[:count]
        window *= 4


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
        word = _squash(text[mark_start:mark_end])
        # One number per word or phrase, whatever its case or the punctuation inside it.
        number = seen.setdefault(" ".join(_WORD.findall(word.casefold())), len(seen))
        out.append(f'<b class="match term{number}">{escape(word)}</b>')
        position = mark_end
    out.append(escape(_squash(text[position:end])))
    return "".join(out).strip()


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text)
