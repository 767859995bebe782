"""Normal forms used to recognise the same article twice: URL keys and content hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref$|cmpid$|ocid$)")


def url_key(url: str | None) -> str | None:
    """A normal form of ``url``: scheme and host lower-cased, no fragment, no tracking
    parameters, no trailing slash, ``www.`` dropped, http and https alike."""
    if not url:
        return None
    url = url.strip()
    parts = urlsplit(url)
    if not parts.netloc:
        return url.lower()
    host = parts.netloc.lower().removeprefix("www.")
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query) if not _TRACKING.match(k)))
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("http", host, path, query, ""))


def content_hash(title: str, body: str) -> str:
    """The same for two copies of an article that differ only in spacing, case or punctuation.

    The body decides; the title only when there is no body (a headline may be re-written).
    """
    text = unicodedata.normalize("NFKC", body if body.strip() else title).casefold()
    words = re.findall(r"[^\W_]+", text)
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def domain_of(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url.strip()).netloc.lower()
    return host.removeprefix("www.") or None
