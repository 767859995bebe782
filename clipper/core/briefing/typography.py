"""Typesetting decisions about text itself: quotation marks around quoted words, and where a
web address may be broken across lines."""

from __future__ import annotations

import re
from collections.abc import Callable

_OPENING = "\u201c\u201e\u00ab\u300c\u300e"  # “ „ « 「 『
_CLOSING = "\u201d\u00bb\u300d\u300f"  # ” » 」 』
_STRAIGHT = '"'
# A pair of double marks inside a quotation becomes a pair of single ones ("quotes within
# quotes"): “build ‘a three-way ecosystem’”.
_INNER = str.maketrans({"\u201c": "\u2018", "\u201e": "\u201a", "\u00ab": "\u2039",
                        "\u300c": "\u300e", "\u201d": "\u2019", "\u00bb": "\u203a",
                        "\u300d": "\u300f", '"': "'"})


def quoted(text: str) -> str:
    """``text`` between quotation marks, never doubling a mark the text has already.

    A highlight that is itself a quotation (“…”) is left as it is; one that ends where a
    quotation begun before it ends (“…ecosystem”) gets only an opening mark, and one that
    starts a quotation it does not finish only a closing mark. Quotations wholly inside the
    text take single marks, as quotations inside quotations do.
    """
    text = text.strip()
    if not text:
        return "\u201c\u201d"
    pairs, open_left, closed_left = _pair_marks(text)
    last = len(text) - 1
    if pairs.get(0) == last:
        return text
    inner = list(text)
    for start, end in pairs.items():
        inner[start] = inner[start].translate(_INNER)
        inner[end] = inner[end].translate(_INNER)
    opening = "" if open_left[:1] == [0] else "\u201c"
    closing = "" if closed_left[-1:] == [last] else "\u201d"
    return opening + "".join(inner) + closing


def _pair_marks(text: str) -> tuple[dict[int, int], list[int], list[int]]:
    """The double quotation marks of ``text``: pairs (opening -> closing index), the
    openings left unclosed and the closings that close nothing in the text."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    unmatched_closes: list[int] = []
    last = len(text) - 1
    for index, char in enumerate(text):
        if char in _OPENING:
            stack.append(index)
        elif char in _CLOSING:
            opening = next((i for i in reversed(stack) if text[i] in _OPENING), None)
            if opening is None:
                unmatched_closes.append(index)
            else:
                del stack[stack.index(opening):]
                pairs[opening] = index
        elif char == _STRAIGHT:
            if stack and text[stack[-1]] == _STRAIGHT:
                pairs[stack.pop()] = index
            elif index == last and index > 0 and not text[index - 1].isspace():
                unmatched_closes.append(index)  # word" at the end closes
            else:
                stack.append(index)
    return pairs, stack, unmatched_closes


# An address may break after these (never inside the "https://" it starts with).
URL_BREAK_AFTER = "/-?&"
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")
_LAST_RESORT = "._=,;~+#%:"


def url_pieces(url: str) -> list[str]:
    """``url`` cut after each ``/``, ``-``, ``?`` and ``&``; the scheme ("https://") stays
    with the host that follows it."""
    scheme = _SCHEME.match(url)
    head = scheme.group(0) if scheme else ""
    pieces = re.findall(rf"[^{re.escape(URL_BREAK_AFTER)}]*[{re.escape(URL_BREAK_AFTER)}]"
                        rf"|[^{re.escape(URL_BREAK_AFTER)}]+$", url[len(head):])
    if head:
        pieces = [head + pieces[0], *pieces[1:]] if pieces else [head]
    return pieces


def url_lines(url: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """``url`` as lines no wider than ``width`` (by ``measure``), broken only where
    ``url_pieces`` allows. A piece wider than a line on its own (a 150-character file name)
    is broken after a full stop, underscore or the like, or, failing those, where it must."""
    lines: list[str] = []
    line = ""
    for piece in url_pieces(url):
        if line and measure(line + piece) > width:
            lines.append(line)
            line = ""
        line += piece
        while measure(line) > width and len(line) > 1:
            head = _fitting_head(line, width, measure)
            lines.append(head)
            line = line[len(head):]
    if line:
        lines.append(line)
    return lines


def _fitting_head(text: str, width: float, measure: Callable[[str], float]) -> str:
    """The longest start of ``text`` that fits, ending after a last-resort break character
    when one is in reach."""
    fit = 1
    while fit < len(text) and measure(text[:fit + 1]) <= width:
        fit += 1
    scheme = _SCHEME.match(text)
    floor = scheme.end() + 1 if scheme and scheme.end() < fit else 1
    for cut in range(fit, floor - 1, -1):
        if text[cut - 1] in _LAST_RESORT and cut > fit // 2:
            return text[:cut]
    return text[:fit]
