"""Right-to-left text (Arabic, Persian, Urdu, Hebrew) in briefings.

ReportLab draws every line left to right, in the order the characters are stored. Its own
right-to-left support needs the ``rlbidi`` module, which no package registry we reach carries
(and with a stand-in for it, ReportLab 5.1 reverses letters inside words and repeats numbers).
So we do the two steps ourselves:

- **shaping**: Arabic letters take their joined forms (initial, medial, final, the lam-alef
  ligature) from ``arabic_reshaper``, as Arabic presentation forms, which the bundled DejaVu
  Sans draws;
- **ordering**: a paragraph whose first strong character is right-to-left (rule P2 of the
  Unicode bidirectional algorithm) is broken into lines as usual, in logical order, so that
  splitting across pages works unchanged; each line is put in visual order with
  ``python-bidi`` (the Unicode bidirectional algorithm: Latin words and numbers inside keep
  reading left to right, brackets are mirrored) only when it is drawn, and aligned right.

A left-to-right paragraph with right-to-left words in it is reordered the same way and stays
aligned left; ``isolate`` keeps a field (an author's Hebrew name) from pulling its neighbours
(a date) into its direction. Each character keeps its fragment (font, colour, highlight,
link), so marks and font runs survive the reordering. ``BidiParagraph`` is the briefing's
paragraph: it also breaks mostly Chinese, Japanese or Korean paragraphs between characters.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

# get_display_inner, bidi.algorithm and ReportLab's Paragraph internals used here are pinned
# by tests/core/test_private_apis.py.
import arabic_reshaper
from bidi import algorithm as uba
from bidi.bidi import get_display_inner
from bidi.mirror import MIRRORED
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

if TYPE_CHECKING:
    from reportlab.platypus.paragraph import ParaLines

_RTL_CHARS = "\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc"
_RTL = re.compile(f"[{_RTL_CHARS}]")
_LEVEL = re.compile(r"Level\(\s*(\d+)")
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff]")
# Vowel marks (harakat) are part of what was written: kept, not dropped as the default does.
_RESHAPER = arabic_reshaper.ArabicReshaper(configuration={"delete_harakat": False})


def shape(text: str, before: str = "", after: str = "") -> str:
    """``text`` with its Arabic letters in their joined forms (unchanged without Arabic).
    ``before`` and ``after`` are the text around it when it is a piece of a word (a highlight
    that begins inside a word): its letters join them as in the whole word."""
    if not _ARABIC.search(text):
        return text
    left = next((c for c in reversed(before) if not unicodedata.combining(c)), "")
    right = after[:1]
    left, right = (c if _ARABIC.match(c) else "" for c in (left, right))
    shaped = _RESHAPER.reshape(left + text + right)
    edges = (shaped[:1] if left else "") + (shaped[-1:] if right else "")
    if any(len(unicodedata.normalize("NFKC", c)) > 1 for c in edges):
        return _RESHAPER.reshape(text)  # a ligature across the cut: shaped alone
    return shaped[1 if left else 0:len(shaped) - (1 if right else 0)]


_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def isolate(text: str) -> str:
    """``text`` as one unit in a line of other fields (an author's Hebrew name beside a date):
    its direction neither taken from nor given to its neighbours (Unicode first-strong
    isolate). Text without right-to-left letters is returned as it is."""
    return f"\u2068{text}\u2069" if _RTL.search(text) else text


def base_level(text: str) -> int | None:
    """None for text without right-to-left letters (drawn as stored); else 1 when a paragraph
    of ``text`` reads right to left (its first strong character does), 0 when it reads left
    to right with right-to-left words inside."""
    return uba.get_base_level(text) if _RTL.search(text) else None


def display(text: str) -> str:
    """One line of text as it is drawn, left to right: shaped and in visual order."""
    text = shape(text)
    level = base_level(text)
    if level is None:
        return text
    return "".join(char for _i, char in visual_order(text, level) if char not in _CONTROLS)


def visual_order(text: str, level: int = 1) -> list[tuple[int, str]]:
    """``text``'s characters in the order they are drawn, left to right, for one line of a
    paragraph of base ``level`` (1: right to left): each with its position in ``text``, and
    mirrored where it is a bracket in right-to-left text (rules L1, L2 and L4). A vowel mark
    stays before its letter in right-to-left runs (rule L3 is not applied): the fonts draw
    Arabic and Hebrew marks to the right of where the pen stands, over the letter after."""
    levels = embedding_levels(text, level)
    for index in range(len(text) - 1, -1, -1):  # L1: white space at the end of the line
        if not text[index].isspace():
            break
        levels[index] = level
    order = list(range(len(text)))
    highest = max(levels, default=level)
    lowest_odd = min((lv for lv in levels), default=level) | 1
    for current in range(highest, lowest_odd - 1, -1):  # L2
        start = None
        for position in range(len(order) + 1):
            inside = position < len(order) and levels[order[position]] >= current
            if inside and start is None:
                start = position
            elif not inside and start is not None:
                order[start:position] = order[start:position][::-1]
                start = None
    return [(index, MIRRORED.get(text[index], text[index]) if levels[index] % 2
             else text[index]) for index in order]


def embedding_levels(text: str, level: int) -> list[int]:
    """Each character's resolved embedding level (rules P to I of the Unicode bidirectional
    algorithm, brackets paired as in Unicode 6.3 and later), from python-bidi's Rust
    implementation; its older pure-Python one when that answer cannot be read."""
    report = get_display_inner(text, "LR"[level], True)
    # The report echoes the text first: the levels are after the last "levels:".
    found = [int(value) for value in _LEVEL.findall(report.rsplit("levels:", 1)[-1]
                                                     .split("paragraphs:", 1)[0])]
    by_byte = found if len(found) == len(text.encode("utf-8")) else None
    if by_byte is None:
        return _python_levels(text, level)
    levels, offset = [], 0
    for char in text:
        levels.append(by_byte[offset])
        offset += len(char.encode("utf-8"))
    return levels


def _python_levels(text: str, level: int) -> list[int]:
    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = level, "LR"[level]
    uba.get_embedding_levels(text, storage)
    for index, char in enumerate(storage["chars"]):
        char["index"] = index
    uba.explicit_embed_and_overrides(storage)  # drops the embedding controls (rule X9)
    uba.resolve_weak_types(storage)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    levels = [level] * len(text)
    previous = level
    resolved = {char["index"]: char["level"] for char in storage["chars"]}
    for index in range(len(text)):  # a dropped control takes the level before it
        previous = levels[index] = resolved.get(index, previous)
    return levels


class BidiParagraph(Paragraph):
    """A ReportLab paragraph that lays out right-to-left text right to left and breaks CJK
    text between characters (any other text exactly as ``Paragraph`` does)."""

    # ReportLab's attributes we read and replace (it has no type information)
    style: ParagraphStyle
    blPara: ParaLines
    base_level: int | None

    def __init__(self, text: str | None, style: ParagraphStyle, *args: object,
                 align_right: bool = True, **kwargs: object) -> None:
        """``align_right``: whether a right-to-left paragraph is aligned right (not where a
        row of the contents draws leader dots after it)."""
        super().__init__(text, style, *args, **kwargs)
        self.align_right = align_right
        plain = "".join(getattr(frag, "text", "") for frag in self.frags)
        self._set_level(base_level(plain))
        if _mostly_cjk(plain) and not self.style.wordWrap:
            # lines break between characters, never before "。" or "」" (ReportLab's CJK rules)
            self.style = ParagraphStyle(f"{self.style.name}-cjk", parent=self.style,
                                        wordWrap="CJK")

    def _set_level(self, level: int | None) -> None:
        self.base_level = level
        if level == 1 and self.align_right and self.style.alignment in (TA_LEFT, TA_JUSTIFY):
            self.style = _aligned_right(self.style)

    def split(self, availWidth: float, availHeight: float) -> list:  # noqa: N803
        # The halves are made from fragments without their text: they keep this direction.
        parts = super().split(availWidth, availHeight)
        for part in parts:
            if isinstance(part, BidiParagraph):
                part.align_right = self.align_right
                part._set_level(self.base_level)
        return parts

    def drawPara(self, debug: int = 0) -> None:  # noqa: N802 - ReportLab's name
        if self.base_level is None:
            super().drawPara(debug)
            return
        logical = self.blPara
        self.blPara = _visual_lines(logical, self.base_level)
        try:
            super().drawPara(debug)
        finally:
            self.blPara = logical


_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff00-\uffef"
                  "\u3000-\u303f]")
_CJK_SHARE = 0.3  # of a paragraph's characters, for its lines to break as CJK text does


def _mostly_cjk(text: str) -> bool:
    return len(text) > 0 and len(_CJK.findall(text)) >= _CJK_SHARE * len(text)


def _aligned_right(style: ParagraphStyle) -> ParagraphStyle:
    return ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT)


def _visual_lines(para: ParaLines, level: int) -> ParaLines:
    """A copy of ReportLab's broken lines (``blPara``) with each line in visual order."""
    if para.kind == 0:
        lines = []
        for extra, words in para.lines:
            text = " ".join(words)
            drawn = "".join(char for _index, char in visual_order(text, level)
                            if char not in _CONTROLS)
            lines.append((extra, drawn.split(" ")))
        return para.clone(lines=lines)
    lines = [line.clone(words=_visual_frags(line.words, level)) for line in para.lines]
    return para.clone(lines=lines)


def _visual_frags(frags: list, level: int) -> list:
    """One line's fragments, cut and put back together in visual order: each character stays
    with its fragment's font and style."""
    leading = [f for f in frags if getattr(f, "cbDefn", None) is not None and not f.text]
    texts = [f for f in frags if f not in leading]
    owners: list[int] = []
    for number, frag in enumerate(texts):
        owners.extend([number] * len(frag.text))
    text = "".join(frag.text for frag in texts)
    if not text:
        return frags
    out: list = []
    for index, char in visual_order(text, level):
        if char in _CONTROLS:
            continue  # they have done their work: ordering
        owner = owners[index]
        if out and out[-1][0] == owner:
            out[-1][1].append(char)
        else:
            out.append((owner, [char]))
    return leading + [texts[owner].clone(text="".join(chars)) for owner, chars in out]
