"""PDF briefings: real libraries, real PDF files, read back with pypdf (and pdftotext if present)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from clipper.core.briefing import BriefingOptions, export_briefing
from clipper.core.briefing.fonts import (
    REPLACEMENT,
    FontChooser,
    UnicodeTTFont,
    font_dir,
    to_unicode_cmap,
)
from clipper.core.briefing.fonts import load as load_font
from clipper.core.briefing.markup import Markup, safe_link
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.errors import ExportCancelled, ExportError, InvalidInputError
from clipper.core.records import ClippingDraft

CHINESE = ("中国科学技术部本周宣布，将推动与日本、韩国及东盟成员国在人工智能、量子计算和绿色能源等领域的联合研究。"
           "赵一平表示，合作将惠及所有参与方。")
JAPANESE = "中国科学技術省は今週、日本、韓国、ASEAN加盟国に対し、人工知能や量子コンピューティングの共同研究を深めるよう呼びかけた。"
KOREAN = "중국 과학기술부는 이번 주 한국, 일본, 아세안 회원국에 인공지능과 양자컴퓨팅 분야의 공동 연구를 강화할 것을 촉구했다."
THAI = ("กระทรวงวิทยาศาสตร์และเทคโนโลยีของจีนประกาศในสัปดาห์นี้ว่า จะผลักดันความร่วมมือด้านการวิจัยร่วมกับญี่ปุ่น "
        "เกาหลีใต้ และประเทศสมาชิกอาเซียน")
INJECTIONS = ['<img src="/etc/hostname"/>', '<a href="javascript:alert(1)">x</a>', "<b>unbalanced",
              "&nbsp;", "<font size=40>big</font>", "</para>", "&amp; &#65;"]


def add(library, title, body, **kw):
    return library.add_clipping(ClippingDraft(title=title, body=body, **kw)).id


def seed_and_asian(library, seed_text):
    seed = library.add_clipping(parse_text_clipping(seed_text)).id
    zh = add(library, "中国呼吁与日本、韩国和东盟加强科技合作", CHINESE, source_name="人民日报",
             url="https://www.people.com.cn/n1/a.html?x=1&y=2", published=datetime(2025, 3, 4, tzinfo=UTC))
    ja = add(library, "中国、日中韓とASEANの科学技術協力を呼びかけ", JAPANESE, source_name="日本経済新聞",
             url="https://www.nikkei.com/article/1", published=datetime(2025, 3, 5, tzinfo=UTC))
    ko = add(library, "중국, 한중일·아세안 과학기술 협력 촉구", KOREAN, source_name="연합뉴스",
             url="mailto:desk@yna.co.kr", published=datetime(2025, 3, 6, tzinfo=UTC))
    th = add(library, "จีนเรียกร้องความร่วมมือด้านวิทยาศาสตร์", THAI, source_name="ไทยรัฐ",
             url="javascript:alert(1)", published=datetime(2025, 3, 7, tzinfo=UTC))
    return [seed, zh, ja, ko, th]


def export(library, ids, path, **options):
    options.setdefault("title", "Science diplomacy in East Asia")
    options.setdefault("date", date(2025, 3, 10))
    return export_briefing(library, ids, path, BriefingOptions(**options))


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(path).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def no_space(text: str) -> str:
    return "".join(text.split())


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        titles += outline_titles(item) if isinstance(item, list) else [item.title]
    return titles


def link_targets(path: Path) -> tuple[list[str], int]:
    """The URIs of the link annotations, and the number of internal (GoTo) links."""
    uris, internal = [], 0
    for page in pypdf.PdfReader(path).pages:
        for ref in page.get("/Annots") or []:
            annot = ref.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            action = annot.get("/A")
            if action is not None and action.get("/S") == "/URI":
                uris.append(str(action["/URI"]))
            else:
                internal += 1
    return uris, internal


def page_fonts(path: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
    return names


def test_a_briefing_has_every_section_bookmarks_safe_links_and_embedded_fonts(
        library, seed_text, tmp_path):
    ids = seed_and_asian(library, seed_text)
    seed_body = library.get_clipping(ids[0]).clipping.body
    at = seed_body.index("Zhao Yiping")
    library.add_mention(ids[0], at, at + 11, "Zhao Yiping", "person")
    library.add_entity("Zhao Yiping", aliases=["赵一平"])
    at = seed_body.index("We want to create")
    library.add_annotation(ids[0], at, at + 40, note="The core claim.")
    library.add_bias_note(ids[0], "loaded-language", "Great-power framing.",
                          seed_body.index("Great Game"), seed_body.index("Great Game") + 10)
    library.update_clipping(ids[1], summary="官方表态。")
    path = tmp_path / "briefing.pdf"
    result = export(library, ids, path, subtitle="Week 10", author="A. Analyst",
                    organisation="Policy Unit", marking="Internal", summary="Beijing courts its neighbours.")
    assert result.path == path and result.clippings == 5 and result.pages >= 6

    text = flat(" ".join(pages_text(path)))
    for expected in ("PRESS BRIEFING", "Science diplomacy in East Asia", "Week 10",
                     "Period covered", "A. Analyst, Policy Unit", "10 March 2025", "Internal",
                     "5 clippings from 5 outlets", "Contents", "Executive summary",
                     "Beijing courts its neighbours.", "Key figures", "Entities named most",
                     "Zhao Yiping (1)", "Bias notes by category", "Loaded language: 1",
                     "Highlights and notes", "The core claim.", "Great-power framing.",
                     "Entity index", "also 赵一平", "1 (p. ", "Sources", "Captured",
                     "Method", "INTERNAL", f"Page 2 of {result.pages}",
                     f"Page {result.pages} of {result.pages}", "官方表态。"):
        assert expected in text, expected

    reader = pypdf.PdfReader(path)
    titles = outline_titles(reader.outline)
    for section in ("Contents", "Executive summary", "Clippings", "Entity index", "Sources",
                    "Method"):
        assert section in titles
    assert "1. China urges joint efforts with Japan, South Korea, ASEAN in science and tech" \
        in titles
    assert "5. จีนเรียกร้องความร่วมมือด้านวิทยาศาสตร์" in titles

    uris, internal = link_targets(path)
    assert internal >= 10  # the contents and the entity index link into the document
    assert all(re.match(r"^(https?|mailto):", uri) for uri in uris), uris
    assert "https://www.people.com.cn/n1/a.html?x=1&y=2" in uris
    assert "mailto:desk@yna.co.kr" in uris
    assert not any("javascript" in uri for uri in uris)
    assert "javascript:alert(1)" in text  # printed, not linked

    fonts = page_fonts(path)
    assert {"NotoSerif-Regular", "NotoSans-Bold", "DroidSansFallback", "NotoSansThai-Regular",
            "NotoSansSymbols2-Regular"} <= fonts
    assert not {"Helvetica", "Times-Roman"} & fonts

    info = reader.metadata
    assert info.title == "Science diplomacy in East Asia"
    assert info.author == "A. Analyst, Policy Unit"
    assert info.subject == "Week 10"
    assert "Zhao Yiping" in info["/Keywords"]


def test_user_text_never_acts_as_markup(library, tmp_path):
    hostname = Path("/etc/hostname")
    secret = hostname.read_text().strip() if hostname.exists() else ""
    nasty = " ".join(INJECTIONS)
    cid = add(library, f"Title {nasty}", f"Body {nasty}\n\nSecond {nasty}",
              source_name=f"Outlet {INJECTIONS[0]}", url="file:///etc/hostname",
              authors=[INJECTIONS[1]], tags=[INJECTIONS[2]], summary=f"Summary {nasty}")
    library.add_annotation(cid, 0, 20, note=f"Note {nasty}")
    library.add_bias_note(cid, "speculation", f"Bias {nasty}")
    path = tmp_path / "nasty.pdf"
    export(library, [cid], path, title=f"Briefing {nasty}", subtitle=nasty, marking="<b>M",
           summary=f"Exec {nasty}", full_text=True, author=INJECTIONS[4])
    text = flat(" ".join(pages_text(path)))
    for piece in INJECTIONS:
        assert text.count(flat(piece)) >= 8, piece
    assert "file:///etc/hostname" in text
    uris, _ = link_targets(path)
    assert uris == []
    reader = pypdf.PdfReader(path)
    for page in reader.pages:
        assert "/XObject" not in page["/Resources"] or not any(
            x.get_object().get("/Subtype") == "/Image"
            for x in page["/Resources"]["/XObject"].values())
    if secret and len(secret) > 3:
        assert secret not in text


def test_the_text_of_the_seed_and_cjk_and_thai_clippings_comes_out_exactly(
        library, seed_text, tmp_path):
    ids = seed_and_asian(library, seed_text)
    path = tmp_path / "exact.pdf"
    options = {"marking": "Internal", "full_text": True}
    result = export(library, ids, path, **options)
    title = "Science diplomacy in East Asia"
    pages = []
    for number, page in enumerate(pages_text(path), start=1):
        for furniture in (title, "INTERNAL", f"Page {number} of {result.pages}"):
            page = page.replace(furniture, " ")
        pages.append(page)
    text = " ".join(pages)
    assert "\U0001F79B" in text  # the seed's flag symbol, above U+FFFF
    assert "\u2011" in text  # the non-breaking hyphen of "Indo‑Pacific"
    assert "Indo\u2011Pacific" in text
    for cid in ids:
        clipping = library.get_clipping(cid).clipping
        for paragraph in [clipping.title, *clipping.body.split("\n\n")]:
            if not paragraph.strip():
                continue
            if paragraph.isascii() or cid == ids[0]:
                assert flat(paragraph) in flat(text), paragraph[:60]
            assert no_space(paragraph) in no_space(text), paragraph[:60]
    if shutil.which("pdftotext"):
        extracted = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                   text=True, check=True).stdout
        assert "\U0001F79B" in extracted and "Indo\u2011Pacific" in extracted
        for body in (CHINESE, JAPANESE, KOREAN, THAI):
            assert no_space(body) in no_space(extracted)


def test_the_tounicode_cmap_writes_surrogate_pairs(tmp_path):
    cmap = to_unicode_cmap("AAAAAA+Font", [0, 0x41, 0x2011, 0x1F79B])
    assert "<01> <0041>" in cmap and "<02> <2011>" in cmap and "<03> <D83DDF9B>" in cmap
    assert "1F79B" not in cmap

    def draw(font_class, name):
        font = font_class(name, str(font_dir() / "NotoSansSymbols2-Regular.ttf"))
        font.face.name = name.encode()  # a face of its own: ReportLab shares fonts by face name
        path = tmp_path / f"{name}.pdf"
        canvas = Canvas(str(path))
        from reportlab.pdfbase import pdfmetrics
        pdfmetrics.registerFont(font)
        canvas.setFont(name, 20)
        canvas.drawString(72, 700, "\U0001F79B\u25c6")
        canvas.save()
        return pypdf.PdfReader(path).pages[0].extract_text()

    assert "\U0001F79B" in draw(UnicodeTTFont, "ProbeFixed")
    assert "\U0001F79B" not in draw(TTFont, "ProbePlain")  # ReportLab's own CMap is wrong


def test_every_character_has_a_font():
    chooser = FontChooser()
    texts = [CHINESE, JAPANESE, KOREAN, THAI, "\U0001F79B Indo\u2011Pacific", "Ελληνικά Кириллица",
             "→ ★ ✓ € № ½ 😀 ❤\ufe0f"]
    for role in ("serif", "serif-bold", "serif-italic", "sans", "sans-bold"):
        for text in texts:
            runs = chooser.runs(text, role)
            joined = "".join(run for _, run in runs)
            assert REPLACEMENT not in joined, (role, text)
            assert joined in (text, text.replace("\ufe0f", "")), (role, text)
            for name, run in runs:
                assert set(run) <= load_font(name).covers
    assert chooser.runs("\U0001F79B", "serif") == [("NotoSansSymbols2-Regular", "\U0001F79B")]
    assert chooser.runs("a\u2011b", "serif") == [("NotoSerif-Regular", "a\u2011b")]
    markup = Markup(chooser).text('<b>中</b> & "x"', "serif", "NotoSerif-Regular")
    assert markup == ('&lt;b&gt;<font face="DroidSansFallback">中</font>&lt;/b&gt; &amp; "x"')


def test_only_web_and_mail_addresses_are_linked():
    assert safe_link("https://example.com/a b") is None
    assert safe_link("javascript:alert(1)") is None
    assert safe_link("file:///etc/passwd") is None
    assert safe_link("http:///nohost") is None
    assert safe_link("data:text/html,<b>") is None
    assert safe_link("https://example.com/a?x=1&y=2") == "https://example.com/a?x=1&y=2"
    assert safe_link("https://example.com/café") == "https://example.com/caf%C3%A9"
    assert safe_link('https://example.com/"><x') == "https://example.com/%22%3E%3Cx"
    assert safe_link("mailto:someone@example.com") == "mailto:someone@example.com"
    assert safe_link("https://例え.jp/記事?q=1") == \
        "https://xn--r8jz45g.jp/%E8%A8%98%E4%BA%8B?q=1"


def test_an_external_briefing_leaves_out_notes_and_tags(library, tmp_path):
    cid = add(library, "Public piece", "The minister said the plan would work. Critics doubt it.",
              tags=["tag-private"], summary="Shared summary.")
    library.add_annotation(cid, 4, 30, note="SECRET-NOTE")
    library.add_bias_note(cid, "single-source", "PRIVATE-BIAS")
    text = library.get_clipping(cid).clipping.body
    library.add_bias_note(cid, "speculation", "PRIVATE-SPAN", text.index("Critics"), len(text))
    internal, external = tmp_path / "internal.pdf", tmp_path / "external.pdf"
    export(library, [cid], internal)
    export(library, [cid], external, audience="external")
    inside = flat(" ".join(pages_text(internal)))
    outside = flat(" ".join(pages_text(external)))
    for private in ("SECRET-NOTE", "PRIVATE-BIAS", "PRIVATE-SPAN", "tag-private", "Tags:"):
        assert private in inside
        assert private not in outside
    for shared in ("minister said the plan wou", "Single source", "Speculation",
                   "Shared summary.", "private notes and tags are left out"):
        assert shared in outside
    assert "tag-private" not in (pypdf.PdfReader(external).metadata.get("/Keywords") or "")


def test_order_by_date_letter_paper_and_progress(library, tmp_path):
    late = add(library, "Late piece", "Late.", published=datetime(2025, 5, 1, tzinfo=UTC))
    early = add(library, "Early piece", "Early.", published=datetime(2025, 1, 1, tzinfo=UTC))
    calls = []
    path = tmp_path / "dated.pdf"
    export_briefing(library, [late, early], path,
                    BriefingOptions(title="T", order="date", page_size="Letter"),
                    progress=lambda done, total: calls.append((done, total)))
    reader = pypdf.PdfReader(path)
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [612, 792]
    titles = outline_titles(reader.outline)
    assert titles.index("1. Early piece") < titles.index("2. Late piece")
    assert calls[-1] == (5, 5) and [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert "1 January 2025 – 1 May 2025" in flat(pages_text(path)[0])


@pytest.mark.parametrize("stop_after", [1, 3])
def test_a_cancelled_export_leaves_no_file(library, tmp_path, stop_after):
    ids = [add(library, f"Piece {n}", f"Text number {n}.") for n in range(3)]
    path = tmp_path / "out" / "cancelled.pdf"
    path.parent.mkdir()
    calls = []
    with pytest.raises(ExportCancelled):
        export_briefing(library, ids, path, BriefingOptions(title="T"),
                        progress=lambda done, total: calls.append(done),
                        should_stop=lambda: len(calls) >= stop_after)
    assert list(path.parent.iterdir()) == []
    path.write_bytes(b"older briefing")
    with pytest.raises(ExportCancelled):
        export_briefing(library, ids, path, BriefingOptions(title="T"), should_stop=lambda: True)
    assert path.read_bytes() == b"older briefing"


def test_a_file_that_cannot_be_written_is_a_user_error(library, tmp_path, monkeypatch):
    cid = add(library, "Piece", "Text.")
    with pytest.raises(ExportError, match="does not exist"):
        export(library, [cid], tmp_path / "missing" / "x.pdf")

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("clipper.core.briefing.export.os.replace", refuse)
    with pytest.raises(ExportError, match="Permission denied"):
        export(library, [cid], tmp_path / "x.pdf")
    assert list(tmp_path.glob("*.pdf")) == [] and list(tmp_path.glob(".*.part")) == []
    with pytest.raises(InvalidInputError):
        export(library, [], tmp_path / "x.pdf")
    with pytest.raises(InvalidInputError):
        export(library, [cid], tmp_path / "x.pdf", audience="everyone")


def test_long_addresses_wrap_inside_the_page(library, tmp_path):
    import pypdfium2

    long_path = "anti-terror-op-turns-sinister-pakistani-netizens-being-walled-off-as-army-raids"
    urls = [f"https://timesofindia.indiatimes.com/world/pakistan/{long_path}/123.cms",
            "https://example.org/" + "x" * 150]
    ids = [library.add_clipping(ClippingDraft(title=f"Link {n}", body=f"Body {n}.", url=url)).id
           for n, url in enumerate(urls)]
    out = tmp_path / "links.pdf"
    export_briefing(library, ids, out, BriefingOptions(title="Links"))
    document = pypdfium2.PdfDocument(str(out))
    try:
        for page in document:
            width = page.get_width()
            text = page.get_textpage()
            for index in range(text.count_chars()):
                left, _bottom, right, _top = text.get_charbox(index)
                assert left >= 0 and right <= width, f"a character at x={right:.0f} > {width}"
    finally:
        document.close()
    links = {a.get_object()["/A"]["/URI"] for page in pypdf.PdfReader(out).pages
             for a in page.get("/Annots", []) if "/URI" in a.get_object().get("/A", {})}
    assert set(urls) <= links  # the links keep the whole address


def test_the_period_is_the_publication_dates_and_citations_end_once(library, tmp_path):
    ask = add(library, "Who pays for the dykes?", "Text one.", source_name="Courier Ltd.",
              published=datetime(2025, 3, 10, tzinfo=UTC))
    later = add(library, "Towns agree", "Text two.", published=datetime(2025, 3, 14, tzinfo=UTC))
    undated = add(library, "An undated note", "Text three.")  # captured today
    out = tmp_path / "period.pdf"
    export(library, [ask, later, undated], out)
    text = flat(" ".join(pages_text(out)))
    assert "10 March 2025 \u2013 14 March 2025 (1 undated)" in text  # not stretched to today
    assert "5 days" in text
    assert "\u201cWho pays for the dykes?\u201d" in text and "dykes?." not in text
    assert "Courier Ltd. " in text and "Ltd.." not in text


def test_a_long_marking_stays_on_the_page_and_one_clipping_is_one(library, tmp_path):
    import pypdfium2

    cid = add(library, "Only one", "A single clipping.")
    out = tmp_path / "marking.pdf"
    export(library, [cid], out, marking="Restricted distribution " * 8)
    document = pypdfium2.PdfDocument(str(out))
    try:
        for page in document:
            width, text = page.get_width(), page.get_textpage()
            for index in range(text.count_chars()):
                left, _bottom, right, _top = text.get_charbox(index)
                assert left >= 0 and right <= width, f"a character at x={right:.0f} > {width}"
    finally:
        document.close()
    text = flat("".join(pages_text(out)))
    assert "gathers 1 press clipping from" in text
    assert pypdf.PdfReader(out).metadata["/Subject"] == "Press briefing of 1 clipping"


def test_a_marks_number_in_the_full_text_follows_the_word_it_ends_in(library, tmp_path):
    body = ("Talks between the United States and China resumed on Monday in Geneva after a "
            "pause of several months.")
    cid = add(library, "Talks resume", body)
    start = body.index("United")
    library.add_annotation(cid, start, body.index("China") + 4)  # an old mark: "… and Chin"
    path = tmp_path / "b.pdf"
    export(library, [cid], path, full_text=True)
    text = no_space(" ".join(pages_text(path)))
    assert "Chin1a" not in text
    assert "China1resumed" in text
