"""Briefing typography read back from the PDF: quotation marks, broken addresses, bias boxes
that do not repeat their category, every font embedded."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest

from clipper.core.briefing import BriefingOptions, export_briefing
from clipper.core.briefing.typography import url_lines, url_pieces
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.records import ClippingDraft

SEED_URL = ("https://www.straitstimes.com/asia/se-asia/"
            "China-urges-joint-efforts-with-Japan-South-Korea-ASEAN-in-science-and-tech")


def export(library, ids, path: Path, **options) -> Path:
    options.setdefault("title", "Typography")
    options.setdefault("date", date(2025, 3, 10))
    export_briefing(library, ids, path, BriefingOptions(**options))
    return path


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
                    .split())


def pdftotext_lines(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [line.strip() for line in out.splitlines()]


def fonts_of(path: Path) -> list[tuple[str, pypdf.generic.DictionaryObject]]:
    """Every font object of the PDF (pages, forms, annotations alike): (BaseFont, font)."""
    reader = pypdf.PdfReader(path)
    numbers = {n for table in reader.xref.values() for n in table} | set(reader.xref_objStm)
    found = []
    for number in sorted(numbers):
        obj = reader.get_object(number)
        if isinstance(obj, pypdf.generic.DictionaryObject) and obj.get("/Type") == "/Font":
            found.append((str(obj.get("/BaseFont")), obj))
    return found


def embedded(font: pypdf.generic.DictionaryObject) -> bool:
    subtype = font.get("/Subtype")
    if subtype == "/Type3":
        return True
    if subtype == "/Type0":
        return all(embedded(d.get_object()) for d in font["/DescendantFonts"])
    descriptor = font.get("/FontDescriptor")
    if descriptor is None:
        return False
    descriptor = descriptor.get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.fixture
def seeded(library, seed_text):
    return library.add_clipping(parse_text_clipping(seed_text)).id


def test_every_font_of_a_briefing_is_embedded(library, seeded, tmp_path):
    body = library.get_clipping(seeded).clipping.body
    at = body.index("We want to create")
    library.add_annotation(seeded, at, at + 40, note="The core claim.")
    at = body.index("Zhao Yiping")
    library.add_mention(seeded, at, at + 11, "Zhao Yiping", "person")
    other = library.add_clipping(ClippingDraft(
        title="Second", body="Second text.\n\nMore of it.", source_name="Courier")).id
    for extra in ({}, {"full_text": True, "audience": "external"}):
        out = export(library, [seeded, other], tmp_path / "fonts.pdf", **extra)
        fonts = fonts_of(out)
        assert len(fonts) >= 4
        bare = [name for name, font in fonts if not embedded(font)]
        assert bare == [], f"fonts not embedded: {bare}"
        assert not any("Helvetica" in name or "Times" in name for name, _ in fonts)


def test_a_highlight_ending_in_a_quotation_mark_is_not_doubled(library, seeded, tmp_path):
    body = library.get_clipping(seeded).clipping.body
    end = body.index("ecosystem\u201d") + len("ecosystem\u201d")  # "… technology ecosystem”"
    library.add_annotation(seeded, end - 30, end)
    start = body.index("\u201coffer expertise")  # "“offer expertise, …" to mid-quotation
    library.add_annotation(seeded, start, start + 30)
    at = body.index("build \u201ca three")  # a whole quotation inside the highlight
    library.add_annotation(seeded, at, end)
    text = text_of(export(library, [seeded], tmp_path / "quotes.pdf"))
    assert "\u201d\u201d" not in text and "\u201c\u201c" not in text
    assert "\u201chree\u2011way technology ecosystem\u201d" in text
    assert "\u201cbuild \u2018a three\u2011way technology ecosystem\u2019\u201d" in text
    assert "\u201coffer expertise, funding and\u201d" in text


def test_addresses_break_only_after_slashes_hyphens_and_query_marks(library, seeded, tmp_path):
    long = ("https://timesofindia.indiatimes.com/world/pakistan/anti-terror-op-turns-sinister-"
            "pakistani-netizens-being-walled-off-as-army-raids/articleshow/123.cms?from=mdr&x=1")
    other = library.add_clipping(ClippingDraft(title="Long address", body="Text.", url=long)).id
    lines = pdftotext_lines(export(library, [seeded, other], tmp_path / "urls.pdf"))
    for url in (SEED_URL, long):
        pieces = [line for line in lines if line and (url.startswith(line.split()[-1])
                                                      or line.split()[0] in url)]
        # find the lines the address runs over: a line ends part-way through it
        broken = [i for i, line in enumerate(lines)
                  if line and line.split()[-1] != url and url.startswith(line.split()[-1])
                  and line.split()[-1].startswith("https://")]
        assert broken, f"{url} was never broken (or is not printed): {pieces}"
        for i in broken:
            head = lines[i].split()[-1]
            assert head[-1] in "/-?&", f"broken after {head[-1]!r}: {head}"
            assert len(head) > len("https://")
    assert not any(re.search(r"https?\s+:", line) for line in lines)
    assert not any(line.endswith(("tec", "https")) for line in lines)
    uris = {a.get_object()["/A"]["/URI"] for page in pypdf.PdfReader(tmp_path / "urls.pdf").pages
            for a in page.get("/Annots", []) if "/URI" in a.get_object().get("/A", {})}
    assert {SEED_URL, long} <= uris


def test_url_lines_keep_the_scheme_with_the_host_and_fit():
    assert url_pieces("https://a.example/b-c/d?e=1&f=2") == [
        "https://a.example/", "b-", "c/", "d?", "e=1&", "f=2"]
    measure = len  # one unit a character
    lines = url_lines(SEED_URL, 40, measure)
    assert "".join(lines) == SEED_URL and all(len(line) <= 40 for line in lines)
    assert all(line[-1] in "/-?&" for line in lines[:-1])
    very = url_lines("https://example.org/" + "x" * 150, 40, measure)
    assert "".join(very) == "https://example.org/" + "x" * 150
    assert all(len(line) <= 40 for line in very)


def test_a_bias_note_that_repeats_its_category_shows_the_category_only(library, seeded,
                                                                       tmp_path):
    other = library.add_clipping(ClippingDraft(title="Second", body="Some words here.")).id
    library.add_bias_note(other, "loaded-language", "Loaded language")
    library.add_bias_note(other, "single-source", "Only the ministry is quoted.")
    text = text_of(export(library, [seeded, other], tmp_path / "bias.pdf"))
    assert "Editorial commentary" in text and "Summary or evaluation of another publication" in text
    assert "This publication contains editorial commentary" not in text
    assert "This publication is a summary" not in text
    assert "Loaded language Loaded language" not in text
    assert "Only the ministry is quoted." in text
    # the category's description is not put in the place of a note
    assert "The outlet's own opinion or slant" not in text
