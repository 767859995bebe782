"""The opening of an article, for an entry whose clipping has no summary of the analyst's.

The first paragraph or two, about 60 to 120 words, always ending where a sentence ends.
Paragraphs that are not the article's prose are passed over: those without a whole sentence
(headings, standfirsts, "Updated 15.59 | Published 14.14"), bylines, picture credits ("Photo:
AFP"), "READ MORE" teasers, captions in capitals, notes in brackets, pull quotes, the title.
Chinese and Japanese, written without spaces, are measured in characters: two characters
count as one word.
"""

from __future__ import annotations

import re

from clipper.core.briefing.markup import paragraphs

MIN_WORDS = 60  # stop at the end of a paragraph once this many are in
MAX_WORDS = 120  # no sentence that would go past this is taken (once a few are in)
SHORT = 30  # ... unless fewer than this many are in: then the sentence is taken anyway
LONGEST_SENTENCE = 200  # a first sentence longer than this is cut at a word, with "…"
MOST_PARAGRAPHS = 3

# Han ideographs, kana and CJK punctuation: no spaces between words.
_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f"
                       "\uff00-\uffef]")
_CLOSERS = "\"'\u201d\u2019\u00bb\u300d\u300f)\\]\uff09"
# A sentence ends at . ! ? … (and the Arabic and Urdu marks) before a space, or at 。！？;
# closing quotation marks and brackets after the mark belong to the sentence.
_END = re.compile(rf"(?:[.!?\u2026\u061f\u06d4]+[{_CLOSERS}]*(?=\s|$)"
                  rf"|[\u3002\uff01\uff1f]+[{_CLOSERS}\u300d\u300f]*)")
_ABBREVIATIONS = frozenset("""
mr mrs ms mx dr prof st jr sr gen col lt sgt capt cmdr adm maj rep sen gov rev hon pres
no nos vs etc inc ltd co corp plc bros dept est approx fig vol pp ca cf al jan feb mar apr jun
jul aug sep sept oct nov dec mt ft ave blvd rd nr bzw usw zb dh ggf evtl
""".split())
_LABEL = re.compile(
    r"^(?:(?:photo|photos|image|images|picture|pictured|bild|foto|fotos|credit|credits|"
    r"caption|source|related|watch|listen|share|updated|published|posted|last updated|"
    r"uppdaterad|publicerad|aktualisiert|veröffentlicht|mis à jour|publié)\s*[:|]"
    r"|(?:read more|read also|also read|advertisement|subscribe|sign up|follow us)\b)",
    re.IGNORECASE)
_BYLINE = re.compile(r"^(?:by|von|par|por|di|door|av|af|de)\s+\w", re.IGNORECASE)
_BRACKETED = re.compile(r"^[(\[\uff08\u3010].*[)\]\uff09\u3011]$")  # "（原标题：…）", "[Updated]"
_QUOTATION = re.compile(r"^[\"\u201c\u201e\u00ab\u300c'].*[\"\u201d\u00bb\u300d'.]$")
SHORT_QUOTE = 12  # a paragraph that is only a quotation shorter than this is a pull quote
_CAPTION_END = re.compile(r"(?:photo|image|bild|foto|picture|credit)\s*:\s*[^.!?]{1,40}$",
                          re.IGNORECASE)


def words(text: str) -> float:
    """How long ``text`` reads, in words: spaced words, plus half the characters of Chinese
    and Japanese (no spaces between their words)."""
    unspaced = len(_UNSPACED.findall(text))
    return len(_UNSPACED.sub(" ", text).split()) + unspaced / 2


def opening(body: str, title: str = "") -> list[str]:
    """The first paragraph or two of ``body`` as a reader's lede (empty when the text has no
    prose), cut at a sentence end: each paragraph as one line of text."""
    taken: list[str] = []
    total = 0.0
    for paragraph in _prose(body, title):
        sentences = _sentences(paragraph)
        end = 0
        for start, stop in sentences:
            length = words(paragraph[start:stop])
            if total == 0 and length > LONGEST_SENTENCE:
                return [_cut(paragraph[start:stop])]
            if total + length > MAX_WORDS and total >= SHORT:
                break
            end, total = stop, total + length
        if end:
            taken.append(paragraph[:end].strip())
        if total >= MIN_WORDS or end < len(paragraph.rstrip()) or len(taken) >= MOST_PARAGRAPHS:
            break
    return taken


def _prose(body: str, title: str) -> list[str]:
    """The paragraphs of ``body`` that are the article's prose, each on one line."""
    folded_title = " ".join(title.casefold().split())
    out = []
    for paragraph in paragraphs(body):
        text = " ".join(paragraph.split())
        if " ".join(text.casefold().split()) == folded_title or not _is_prose(text):
            continue
        out.append(text)
    return out


def _is_prose(text: str) -> bool:
    if _LABEL.match(text) or _CAPTION_END.search(text) or _BRACKETED.match(text):
        return False
    length = words(text)
    if length < 3 or not _sentences(text):  # headings, standfirsts, time stamps
        return False
    if _BYLINE.match(text) and length <= 8:
        return False
    if length < SHORT_QUOTE and _QUOTATION.match(text):  # a pull quote
        return False
    letters = [c for c in text if c.isalpha()]
    return not (letters and all(c.isupper() for c in letters if c.isupper() or c.islower())
                and any(c.isupper() for c in letters) and length < 25)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each whole sentence of ``text``; text after the last sentence end is
    not a sentence (a paragraph without a full stop has none)."""
    out = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if _abbreviation(text, match.start()) or _continues(text, end):
            continue
        out.append((start, end))
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    return out


def _abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation ("Mr.", "U.S.", "J.") or an
    ordinal number ("15. März"), not a sentence."""
    if text[dot] != ".":
        return False
    word = re.search(r"(\S+)$", text[:dot])
    if word is None:
        return False
    token = word.group(1).lstrip("(\"'\u201c\u2018")
    bare = token.replace(".", "").casefold()
    if bare in _ABBREVIATIONS:
        return True
    if re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", token) and len(bare) <= 3 and \
            token[:1].isupper():
        return True  # "J." "U.S." "E.U."
    if re.fullmatch(r"(?:[^\W\d_]\.)*[^\W\d_]", token) and token.islower() and len(bare) <= 3:
        return True  # "d." (defeated, in a sports result), "a.m.", "p."
    return bool(re.fullmatch(r"\d{1,2}", token))  # "15. März", "3. Oktober"


def _continues(text: str, end: int) -> bool:
    """Whether the text after a full stop goes on with the sentence ("e.g. the", "3.5")."""
    rest = text[end:].lstrip()
    return bool(rest) and (rest[0].islower() or rest[0] in ",;:")


def _cut(sentence: str) -> str:
    """A very long first sentence, to about ``MAX_WORDS`` words, marked as cut."""
    out, total = [], 0.0
    for word in sentence.split():
        total += words(word)
        if total > MAX_WORDS:
            break
        out.append(word)
    if _UNSPACED.search(sentence) and len(out) <= 1:  # unspaced: cut by characters
        return sentence[:2 * MAX_WORDS].rstrip() + "\u2026"
    return " ".join(out).rstrip(",;:") + " \u2026"
