"""Patterns that find people: a title before a name ("Director‑General Zhao Yiping"), a name
next to a verb of saying ("Zhao said", "said Ana Ruiz", "according to Ana Ruiz"), a name
before an appositive ("Ana Ruiz, a spokeswoman", "Ana Ruiz, who ..."), wire-copy credits
("Reporting by Ana Ruiz"). Words the gazetteer or known entities already name are never read
as part of a person's name ("in Beijing Zhao said" names Zhao, not "Beijing Zhao")."""

from __future__ import annotations

from clipper.core.entities.textview import (
    NAME_GAP,
    SENTENCE_BREAK,
    SPACE,
    Candidate,
    TextView,
    name_span,
)
from clipper.core.entities.tokens import fold
from clipper.core.entities.vocabulary import (
    ABBREVIATED_TITLES,
    HEADS,
    NAME_PARTICLES,
    PERSON_NOUNS,
    SPEECH_VERBS,
    STOP_WORDS,
    TITLES,
)


def people_candidates(t: TextView) -> list[Candidate]:
    return [*_titled_people(t), *_speakers(t), *_appositive_people(t), *_credited_people(t)]


def _person(t: TextView, a: int, b: int, allow_single: bool) -> tuple[int, int] | None:
    """The person's name in tokens ``a:b`` once stop words, titles and names of places are
    trimmed from its ends; None when what is left does not look like a name."""
    tokens = t.tokens
    while a < b and (fold(tokens[a].text) in STOP_WORDS | TITLES or t.is_taken(tokens[a])
                     or not tokens[a].capitalised):
        a += 1
    while b > a and (t.is_taken(tokens[b - 1]) or not tokens[b - 1].capitalised):
        b -= 1
    for k in range(b - 1, a - 1, -1):  # "Trade Commissioner Petra Lindqvist": after the title
        if fold(tokens[k].text) in TITLES:
            a = k + 1
            break
    words = tokens[a:b]
    if not words or len(words) > 4 or (len(words) == 1 and not allow_single):
        return None
    for i, token in enumerate(words):
        folded = fold(token.text)
        if folded in NAME_PARTICLES and 0 < i < len(words) - 1:
            continue
        if (not token.capitalised or token.all_caps or folded in HEADS or folded in STOP_WORDS
                or t.is_taken(token) or len(token.text) < 2):
            return None
        if i and not t.gap(a + i - 1, NAME_GAP):
            return None
    return a, b


def _name_forward(t: TextView, i: int) -> int:
    """The end of the run of name-like tokens starting at ``i`` (at most four)."""
    j = i
    while (j < len(t.tokens) and j - i < 4
           and (t.tokens[j].capitalised or fold(t.tokens[j].text) in NAME_PARTICLES)
           and (j == i or t.gap(j - 1, NAME_GAP))):
        j += 1
    return j


def _name_backward(t: TextView, j: int) -> int:
    """The start of the run of name-like tokens ending before ``j`` (at most four)."""
    i = j
    while (i > 0 and j - i < 4 and t.tokens[i - 1].capitalised
           and (i == j or t.gap(i - 1, NAME_GAP))):
        i -= 1
    return i


def _titled_people(t: TextView) -> list[Candidate]:
    out = []
    tokens = t.tokens
    for i, token in enumerate(tokens[:-1]):
        if fold(token.text) not in TITLES or fold(tokens[i + 1].text) in TITLES:
            continue
        gap = t.text[token.end:tokens[i + 1].start]
        commas = gap.strip() == "," and not token.capitalised  # "chief executive, Ana Ruiz,"
        if not (t.gap(i, SPACE) or commas or (fold(token.text) in ABBREVIATED_TITLES
                                                and token.capitalised and gap.strip() == ".")):
            continue
        first = i
        while first > 0 and fold(tokens[first - 1].text) in TITLES and (
                t.gap(first - 1, NAME_GAP) or t.text[tokens[first - 1].end:tokens[first].start]
                in (". ", ".\u00a0")):
            first -= 1
        found = _person(t, i + 1, _name_forward(t, i + 1), allow_single=not commas)
        if found and commas and t.text[tokens[found[1] - 1].end:][:1] != ",":
            found = None
        if found:
            name, span = name_span(t, *found)
            title = t.text[tokens[first].start:token.end]
            out.append(Candidate(name, "person", [span], f"title \u2018{title}\u2019 before the "
                                 "name", 0.85, single=found[1] - found[0] == 1))
    return out


def _speakers(t: TextView) -> list[Candidate]:
    out = []
    tokens = t.tokens
    for i, token in enumerate(tokens):
        word = fold(token.text)
        after = None
        if word in SPEECH_VERBS and not token.capitalised:
            before = _person(t, _name_backward(t, i), i, allow_single=True)
            if before and t.gap(before[1] - 1, SPACE) and before[1] == i:
                out.append(_speaker(t, before, token.text))
            after = i + 1
        elif word in ("to", "of") and i and fold(tokens[i - 1].text) in ("according", "words"):
            after = i + 1
        if after is not None and after < len(tokens) and t.gap(after - 1, SPACE):
            found = _person(t, after, _name_forward(t, after), allow_single=True)
            if found and found[0] == after:
                out.append(_speaker(t, found, t.text[tokens[i - 1].start:token.end]
                                    if word in ("to", "of") else token.text))
    return out


def _speaker(t: TextView, found: tuple[int, int], verb: str) -> Candidate:
    name, span = name_span(t, *found)
    return Candidate(name, "person", [span], f"named with \u2018{verb}\u2019", 0.8,
                     single=found[1] - found[0] == 1)


def _appositive_people(t: TextView) -> list[Candidate]:
    out = []
    tokens = t.tokens
    for i in range(len(tokens) - 1):
        if t.text[tokens[i].end:tokens[i + 1].start].strip() != ",":
            continue
        window = tokens[i + 1:i + 7]
        if fold(window[0].text) == "who":
            stop = 0
        elif any(fold(w.text) in PERSON_NOUNS for w in window):
            stop = next(k for k, w in enumerate(window) if fold(w.text) in PERSON_NOUNS)
        else:
            continue
        between = t.text[tokens[i].end:window[stop].start]
        if SENTENCE_BREAK.search(between) or between.count(",") > 1:
            continue
        found = _person(t, _name_backward(t, i + 1), i + 1, allow_single=False)
        if found and found[1] == i + 1:
            name, span = name_span(t, *found)
            noun = window[stop].text
            out.append(Candidate(name, "person", [span], f"described as \u2018{noun}\u2019",
                                 0.75))
    return out


def _credited_people(t: TextView) -> list[Candidate]:
    """Wire-copy credits: "(Reporting by Ana Ruiz in Brussels and Tom Li; Editing by ...)"."""
    out = []
    tokens = t.tokens
    for i in range(1, len(tokens) - 1):
        if tokens[i].text != "by" or fold(tokens[i - 1].text) not in _CREDITS:
            continue
        k = i + 1
        while k < len(tokens):
            found = _person(t, k, _name_forward(t, k), allow_single=False)
            if not found or found[0] != k:
                break
            name, span = name_span(t, *found)
            out.append(Candidate(name, "person", [span], "credited in the wire copy", 0.8))
            k = found[1]
            if k + 1 < len(tokens) and tokens[k].text == "in" and tokens[k + 1].capitalised:
                k = _name_forward(t, k + 1)
            if k < len(tokens) and tokens[k].text == "and":
                k += 1
            else:
                break
    return out


_CREDITS = frozenset({"reporting", "editing", "writing", "compiled", "produced", "additional",
                      "photographs", "graphics"})
