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
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("bn", re.compile(r"[\u0980-\u09ff]")),
)
# Letters of the Arabic script that Persian and Urdu use and Arabic does not.
_URDU = re.compile(r"[\u0679\u0688\u0691\u06ba\u06be\u06c1\u06d2]")
_PERSIAN = re.compile(r"[\u067e\u0686\u0698\u06af\u06a9\u06cc]")
_ENGLISH = frozenset(
    "the of and to in a is that for on with as was by it at from are".split())
# The commonest words of the Latin-script languages most often clipped.
_COMMON_WORDS = {
    "en": _ENGLISH,
    "fr": frozenset("le la les de des du et est un une que qui dans pour pas sur au aux "
                    "avec ce il elle ne se son sa ses par plus".split()),
    "de": frozenset("der die das und ist nicht ein eine zu den von mit sich des auf für "
                    "im dem auch es wird bei".split()),
    "es": frozenset("el la los las de del y que en un una es por con para se no su al lo "
                    "como más pero sus".split()),
    "it": frozenset("il di che e è un una per non con del della dei delle le si da sono "
                    "gli al alla nel anche".split()),
    "pt": frozenset("o os as de do da dos das que e é um uma em para com não por se no na "
                    "mais ao foi".split()),
    "nl": frozenset("de het een en van is dat op te in zijn niet met voor er ook aan bij "
                    "wordt".split()),
}


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
        if best == "ar":
            if len(_URDU.findall(sample)) / letters > 0.01:
                return "ur"
            if len(_PERSIAN.findall(sample)) / letters > 0.01:
                return "fa"
        return best
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if not words:
        return None
    shares = {code: sum(w in common for w in words) / len(words)
              for code, common in _COMMON_WORDS.items()}
    best = max(shares, key=lambda code: shares[code])
    return best if shares[best] > 0.12 else None
