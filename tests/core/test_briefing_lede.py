"""Every briefing entry has a lede a reader can use: the analyst's summary, else the opening of
the article marked as the outlet's words. Unit tests of the cut, and PDFs read back."""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pypdf
import pytest

from clipper.core.briefing import BriefingOptions, export_briefing
from clipper.core.briefing.bidi import base_level
from clipper.core.briefing.lede import MAX_WORDS, opening, words
from clipper.core.importer import read_draft
from clipper.core.records import ClippingDraft

WIRE = (
    "By Jane Doe\n\n"
    "Updated 15.59 | Published 14.14\n\n"
    "Photo: AFP\n\n"
    "JAKARTA, March 3 (Reuters) - Ministers from ten Southeast Asian countries agreed on "
    "Monday to link their national power grids by 2035, a plan U.S. officials called "
    "\u201cthe most ambitious in the region\u2019s history.\u201d Mr. Tan, who chaired the "
    "meeting, said the cost would be shared among members according to the size of their "
    "economies. The agreement still has to be ratified by each parliament.\n\n"
    "READ MORE: Grid deal explained\n\n"
    "Analysts said the timetable was tight. Building the undersea cables alone could take "
    "a decade, and the financing has yet to be found. Several governments face elections "
    "before the first stage is due. Others warned that the cost estimates were out of date "
    "and that the region's demand for power was growing faster than anyone had planned for.\n\n"
    "A third paragraph that should not be needed at all.")

CHINESE = ("中国科学技术部本周宣布，将推动与日本、韩国及东盟成员国在人工智能、量子计算和绿色能源等领域的联合研究。"
           "赵一平表示，合作将惠及所有参与方。这项计划将在未来五年内投入大量资金，用于建设联合实验室和人才交流项目。"
           "分析人士认为，此举旨在巩固中国在区域科技合作中的核心地位，同时回应美国及其盟友的技术联盟。"
           "日本和韩国政府尚未正式回应，但两国企业界对合作表现出浓厚兴趣。")
ARABIC = ("أعلنت وزارة العلوم والتكنولوجيا الصينية هذا الأسبوع أنها تدعو اليابان وكوريا الجنوبية "
          "ودول آسيان إلى تعميق الجهود المشتركة في مجال العلوم والتكنولوجيا. وقال المدير العام "
          "إن التعاون سيعود بالنفع على جميع المشاركين؟ ويرى محللون أن الخطوة تهدف إلى تعزيز "
          "مكانة الصين في المنطقة.")


def ends_a_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?\u3002\uff01\uff1f\u061f\u2026][\"'\u201d\u2019\u300d)]*$",
                          text))


def test_the_opening_skips_bylines_stamps_and_credits_and_ends_with_a_sentence():
    lede = opening(WIRE, "Grid deal")
    assert lede[0].startswith("JAKARTA, March 3 (Reuters) - Ministers")
    assert not any(p.startswith(("By Jane", "Updated", "Photo", "READ MORE")) for p in lede)
    assert "U.S. officials" in lede[0] and "Mr. Tan, who chaired" in lede[0]  # not cut there
    assert all(ends_a_sentence(p) for p in lede)
    total = sum(words(p) for p in lede)
    assert 60 <= total <= MAX_WORDS
    assert "A third paragraph" not in " ".join(lede)
    assert all(p in " ".join(WIRE.split()) for p in lede)  # the outlet's words, unchanged


def test_a_long_paragraph_is_cut_at_a_sentence_end_never_inside_one():
    sentence = "The committee heard evidence from {} witnesses over three long days of hearings."
    body = " ".join(sentence.format(n) for n in range(2, 30))
    lede = opening(body)
    assert len(lede) == 1 and ends_a_sentence(lede[0])
    assert 60 <= words(lede[0]) <= MAX_WORDS
    assert body.startswith(lede[0])


def test_chinese_is_measured_in_characters_and_cut_at_a_full_stop():
    lede = opening(CHINESE)
    assert len(lede) == 1 and lede[0].endswith("\u3002")
    assert CHINESE.startswith(lede[0])
    assert 120 <= len(lede[0]) <= 2 * MAX_WORDS  # two characters a word
    assert words("中国科学") == 2


def test_arabic_sentences_end_at_its_question_mark_and_full_stop():
    lede = opening(ARABIC + "\n\n" + ARABIC)
    assert lede and all(ends_a_sentence(p) for p in lede)
    assert lede[0] == ARABIC


def test_text_without_a_sentence_has_no_lede():
    assert opening("Just a heading\n\nPhoto: AFP") == []


def export(library, ids, path: Path, **options) -> Path:
    options.setdefault("title", "Ledes")
    options.setdefault("date", date(2025, 3, 10))
    export_briefing(library, ids, path, BriefingOptions(**options))
    return path


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages)
                    .split())


def pdfium_text(path: Path) -> str:
    """The PDF's text as PDFium reads it: right-to-left lines come back in reading order."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def bare(text: str) -> str:
    """Letters without vowel marks, presentation forms as letters, no white space."""
    return "".join(c for c in unicodedata.normalize("NFKC", text)
                   if not unicodedata.combining(c) and not c.isspace())


def holds(pdf_text: str, lede: list[str]) -> bool:
    """Whether the PDF's text holds the lede's first words (white space aside: lines break
    inside Chinese text)."""
    if base_level(lede[0]) == 1:  # right to left: word by word, as PDFium gives them (a
        found = bare(pdf_text)  # bracket comes back as the mirrored glyph drawn: skipped)
        return all(bare(word).strip("\u060c.\"") in found for word in lede[0].split()[:12]
                   if not any(c in word for c in "()[]"))
    return bare(lede[0])[:60] in bare(pdf_text)


def test_each_entry_opens_with_the_summary_or_the_outlets_words(library, tmp_path):
    wire = library.add_clipping(ClippingDraft(title="Grid deal", body=WIRE,
                                              source_name="Reuters")).id
    summarised = library.add_clipping(ClippingDraft(
        title="Summarised", body="Some text of the article. It goes on for a while here.",
        source_name="Courier", summary="The analyst's own summary.")).id
    chinese = library.add_clipping(ClippingDraft(title="中国呼吁科技合作", body=CHINESE,
                                                 source_name="人民日报")).id
    arabic = library.add_clipping(ClippingDraft(title="تعاون علمي", body=ARABIC,
                                                source_name="الجزيرة")).id
    out = export(library, [wire, summarised, chinese, arabic], tmp_path / "ledes.pdf")
    text = text_of(out)
    flat = "".join(text.split())
    assert text.count("Opening of the article") == 3  # not for the summarised one
    assert "Ministers from ten Southeast Asian countries agreed" in text
    assert "\u2014 Reuters" in text and "\u2014 人民日报" in text
    assert "The analyst's own summary." in text
    assert "Some text of the article" not in text  # the summary is its lede
    assert "".join(opening(CHINESE)[0].split()) in flat
    assert holds(pdfium_text(out), opening(ARABIC))
    assert "By Jane Doe" not in text and "Photo: AFP" not in text

    off = text_of(export(library, [wire], tmp_path / "off.pdf", lede=False))
    assert "Opening of the article" not in off and "Ministers from ten" not in off


def test_real_pages_without_marks_read_as_a_briefing(library, corpora, tmp_path):
    manifest = [json.loads(line) for line in
                (corpora / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    pages = []
    for language, most in (("en", 3), ("zh", 2), ("ja", 2), ("ko", 1), ("ar", 2)):
        pages += [corpora / item["file"] for item in manifest  # articles, not date fixtures
                  if item.get("language") == language and "body" in item.get("gt_fields", ())
                  and item["file"].endswith(".html")][:most]
    if len(pages) < 6:
        pytest.skip("too few fundus pages in this half of the corpus")
    ids = [library.add_clipping(read_draft(page)).id for page in pages]
    out = export(library, ids, tmp_path / "real.pdf")
    text = pdfium_text(out)
    ledes = 0
    for cid in ids:
        clipping = library.get_clipping(cid).clipping
        lede = opening(clipping.body, clipping.title)
        if not lede:
            continue
        ledes += 1
        assert all(ends_a_sentence(p) for p in lede), lede
        assert sum(words(p) for p in lede) <= 200
        assert holds(text, lede), lede[0]
    assert ledes >= len(ids) - 1
    assert text.count("Opening of the article") == ledes


def test_a_sports_result_abbreviation_is_no_sentence_end():
    body = ("Palm Bay d. Melbourne 3-1 on Tuesday night in a district semifinal played before a "
            "crowd of several hundred at the Pirates' home field. Senior forward Jane Doe scored "
            "twice in the second half, and the defence held on through a late flurry of corner "
            "kicks to send Palm Bay into Thursday's final against Viera, the top seed.")
    lede = " ".join(opening(body))
    assert lede.startswith("Palm Bay d. Melbourne 3-1 on Tuesday")
    assert words(lede) > 20
