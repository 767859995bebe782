"""The bias taxonomy a new library starts with. Users may rename, recolour and extend it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CategorySpec:
    key: str
    name: str
    description: str
    color: str


DEFAULT_CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec("summary-of-another", "Summary or evaluation of another publication",
                 "The piece retells or evaluates another outlet's reporting.", "#6f42c1"),
    CategorySpec("editorial-commentary", "Editorial commentary",
                 "The outlet's own opinion or slant is mixed into the report.", "#d9534f"),
    CategorySpec("loaded-language", "Loaded language",
                 "Words chosen to provoke a reaction rather than inform.", "#e8590c"),
    CategorySpec("unattributed-claim", "Unattributed claim",
                 "A claim of fact with no source given.", "#f08c00"),
    CategorySpec("single-source", "Single source",
                 "The story rests on one source only.", "#1c7ed6"),
    CategorySpec("opinion-as-fact", "Opinion presented as fact",
                 "A judgement stated as if it were established fact.", "#c2255c"),
    CategorySpec("missing-context", "Missing context",
                 "Facts needed to judge the claim are left out.", "#5c940d"),
    CategorySpec("promotional-framing", "Promotional or press-release framing",
                 "The text follows a press release or promotes its subject.", "#0c8599"),
    CategorySpec("speculation", "Speculation",
                 "Guesses about the future or about motives, presented as news.", "#868e96"),
)

# Phrases in a publication flag ("This publication contains editorial commentary ...") and the
# category each one means. Checked in order; the first that matches wins.
FLAG_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("summary or evaluation", "summary-of-another"),
    ("summary of another", "summary-of-another"),
    ("copy of another", "summary-of-another"),
    ("editorial", "editorial-commentary"),
    ("commentary", "editorial-commentary"),
    ("loaded language", "loaded-language"),
    ("unattributed", "unattributed-claim"),
    ("single source", "single-source"),
    ("opinion", "opinion-as-fact"),
    ("missing context", "missing-context"),
    ("press release", "promotional-framing"),
    ("promotional", "promotional-framing"),
    ("speculat", "speculation"),
    ("bias", "editorial-commentary"),
)


def category_for_flag(text: str) -> str | None:
    """The category key a publication flag names, or None when it names none we know."""
    lowered = text.lower()
    for phrase, key in FLAG_KEYWORDS:
        if phrase in lowered:
            return key
    return None
