"""Capture of text clippings: the seed's conventions, encodings, and files that are not text."""

import pytest

from clipper.core.capture.encoding import decode_text
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.errors import EmptyFileError, NotTextError
from clipper.core.importer import read_draft

SEED_TITLE = "China urges joint efforts with Japan, South Korea, ASEAN in science and tech"


def test_seed_title_flags_outlet_and_url(seed_text):
    draft = parse_text_clipping(seed_text)
    assert draft.title == SEED_TITLE
    assert draft.source_name == "The Straits Times"
    assert draft.url.startswith("https://www.straitstimes.com/asia/se-asia/China-urges-joint")
    assert [f.category for f in draft.flags] == ["summary-of-another", "editorial-commentary"]
    assert draft.language == "en"


def test_seed_body_keeps_headings_and_paragraphs_but_not_flags_or_read_full(seed_text):
    body = parse_text_clipping(seed_text).body
    assert "This publication" not in body
    assert "Read the Full" not in body
    assert "straitstimes.com" not in body
    paragraphs = body.split("\n\n")
    assert paragraphs[0].startswith("China Calls for a Trilateral")
    assert "The Core Message of the Press Release" in paragraphs
    assert "Links to Other Resources" in paragraphs
    assert paragraphs[-1].startswith("As the trilateral negotiations progress")
    assert "\U0001f79b" not in body


def test_read_full_on_one_line():
    text = "Title here\n\nBody text.\n\nRead the Full Reuters Article at: [ https://reuters.com/x ]\n"
    draft = parse_text_clipping(text)
    assert (draft.source_name, draft.url, draft.body) == ("Reuters", "https://reuters.com/x",
                                                          "Body text.")


def test_header_lines_under_the_title():
    text = "A headline\nSource: Le Monde\nBy: Jane Doe and John Roe\nDate: 2024-05-03\n\nBody."
    draft = parse_text_clipping(text)
    assert draft.source_name == "Le Monde"
    assert draft.authors == ["Jane Doe", "John Roe"]
    assert draft.published.date().isoformat() == "2024-05-03"
    assert draft.body == "Body."


SAMPLES = {
    "gb18030": "中国呼吁与日本、韩国和东盟在科技领域加强合作。科技部表示愿意提供资金和专业知识。" * 3,
    "big5": "中國呼籲與日本、韓國和東盟在科技領域加強合作。科技部表示願意提供資金和專業知識。" * 3,
    "shift_jis": "中国は日本、韓国、東南アジア諸国連合に対し、科学技術分野での協力を呼びかけた。" * 3,
    "euc-kr": "중국은 과학 기술 분야에서 일본, 한국, 아세안과의 공동 노력을 촉구했다. 장관이 말했다." * 3,
    "cp1252": "Le ministère a annoncé une coopération renforcée — « un écosystème » à trois. "
              "Zürich, São Paulo, façade, naïve, café. " * 3,
}


@pytest.mark.parametrize("encoding", sorted(SAMPLES))
def test_legacy_encodings_are_detected_from_the_bytes(encoding):
    text = "Title line\n" + SAMPLES[encoding]
    decoded, _ = decode_text(text.encode(encoding))
    assert decoded == text


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings_with_and_without_bom(encoding):
    text = "Title\nZhao said “hello” 你好 🞛 ‑\n"
    decoded, _ = decode_text(text.encode(encoding))
    assert decoded == text


def test_binary_is_refused():
    with pytest.raises(NotTextError):
        decode_text(bytes(range(256)) * 20)


def test_png_header_is_refused():
    with pytest.raises(NotTextError):
        decode_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(500))


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  "])
def test_empty_is_refused(data):
    with pytest.raises(EmptyFileError):
        decode_text(data)


def test_read_draft_reports_unsupported_and_missing(tmp_path):
    from clipper.core.errors import CaptureError, UnsupportedFormatError

    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(UnsupportedFormatError):
        read_draft(tmp_path / "x.pdf")
    with pytest.raises(CaptureError, match="does not exist"):
        read_draft(tmp_path / "missing.txt")


def test_linked_folders_are_followed_once_and_a_loop_is_reported(tmp_path):
    from clipper.core.errors import CaptureError
    from clipper.core.importer import collect_files

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "linked.txt").write_text("Linked\n\nA clipping in a linked folder.\n")
    top = tmp_path / "top"
    (top / "sub").mkdir(parents=True)
    (top / "a.txt").write_text("A\n\nA clipping.\n")
    (top / "sub" / "up").symlink_to("..")  # a loop
    (top / "more").symlink_to(elsewhere)  # an ordinary link to a folder: followed
    found = collect_files([top])
    assert [p.relative_to(top).as_posix() for p in found] == [
        "a.txt", "more/linked.txt", "sub/up"]
    with pytest.raises(CaptureError, match="loop"):
        read_draft(top / "sub" / "up")
    # a folder named before its parent: every file once, and no folder reported but a link
    again = collect_files([top / "sub", top])
    assert sorted(p.resolve() for p in again if p.is_file()) == sorted(
        [(top / "a.txt").resolve(), (elsewhere / "linked.txt").resolve()])
    assert all(p.is_symlink() for p in again if p.is_dir())


def test_a_folder_import_skips_files_of_other_kinds_but_a_named_file_is_tried(tmp_path):
    from clipper.core.importer import collect_files, describe_skipped

    (tmp_path / "story.txt").write_text("Story\n\nText.\n")
    (tmp_path / "story.json").write_text("{}")
    (tmp_path / "Makefile").write_text("all:\n")
    (tmp_path / "photo.PNG").write_bytes(b"\x89PNG")
    skipped: list = []
    found = collect_files([tmp_path], skipped)
    assert [p.name for p in found] == ["story.txt"]
    assert sorted(p.name for p in skipped) == ["Makefile", "photo.PNG", "story.json"]
    assert describe_skipped(skipped) == ("Skipped 3 files of kinds Clipper does not read "
                                         "(.json 1, .png 1, no suffix 1).")
    assert collect_files([tmp_path / "Makefile"]) == [tmp_path / "Makefile"]  # named: tried
