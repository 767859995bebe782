"""Turning bytes into text: the encoding is read from the bytes, never assumed."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

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
    if declared:
        try:
            return _checked(data.decode(declared), declared)
        except (UnicodeDecodeError, LookupError):
            pass
    best = _most_likely(data)
    if best is None:
        raise NotTextError("The file's bytes are not text in any known encoding.")
    return _checked(str(best), best.encoding)


def _most_likely(data: bytes) -> object | None:
    """charset-normalizer's best guess; among guesses it rates the same, the encoding most
    used for news text wins (it would otherwise pick cp1250 for French as readily as cp1252)."""
    matches = list(from_bytes(data))
    if not matches:
        return None
    top = (matches[0].chaos, matches[0].coherence)
    tied = [m for m in matches if (m.chaos, m.coherence) == top]
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
