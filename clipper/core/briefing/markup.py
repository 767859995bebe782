"""Turning user text into ReportLab paragraph markup that can never act as markup.

Every character of user text goes through ``FontChooser.runs`` and ``escape``: the only tags in
a paragraph are the ones this package writes (font runs, highlights, links it has checked).
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit, urlunsplit

from clipper.core.briefing.bidi import shape
from clipper.core.briefing.fonts import FontChooser, string_width
from clipper.core.briefing.typography import url_lines

LINK_SCHEMES = ("http", "https", "mailto")
_URL_SAFE = "/:?#[]@!$&'()*+,;=%~-._"
_CONTROL = re.compile(r"[\x00-\x20\x7f-\x9f]")


def escape(text: str) -> str:
    """Text as paragraph content: ``&``, ``<`` and ``>`` as entities."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_attribute(text: str) -> str:
    return escape(text).replace('"', "&quot;")


def safe_link(url: str | None) -> str | None:
    """The address to link ``url`` to, or None when it must not be linked.

    Only http and https addresses with a host, and mailto addresses, are linked. Characters a
    URI may not hold are percent-encoded, so the link is plain ASCII.
    """
    if not url:
        return None
    url = url.strip()
    if not url or _CONTROL.search(url.replace(" ", "")) or " " in url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme in ("http", "https") and not parts.hostname:
        return None
    if scheme == "mailto" and "@" not in parts.path:
        return None
    host = parts.hostname
    if host and not host.isascii():  # an international domain name: the ASCII (IDNA) form
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            return None
        netloc = host if parts.port is None else f"{host}:{parts.port}"
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return quote(url, safe=_URL_SAFE)


class Markup:
    """Builds paragraph markup in the fonts a role's chain picks, for one paragraph style."""

    def __init__(self, fonts: FontChooser) -> None:
        self.fonts = fonts

    def text(self, text: str, role: str, base: str, before: str = "", after: str = "") -> str:
        """``text`` escaped, cut into font runs; runs not in ``base`` (the paragraph style's font)
        are wrapped in ``<font face>``. Line breaks become ``<br/>``. ``before`` and ``after``:
        the text around a piece of a paragraph, for Arabic letters to join across the cut."""
        lines = text.split("\n")
        last = len(lines) - 1
        return "<br/>".join(self._line(line, role, base, before if n == 0 else "",
                                       after if n == last else "")
                            for n, line in enumerate(lines))

    def _line(self, text: str, role: str, base: str, before: str = "", after: str = "") -> str:
        out = []
        for name, run in self.fonts.runs(shape(text, before, after), role):
            escaped = escape(run)
            out.append(escaped if name == base else f'<font face="{name}">{escaped}</font>')
        return "".join(out)

    def link(self, url: str | None, text: str, role: str, base: str,
             color: str = "#1f5f99") -> str:
        """``text`` linked to ``url`` when it is a safe address, else plain text."""
        inner = self.text(text, role, base)
        target = safe_link(url)
        if target is None:
            return inner
        return f'<a href="{escape_attribute(target)}" color="{color}">{inner}</a>'

    def address(self, url: str, role: str, base: str, size: float, width: float,
                color: str = "#1f5f99") -> str:
        """``url`` printed in full and linked (when safe), in lines no wider than ``width``
        at ``size`` points, broken only after ``/``, ``-``, ``?`` or ``&`` (see
        ``typography.url_lines``): ReportLab would break it anywhere ("https ://")."""
        lines = url_lines(url, width,
                          lambda text: string_width(self.fonts.runs(text, role), size))
        return self.link(url, "\n".join(lines), role, base, color)

    def internal_link(self, key: str, inner_markup: str) -> str:
        """A link to a bookmark of this document (``key`` is ours: letters and digits)."""
        return f'<a href="#{key}">{inner_markup}</a>'


def paragraphs(text: str) -> list[str]:
    """User text as paragraphs: split on blank lines, lines kept, empty ones dropped."""
    blocks = re.split(r"\n[ \t\r\f\v]*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    result = []
    for block in blocks:
        lines = [" ".join(line.split()) for line in block.split("\n")]
        joined = "\n".join(line for line in lines if line)
        if joined:
            result.append(joined)
    return result


def paragraph_ranges(body: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the paragraphs of a clipping body (blank-line separated),
    trimmed of surrounding white space."""
    ranges = []
    start = 0
    for match in re.finditer(r"\n[ \t\r\f\v]*\n", body):
        ranges.append((start, match.start()))
        start = match.end()
    ranges.append((start, len(body)))
    trimmed = []
    for a, b in ranges:
        while a < b and body[a].isspace():
            a += 1
        while b > a and body[b - 1].isspace():
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def looks_like_heading(text: str) -> bool:
    """A short line without closing punctuation reads as a heading inside a clipping's text."""
    text = text.strip()
    return (0 < len(text) <= 120 and "\n" not in text
            and not text.endswith((".", ",", ";", ":", "!", "?", "\u201d", '"', "'", "\u3002",
                                   ")", "\u2019")))
