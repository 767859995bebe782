"""Finding text one clipping took from another: overlapping word shingles.

A shingle is five consecutive words (case folded; in Chinese, Japanese, Korean and Thai each
character counts as a word). How much of a clipping another one contains is the share of its
shingles found in the other's (containment). The library keeps an index of a sample of every
clipping's shingles (those whose hash is divisible by ``SAMPLE``, so two texts sample the same
shared shingles) to find the few clippings worth comparing in full; the comparison itself is
exact and gives the shared passages as spans in both texts, for a side-by-side view.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

SHINGLE = 5
SAMPLE = 8
KEEP_ALL_BELOW = 64  # a text with fewer shingles keeps all of them in the index
_SPACELESS = ("\u0e00-\u0e7f\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u31f0-\u31ff"
              "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff")
_WORD = re.compile(rf"[{_SPACELESS}]|[^\W_{_SPACELESS}]+")


@dataclass(frozen=True)
class Word:
    text: str  # folded
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    """A stretch of words both texts share: where it is in this one and in the other."""

    start: int
    end: int
    other_start: int
    other_end: int


@dataclass
class Overlap:
    containment: float  # the share of this text's shingles that the other text has
    reverse: float  # the share of the other text's shingles that this one has
    shared: int  # shingles in common
    passages: list[Passage]


def words(text: str) -> list[Word]:
    return [Word(m.group().casefold(), m.start(), m.end()) for m in _WORD.finditer(text)]


def folded_words(text: str) -> list[str]:
    """The words of ``text``, folded, without their places (faster than ``words``)."""
    return _WORD.findall(text.casefold())


def shingle_hashes(folded: list[str]) -> list[int]:
    """The hash of the shingle starting at each word (none when the text is too short)."""
    crc = zlib.crc32
    return [crc(" ".join(folded[i:i + SHINGLE]).encode("utf-8"))
            for i in range(len(folded) - SHINGLE + 1)]


def index_sample(text: str) -> set[int]:
    """The hashes the index keeps for ``text``."""
    hashes = set(shingle_hashes(folded_words(text)))
    if len(hashes) < KEEP_ALL_BELOW:
        return hashes
    return {h for h in hashes if h % SAMPLE == 0}


@dataclass
class Shingled:
    """A text's words and the hash of the shingle at each word, made once for many
    comparisons."""

    words: list[Word]
    hashes: list[int]

    @classmethod
    def of(cls, text: str) -> Shingled:
        found = words(text)
        return cls(found, shingle_hashes([w.text for w in found]))


def compare(text: str | Shingled, other: str | Shingled) -> Overlap:
    """How much of ``text`` is in ``other``, and which passages they share."""
    mine = text if isinstance(text, Shingled) else Shingled.of(text)
    theirs = other if isinstance(other, Shingled) else Shingled.of(other)
    a, b = mine.hashes, theirs.hashes
    if not a or not b:
        return Overlap(0.0, 0.0, 0, [])
    common = set(a) & set(b)
    passages = _passages(mine.words, theirs.words, a, b, common)
    return Overlap(len(common) / len(set(a)), len(common) / len(set(b)), len(common), passages)


def _passages(mine: list[Word], theirs: list[Word], a: list[int], b: list[int],
              common: set[int]) -> list[Passage]:
    """Runs of shared shingles, each as a span of words in both texts."""
    where: dict[int, list[int]] = {}
    for j, h in enumerate(b):
        if h in common:
            where.setdefault(h, []).append(j)
    runs: list[list[int]] = []  # [first i, last i, first j, last j]
    for i, h in enumerate(a):
        if h not in common or not _same(mine, theirs, i, where[h][0]):
            continue
        run = runs[-1] if runs else None
        if run and run[1] == i - 1 and run[3] + 1 in where[h]:
            run[1], run[3] = i, run[3] + 1
        else:
            runs.append([i, i, where[h][0], where[h][0]])
    out: list[Passage] = []
    for i0, i1, j0, j1 in runs:
        passage = Passage(mine[i0].start, mine[i1 + SHINGLE - 1].end,
                          theirs[j0].start, theirs[j1 + SHINGLE - 1].end)
        last = out[-1] if out else None
        if last and passage.start <= last.end and last.other_start <= passage.other_start \
                <= last.other_end:  # runs that overlap in both texts: one passage
            out.pop()
            passage = Passage(last.start, max(last.end, passage.end), last.other_start,
                              max(last.other_end, passage.other_end))
        out.append(passage)
    return out


def _same(mine: list[Word], theirs: list[Word], i: int, j: int) -> bool:
    """Whether the shingles at ``i`` and ``j`` hold the same words (not a hash collision)."""
    return all(mine[i + k].text == theirs[j + k].text for k in range(SHINGLE))
