"""Hostile input: random bytes and text through every reader, queries of every shape, and a
folder of nasty files made at test time. Each is refused with a reason or captured safely;
the rest of a batch goes on; memory stays bounded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from clipper.core.capture.encoding import decode_markup, decode_text
from clipper.core.capture.textfile import MAX_TITLE_CHARS, parse_text_clipping
from clipper.core.errors import CaptureError, FileTooLargeError
from clipper.core.importer import (
    parse_feed_file,
    parse_html_file,
    parse_mail_file,
    parse_text_file,
    read_drafts,
)
from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from tests.conftest import ROOT
from tests.reliability.nasty import BIG_FILE_BYTES, SCRIPT_MARK, make_nasty_folder
from tests.reliability.record import record

CLIPPER = str(Path(sys.executable).parent / "clipper")
QUICK = settings(derandomize=True, deadline=None, max_examples=150,
                 suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(derandomize=True, deadline=None, max_examples=40,
                suppress_health_check=[HealthCheck.too_slow])
EXAMPLES: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def note_examples():
    yield
    for what, count in EXAMPLES.items():
        record(what, count, "never failed" if what.startswith("queries")
               else "no error but a CaptureError with its reason")


def count(what: str) -> None:
    EXAMPLES[what] = EXAMPLES.get(what, 0) + 1


MARKUP = st.lists(st.sampled_from(
    ["<html>", "<body>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>", "<!--",
     "-->", "<![CDATA[", "]]>", "<meta charset=gb2312>", "<?xml version='1.0'?>", "&amp;",
     "&#0;", "&#xD800;", "<rss version='2.0'>", "<channel>", "<item>", "<title>", "</title>",
     "<feed xmlns='http://www.w3.org/2005/Atom'>", "<entry>", "<!DOCTYPE x [",
     "<!ENTITY e 'x'>", "]>", "&e;", "\x00", "\ufeff", "é", "中文", "Subject: x\n",
     "From: a@b\n", "Content-Type: multipart/mixed; boundary=z\n", "--z\n", "\n\n",
     "Content-Transfer-Encoding: base64\n", "=?utf-8?B?w6k=?=", "words and more words "]),
    max_size=40).map("".join)


def only_capture_errors(parse, data: bytes, suffix: str) -> None:
    try:
        parse(data, Path(f"hostile{suffix}"))
    except CaptureError:
        pass


@QUICK
@given(st.binary(max_size=4000))
def test_random_bytes_through_the_text_and_mail_readers(data):
    count("random bytes (hypothesis) through the text and mail readers and decoding")
    only_capture_errors(parse_text_file, data, ".txt")
    only_capture_errors(parse_mail_file, data, ".eml")
    for decode in (decode_text, decode_markup):
        try:
            decode(data)
        except CaptureError:
            pass


@SLOW
@given(st.one_of(st.binary(max_size=3000), MARKUP.map(lambda t: t.encode("utf-8", "replace"))))
def test_random_bytes_and_markup_through_the_page_mail_and_feed_readers(data):
    count("random bytes and markup fragments (hypothesis) through the page, mail and feed "
          "readers")
    only_capture_errors(parse_html_file, data, ".html")
    only_capture_errors(parse_mail_file, data, ".eml")
    only_capture_errors(parse_feed_file, data, ".xml")


@QUICK
@given(st.text(max_size=3000))
def test_random_text_through_the_clipping_parser(text):
    count("random text (hypothesis) through the clipping parser")
    try:
        draft = parse_text_clipping(text)
    except CaptureError:
        return
    assert draft.title.strip() and len(draft.title) <= MAX_TITLE_CHARS + 1


QUERY_PARTS = st.sampled_from([
    "china", "japan", "OR", "AND", "NOT", "(", ")", '"', "*", "?", "title:", "source:",
    "tag:", "entity:", "bias:", "date:", "published:", "date:[", "to", "]", "{", "}", ">",
    "<", "2024", "2024-06", "2024-13-45", "-", "+", "^2", "~", ":", "\\", "/", "中文", "é",
    "lang:", "notes:", "author:", "captured:>", "'", "\x00", "\u202e", " "])


def test_queries_of_every_shape_never_fail(tmp_path):
    with Library.open(tmp_path / "lib") as library:
        library.add_clipping(ClippingDraft(title="China and Japan", body="Talks on trade 中文."))

        @settings(derandomize=True, deadline=None, max_examples=300)
        @given(st.one_of(st.text(max_size=80),
                         st.lists(QUERY_PARTS, max_size=12).map(" ".join),
                         st.lists(QUERY_PARTS, max_size=12).map("".join)))
        def search(query):
            count("queries of every shape (hypothesis): search, ids, facets")
            library.search(query, order="date" if len(query) % 2 else "relevance")
            library.matching_ids(query)
            library.facets(query)

        search()


def test_a_file_over_the_cap_is_refused_without_being_read(tmp_path):
    huge = tmp_path / "huge.txt"
    with open(huge, "wb") as file:
        file.truncate(BIG_FILE_BYTES)
    tracemalloc.start()
    with pytest.raises(FileTooLargeError, match="200 MB"):
        read_drafts(huge)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 1024 * 1024  # refused by its size, not read


def stored_texts(library: Library) -> list[str]:
    return [f"{d.clipping.title}\n{d.clipping.body}\n{d.clipping.summary}"
            for d in map(library.get_clipping, library.list_ids())]


@pytest.mark.slow
def test_a_folder_of_nasty_files(tmp_path):
    folder, lib = tmp_path / "nasty", tmp_path / "lib"
    made = make_nasty_folder(folder)
    result = subprocess.run([sys.executable, "-m", "tests.reliability.nasty", str(lib),
                             str(folder)], cwd=ROOT, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout)
    events = {Path(e["path"]).name: e for e in outcome["events"]}
    assert events["huge.txt"]["reason"].startswith("The file is 200 MB")
    for name in ("random.txt", "random.html", "random.eml", "random.xml", "random.md",
                 "a.txt", "b.txt"):
        assert events[name]["status"] == "failed" and events[name]["reason"], name
    for name in ("good.txt", "scripted.html", "bomb.xml", "external.rss", "one-line.txt",
                 "-rf --help.txt", "quo\"te's.txt", "new\nline.txt", "latin-\ufffd\ufffd.txt",
                 "L" * 250 + ".txt"):
        assert events[name]["status"] == "imported", (name, events[name])
    assert events["deep.html"]["status"] in ("imported", "failed")
    assert events["up"]["status"] == "failed" and "loop" in events["up"]["reason"]
    assert all(e["status"] != "failed" or e["reason"] for e in outcome["events"])
    peak_mb = outcome["peak_mb"]
    assert peak_mb < 450, f"peak memory {peak_mb:.0f} MB"

    with Library.open(lib) as library:
        texts = stored_texts(library)
        assert library.check().ok
    joined = "\n".join(texts)
    assert SCRIPT_MARK not in joined and "alert(" not in joined  # no script text stored
    assert "root:" not in joined and "a" * 100 not in joined  # no entity fetched or expanded
    assert max(len(t.split("\n", 1)[0]) for t in texts) <= MAX_TITLE_CHARS + 1
    failed = sum(e["status"] == "failed" for e in outcome["events"])
    record("folder of hostile files (random bytes, 200 MB file, 5 MB line, 10,000-deep HTML, "
           "scripts, entity bomb, external entities, broken MIME, odd names, symlink loops)",
           len(made), f"{len(outcome['events']) - failed} captured safely, {failed} refused "
           f"with a reason, the folder loop reported and not followed; the batch went on; peak memory "
           f"{peak_mb:.0f} MB")


@pytest.mark.slow
def test_the_command_line_prints_odd_file_names_safely(tmp_path):
    folder = tmp_path / "nasty"
    make_nasty_folder(folder)
    env = {**os.environ, "CLIPPER_LIBRARY": str(tmp_path / "lib")}
    plain = subprocess.run([CLIPPER, "import", str(folder)], capture_output=True, text=True,
                           env=env, timeout=600)
    assert plain.returncode == 1 and "Traceback" not in plain.stderr
    assert "new\\nline.txt" in plain.stdout and "latin-\ufffd\ufffd.txt" in plain.stdout
    as_json = subprocess.run([CLIPPER, "import", str(folder), "--json"], capture_output=True,
                             text=True, env=env, timeout=600)
    assert as_json.returncode == 1 and json.loads(as_json.stdout)["duplicates"]
    dashed = subprocess.run([CLIPPER, "import", "--", "-rf --help.txt"], capture_output=True,
                            text=True, env=env, timeout=120, cwd=folder)
    assert dashed.returncode == 0 and "duplicate" in dashed.stdout
