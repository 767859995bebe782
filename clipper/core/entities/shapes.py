"""Places and ships named by the words around them: "the main island of Luzon", "the city of
Batam", "the BRP Datu Cabaylo" (a ship's prefix before its name)."""

from __future__ import annotations

from clipper.core.entities.textview import NAME_GAP, SPACE, Candidate, TextView, name_span
from clipper.core.entities.tokens import fold
from clipper.core.entities.vocabulary import HEADS, STOP_WORDS

# "the island of Luzon", "the province of Aceh", "the city of Batam"
PLACE_NOUNS = frozenset("""
island islands city town village province region state county district port prefecture
""".split())
# Prefixes of naval and government ships: "BRP Datu Cabaylo", "USS Ronald Reagan".
SHIP_PREFIXES = frozenset("BRP USS USNS HMS HMAS HMCS HMNZS INS KRI KD RSS JS ROKS CCGS".split())


def shape_candidates(t: TextView) -> list[Candidate]:
    return [*_places_after_of(t), *_ships(t)]


def _places_after_of(t: TextView) -> list[Candidate]:
    out = []
    tokens = t.tokens
    for i in range(1, len(tokens) - 1):
        noun = tokens[i - 1]
        if tokens[i].text != "of" or noun.capitalised or fold(noun.text) not in PLACE_NOUNS \
                or not (t.gap(i - 1, SPACE) and t.gap(i, SPACE)):
            continue
        b = _run(t, i + 1)
        if b == i + 1:
            continue
        name, span = name_span(t, i + 1, b)
        out.append(Candidate(name, "place", [span], f"after \u2018{noun.text} of\u2019", 0.75))
    return out


def _ships(t: TextView) -> list[Candidate]:
    out = []
    tokens = t.tokens
    for i in range(len(tokens) - 1):
        if tokens[i].text not in SHIP_PREFIXES or not t.gap(i, SPACE):
            continue
        b = _run(t, i + 1)
        if b == i + 1:
            continue
        name, span = name_span(t, i, b)
        out.append(Candidate(name, "other", [span], f"a ship (\u2018{tokens[i].text}\u2019)",
                             0.75, aliases=[name_span(t, i + 1, b)[0]]))
    return out


def _run(t: TextView, k: int) -> int:
    """The end of the capitalised name starting at token ``k`` (at most four words, none a
    stop word or an organisation's head word)."""
    tokens = t.tokens
    j = k
    while j < len(tokens) and j - k < 4 and tokens[j].capitalised and not tokens[j].all_caps \
            and fold(tokens[j].text) not in STOP_WORDS and fold(tokens[j].text) not in HEADS \
            and (j == k or t.gap(j - 1, NAME_GAP)):
        j += 1
    return j
