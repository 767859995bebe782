"""A clipping's text extracted again from the original it was captured from (kept compressed
with the clipping): after Clipper's extraction has improved, or to undo a hand edit gone wrong.

Only the text is replaced; the title, outlet, authors and dates may have been corrected by
the user and stay as they are. The wire a story came through (AP, Reuters, ...) is found
again too, for clippings captured before Clipper kept it: it fills an empty wire, never
replaces one.
"""

from __future__ import annotations

import re

from clipper.core.capture.encoding import declared_charset, decode_markup, decode_text
from clipper.core.capture.paragraphs import fragment_text
from clipper.core.errors import InvalidInputError

_DOCUMENT = re.compile(rb"<(?:!doctype|html|head|body)\b", re.IGNORECASE)


def reextracted(original: bytes | None, origin: str | None,
                url: str | None) -> tuple[str, str | None]:
    """The text of a clipping extracted again from ``original`` (a saved web page, the HTML
    part of an e-mail: ``origin`` ends in .eml, or a feed entry's content), and the wire the
    original names (None when it names none, or is a feed entry's content). Raises
    ``InvalidInputError`` when there is no original (a clipping typed or imported as text)."""
    if not original:
        raise InvalidInputError("This clipping has no saved original to extract its text from "
                                "(it was typed, pasted or imported as text).")
    if origin and origin.lower().endswith(".eml"):
        from clipper.core.capture.html import extract_article
        from clipper.core.capture.mail import without_mail_notices

        page, _encoding = decode_text(original, declared=declared_charset(original))
        article = extract_article(page)
        return without_mail_notices(article.body), article.wire
    if _DOCUMENT.search(original[:4096]):
        from clipper.core.capture.html import parse_html_page

        draft = parse_html_page(original, url=url)
        return draft.body, draft.wire
    text, _encoding = decode_markup(original)
    return fragment_text(text), None  # a feed entry's content
