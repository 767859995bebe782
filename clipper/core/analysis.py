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

from whoosh.analysis import Token, Tokenizer
from whoosh.lang.snowball.english import EnglishStemmer
from whoosh.support.charset import accent_map

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


def _bigrams(run: str, start: int) -> tuple[tuple[str, int, int], ...]:
    if len(run) == 1:
        return ((run, start, start + 1),)
    return tuple((run[i : i + 2], start + i, start + i + 2) for i in range(len(run) - 1))


_stem = EnglishStemmer().stem
_ACCENTS = str.maketrans(accent_map)
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
