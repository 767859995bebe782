"""Right-to-left text in briefings: Arabic shaped, lines in visual order, read back from the PDF."""

from __future__ import annotations

import json
import unicodedata
from contextlib import contextmanager

import pypdfium2
import pytest
from bidi import get_display

from clipper.core.briefing import BriefingOptions, export_briefing
from clipper.core.briefing.bidi import display, shape
from clipper.core.records import ClippingDraft

TITLE = "شعر وردي يُشعل السخرية"
BODY = ("أثار ظهور دونالد ترامب بشعرٍ مائل إلى اللون الوردي خلال خطاب ألقاه في واشنطن "
        "العاصمة موجة واسعة من الجدل (AFP 2026) والسخرية على مواقع التواصل الاجتماعي.\n\n"
        "وقال خبير إن الإضاءة قد تكون عاملاً حاسماً، وفق ما نقل موقع دايلي ميل.")


@pytest.mark.parametrize("logical, drawn", [
    ("plain English", "plain English"),
    ("שלום עולם", "םלוע םולש"),  # Hebrew: right to left
    ("שלום AFP 2026 עולם", "םלוע AFP 2026 םולש"),  # Latin and numbers inside read left to right
    ("שלום (AFP) עולם", "םלוע (AFP) םולש"),  # brackets mirrored
    ("ש (a) b", "b (a) ש"),  # brackets paired (Unicode 6.3)
    ("English with עברית inside", "English with תירבע inside"),  # a left-to-right paragraph
])
def test_lines_are_drawn_in_the_order_of_the_unicode_bidirectional_algorithm(logical, drawn):
    assert display(logical) == drawn


def test_arabic_is_shaped_and_its_vowel_marks_stay_with_their_letters():
    assert shape("لا") == "\ufefb"  # lam-alef ligature
    assert unicodedata.normalize("NFKC", shape(TITLE)) == TITLE
    drawn = display("عاماً")
    assert drawn.index("\u064b") == 0  # drawn just before its alef: the font puts it over it
    assert unicodedata.normalize("NFKC", drawn[::-1].replace("\u064b", "")) == "عاما"


def test_the_order_agrees_with_python_bidis_own_display_of_real_arabic(corpora):
    found = sorted((corpora / "nonenglish" / "ar").glob("*.json"))
    texts = [json.loads(p.read_text(encoding="utf-8")).get("body") or "" for p in found]
    lines = [line for text in texts for line in text.split("\n") if line.strip()][:40]
    if not lines:
        pytest.skip("no Arabic pages in this half of the corpus")
    def letters(text: str) -> str:  # python-bidi leaves brackets unmirrored and marks before
        return "".join(c for c in text if not unicodedata.combining(c) and c not in "()[]{}<>«»")

    for line in lines:
        assert letters(display(line)) == letters(get_display(shape(line)))


@contextmanager
def page_with(path, marker: str):
    """The first page of the PDF at ``path`` whose text holds ``marker``: (page, its text
    page, its text as PDFium reads it)."""
    document = pypdfium2.PdfDocument(str(path))
    try:
        for page in document:
            textpage = page.get_textpage()
            raw = textpage.get_text_range()
            if marker in raw:
                yield page, textpage, raw
                return
        raise AssertionError(f"no page with {marker!r}")
    finally:
        document.close()


def bare(text: str) -> str:
    """Letters without vowel marks, in compatibility form (presentation forms as letters)."""
    return "".join(c for c in unicodedata.normalize("NFKC", text) if not unicodedata.combining(c))


def test_an_arabic_clipping_reads_right_to_left_in_the_briefing(library, tmp_path):
    clipping = library.add_clipping(ClippingDraft(title=TITLE, body=BODY, language="ar",
                                                  source_name="LBCI")).id
    out = tmp_path / "ar.pdf"
    export_briefing(library, [clipping], out, BriefingOptions(title="Lebanon", full_text=True))
    document = pypdfium2.PdfDocument(str(out))
    try:
        [number] = [n for n, page in enumerate(document)
                    if "Full text" in page.get_textpage().get_text_range()]
        page = document[number]
        textpage = page.get_textpage()
        raw = textpage.get_text_range()  # pdfium reads right-to-left runs back in logical order
        assert "\ufffd" not in raw
        # Every word comes back whole and in reading order: drawn left to right, as stored, or
        # letter by letter in the wrong direction, pdfium would give the words reversed.
        text = bare(raw)
        for word in [*TITLE.split(), *BODY.split()]:
            if not any(c in word for c in "()."):
                assert bare(word).strip("،.") in text, word
        # Copying and searching give the letters themselves, the lam-alef ligature included.
        assert "الاجتماعي" in raw and "واشنطن" in raw and "\ufefc" not in raw
        # The headline's first letter is drawn to the right of its last.
        first, last = raw.index("شعر"), raw.index("السخ")
        assert textpage.get_charbox(first)[0] > textpage.get_charbox(last)[0]
        # Lines of the body end at the right margin, not the left.
        start = raw.index(bare(BODY.split()[0]))
        assert textpage.get_charbox(start)[2] > page.get_width() * 0.8
    finally:
        document.close()


def test_the_older_algorithm_stands_in_with_the_same_levels_where_brackets_do_not_matter():
    from clipper.core.briefing.bidi import _python_levels, embedding_levels

    for text in ("שלום AFP 2026 עולם", "English with עברית inside", shape(TITLE)):
        for level in (0, 1):
            assert _python_levels(text, level) == embedding_levels(text, level)


def test_a_right_to_left_paragraph_split_across_pages_reads_right_to_left_on_both(
        library, tmp_path):
    words = BODY.replace("\n\n", " ").split()
    long_paragraph = " ".join(words[n % len(words)] for n in range(1500))
    clipping = library.add_clipping(ClippingDraft(title=TITLE, body=long_paragraph,
                                                  language="ar")).id
    out = tmp_path / "long.pdf"
    export_briefing(library, [clipping], out, BriefingOptions(title="Long", full_text=True))
    document = pypdfium2.PdfDocument(str(out))
    try:
        pages = [bare(page.get_textpage().get_text_range()) for page in document]
    finally:
        document.close()
    body_pages = [text for text in pages if bare("واشنطن") in text]
    assert len(body_pages) >= 2  # the paragraph runs over more than one page
    for text in body_pages:
        assert bare("الاجتماعي") in text and bare("الاجتماعي")[::-1] not in text


def test_a_highlight_inside_an_arabic_word_keeps_its_letters_joined():
    from clipper.core.briefing.bidi import shape

    word = "لترامب"
    assert shape("ل", after="ترامب") + shape("ترامب", before="ل") == shape(word)
    assert shape("ا", before="ل") == shape("ا")  # lam-alef cut in two: each shaped alone


def test_levels_are_read_whatever_the_text_says_and_controls_keep_their_place():
    from clipper.core.briefing.bidi import _python_levels, embedding_levels

    text = "שלום levels: AB paragraphs: x \u202aAB\u202c"
    assert len(embedding_levels(text, 1)) == len(text)
    assert len(_python_levels(text, 1)) == len(text)
    assert display(text).endswith("םולש")


def test_a_right_to_left_highlights_number_stands_where_reading_starts(library, tmp_path):
    clipping = library.add_clipping(ClippingDraft(title=TITLE, body=BODY, language="ar")).id
    start = BODY.index("واشنطن")
    library.add_annotation(clipping, start, start + len("واشنطن العاصمة"), note="مكان")
    out = tmp_path / "mark.pdf"
    export_briefing(library, [clipping], out, BriefingOptions(title="Marks"))
    with page_with(out, "Highlights and notes") as (_page, textpage, raw):
        quote = raw.index(bare("العاصمة")[:3])
        number = raw.index("1", raw.index("Highlights and notes"))
        assert textpage.get_charbox(number)[0] > textpage.get_charbox(quote)[0]


def test_a_hebrew_author_beside_a_date_leaves_the_date_whole(library, tmp_path):
    from datetime import UTC, datetime

    clipping = library.add_clipping(ClippingDraft(
        title="Coalition talks resume", body="Talks resumed on Friday.", source_name="Haaretz",
        authors=["דנה כהן"], published=datetime(2024, 3, 15, tzinfo=UTC))).id
    out = tmp_path / "he.pdf"
    export_briefing(library, [clipping], out, BriefingOptions(title="Israel"))
    # the entry's line of outlet, author and date
    with page_with(out, "Haaretz \u00b7") as (_page, textpage, raw):
        line_start = raw.index("Haaretz \u00b7")
        positions = (raw.index("ד", line_start), raw.index("15", line_start),
                     raw.index("March", line_start))
        x = [textpage.get_charbox(i)[0] for i in positions]
        assert x[0] < x[1] < x[2]  # name, then "15 March 2024" in one piece


def test_chinese_lines_break_between_characters_and_never_before_a_full_stop():
    from reportlab.lib.styles import ParagraphStyle

    from clipper.core.briefing import fonts
    from clipper.core.briefing.bidi import BidiParagraph
    from clipper.core.briefing.markup import Markup

    markup, base = Markup(fonts.FontChooser()), fonts.primary("serif")
    text = "中国呼吁与日本、韩国和东盟在科技领域加强合作。" * 12
    for width in range(150, 400, 7):
        paragraph = BidiParagraph(markup.text(text, "serif", base),
                                  ParagraphStyle("body", fontName=base, fontSize=10, leading=14))
        paragraph.wrap(width, 10_000)
        lines = ["".join(line[1]) if isinstance(line, tuple)  # one font: words as strings
                 else "".join(getattr(f, "text", "") for f in line.words)
                 for line in paragraph.blPara.lines]
        assert all(not line.startswith(("。", "、")) for line in lines), (width, lines)
        assert all(len(line) >= 5 for line in lines[:-1])  # no line left nearly empty
