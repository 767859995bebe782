"""Counts in words for the command line's messages: "1 clipping", "2 clippings"."""

from __future__ import annotations

_IRREGULAR = {"entity": "entities", "index": "indexes", "match": "matches", "copy": "copies",
              "summary": "summaries", "category": "categories", "body": "bodies"}


def plural(noun: str) -> str:
    """The plural of one of the nouns the CLI counts."""
    return _IRREGULAR.get(noun, noun + "s")


def count(n: int, noun: str) -> str:
    """``n`` and ``noun``, singular for one and plural otherwise: "1 entity", "0 entities"."""
    return f"{n:,} {noun if n == 1 else plural(noun)}"
