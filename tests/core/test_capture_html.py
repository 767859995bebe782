"""Web pages: the article without navigation, adverts or comments; its metadata; the encoding
read from the bytes. Small pages written for these tests, and real pages from the corpora."""

import json
from pathlib import Path

import pytest
from lxml import html

from clipper.core.capture.encoding import declared_charset, decode_markup
from clipper.core.capture.html import parse_html_page
from clipper.core.capture.paragraphs import fragment_text
from clipper.core.capture.titles import best_title
from clipper.core.importer import PARSERS, read_draft

DATA = Path(__file__).resolve().parent.parent / "data" / "capture"


@pytest.fixture(scope="module")
def article():
    return read_draft(DATA / "article.html")


def test_the_article_and_its_metadata(article):
    assert article.title == "Harbour towns agree to share flood defences"
    assert article.source_name == "The Coastal Courier"
    assert article.authors == ["Mara Lindqvist"]
    assert article.published.date().isoformat() == "2024-03-14"
    assert article.url == "https://courier.example.org/news/2024/03/harbour-flood-defences"
    assert article.language == "en"
    assert article.html == (DATA / "article.html").read_bytes()


def test_the_body_has_paragraphs_and_no_page_furniture(article):
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("Three harbour towns on the northern coast")
    assert "A decade of disputes" in paragraphs
    assert any(p.startswith('"Water does not stop') for p in paragraphs)
    assert paragraphs[-1].endswith("before the end of the year.")
    assert all(p == p.strip() and "\n" not in p for p in paragraphs)
    for furniture in ("Subscribe now", "ADVERTISEMENT", "Seabreeze", "Most read",
                      "Reader42", "Copyright 2024", "Cookie settings"):
        assert furniture not in article.body


def test_html_and_htm_are_registered():
    assert PARSERS[".html"] is PARSERS[".htm"]


def test_declared_latin1_is_read_as_windows_1252():
    data = (DATA / "latin1.html").read_bytes()
    assert declared_charset(data) == "cp1252"
    draft = read_draft(DATA / "latin1.html")
    assert draft.title == "Digues : trois communes s’unissent"
    assert "« plan littoral »" in draft.body and "désaccords" in draft.body
    assert draft.language == "fr"


def test_utf8_bytes_win_over_a_wrong_shift_jis_declaration():
    data = (DATA / "utf8_says_shift_jis.html").read_bytes()
    assert declared_charset(data) == "cp932"
    assert decode_markup(data)[1] == "utf-8"
    draft = read_draft(DATA / "utf8_says_shift_jis.html")
    assert draft.title == "港町三つ、防潮堤を共同管理へ"
    assert draft.language == "ja"
    assert "防潮堤を共同で建設" in draft.body


def test_gb18030_bytes_under_a_wrong_utf8_declaration_are_detected():
    draft = read_draft(DATA / "gb18030_says_utf8.html")
    assert draft.title == "三个港口城镇将共同维护防洪堤"
    assert draft.language == "zh"
    assert len(draft.body.split("\n\n")) == 3


def test_a_byte_order_mark_decides():
    page = "<html><head><title>Ça marche</title></head><body><p>Voilà.</p></body></html>"
    data = page.encode("utf-16")
    assert decode_markup(data)[0].startswith("<html>")


def test_a_page_with_almost_no_text_still_makes_a_clipping():
    page = b"<html><head><title>Short note</title></head><body><p>Just one line.</p></body></html>"
    draft = parse_html_page(page, url="https://example.org/note")
    assert draft.title == "Short note"
    assert "Just one line." in draft.body
    assert draft.url == "https://example.org/note"


def test_fragments_keep_paragraphs_and_line_breaks():
    text = fragment_text("<p>One <b>bold</b>\n word.</p><ul><li>a</li><li>b</li></ul>x<br>y")
    assert text == "One bold word.\n\na\n\nb\n\nx\n\ny"
    assert fragment_text("plain\ntext\n\nsecond") == "plain text\n\nsecond"


def test_site_names_come_off_titles_and_a_logo_heading_is_not_the_title():
    page = html.document_fromstring(
        "<html><head><title>Insiders doubt the deal - POLITICO</title></head>"
        "<body><h1>POLITICO Logo</h1></body></html>")
    assert best_title(page, None, [], "https://www.politico.com/story/1") == \
        "Insiders doubt the deal"
    page = html.document_fromstring(
        "<html><head><meta property='og:title' content='Deal done | Daily News'>"
        "</head><body><h1><span class='kicker'>Budget</span> "
        "<span class='headline'>Deal done</span></h1></body></html>")
    assert best_title(page, None, ["Daily News"], None) == "Deal done"


def test_the_declared_headline_backs_the_heading_over_a_social_title():
    page = html.document_fromstring(
        "<html><head><meta property='og:title' content='You will not believe these cards'>"
        "<script type='application/ld+json'>\n<![CDATA[\n[{\"@type\": \"Organization\", "
        "\"name\": \"Atlas\"}, {\"@type\": \"NewsArticle\", \"headline\": "
        "\"The deck of cards that made tarot famous\"}]\n]]>\n</script></head>"
        "<body><h1>The deck of cards that made tarot famous</h1><h1>See fewer ads</h1>"
        "</body></html>")
    assert best_title(page, None, [], None) == "The deck of cards that made tarot famous"
    page = html.document_fromstring(  # a broken JSON-LD block is no evidence and no failure
        "<html><head><title>Cards</title><script type='application/ld+json'>{\"headline\": "
        "</script></head><body><h1>Other</h1></body></html>")
    assert best_title(page, None, [], None) == "Cards"


def test_a_microdata_headline_beats_a_running_header():
    page = html.document_fromstring(
        "<html><head><meta property='og:title' content='Borders: France, Germany and the "
        "return of resentment'></head><body><h1 itemprop='headline'>Corona: report from the "
        "border</h1><article><h2><span class='overline'>Borders</span> <span itemprop="
        "'headline'>France, Germany and the return of resentment</span></h2></article>"
        "</body></html>")
    assert best_title(page, None, [], None) == "France, Germany and the return of resentment"


def test_a_blogs_name_in_the_first_heading_is_not_the_entry_title():
    page = html.document_fromstring(
        "<html><head><title>Takagi's diary - Revised law misunderstood by vendors</title>"
        "</head><body><h1>Takagi's diary</h1><h2>11 February</h2><h3><a href='#p01'>"
        "<span>\u25a0</span> </a>Revised law misunderstood by vendors</h3><p>The revised "
        "law on passwords set at the factory is read wrongly by vendors.</p></body></html>")
    assert best_title(page, None, [], None) == "Revised law misunderstood by vendors"
    page = html.document_fromstring(  # a headline and a site's name in a footer heading
        "<html><head><title>Deal done after long night - Daily</title></head><body>"
        "<h1>Deal done after long night</h1><h3>Daily</h3></body></html>")
    assert best_title(page, None, [], None) == "Deal done after long night"
    page = html.document_fromstring(  # a short headline, a long name in the footer
        "<html><head><title>Mill fire | The Springfield Evening Gazette</title></head><body>"
        f"<h1>Mill fire</h1><p>{'A fire at the mill. ' * 20}</p><footer><h3>The Springfield "
        "Evening Gazette</h3><p>Contact us</p></footer></body></html>")
    assert best_title(page, None, [], None) == "Mill fire"
    deep = "[" * 50000 + "]" * 50000  # nested beyond what the JSON reader will take
    page = html.document_fromstring(f"<html><head><title>T</title><script type="
                                    f"'application/ld+json'>{deep}</script></head></html>")
    assert best_title(page, None, [], None) == "T"


def test_a_section_glued_to_a_korean_headline_goes_with_the_site_name():
    page = html.document_fromstring(
        "<html><head><title>부담 커졌다-정치ㅣ한국일보</title></head><body></body></html>")
    assert best_title(page, None, ["한국일보"], None) == "부담 커졌다"
    page = html.document_fromstring(  # without a site name beside it, a hyphen is the title's
        "<html><head><title>남북-미중</title></head><body></body></html>")
    assert best_title(page, None, [], None) == "남북-미중"
    page = html.document_fromstring(  # "US-China" is no section
        "<html><head><title>격화하는 미-중 | 한국일보</title></head><body></body></html>")
    assert best_title(page, None, ["한국일보"], None) == "격화하는 미-중"


# -- the corpora ---------------------------------------------------------------------------------

DECLARED_WRONG = [  # pages that declare one encoding and are written in another
    "nonenglish/ja/postlight__jvndb.jvn.jp*.html",
    "nonenglish/ja/postlight__www.itmedia.co.jp*.html",
    "nonenglish/ja/postlight__www.jnsa.org*.html",
    "nonenglish/ja/postlight__takagi-hiromitsu.jp*.html",
    "nonenglish/ko/htmldate__daejonilbo*.html",
    "nonenglish/zh/fundus__cn_People*.html",
    "nonenglish/zh/readability__qq.html",
    "nonenglish/zh/trafilatura__web.archive.org__archive.org.he.xinhuanet*.html",
]


@pytest.mark.parametrize("pattern", DECLARED_WRONG)
def test_corpus_pages_with_a_wrong_declaration_decode(corpora, pattern):
    found = sorted(corpora.glob(pattern))
    if not found:
        pytest.skip(f"{pattern} is in the held-out half of the corpus")
    path = found[0]
    truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
    draft = read_draft(path)
    sample = (truth.get("title") or "") + (truth.get("body") or "")[:200]
    wanted = {c for c in sample if ord(c) > 0x3000}
    text = draft.title + draft.body
    assert "\ufffd" not in text
    assert len(wanted - set(text)) <= 0.05 * len(wanted)
    assert draft.language == truth["language"]


def test_a_corpus_article_matches_its_ground_truth(corpora):
    from tests.benchmarks.capture_quality import shingle_match

    folder = corpora / "html" / "scrapinghub-aeb"
    pages = sorted(folder.glob("*.html"))[:5]
    if not pages:
        pytest.skip("no AEB pages")
    scores = []
    for page in pages:
        truth = json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))["body"]
        draft = read_draft(page)
        assert "\n\n" in draft.body
        scores.append(shingle_match(truth, draft.body)[0])
    assert sum(scores) / len(scores) > 0.85


def test_author_names_are_written_as_the_page_writes_them():
    from clipper.core.capture.html import _as_written

    assert _as_written("Ludwig van Beethoven", "<h1>LUDWIG VAN BEETHOVEN</h1>") == \
        "Ludwig van Beethoven"
    assert _as_written("Sauli giliard", "<h1>SAULI GILIARD</h1>") == "Sauli giliard"


def test_the_outlet_is_the_name_readers_know():
    from clipper.core.capture.titles import outlet_name

    def page(head):
        return html.document_fromstring(f"<html><head>{head}</head><body></body></html>")

    assert outlet_name(page("<meta property='og:site_name' content='Jyllands-Posten'>"),
                       "JP/Politikens Hus A/S", "https://jyllands-posten.dk/a") == \
        "Jyllands-Posten"  # the paper, not its publishing company
    assert outlet_name(page("<meta property='og:site_name' content='financialpost'>"
                            "<title>Rates hold | Financial Post</title>"), "Financialpost",
                       "https://financialpost.com/news/x") == "Financial Post"
    assert outlet_name(page("<title>Epstein papers</title>"),
                       "Breaking Australian and World News Headlines - 9News",
                       "https://www.9news.com.au/world/x") == "9News"
    assert outlet_name(page(""), "The Coastal Courier", None) == "The Coastal Courier"
    assert outlet_name(page("<meta property='og:site_name' content='U.S.'>"
                            "<title>Parasite scores historic upset | Reuters</title>"),
                       "U.S.", "https://www.reuters.com/article/x") == "Reuters"  # a section
    assert outlet_name(page("<title>Rahami arrested - The New York Times</title>"),
                       "nytimes.com", "https://www.nytimes.com/2016/09/20/x.html") == \
        "The New York Times"
    assert outlet_name(page("<meta property='og:site_name' content='Libération.fr'>"
                            "<title>Screenshot - Culture / Next</title>"), None,
                       "https://next.liberation.fr/culture/x") == "Libération.fr"


def test_a_saved_page_keeps_its_canonical_address():
    page = ("<html><head><title>Kurban bedelleri belirlendi</title>"
            "<link rel='canonical' href='https://www.aa.com.tr/tr/gundem/kurban/3912126'>"
            "</head><body><article><h1>Kurban bedelleri belirlendi</h1>"
            + "<p>Diyanet İşleri Başkanlığı vekalet yoluyla kurban kesim bedellerini "
              "açıkladı ve bağışçılara duyurdu.</p>" * 6 + "</article></body></html>")
    draft = parse_html_page(page.encode("utf-8"))
    assert draft.url == "https://www.aa.com.tr/tr/gundem/kurban/3912126"


def test_teasers_of_other_articles_after_the_story_are_left_out():
    story = " ".join(f"Sentence {n} of the story about the harbour and its new flood gates."
                     for n in range(12))
    teaser = ("RISK REMAINS: An official said the drills could resume at any time, and the "
              "ministry was on alert as it tracked a carrier group to the south yesterday "
              "amid warnings from the coast guard")
    page = ("<html><head><title>Harbour gates open</title></head><body><div>"
            "<h1>Harbour gates open</h1>" + "".join(f"<p>{story}</p>" for _ in range(3)) +
            "<p>A short <a href='/a'>link in a sentence</a> stays.</p>"
            f"<a href='/other'><p>{teaser}</p></a></div></body></html>")
    body = parse_html_page(page.encode()).body
    assert "link in a sentence stays" in body
    assert "RISK REMAINS" not in body


def test_an_author_taken_from_a_handle_is_written_as_the_page_writes_the_name():
    story = " ".join(f"Sentence {n} about streetlights and the women who trade under them."
                     for n in range(15))
    page = ("<html><head><title>Lights boost trade</title>"
            "<meta name='author' content='Sauli.giliard'></head><body><article>"
            f"<h1>Lights boost trade</h1><p>{story}</p><p>{story}</p><footer>Reported by "
            "<a href='/author/sauli.giliard'>Sauli Giliard</a></footer></article></body></html>")
    assert parse_html_page(page.encode()).authors == ["Sauli Giliard"]


def test_a_us_date_read_day_first_is_put_right_by_the_pages_own_dates():
    story = " ".join(f"Sentence {n} about the vice-presidential debate and its audience."
                     for n in range(15))
    page = ("<html><head><title>Who will win the VP debate?</title>"
            "<link rel='canonical' href='https://www.politico.com/story/2016/10/vp-debate-1'>"
            "</head><body><article><h1>Who will win the VP debate?</h1>"
            "<p class='story-meta__timestamp'><time datetime='2016-10-04 05:07:09'>"
            f"10/04/2016 05:07 AM EDT</time></p><p>{story}</p><p>{story}</p></article>"
            "</body></html>")
    draft = parse_html_page(page.encode())
    assert draft.published is not None and draft.published.date().isoformat() == "2016-10-04"


def test_notices_around_the_article_and_a_repeated_headline_are_left_out():
    story = " ".join(f"Sentence {n} of the report on the bombings and the arrest." for n in range(12))
    page = ("<html><head><title>Suspect arrested - The Daily</title></head><body><article>"
            "<p>Supported by</p><h1>Suspect arrested</h1><p>Suspect arrested</p>"
            f"<p>{story}</p><p>\ufeff</p><p>{story} Again.</p><p>Advertisement</p>"
            "<p>Copyright © 2024 The Daily. All rights reserved.</p></article></body></html>")
    paragraphs = parse_html_page(page.encode()).body.split("\n\n")
    assert paragraphs == [story, f"{story} Again."]
    for sentence in ("Copyright 2024 was the theme of the conference, its chair said.",
                     "This website uses cookies to track readers, the regulator said."):
        page = (f"<html><body><article><p>{sentence}</p><p>{story}</p><p>{sentence}</p>"
                "</article></body></html>")
        assert parse_html_page(page.encode()).body.count(sentence) == 2


def test_a_page_its_scripts_fill_in_yields_the_article_they_carry():
    text = "".join(f"<p class='editor-p'>문단 {n}: 장동혁 대표가 당권을 위협하던 전 대표를 "
                   "제명했지만 부담이 커졌다.</p>" for n in range(8))
    data = json.dumps({"detail": {"title": "부담 커졌다", "contentHtml": text + "$$ARTICLEAD$$"}})
    page = ("<html><head><title>부담 커졌다 | 한국일보</title></head><body><div id='app'></div>"
            f"<script>window.__DATA__ = {data};</script></body></html>")
    paragraphs = parse_html_page(page.encode()).body.split("\n\n")
    assert len(paragraphs) == 8 and paragraphs[0].startswith("문단 0: 장동혁")
    assert "ARTICLEAD" not in paragraphs[-1]
    # a short story shown on the page is not replaced by a related one in the page's data
    related = json.dumps({"related": [{"articleBody": "Football " * 120}]})
    page = ("<html><head><title>Mill fire</title></head><body><article><h1>Mill fire</h1>"
            "<p>A fire at the old mill was put out on Sunday night.</p></article>"
            f"<script>window.__NEXT_DATA__ = {related};</script></body></html>")
    assert parse_html_page(page.encode()).body == \
        "A fire at the old mill was put out on Sunday night."


def test_a_block_of_linked_headlines_after_the_story_is_left_out():
    story = " ".join(f"Sentence {n} of the story about the induction ceremony." for n in range(12))
    related = "".join(f"<a href='/story/{n}'><p>{headline}</p></a>" for n, headline in enumerate(
        ["Who will make the Rock Hall in 2020?", "Dave Matthews Band takes over the fan vote"]))
    page = ("<html><head><title>Rock Hall nominees</title></head><body><div>"
            f"<h1>Rock Hall nominees</h1><p>{story}</p><p>{story} More.</p><p>He declined "
            f"to say.</p><p>Top stories</p>{related}</div></body></html>")
    paragraphs = parse_html_page(page.encode()).body.split("\n\n")
    assert paragraphs[-1] == "He declined to say."
    roundup = ("<html><head><title>Roundup</title></head><body><div><h1>Roundup</h1>"
               "<p>Today's best stories.</p>" + "".join(
                   f"<p><a href='/s/{n}'>Story number {n} about the economy and jobs</a></p>"
                   for n in range(8)) + "</div></body></html>")
    assert "Story number 0" in parse_html_page(roundup.encode()).body  # all links: kept
