"""Fetching a web address with httpx: bounded in time and size, http and https only.

Redirects are followed here, one hop at a time, so that every hop is checked (no ``file:``
or ``ftp:`` at the end of a chain) and counted. The body is streamed and abandoned as soon
as it passes the size cap — also when the server compresses it, since the cap counts the
decompressed bytes. Every failure is a ``FetchError`` with a message for the user.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from clipper import __version__
from clipper.core.errors import FetchError

if TYPE_CHECKING:  # httpx is imported on the first fetch: most commands never fetch
    import httpx

MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 20.0
TOTAL_TIMEOUT = 60.0  # a server that trickles bytes forever still stops here
USER_AGENT = f"Clipper/{__version__} (press clippings)"
HTML_TYPES = ("text/html", "application/xhtml+xml")
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
               "application/xml", "text/xml", "application/x-rss+xml")
_SCHEMES = ("http", "https")


@dataclass
class Fetched:
    """What a web address returned."""

    url: str  # the final address, after redirects
    content: bytes
    content_type: str  # e.g. "text/html"; "" when the server did not say
    charset: str | None  # the charset the server declared


@dataclass
class FetchLimits:
    max_bytes: int = MAX_BYTES
    max_redirects: int = MAX_REDIRECTS
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    total_timeout: float = TOTAL_TIMEOUT


def fetch(url: str, accept: tuple[str, ...] = HTML_TYPES,
          limits: FetchLimits | None = None) -> Fetched:
    """GET ``url``, following redirects; the response must have one of the ``accept``
    content types (an empty tuple accepts any). Raises ``FetchError``."""
    import httpx

    limits = limits or FetchLimits()
    _check_address(url)
    asked = url
    timeout = httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout)
    deadline = time.monotonic() + limits.total_timeout
    headers = {"User-Agent": USER_AGENT,
               "Accept": ", ".join(accept) + ", */*;q=0.1" if accept else "*/*"}
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False, headers=headers) as client:
            for _hop in range(limits.max_redirects + 1):
                with client.stream("GET", url) as response:
                    if response.is_redirect:
                        url = _redirect_target(response, url)
                        continue
                    _check_status(response, url)
                    content_type, charset = _content_type(response)
                    if accept and content_type and content_type not in accept:
                        hint = (" It is a feed: subscribe to it with Add feed (clipper feed "
                                "add).") if content_type in _FEED_TYPES else ""
                        raise FetchError(f"{url} is not a web page Clipper can read "
                                         f"(the server sent {content_type}).{hint}")
                    content = _read_body(response, limits.max_bytes, deadline, url)
                    return Fetched(str(response.url), content, content_type, charset)
            raise FetchError(f"{asked} redirects more than {limits.max_redirects} times "
                             f"(the last step was to {url}).")
    except httpx.TimeoutException:
        raise FetchError(f"{_host(url)} did not answer in time.") from None
    except httpx.ConnectError as exc:
        raise FetchError(f"Cannot connect to {_host(url)}: you may be offline, or the server "
                         f"refused the connection ({_reason(exc)}).") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"Fetching {url} failed ({_reason(exc)}).") from None
    except (ValueError, UnicodeError) as exc:  # an address httpx cannot even parse
        raise FetchError(f"'{url}' is not a valid web address ({_reason(exc)}).") from None
    except httpx.InvalidURL as exc:  # e.g. a redirect to "javascript:...", which httpx parses
        raise FetchError(f"{url} leads to an address that is not an http or https address "
                         f"Clipper can follow ({_reason(exc)}).") from None


def _check_address(url: str) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
        scheme = parts.scheme.lower()
    except ValueError as exc:  # "Invalid IPv6 URL"
        raise FetchError(f"'{url}' is not a valid web address ({exc}).") from None
    if scheme not in _SCHEMES or not host:
        raise FetchError(f"'{url}' is not a web address (Clipper fetches http and https "
                         "addresses only).")
    try:
        host.encode("idna")
    except UnicodeError:
        raise FetchError(f"'{url}' is not a valid web address (the host name '{host}' is "
                         "not one).") from None


def _redirect_target(response: httpx.Response, url: str) -> str:
    location = response.headers.get("location")
    if not location:
        raise FetchError(f"{url} redirects without saying where to.")
    target = urljoin(url, location.strip())
    if urlsplit(target).scheme.lower() not in _SCHEMES:
        raise FetchError(f"{url} redirects to '{target}', which is not an http or https "
                         "address; Clipper does not follow it.")
    return target


def _check_status(response: httpx.Response, url: str) -> None:
    status = response.status_code
    if status < 400:
        return
    if status == 404 or status == 410:
        raise FetchError(f"{url} was not found on the server ({status}).")
    if status in (401, 403):
        raise FetchError(f"The server refuses access to {url} ({status}).")
    raise FetchError(f"The server answered {status} {response.reason_phrase} for {url}.")


def _content_type(response: httpx.Response) -> tuple[str, str | None]:
    value = response.headers.get("content-type", "")
    kind, _, params = value.partition(";")
    charset = None
    for param in params.split(";"):
        key, _, val = param.partition("=")
        if key.strip().lower() == "charset" and val.strip():
            charset = val.strip().strip("\"'")
    return kind.strip().lower(), charset


def _read_body(response: httpx.Response, max_bytes: int, deadline: float, url: str) -> bytes:
    declared = response.headers.get("content-length", "")
    too_large = FetchError(f"{url} is larger than {max_bytes // (1024 * 1024)} MB; "
                           "Clipper does not fetch pages that large.")
    if declared.isdigit() and int(declared) > max_bytes and \
            "content-encoding" not in response.headers:
        raise too_large
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        if time.monotonic() > deadline:
            raise FetchError(f"{_host(url)} is sending {url} too slowly; Clipper gave up.")
        chunks.append(chunk)
    return b"".join(chunks)


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _reason(exc: Exception) -> str:
    return str(exc) or type(exc).__name__
