"""Fetching web addresses from a real HTTP server on 127.0.0.1: pages, redirects, and every
way a fetch can fail, each a FetchError with a message for the user."""

import gzip
import time
from pathlib import Path

import pytest

from clipper.core.capture.fetch import FetchLimits, fetch
from clipper.core.capture.html import parse_html_page
from clipper.core.errors import CaptureError, FetchError
from tests.webserver import Route, closed_port, serve

DATA = Path(__file__).resolve().parent.parent / "data" / "capture"
ARTICLE = (DATA / "article.html").read_bytes()


@pytest.fixture
def site():
    routes = {
        "/article": Route(ARTICLE),
        "/moved": Route(status=301, location="/article"),
        "/hop1": Route(status=302, location="/hop2"),
        "/hop2": Route(status=302, location="/hop1"),
        "/to-file": Route(status=302, location="file:///etc/passwd"),
        "/gone": Route(status=410, content_type="text/plain"),
        "/error": Route(b"oops", status=500, content_type="text/plain"),
        "/image": Route(b"\x89PNG\r\n\x1a\n" + bytes(100), content_type="image/png"),
        "/empty": Route(b""),
        "/feed": Route((DATA / "rss.xml").read_bytes(), content_type="application/rss+xml"),
        "/big": Route(b"<html>" + b"x" * (3 * 1024 * 1024), chunks=30, length=False),
        "/big-declared": Route(b"<html>" + b"x" * (3 * 1024 * 1024)),
        "/slow": Route(ARTICLE, delay=5.0, chunks=3),
        "/latin1": Route((DATA / "latin1.html").read_bytes(),
                         content_type="text/html; charset=windows-1252"),
    }
    with serve(routes) as base:
        yield base


SMALL = FetchLimits(max_bytes=1024 * 1024, read_timeout=0.5, connect_timeout=2,
                    total_timeout=5)


def test_a_page_is_fetched_and_read(site):
    page = fetch(site + "/article")
    assert page.content == ARTICLE
    assert page.content_type == "text/html" and page.charset == "utf-8"
    draft = parse_html_page(page.content, url=page.url, charset=page.charset)
    assert draft.title == "Harbour towns agree to share flood defences"
    assert draft.html == ARTICLE


def test_redirects_are_followed_to_the_final_address(site):
    page = fetch(site + "/moved")
    assert page.url == site + "/article"
    assert page.content == ARTICLE


def test_a_redirect_loop_stops(site):
    with pytest.raises(FetchError, match=r"/hop1 redirects more than 5 times \(the last step"):
        fetch(site + "/hop1")


def test_an_empty_page_is_named_by_its_address(site):
    from clipper.core.capture.web import draft_from_url

    with pytest.raises(CaptureError, match=r"The page at .*/empty is empty"):
        draft_from_url(site + "/empty")


def test_a_redirect_to_another_scheme_is_refused(site):
    with pytest.raises(FetchError, match="not an http or https address"):
        fetch(site + "/to-file")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.org/x", "javascript:x",
                                 "not a url"])
def test_only_http_and_https_addresses(url):
    with pytest.raises(FetchError, match="not a web address"):
        fetch(url)


def test_not_found_and_server_errors(site):
    with pytest.raises(FetchError, match="was not found"):
        fetch(site + "/nowhere")
    with pytest.raises(FetchError, match="was not found"):
        fetch(site + "/gone")
    with pytest.raises(FetchError, match="500"):
        fetch(site + "/error")


def test_something_that_is_not_a_page(site):
    with pytest.raises(FetchError, match="image/png"):
        fetch(site + "/image")
    with pytest.raises(FetchError, match="It is a feed: subscribe to it with Add feed"):
        fetch(site + "/feed")


def test_a_body_larger_than_the_cap_is_abandoned_while_streaming(site):
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(site + "/big", limits=SMALL)
    with pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(site + "/big-declared", limits=SMALL)


def test_the_cap_counts_decompressed_bytes():
    bomb = gzip.compress(b"<html>" + b" " * (5 * 1024 * 1024))
    assert len(bomb) < 100 * 1024
    routes = {"/zip": Route(bomb, headers={"Content-Encoding": "gzip"})}
    with serve(routes) as base, pytest.raises(FetchError, match="larger than 1 MB"):
        fetch(base + "/zip", limits=SMALL)


def test_a_server_that_is_too_slow_times_out(site):
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer in time"):
        fetch(site + "/slow", limits=SMALL)
    assert time.monotonic() - started < 10  # gave up, did not wait the 15 s of the body


def test_a_refused_connection():
    with pytest.raises(FetchError, match="offline, or the server refused"):
        fetch(f"http://127.0.0.1:{closed_port()}/article", limits=SMALL)


def test_fetch_errors_are_capture_errors():
    assert issubclass(FetchError, CaptureError)


def test_the_servers_charset_is_used_when_the_bytes_are_not_utf8(site):
    page = fetch(site + "/latin1")
    draft = parse_html_page(page.content, url=page.url, charset=page.charset)
    assert "présenté" in draft.body and "l’entretien" in draft.body
