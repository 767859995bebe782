"""The window's words: counts that read right in the singular ("1 clipping", "3 clippings"),
and the search field's hint."""

from __future__ import annotations

SEARCH_PLACEHOLDER = "Search clippings  (Ctrl+F)   e.g. zhao title:asean date:2024"


def counted(n: int, one: str, many: str) -> str:
    """``n`` followed by the word for one (``one``) or for any other number (``many``);
    both words are given, so irregular plurals need no rule ("entity", "entities")."""
    return f"{n:,} {one if n == 1 else many}"
