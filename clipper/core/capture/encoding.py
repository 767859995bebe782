"""Turning bytes into text: the encoding is read from the bytes, never assumed."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import CharsetMatch, from_bytes

from clipper.core.errors import EmptyFileError, NotTextError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_PREFERRED = {name: rank for rank, name in enumerate((
    "utf_8", "cp1252", "iso8859_15", "iso8859_1", "gb18030", "big5", "shift_jis", "euc_kr",
    "euc_jp", "cp1251", "cp1250", "cp1253", "cp1254", "cp1256", "koi8_r",
))}
# Share of control characters above which decoded "text" is taken for binary data.
_MAX_CONTROL_SHARE = 0.02

# Declared labels read the way browsers read them (the WHATWG Encoding Standard): a page that
# says gb2312 or iso-8859-1 is in practice written in the larger encoding that contains it.
_LABEL_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs", "tis-620": "cp874",
}
# Where documents declare their charset: <meta charset>, <meta http-equiv content="...;
# charset=...">, and the XML declaration (feeds, XHTML).
_DECLARATIONS = (
    re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([a-zA-Z0-9_.:-]+)", re.IGNORECASE),
    re.compile(rb"<\?xml[^>]+encoding\s*=\s*[\"']([a-zA-Z0-9_.:-]+)", re.IGNORECASE),
)
_SNIFF_BYTES = 16384
# A page cannot be read in UTF-16 by a parser that had to read ASCII to find that label.
_MARKUP_LABELS = {"utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8"}


def decode_text(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """The text in ``data`` and the encoding it was read with.

    Order: a byte-order mark; valid UTF-8; the declared charset if it decodes cleanly;
    then detection from the bytes. Raises ``EmptyFileError`` or ``NotTextError``.
    """
    if not data.strip():
        raise EmptyFileError("The file is empty.")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace"), encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _checked(data.decode(utf16, errors="replace"), utf16)
    if b"\x00" in data:
        raise NotTextError("The file holds binary data, not text.")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    declared = codec_for_label(declared)
    if declared:
        try:
            return _checked(data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass
    best = _most_likely(data)
    if best is None:
        raise NotTextError("The file's bytes are not text in any known encoding.")
    return _checked(str(best), best.encoding)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML or XML document declares near its start, as a Python codec name
    (``None`` when it declares none, or one Python does not know)."""
    head = data[:_SNIFF_BYTES]
    for pattern in _DECLARATIONS:
        match = pattern.search(head)
        if match:
            label = match.group(1).decode("ascii", "replace").lower()
            return codec_for_label(_MARKUP_LABELS.get(label, label))
    return None


def codec_for_label(label: str | None) -> str | None:
    """The Python codec for a charset label as found in documents and mail headers."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _LABEL_SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def decode_markup(data: bytes, transport_charset: str | None = None) -> tuple[str, str]:
    """The text of an HTML or XML document: a BOM, valid UTF-8, the charset the server
    declared (``transport_charset``) or else the document declares, if the bytes decode
    with it, then detection. A declaration counts only after the UTF-8 check because
    copies of pages are often re-encoded without updating it."""
    return decode_text(data, declared=codec_for_label(transport_charset)
                       or declared_charset(data))


def _most_likely(data: bytes) -> CharsetMatch | None:
    """charset-normalizer's best guess; among guesses it rates the same, the encoding most
    used for news text wins (it would otherwise pick cp1250 for French as readily as cp1252)."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    top = (matches[0].chaos, matches[0].coherence)
    tied = [m for m in matches if (m.chaos, m.coherence) == top]
    if matches[0].language in ("English", "Unknown", ""):
        # Text that reads as English gains nothing from a regional code page: when the most
        # used one reads it as cleanly, take that (a Portuguese feed in Latin-1 was read as
        # Baltic cp1257 and its accents became "simulaēões").
        tied += [m for m in matches if m.chaos == top[0] and m.encoding == "cp1252"]
    return min(tied, key=lambda m: _PREFERRED.get(m.encoding, len(_PREFERRED)))


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte for Latin text."""
    if len(data) < 4:
        return None
    sample = data[:4000]
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    if odd_nuls > 0.3 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.3 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, encoding: str) -> tuple[str, str]:
    if not text.strip():
        raise EmptyFileError("The file holds only white space.")
    sample = text[:20000]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\n\r\f\v")
    if controls / len(sample) > _MAX_CONTROL_SHARE or "\ufffd" * 8 in sample:
        raise NotTextError("The file holds binary data, not text.")
    return text, encoding
