"""A clipping from a web address: fetch the page, extract the article."""

from __future__ import annotations

from clipper.core.records import ClippingDraft


def draft_from_url(url: str) -> ClippingDraft:
    """Fetch ``url`` (http or https only, with timeouts and caps) and extract its article.
    Raises ``FetchError`` or another ``CaptureError`` with a message for the user."""
    from clipper.core.capture.fetch import fetch
    from clipper.core.capture.html import parse_html_page
    from clipper.core.errors import EmptyFileError

    page = fetch(url.strip())
    try:
        return parse_html_page(page.content, url=page.url, charset=page.charset)
    except EmptyFileError:
        raise EmptyFileError(f"The page at {page.url} is empty.") from None
