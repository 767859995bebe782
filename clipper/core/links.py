"""Which addresses Clipper opens: http and https with a host, and mailto with an address.

Captured pages, feeds and mails carry links of every kind (``javascript:``, ``file:``,
``data:``, ``smb:``, an application's own scheme); handing one of those to the desktop could
run a program or reveal a local file. The GUI opens a link only when ``openable_url`` gives it
back; the PDF briefing applies the same rule (``briefing.markup.safe_link``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

OPENABLE_SCHEMES = ("http", "https", "mailto")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def openable_url(url: str | None) -> str | None:
    """``url`` (trimmed) when it is safe to hand to the desktop's browser or mail program;
    ``None`` otherwise."""
    if not url:
        return None
    url = url.strip()
    if not url or _CONTROL_OR_SPACE.search(url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        return url if host else None
    if scheme == "mailto":
        return url if "@" in parts.path else None
    return None


def is_openable(url: str | None) -> bool:
    return openable_url(url) is not None
