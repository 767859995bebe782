"""E-mail newsletters (.eml): subject, sender and date from the headers, the text from the
HTML part (read like a web page), or from the plain part when there is no HTML.

Named ``mail`` so that inside this package it does not shadow the standard ``email``.
Headers in RFC 2047 encoded words and parts in legacy charsets are decoded; a part whose
declared charset is wrong or missing is read like any other bytes (``decode_text``).
"""

from __future__ import annotations

import email
import email.policy
import re
from datetime import UTC, datetime
from email.message import EmailMessage, Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from clipper.core.capture.encoding import declared_charset, decode_text
from clipper.core.capture.html import extract_article
from clipper.core.capture.language import guess_language
from clipper.core.capture.paragraphs import plain_text_paragraphs
from clipper.core.errors import CaptureError, EmptyFileError
from clipper.core.records import ClippingDraft

_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|fwd?|tr|wg|aw|rv)\s*:\s*)+", re.IGNORECASE)
_HEADER_NAMES = (b"from:", b"subject:", b"date:", b"received:", b"mime-version:",
                 b"message-id:", b"return-path:", b"to:", b"delivered-to:")


def looks_like_mail(data: bytes) -> bool:
    """Whether the bytes start with mail headers."""
    head = data[:4096].lower()
    return sum(1 for name in _HEADER_NAMES if name in head) >= 2


def parse_mail_file(data: bytes, path: Path) -> ClippingDraft:
    """A draft clipping from an e-mail message (the importer's reader for .eml)."""
    if not data.strip():
        raise EmptyFileError("The file is empty.")
    if not looks_like_mail(data):
        raise CaptureError("This file is not an e-mail message (it has no mail headers).")
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    hint = _message_charset(message)
    raw = _raw_headers(data)
    subject = _SUBJECT_PREFIX.sub("", header_text(message, "Subject", raw, hint))
    sender_name, sender_address = _sender(message, raw, hint)
    html_part = _first_part(message, "text/html")
    plain_part = _first_part(message, "text/plain")
    body, html_bytes, title_found = "", None, None
    if html_part is not None:
        html_bytes = _payload(html_part)
        declared = (html_part.get_content_charset() or declared_charset(html_bytes) or hint)
        page, _encoding = decode_text(html_bytes, declared=declared)
        article = extract_article(page)
        body, title_found = article.body, article.title
    if not body.strip() and plain_part is not None:
        text, _encoding = decode_text(_payload(plain_part),
                                      declared=plain_part.get_content_charset() or hint)
        body = plain_text_paragraphs(text)
    body = without_mail_notices(body)
    title = subject or title_found or ""
    if not title and not body:
        raise EmptyFileError("The message has neither a subject nor any text.")
    outlet = sender_name or _domain(sender_address)
    return ClippingDraft(
        title=title or body.split("\n\n", 1)[0][:120],
        body=body,
        source_name=outlet,
        authors=[sender_name] if sender_name else [],
        published=_date(message),
        language=_language(message) or guess_language(f"{title}\n{body}"),
        html=html_bytes,
        origin=str(path),
    )


# A newsletter's first line for readers whose mail program cannot show it, and its footer.
_VIEW_ONLINE = re.compile(
    r"\b(view|read|open|see)\b.{0,40}\b(browser|online|web version)\b|"
    r"having trouble (viewing|reading)|can.t see (this|the) (e-?mail|message)|"
    r"ne s.affiche pas correctement|version en ligne|nicht (richtig|korrekt) angezeigt|"
    r"im browser (ansehen|öffnen)|non (si )?visualizz|no (se )?(ve|puedes ver) (correctamente|"
    r"este)", re.IGNORECASE)
_UNSUBSCRIBE = re.compile(
    r"unsubscribe|you (are )?receiv(ed|ing) this (e-?mail|message|newsletter)|"
    r"update your (e-?mail )?preferences|désinscri|désabonner|ne souhaitez plus recevoir|"
    r"newsletter abmelden|hier abmelden|abbestellen|non desideri più ricevere|disiscriv|"
    r"cancellare l.iscrizione|darse de baja|cancelar (la )?suscripci", re.IGNORECASE)
_NOTICE_CHARS = 300  # longer, a paragraph is the newsletter's own text
_FOOTER_PARAGRAPHS = 8  # the footer is found among this many last paragraphs


def without_mail_notices(body: str) -> str:
    """A newsletter's text without its "view it in your browser" line and the footer that
    begins with the unsubscribe notice (addresses, legal lines below it)."""
    paragraphs = body.split("\n\n")
    if len(paragraphs) > 1 and len(paragraphs[0]) <= _NOTICE_CHARS and \
            _VIEW_ONLINE.search(paragraphs[0]):
        paragraphs.pop(0)
    start = max(1, len(paragraphs) - _FOOTER_PARAGRAPHS)
    for index in range(len(paragraphs) - 1, start - 1, -1):
        if len(paragraphs[index]) > _NOTICE_CHARS:
            break
        if _UNSUBSCRIBE.search(paragraphs[index]):
            paragraphs = paragraphs[:index]
            break
    return "\n\n".join(paragraphs)


def header_text(message: Message, name: str, raw: dict[str, bytes] | None = None,
                hint: str | None = None) -> str:
    """A header's value as text: encoded words decoded, raw 8-bit bytes (which some mailers
    send without encoding them) read from the bytes — in the charset the message's parts
    declare (``hint``) when they are not UTF-8 — and white space collapsed."""
    value = message.get(name)
    if value is None:
        return ""
    text = str(value)
    original = (raw or {}).get(name.lower(), b"")
    if ("\ufffd" in text or any("\udc80" <= c <= "\udcff" for c in text)) and \
            any(byte > 0x7F for byte in original):
        try:
            text, _encoding = decode_text(original, declared=hint)
        except CaptureError:
            text = original.decode("utf-8", "replace")
    return " ".join(text.split())


def _raw_headers(data: bytes) -> dict[str, bytes]:
    """The header block's values as bytes, by lower-cased name (continuation lines joined)."""
    head = re.split(rb"\r?\n\r?\n", data, maxsplit=1)[0]
    headers: dict[str, bytes] = {}
    for line in re.sub(rb"\r?\n[ \t]+", b" ", head).splitlines():
        name, sep, value = line.partition(b":")
        if sep and name.strip():
            headers.setdefault(name.strip().decode("ascii", "replace").lower(), value.strip())
    return headers


def _sender(message: Message, raw_headers: dict[str, bytes],
            hint: str | None) -> tuple[str, str]:
    raw = header_text(message, "From", raw_headers, hint)
    try:
        addresses = getaddresses([raw])
    except (TypeError, ValueError, IndexError):
        return raw, ""
    name, address = addresses[0] if addresses else ("", "")
    name = name.strip().strip('"').strip()
    return name, address.strip()


def _first_part(message: EmailMessage, content_type: str) -> Message | None:
    """The first part of this type that is not an attachment."""
    for part in message.walk():
        if part.get_content_type() != content_type or part.is_multipart():
            continue
        if part.get_content_disposition() == "attachment":
            continue
        return part
    return None


def _message_charset(message: EmailMessage) -> str | None:
    """A charset some text part of the message declares: the best guess for a sibling part
    that declares none (mailers write all parts of a message in one charset)."""
    for part in message.walk():
        if part.get_content_maintype() == "text" and part.get_content_charset():
            return part.get_content_charset()
    return None


def _payload(part: Message) -> bytes:
    """The part's bytes with its transfer encoding (base64, quoted-printable) undone."""
    data = part.get_payload(decode=True)
    if isinstance(data, bytes):
        return data
    payload = part.get_payload()
    return payload.encode("utf-8", "surrogateescape") if isinstance(payload, str) else b""


def _date(message: Message) -> datetime | None:
    raw = header_text(message, "Date")
    if not raw:
        return None
    try:
        parsed = parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError):
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _language(message: Message) -> str | None:
    value = header_text(message, "Content-Language")
    code = re.split(r"[-_,;\s]", value.strip())[0].lower() if value else ""
    return code if 2 <= len(code) <= 3 and code.isalpha() else None


def _domain(address: str) -> str | None:
    return address.rsplit("@", 1)[1].lower() if "@" in address else None
