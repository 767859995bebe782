"""How text becomes search terms.

Two traps measured on Whoosh (see DESIGN.md): its StemmingAnalyzer's Porter stemmer turns
"running" into "runn", and its tokenizers keep a run of Chinese or Japanese characters as one
token. Here words go through the Snowball English stemmer ("running" -> "run"), and runs of
CJK, Hangul and Thai characters become overlapping character bigrams, as Lucene's CJK analyzer
does, so a word inside a longer run can be found.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from pickle import dumps

from whoosh.analysis import Token, Tokenizer
from whoosh.formats import Positions
from whoosh.lang.snowball.english import EnglishStemmer
from whoosh.support.charset import accent_map
from whoosh.system import pack_uint

# Scripts written without spaces between words (or, for Hangul, with particles glued on).
_BIGRAM_RANGES = (
    "\u0e00-\u0e7f"  # Thai
    "\u1100-\u11ff"  # Hangul Jamo
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana extensions
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # Hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0002ebef"  # CJK extensions B-F
)
_TOKEN_RE = re.compile(rf"(?P<bigram>[{_BIGRAM_RANGES}]+)|(?P<word>[^\W_{_BIGRAM_RANGES}]+)")
_BIGRAM_CHAR_RE = re.compile(rf"[{_BIGRAM_RANGES}]")


def has_bigram_script(text: str) -> bool:
    return _BIGRAM_CHAR_RE.search(text) is not None


class WordAndBigramTokenizer(Tokenizer):
    """Words for spaced scripts; overlapping bigrams for runs of CJK, Hangul and Thai.

    Lower-casing, accent folding and stemming happen here too, in one pass: Whoosh's chain of
    filters costs a generator step per token per filter, which made analysis most of the
    indexing time (measured: 370 news articles a second through the chain, see README).
    """

    def __call__(
        self, value: str, positions: bool = False, chars: bool = False,
        keeporiginal: bool = False, removestops: bool = True, start_pos: int = 0,
        start_char: int = 0, tokenize: bool = True, mode: str = "", **kwargs: object,
    ) -> Iterator[Token]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        if not tokenize:
            token.original = token.text = value
            token.boost = 1.0
            if positions:
                token.pos = start_pos
            if chars:
                token.startchar = start_char
                token.endchar = start_char + len(value)
            yield token
            return
        pos = start_pos
        normal = _normal_form
        for match in _TOKEN_RE.finditer(value):
            pieces: tuple[tuple[str, int, int], ...]
            if match.lastgroup == "word":
                pieces = ((normal(match.group()), match.start(), match.end()),)
            else:
                pieces = _bigrams(match.group(), match.start())
            for text, start, end in pieces:
                token.text = text
                token.boost = 1.0
                token.stopped = False
                if keeporiginal:
                    token.original = value[start:end]
                if positions:
                    token.pos = pos
                    pos += 1
                if chars:
                    token.startchar = start_char + start
                    token.endchar = start_char + end
                yield token


def term_positions(value: str) -> dict[str, list[int]]:
    """Each term ``WordAndBigramTokenizer`` makes of ``value``, with its positions: the same
    terms and positions as its tokens, without a token object per word."""
    found: dict[str, list[int]] = {}
    for pos, term in enumerate(_terms(value)):
        places = found.get(term)
        if places is None:
            found[term] = [pos]
        else:
            places.append(pos)
    return found


def _terms(value: str) -> Iterator[str]:
    normal = _normal_form
    for run, word in _TOKEN_RE.findall(value):
        if word:
            yield normal(word)
        else:
            yield from (text for text, _start, _end in _bigrams(run, 0))


class TermPositions(Positions):
    """Whoosh's ``Positions`` format (the same postings, byte for byte), its postings made in
    one pass over the text when the analyzer is Clipper's: Whoosh's own way builds a token
    object per word and steps generators through it, which was a third of indexing a
    clipping (README, "Performance"). Segments pickle their schema: this class stays here, by
    this name, or indexes made with it no longer open."""

    def word_values(self, value: object, analyzer: object, **kwargs: object
                    ) -> Iterator[tuple[str, int, float, bytes]]:
        if (type(analyzer) is not WordAndBigramTokenizer or not isinstance(value, str)
                or kwargs.get("start_pos") or kwargs.get("mode", "index") != "index"):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        boost = self.field_boost
        for term, places in term_positions(value).items():
            count = len(places)
            deltas = [b - a for a, b in zip([0, *places], places, strict=False)]
            yield term, count, float(count) * boost, pack_uint(count) + dumps(deltas, 2)


# Snowball stems that do not begin as their words do ("dying" -> "die", "skies" -> "sky").
_STEM_STARTS = {"die": "dy", "lie": "ly", "tie": "ty", "sky": "ski"}
_WORD_CHARS = rf"[^\W_{_BIGRAM_RANGES}]"


def find_terms(text: str, terms: set[str], prefixes: tuple[str, ...] = ()
               ) -> list[tuple[int, int]]:
    """Where in ``text`` the analyzer makes one of ``terms`` (or a term starting with one of
    ``prefixes``): (start, end) of each, in order. A regular expression finds the words that
    begin as a term does (ignoring case and accents), and only those are analysed: much faster
    than analysing every word of a long text."""
    pattern = _terms_pattern(frozenset(terms), prefixes)
    if pattern is None:
        return []
    found = []
    for match in pattern.finditer(text):
        word = match.group()
        if not has_bigram_script(word):
            word = _normal_form(word)
            if word not in terms and not (prefixes and word.startswith(prefixes)):
                continue
        found.append((match.start(), match.end()))
    return found


@lru_cache(maxsize=64)
def _terms_pattern(terms: frozenset[str], prefixes: tuple[str, ...]) -> re.Pattern[str] | None:
    """The expression for the words that begin as one of ``terms`` does (made once a query)."""
    starts = set()
    bigrams = []
    for term in terms:
        if has_bigram_script(term):
            bigrams.append(re.escape(term))
        elif term:
            starts.add(term[:3])
            if term in _STEM_STARTS:
                starts.add(_STEM_STARTS[term])
    starts.update(p[:3] for p in prefixes if p and not has_bigram_script(p))
    alternatives = ["".join(_any_case_or_accent(c) for c in start) + f"{_WORD_CHARS}*"
                    for start in sorted(starts)]
    pattern = "|".join([f"(?<!{_WORD_CHARS})(?:{'|'.join(alternatives)})"] * bool(alternatives)
                       + bigrams)
    return re.compile(pattern) if pattern else None


def _any_case_or_accent(char: str) -> str:
    """A character class of the characters that fold to ``char``."""
    variants = _FOLDS_TO.get(char, "") + char + char.upper()
    return "[" + re.escape("".join(dict.fromkeys(variants))) + "]"


def _bigrams(run: str, start: int) -> tuple[tuple[str, int, int], ...]:
    if len(run) == 1:
        return ((run, start, start + 1),)
    return tuple((run[i : i + 2], start + i, start + i + 2) for i in range(len(run) - 1))


_stem = EnglishStemmer().stem
_ACCENTS = str.maketrans(accent_map)
_FOLDS_TO: dict[str, str] = {}
for _code, _plain in accent_map.items():
    _FOLDS_TO[_plain] = _FOLDS_TO.get(_plain, "") + chr(_code)
_normal_cache: dict[str, str] = {}
_CACHE_MOST = 200_000


def _normal_form(word: str) -> str:
    """Lower-cased, accents folded, stemmed (Snowball English); cached, as words repeat."""
    found = _normal_cache.get(word)
    if found is None:
        if len(_normal_cache) > _CACHE_MOST:
            _normal_cache.clear()
        found = _normal_cache[word] = _stem(word.lower().translate(_ACCENTS))
    return found


def text_analyzer() -> Tokenizer:
    """The analyzer for every free-text field, at index and at query time."""
    return WordAndBigramTokenizer()  # a whole analyzer by itself: no filters follow
