"""Authors: people (or named desks), never roles, dates, organisations or placeholders; the
principled sources first."""

import pytest
from lxml import html

from clipper.core.capture.authors import page_authors, validated


@pytest.mark.parametrize(("byline", "names", "wire"), [
    ("Tom Gillespie News reporter", ["Tom Gillespie"], None),
    ("ERIC TUCKER Associated Press", ["Eric Tucker"], "Associated Press"),
    ("AP National Security Writer", [], None),
    ("Staff writer", [], None),
    ("Detroit News wire services Published", [], None),
    ("JERUSALEM POST STAFF NOVEMBER", [], None),
    ("Carrie Arnold November", ["Carrie Arnold"], None),
    ("Condé Nast", [], None),
    ("CNN Business", [], None),
    ("Jane Doe, MS, RDN", ["Jane Doe"], None),
    ("Текст Лида Буслаева", ["Лида Буслаева"], None),
    ("Admin", [], None),
    ("Jdadmin", [], None),
    ("신현주 기자", ["신현주"], None),
    ("责任编辑：张申", ["张申"], None),
    ("Steven Shepard Link Copied; Username", ["Steven Shepard"], None),
    ("Von der Leyen", ["Von der Leyen"], None),
    ("Von Max Mustermann", ["Max Mustermann"], None),
    ("Sophie Foster; sophie-foster", ["Sophie Foster"], None),
    ("Theresa May", ["Theresa May"], None),
    ("By JOSH HASKELL, DAVID CAPLAN and PATRICK REEVELL",
     ["Josh Haskell", "David Caplan", "Patrick Reevell"], None),
    ("By Jane Smith | Reuters", ["Jane Smith"], "Reuters"),
    ("Reuters", [], "Reuters"),
    ("lrt.lt; Povilas Aleksandravičius; Mykolo Romerio universiteto žmogaus ir visuomenės "
     "studijų fakulteto profesorius", ["Povilas Aleksandravičius"], None),
    ("Ludwig van Beethoven", ["Ludwig van Beethoven"], None),
    ("T.C. Sottek", ["T.C. Sottek"], None),
    ("@handle", [], None),
    ("name, email@gmail.com", [], None),
    ("文● オカモト/ASCII編集部", ["オカモト"], None),
    # credits with "by": the name after it; credits for other work than the writing: none
    ("Analysis by Chris Cillizza, CNN Editor-at-large", ["Chris Cillizza"], None),
    ("Reporting by Jane Doe; Editing by John Smith", ["Jane Doe"], None),
    ("Photos: Jane Doe", [], None),
    ("Illustration by Bob Ray", [], None),
    # a name ends where the words of a name end
    ("John Smith, Special to The Globe", ["John Smith"], None),
    ("John Smith is a senior fellow at the Brookings Institution", ["John Smith"], None),
    ("Written by: John Smith on March 3", ["John Smith"], None),
    ("Follow Jane Doe on Twitter", ["Jane Doe"], None),
    ("Jane Doe Read more", ["Jane Doe"], None),
    ("By Jane Doe • 5 min read", ["Jane Doe"], None),
    ("Jane Doe CBS News", ["Jane Doe"], None),
    ("Jane Doe Bloomberg Opinion", ["Jane Doe"], None),
    ("Jane Doe M.S., R.D.N.", ["Jane Doe"], None),
    ("Jane Doe / For The Star", ["Jane Doe"], None),
    ("Jane Doe in Paris and John Smith in London", ["Jane Doe", "John Smith"], None),
])
def test_a_byline_yields_names_only(byline, names, wire):
    assert validated([byline]) == (names, wire)


def test_the_outlet_is_no_author():
    assert validated(["신현주 기자; 한국일보"], {"한국일보"}) == (["신현주"], None)
    page = html.document_fromstring(
        "<html><head><meta name='author' content='tagesschau.de'></head><body></body></html>")
    assert page_authors(page, None, [], "www.tagesschau.de").authors == []


def _page(head, body=""):
    return html.document_fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_json_ld_comes_before_meta_tags_and_the_extractor():
    page = _page('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
                 '[{"@type": "Person", "name": "Ana Lima"}, {"@type": "Organization", '
                 '"name": "Daily Planet"}]}</script><meta name="author" content="Admin">')
    assert page_authors(page, "Someone Else", ["Daily Planet"], None).authors == ["Ana Lima"]


def test_meta_tags_come_before_the_extractor_and_a_profile_address_is_no_name():
    page = _page("<meta property='article:author' content='https://example.com/by/x'>"
                 "<meta name='byl' value='By Marc Santora and Al Baker'>")
    assert page_authors(page, "Marc Santora", [], None).authors == ["Marc Santora", "Al Baker"]


def test_microdata_authors_of_related_stories_are_not_the_articles():
    page = _page("", "<article itemscope itemtype='http://schema.org/NewsArticle'>"
                 "<span itemprop='author' itemscope itemtype='http://schema.org/Person'>"
                 "<span itemprop='name'>Emma Grey Ellis</span></span>"
                 "<div itemscope itemtype='http://schema.org/Article'><span itemprop='author'>"
                 "Gilad Edelman</span></div></article>")
    assert page_authors(page, None, [], None).authors == ["Emma Grey Ellis"]


def test_a_source_with_only_an_organisation_gives_way_to_the_next():
    page = _page("<meta name='author' content='Deutsche Welle (www.dw.com)'>",
                 "<a rel='author' href='/a/1'>Kossivi Tiassou</a>")
    assert page_authors(page, None, ["DW", "Deutsche Welle"], "www.dw.com").authors == [
        "Kossivi Tiassou"]


def test_a_wire_is_kept_apart():
    page = _page('<script type="application/ld+json">{"@type": "NewsArticle", "author": '
                 '{"@type": "Organization", "name": "Associated Press"}}</script>')
    byline = page_authors(page, "By ERIC TUCKER Associated Press", [], None)
    assert (byline.authors, byline.wire) == (["Eric Tucker"], "Associated Press")


def test_a_name_the_page_never_shows_is_not_taken():
    page = _page("<meta name='author' content='Site Owner'>",
                 "<p>By Ana Lima</p><p>The story.</p>")
    assert page_authors(page, "Ana Lima", [], None).authors == ["Ana Lima"]


def test_the_element_the_page_marks_as_its_byline_is_the_last_source():
    page = _page("", "<h1>Lights boost trade</h1><div class='byline'><span class='author-name'>"
                 "Naufal Zuhdi</span><span class='author-bio'>Naufal Zuhdi is a reporter."
                 "</span></div><p>The story.</p><div class='comments'><span class='author'>"
                 "Joe Reader</span></div>")
    assert page_authors(page, None, [], None).authors == ["Naufal Zuhdi"]


def test_a_labelled_line_is_a_byline_and_the_editors_line_is_not():
    page = _page("", "<h1>Elephants</h1><p>The story.</p><p>Auteur : Kossivi Tiassou</p>"
                 "<p>Edition : Marie Pioerron</p>")
    assert page_authors(page, None, [], None).authors == ["Kossivi Tiassou"]
    page = _page("", "<h1>新闻</h1><p>正文。</p><p>责任编辑：张申</p>")
    assert page_authors(page, None, [], None).authors == []


def test_a_marked_name_above_the_headline_is_not_the_articles():
    page = _page("", "<div class='author-of-the-week'>Jane Elsewhere</div><h1>Story</h1>"
                 "<p>The story.</p>")
    assert page_authors(page, None, [], None).authors == []


@pytest.mark.parametrize(("byline", "names"), [
    ("王文中国人民大学重阳金融研究院执行院长", []),  # a name with an affiliation glued on
    ("作者：未知 责任编辑：棒棒不是糖", []),  # "unknown", then the editor's field
    ("约翰·史密斯", ["约翰·史密斯"]),
    ("faits divers", []),
    ("Pete Evans ·", ["Pete Evans"]),
    ("Jan Lukas Strozyk", ["Jan Lukas Strozyk"]),
])
def test_names_in_other_scripts_and_shapes(byline, names):
    assert validated([byline])[0] == names


def test_authors_of_listed_stories_and_comments_are_not_the_articles():
    page = _page('<script type="application/ld+json">{"@type": "WebPage", "mainEntity": '
                 '{"@type": "ItemList", "itemListElement": [{"@type": "NewsArticle", '
                 '"author": {"@type": "Person", "name": "Ola Nordmann"}}]}}</script>',
                 "<h1>Story</h1><p>By Ana Lima</p><div class='related-stories'>"
                 "<a rel='author' href='/a/2'>Rui Costa</a> and Ola Nordmann</div>")
    assert page_authors(page, "Ana Lima", [], None).authors == ["Ana Lima"]


def test_a_marked_name_without_capitals_needs_its_label():
    page = _page("", "<h1>新闻</h1><div class='author'>张申</div><p>正文。</p>")
    assert page_authors(page, None, [], None).authors == []
    page = _page("", "<h1>新闻</h1><div class='author'>记者 张申</div><p>正文。</p>")
    assert page_authors(page, None, [], None).authors == ["张申"]


def test_a_name_is_shown_only_where_its_words_stand_together():
    page = _page("<meta name='author' content='Marc Santora'>",
                 "<h1>Story</h1><p>Marc Lopez spoke to Ana Santora.</p>")
    assert page_authors(page, None, [], None).authors == []
    page = _page("<meta name='author' content='Marc Santora'>",
                 "<h1>Story</h1><p>By MARC SANTORA</p><p>Marc Lopez spoke.</p>")
    assert page_authors(page, None, [], None).authors == ["Marc Santora"]
