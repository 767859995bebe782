"""Counts in the window's messages read right in the singular: "1 clipping", "3 clippings"."""

from __future__ import annotations


def counted(n: int, one: str, many: str) -> str:
    """``n`` followed by the word for one (``one``) or for any other number (``many``);
    both words are given, so irregular plurals need no rule ("entity", "entities")."""
    return f"{n:,} {one if n == 1 else many}"
