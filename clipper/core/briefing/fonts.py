"""Embedded TrueType fonts, chosen per character from a fallback chain.

ReportLab draws a run of text in one font; a character that font lacks comes out as an empty
box. So every piece of text is cut into runs, each in the first font of its chain that has a
glyph for the character: Noto Serif or Noto Sans for Latin, Greek and Cyrillic, then DejaVu Sans
(symbols, arrows, more Latin), Noto Sans Symbols 2 (U+1F79B and other shapes), Noto Sans Thai,
Droid Sans Fallback (Chinese, Japanese, Korean), Noto Sans Symbols and Symbola (pictographs).

Fonts are loaded on first use and shared by every export in the process; ReportLab keeps the
per-document state of a font apart, but not safely across threads, so exports hold ``BUILD_LOCK``.
"""

from __future__ import annotations

import threading
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

# ReportLab internals used here (_dynFaceNames, TTFont.state, idToObject) are pinned by
# tests/core/test_private_apis.py.
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from clipper.core import paths

if TYPE_CHECKING:  # ReportLab has no type information: the name says what is passed
    from reportlab.pdfbase.pdfdoc import PDFDocument

BUILD_LOCK = threading.RLock()
_LOAD_LOCK = threading.Lock()

# The font files in resources/fonts, by the name ReportLab knows them by.
FONT_FILES = {
    "NotoSerif-Regular": "NotoSerif-Regular.ttf",
    "NotoSerif-Bold": "NotoSerif-Bold.ttf",
    "NotoSerif-Italic": "NotoSerif-Italic.ttf",
    "NotoSerif-BoldItalic": "NotoSerif-BoldItalic.ttf",
    "NotoSans-Regular": "NotoSans-Regular.ttf",
    "NotoSans-Bold": "NotoSans-Bold.ttf",
    "DejaVuSans": "DejaVuSans.ttf",
    "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
    "NotoSansSymbols2-Regular": "NotoSansSymbols2-Regular.ttf",
    "NotoSansThai-Regular": "NotoSansThai-Regular.ttf",
    "NotoSansThai-Bold": "NotoSansThai-Bold.ttf",
    "DroidSansFallback": "DroidSansFallback.ttf",
    "NotoSansSymbols-Regular": "NotoSansSymbols-Regular.ttf",
    "NotoSansSymbols-Bold": "NotoSansSymbols-Bold.ttf",
    "Symbola": "Symbola_hint.ttf",
}

_FALLBACK = ("DejaVuSans", "NotoSansSymbols2-Regular", "NotoSansThai-Regular",
             "DroidSansFallback", "NotoSansSymbols-Regular", "Symbola")
_FALLBACK_BOLD = ("DejaVuSans-Bold", "NotoSansSymbols2-Regular", "NotoSansThai-Bold",
                  "DroidSansFallback", "NotoSansSymbols-Bold", "Symbola")

# A role is a typeface in one weight and slant; its chain is tried font by font.
CHAINS: dict[str, tuple[str, ...]] = {
    "serif": ("NotoSerif-Regular", *_FALLBACK),
    "serif-bold": ("NotoSerif-Bold", *_FALLBACK_BOLD),
    "serif-italic": ("NotoSerif-Italic", "NotoSerif-Regular", *_FALLBACK),
    "serif-bolditalic": ("NotoSerif-BoldItalic", "NotoSerif-Bold", *_FALLBACK_BOLD),
    "sans": ("NotoSans-Regular", *_FALLBACK),
    "sans-bold": ("NotoSans-Bold", *_FALLBACK_BOLD),
}

REPLACEMENT = "\ufffd"  # drawn for a character no font has (never seen with the shipped fonts)
_VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))


def font_dir() -> Path:
    return paths.resources_dir() / "fonts"


class UnicodeTTFont(TTFont):
    """A TrueType font whose ToUnicode CMap is right for every character.

    ReportLab 5.1 writes each entry of the CMap as ``<%04X>`` of the code point, which for a
    character above U+FFFF (U+1F79B, emoji) gives five hex digits: not UTF-16, so readers copy
    and search the wrong text. After ReportLab has made the font objects we replace each subset's
    CMap stream with one that encodes every character as UTF-16BE (surrogate pairs included).
    """

    def addObjects(self, doc: PDFDocument) -> None:
        state = self.state.get(doc)
        subsets = [list(subset) for subset in state.subsets] if state is not None else []
        names = [self.getSubsetInternalName(n, doc)[1:] for n in range(len(subsets))]
        super().addObjects(doc)
        fonts = doc.idToObject["BasicFonts"].dict
        for name, subset in zip(names, subsets, strict=True):
            pdf_font = fonts[name]
            stream = doc.idToObject[pdf_font.ToUnicode.name]
            stream.content = to_unicode_cmap(pdf_font.BaseFont, subset)


def to_unicode_cmap(cmap_name: str, subset: list[int]) -> str:
    """A ToUnicode CMap mapping the one-byte codes of ``subset`` to UTF-16BE text."""
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        f"/CMapName /{cmap_name.replace('+', '-')}-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<00> <FF>",
        "endcodespacerange",
    ]
    entries = [(code, char) for code, char in enumerate(subset)]
    for start in range(0, len(entries), 100):  # at most 100 entries per block
        block = entries[start:start + 100]
        lines.append(f"{len(block)} beginbfchar")
        for code, char in block:
            utf16 = _as_text(chr(char)).encode("utf-16-be", "surrogatepass").hex().upper()
            lines.append(f"<{code:02X}> <{utf16}>")
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines)


def _as_text(char: str) -> str:
    """What a drawn character stands for when the PDF is searched or copied: an Arabic letter's
    joined form (a presentation form, drawn by the briefing) is the letter itself, and the
    lam-alef ligature the two letters — given in drawing order, right to left, because PDF
    readers turn a right-to-left run around character by character (Poppler and PDFium
    both: "لا" given as such comes out "ال")."""
    code = ord(char)
    if 0xFB50 <= code <= 0xFDFF or 0xFE70 <= code <= 0xFEFF:
        return unicodedata.normalize("NFKC", char)[::-1] or char
    return char


class _Font:
    __slots__ = ("name", "covers")

    def __init__(self, name: str, covers: frozenset[str]) -> None:
        self.name = name
        self.covers = covers


_loaded: dict[str, _Font] = {}


def load(name: str) -> _Font:
    """Register the font ``name`` with ReportLab (once) and return its coverage."""
    font = _loaded.get(name)
    if font is not None:
        return font
    with _LOAD_LOCK:
        font = _loaded.get(name)
        if font is None:
            ttf = UnicodeTTFont(name, str(font_dir() / FONT_FILES[name]))
            # ReportLab shares fonts by face name: should someone else have registered this
            # face as a plain TTFont, ours would be swapped for it and lose the CMap fix.
            other = pdfmetrics._dynFaceNames.get(ttf.face.name)
            if other is not None and not isinstance(other, UnicodeTTFont):
                ttf.face.name += b"-Clipper"
            pdfmetrics.registerFont(ttf)
            glyphs = ttf.face.charToGlyph
            covers = frozenset(chr(code) for code, glyph in glyphs.items() if glyph)
            font = _loaded[name] = _Font(name, covers)
    return font


def primary(role: str) -> str:
    """The ReportLab name of a role's first font (loaded)."""
    return load(CHAINS[role][0]).name


class FontChooser:
    """Cuts text into runs of one font each, per role. One per export; caches its choices."""

    def __init__(self) -> None:
        self._choice: dict[str, dict[str, str | None]] = {role: {} for role in CHAINS}

    def runs(self, text: str, role: str) -> list[tuple[str, str]]:
        """``text`` as (font name, text) runs. Characters no font has become U+FFFD; invisible
        format characters (joiners, variation selectors) that the font lacks are dropped."""
        first = load(CHAINS[role][0])
        if first.covers.issuperset(text):
            return [(first.name, text)] if text else []
        choice = self._choice[role]
        result: list[tuple[str, str]] = []
        current: str | None = None
        buffer: list[str] = []
        for char in text:
            if char in choice:
                name = choice[char]
            else:
                name = choice[char] = self._choose(char, role)
            if name is None:
                if char.isspace():
                    char, name = " ", self._choose(" ", role)
                elif _invisible(char):
                    continue
                else:
                    char, name = REPLACEMENT, self._choose(REPLACEMENT, role)
            elif name != current and current is not None and (
                    _is_mark(char) or char == " ") and char in load(current).covers:
                name = current  # keep a combining mark with its base, a space with its words
            if name != current and buffer:
                # not None: the shipped fonts have " " and U+FFFD (the fallbacks taken above)
                result.append((current, "".join(buffer)))  # type: ignore[arg-type]  # see above
                buffer = []
            current = name
            buffer.append(char)
        if buffer:
            result.append((current, "".join(buffer)))  # type: ignore[arg-type]  # as above
        return result

    def _choose(self, char: str, role: str) -> str | None:
        for name in CHAINS[role]:
            if char in load(name).covers:
                return name
        return None


def _invisible(char: str) -> bool:
    code = ord(char)
    if any(code in block for block in _VARIATION_SELECTORS):
        return True
    return unicodedata.category(char) in ("Cf", "Cc", "Cs")


def _is_mark(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Mc", "Me")


def string_width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(pdfmetrics.stringWidth(text, name, size) for name, text in runs)
