"""Safety: which links open, where fetching may go, who may read the library, no network
port, no script ever run, no local file read by a PDF export."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from clipper.core.capture.fetch import fetch
from clipper.core.capture.html import parse_html_page
from clipper.core.errors import FetchError
from clipper.core.library import Library
from clipper.core.links import is_openable, openable_url
from clipper.core.records import ClippingDraft
from tests.reliability.nasty import SCRIPT_MARK, SCRIPTED
from tests.reliability.record import record
from tests.webserver import Route, serve

CLIPPER = str(Path(sys.executable).parent / "clipper")
OPENED = ["https://example.org/a?b=c#d", "http://example.org", "HTTPS://EXAMPLE.ORG/",
          "mailto:desk@example.org", "  https://example.org/padded  "]
REFUSED = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
           "file:///etc/passwd", "file://host/share", "data:text/html,<script>x</script>",
           "vbscript:msgbox", "ftp://example.org/x", "smb://server/share", "about:blank",
           "https:///no-host", "http://", "mailto:", "mailto:no-at-sign", "//example.org/x",
           "example.org", "/etc/passwd", "https://exa mple.org", "https://example.org/\x00",
           "https://example.org/\u202eevil", "java\tscript:alert(1)", "http://[::1", ""]


@pytest.mark.parametrize("url", OPENED)
def test_web_and_mail_addresses_open(url):
    assert openable_url(url) == url.strip()
    record("link to open: http, https, mailto", 1, "opened")


@pytest.mark.parametrize("url", REFUSED)
def test_every_other_address_is_refused(url):
    assert not is_openable(url)
    record("link to open: javascript:, file:, data:, ftp:, smb:, no host, spaces, control or "
           "bidi characters", 1, "refused")


def test_the_briefing_links_no_more_than_the_desktop_opens():
    from clipper.core.briefing.markup import safe_link

    for url in REFUSED:
        if "\u202e" not in url:  # the briefing percent-encodes it: a harmless link there
            assert safe_link(url) is None, url


@pytest.mark.parametrize("target", ["ftp://127.0.0.1/x", "file:///etc/passwd",
                                    "data:text/html,x", "javascript:alert(1)"])
def test_a_redirect_away_from_http_is_not_followed(target):
    with serve({"/away": Route(status=302, location=target)}) as base, \
            pytest.raises(FetchError, match="not an http or https address"):
        fetch(base + "/away")
    record("a fetched page redirecting to ftp:, file:, data:, javascript:", 1,
           "not followed: FetchError")


def test_scripts_in_a_page_are_never_stored_as_text():
    draft = parse_html_page(SCRIPTED, url="https://news.example/scripted")
    text = f"{draft.title}\n{draft.body}"
    assert "regional trade talks" in text
    assert SCRIPT_MARK not in text and "fetch(" not in text and "alert(" not in text


def test_clipper_brings_no_script_engine():
    code = ("import sys, clipper.app, clipper.gui.main_window; "
            "print(sorted(m for m in sys.modules if 'QtQml' in m or 'WebEngine' in m "
            "or 'QtScript' in m or m in ('js2py', 'dukpy', 'quickjs', 'PyV8')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_a_pdf_export_reads_no_local_file_named_in_the_text(tmp_path, library):
    from pypdf import PdfReader

    from clipper.core.briefing import BriefingOptions, export_briefing

    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"SECRETBYTES" * 100)
    hostile = (f'<img src="{secret}"/> <a href="file://{secret}">x</a> '
               f'<img src="file://{secret}" width="100" height="100"/>')
    cid = library.add_clipping(ClippingDraft(title=f"Title {hostile}", body=f"Body {hostile}",
                                             url=f"file://{secret}")).id
    library.add_annotation(cid, 0, 4, note=hostile)
    out = tmp_path / "brief.pdf"
    export_briefing(library, [cid], out, BriefingOptions(title=hostile, full_text=True))
    data = out.read_bytes()
    assert b"SECRETBYTES" not in data
    reader = PdfReader(out)
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        xobjects = resources.get("/XObject") or {}
        assert not any(xobjects[name].get("/Subtype") == "/Image" for name in xobjects)
        for annotation in page.get("/Annots") or []:
            uri = annotation.get_object().get("/A", {}).get("/URI", "")
            assert not str(uri).lower().startswith("file:")
    assert "secret.png" in "".join(page.extract_text() for page in reader.pages)
    record("PDF export of text naming local files (<img src>, file: links)", 1,
           "no file read, no image embedded, no file: link; the text printed as text")


def listening_sockets(pid: int) -> list[str]:
    """The TCP and UDP sockets of process ``pid`` that listen (or are bound, for UDP)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        path = Path(f"/proc/net/{table}")
        if not path.exists():
            continue
        for line in path.read_text().splitlines()[1:]:
            fields = line.split()
            if fields[9] in inodes and (table.startswith("udp") or fields[3] == "0A"):
                found.append(f"{table} {fields[1]}")
    return found


@pytest.mark.slow
def test_the_desktop_application_opens_no_network_port(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home),
           "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local"),
           "CLIPPER_LIBRARY": str(tmp_path / "lib")}
    with Library.open(tmp_path / "lib") as library:
        library.add_clipping(ClippingDraft(title="T", body="Body.", url="https://x.example/"))
    app = subprocess.Popen([CLIPPER], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
    try:
        seen: list[str] = []
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline:
            assert app.poll() is None, app.stderr.read().decode()[-2000:]
            seen += listening_sockets(app.pid)
            time.sleep(0.5)
        assert seen == []
    finally:
        app.send_signal(signal.SIGTERM)
        try:
            app.wait(timeout=20)
        except subprocess.TimeoutExpired:
            app.kill()
            app.wait()
    record("the desktop application running (8 s, sockets polled every 0.5 s)", 16,
           "no TCP or UDP socket listening")
