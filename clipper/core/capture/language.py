"""A first guess at a text's language from its script (and, for Latin text, its commonest words)."""

from __future__ import annotations

import re

_SCRIPTS = (
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
)
_ENGLISH = frozenset(
    "the of and to in a is that for on with as was by it at from are".split())


def guess_language(text: str) -> str | None:
    """An ISO 639-1 code, or None when the guess would be a coin toss."""
    sample = text[:5000]
    letters = sum(1 for c in sample if c.isalpha()) or 1
    share = {code: len(pattern.findall(sample)) / letters for code, pattern in _SCRIPTS}
    if share["ko"] > 0.2:
        return "ko"
    if share["ja"] > 0.05:  # Japanese mixes kana into Chinese characters
        return "ja"
    best = max(share, key=lambda code: share[code])
    if share[best] > 0.3:
        return best
    words = re.findall(r"[a-z]+", sample.lower())
    if words and sum(w in _ENGLISH for w in words) / len(words) > 0.12:
        return "en"
    return None
