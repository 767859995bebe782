"""Patterns that find organisations and programmes: an acronym defined in parentheses
("Ministry of Economy, Trade and Industry (METI)"), organisation-shaped phrases ("Ministry of
...", "... Initiative", "... Fund", "... Bank"), companies listed from context ("tech giants,
such as Samsung and SK Hynix"), a name before "strategy", "framework" ... ("its “Digital New
Deal” strategy", "the Lancang-Mekong Cooperation framework")."""

from __future__ import annotations

import re

from clipper.core.entities.textview import (
    PHRASE_GAP,
    SENTENCE_BREAK,
    SPACE,
    Candidate,
    TextView,
    kind_of,
    modifier,
    name_span,
    title_case,
)
from clipper.core.entities.tokens import fold, fold_name
from clipper.core.entities.vocabulary import (
    COMPANY_LISTS,
    GENERIC_TERMS,
    HEADS,
    OF_HEADS,
    PROGRAMME_NOUNS,
    STOP_WORDS,
)

_ACRONYM = re.compile(r"\(([A-Z][A-Za-z&\-]{1,11})\)")
_LIST_LEAD = re.compile(r",?\s+(?:such as|including|like|led by|notably|among them)\s+")
_LIST_SEP = re.compile(r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_QUOTED = re.compile(r"[\u201c\"]([^\u201d\"\n]{3,80})[\u201d\"]\s+([a-z]+)")
_GENERIC = frozenset(fold_name(t) for t in GENERIC_TERMS)
_DETERMINERS = frozenset({"the", "its", "their", "his", "her", "a", "an", "our"})


def organisation_candidates(t: TextView) -> list[Candidate]:
    return [*_acronym_definitions(t), *_organisation_phrases(t), *_listed_companies(t),
            *_quoted_programmes(t), *_named_programmes(t)]


def acronym_definitions(t: TextView) -> list[Candidate]:
    """Each acronym defined in parentheses, as a candidate with the acronym as alias."""
    return _acronym_definitions(t)


def _organisation_phrases(t: TextView) -> list[Candidate]:
    out = []
    tokens = t.tokens
    for i, token in enumerate(tokens):
        head = fold(token.text)
        if head not in HEADS or not token.capitalised or t.in_heading(token.start):
            continue
        a = i
        while a > 0 and t.gap(a - 1, PHRASE_GAP) and modifier(tokens[a - 1]):
            a -= 1
        b = _of_tail(t, i + 1) if head in OF_HEADS else i + 1
        while a < i and (fold(tokens[a].text) in STOP_WORDS or not tokens[a].capitalised):
            a += 1
        if b - a < 2 or (a == i and b == i + 1):
            continue
        words = tokens[a:b]
        if not title_case(words) or fold_name(" ".join(w.text for w in words)) in _GENERIC:
            continue
        name, span = name_span(t, a, b)
        shape = {"organisation": "an organisation", "place": "a place"}.get(HEADS[head],
                                                                          "a programme")
        out.append(Candidate(name, HEADS[head], [span],
                             f"named like {shape} (\u2018{token.text}\u2019)", 0.7))
    return out


def _of_tail(t: TextView, j: int) -> int:
    """The end of "of Economy, Trade and Industry" after a head at ``j - 1``."""
    tokens = t.tokens
    if j + 1 >= len(tokens) or fold(tokens[j].text) not in ("of", "for", "on") \
            or not t.gap(j - 1, SPACE) or not t.gap(j, SPACE):
        return j
    end, k = j, j + 1
    if fold(tokens[k].text) == "the" and k + 1 < len(tokens) and t.gap(k, SPACE):
        k += 1  # "Office of the United States Trade Representative"
    while k < len(tokens) and tokens[k].capitalised and fold(tokens[k].text) not in STOP_WORDS:
        k += 1
        end = k
        if k >= len(tokens):
            break
        if _joins_more(t, k):
            k += 1
        elif _comma_list(t, k):
            continue
        elif not t.gap(k - 1, PHRASE_GAP):
            break
    return end if end > j + 1 and tokens[end - 1].capitalised else j


def _comma_list(t: TextView, k: int) -> bool:
    """Whether ", Trade and Industry" goes on at token ``k``: capitalised words after a comma
    that end with "and" and one more capitalised word."""
    tokens = t.tokens
    if t.text[tokens[k - 1].end:tokens[k].start] not in (", ", ",\u00a0"):
        return False
    m = k
    while m < len(tokens) and tokens[m].capitalised and m - k < 4:
        m += 1
    return (m + 1 < len(tokens) and m > k and fold(tokens[m].text) == "and"
            and tokens[m + 1].capitalised)


def _joins_more(t: TextView, k: int) -> bool:
    """Whether token ``k`` is a connector followed by a capitalised word of the same name."""
    tokens = t.tokens
    return (fold(tokens[k].text) in ("and", "of", "for", "&", "the") and k + 1 < len(tokens)
            and tokens[k + 1].capitalised and t.gap(k - 1, SPACE) and t.gap(k, SPACE))


def _acronym_definitions(t: TextView) -> list[Candidate]:
    out = []
    for match in _ACRONYM.finditer(t.text):
        acronym = match.group(1)
        if sum(c.isupper() for c in acronym) < 2:
            continue
        found = _long_form(t, match.start(), acronym)
        if found is None:
            continue
        a, b = found
        words = t.tokens[a:b]
        name, span = name_span(t, a, b)
        if fold_name(name) in _GENERIC:
            continue
        out.append(Candidate(name, kind_of(words), [span],
                             f"defined as \u2018{acronym}\u2019", 0.85, aliases=[acronym]))
    return out


def _long_form(t: TextView, paren: int, acronym: str) -> tuple[int, int] | None:
    """The tokens of the long form an acronym in parentheses at ``paren`` stands for."""
    text = t.text
    end = paren
    while end > 0 and text[end - 1] in " \u00a0\u201d\"\u2019'":
        end -= 1
    breaks = list(SENTENCE_BREAK.finditer(text, 0, end))
    begin = breaks[-1].end() if breaks else 0
    last = t.index_at(end) - 1
    first = max(t.index_at(begin), last - len(acronym) - 4)
    if last < first:
        return None
    window = text[t.tokens[first].start:t.tokens[last].end]
    offset = _match_letters(window, acronym)
    if offset is None:
        return None
    a = _head_before(t, t.index_at(t.tokens[first].start + offset))
    b = last + 1
    while a < b and fold(t.tokens[a].text) in STOP_WORDS:
        a += 1
    words = t.tokens[a:b]
    if len(words) < 2 or not title_case(words):
        return None
    return a, b


def _head_before(t: TextView, a: int) -> int:
    """``a``, or the start of "Office of (the)" when such a head stands right before it."""
    tokens = t.tokens
    k = a - 1
    if k >= 0 and fold(tokens[k].text) == "the":
        k -= 1
    if k >= 1 and fold(tokens[k].text) in ("of", "for") and tokens[k - 1].capitalised \
            and fold(tokens[k - 1].text) in OF_HEADS:
        return k - 1
    return a


def _match_letters(long_form: str, acronym: str) -> int | None:
    """Where the long form starts: each letter of the acronym is found, right to left, in
    order; the first one at the start of a word (the Schwartz-Hearst method)."""
    s, i = len(acronym) - 1, len(long_form) - 1
    while s >= 0:
        wanted = acronym[s].lower()
        if not wanted.isalnum():
            s -= 1
            continue
        while i >= 0 and (long_form[i].lower() != wanted
                          or (s == 0 and i > 0 and long_form[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    return i + 1


def _listed_companies(t: TextView) -> list[Candidate]:
    out = []
    tokens = t.tokens
    for token in tokens:
        word = fold(token.text)
        if word not in COMPANY_LISTS and not word.endswith("makers"):
            continue
        lead = _LIST_LEAD.match(t.text, token.end)
        if lead is None:
            continue
        k = t.index_at(lead.end())
        while k < len(tokens):
            j = k
            while j < len(tokens) and j - k < 4 and (tokens[j].capitalised
                                                     or tokens[j].text[:1].isdigit()) \
                    and (j == k or t.gap(j - 1, PHRASE_GAP)):
                j += 1
            if j == k or fold(tokens[k].text) in STOP_WORDS:
                break
            name, span = name_span(t, k, j)
            phrase = t.text[token.start:lead.end()].strip()
            out.append(Candidate(name, "organisation", [span],
                               f"listed after \u2018{' '.join(phrase.split())}\u2019", 0.75))
            separator = _LIST_SEP.match(t.text, tokens[j - 1].end)
            if separator is None:
                break
            k = t.index_at(separator.end())
    return out


def _quoted_programmes(t: TextView) -> list[Candidate]:
    out = []
    for match in _QUOTED.finditer(t.text):
        if fold(match.group(2)) not in PROGRAMME_NOUNS:
            continue
        a, b = t.index_at(match.start(1)), t.index_at(match.end(1))
        words = t.tokens[a:b]
        if not title_case(words) or fold_name(match.group(1)) in _GENERIC:
            continue
        name, span = name_span(t, a, b)
        out.append(Candidate(name, "programme", [span],
                             f"quoted before \u2018{match.group(2)}\u2019", 0.7))
    return out


def _named_programmes(t: TextView) -> list[Candidate]:
    """A capitalised name before "framework", "initiative" ...: "the Lancang-Mekong
    Cooperation framework"."""
    out = []
    tokens = t.tokens
    for i, token in enumerate(tokens):
        if token.capitalised or fold(token.text) not in PROGRAMME_NOUNS or i < 3:
            continue
        a = i
        while a > 0 and t.gap(a - 1, PHRASE_GAP) and modifier(tokens[a - 1]):
            a -= 1
        while a < i and not tokens[a].capitalised:
            a += 1
        if i - a < 2 or a == 0 or fold(tokens[a - 1].text) not in _DETERMINERS:
            continue
        if not title_case(tokens[a:i]) or all(t.is_taken(w) for w in tokens[a:i]):
            continue
        name, span = name_span(t, a, i)
        out.append(Candidate(name, "programme", [span],
                             f"named before \u2018{token.text}\u2019", 0.6))
    return out
