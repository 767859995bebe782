"""Outlets: the publication's own name, from the outlet table, then the page's own names,
then the host; never a section, a slogan, a handle, a subdomain, a wire or a country."""

import json

from lxml import html

from clipper.core.capture.outlets import known_outlet, page_outlet
from clipper.core.paths import resources_dir


def _page(head):
    return html.document_fromstring(f"<html><head>{head}</head><body><p>x</p></body></html>")


def test_the_table_is_valid_and_says_where_it_comes_from():
    data = json.loads((resources_dir() / "outlets" / "domains.json").read_text("utf-8"))
    assert data["origin"] and len(data["domains"]) > 300
    for host, names in data["domains"].items():
        assert host == host.lower() and not host.startswith("www.") and names, host


def test_the_table_names_wire_hosts_and_wins_over_a_section():
    assert page_outlet(_page("<meta property='og:site_name' content='Hosted'>"),
                       "https://hosted.ap.org/citizensvoice/article/x") == "Associated Press"
    assert page_outlet(_page("<meta property='og:site_name' content='U.S.'>"),
                       "https://www.reuters.com/article/x") == "Reuters"
    assert known_outlet("detroit.cbslocal.com") == "CBS Detroit"
    assert known_outlet("sports.example.nytimes.com") == "The New York Times"


def test_the_page_names_itself_when_the_table_does_not_know_it():
    url = "https://www.livescience-example.com/a.html"
    page = _page('<meta property="og:site_name" content="livescience-example.com">'
                 '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
                 '{"@type": "Organization", "name": "Livescience Example"}}</script>')
    assert page_outlet(page, url) == "Livescience Example"


def test_a_wire_as_publisher_is_not_the_outlet():
    page = _page('<meta property="og:site_name" content="Example Post">'
                 '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
                 '{"name": "Associated Press"}}</script>')
    assert page_outlet(page, "https://www.expost-example.com/a") == "Example Post"


def test_slogans_handles_and_copyright_lines_are_no_outlet():
    url = "https://www.horse-example.com/a"
    slogan = _page("<meta property='og:site_name' content='Expert how-to for English Riders'>")
    assert page_outlet(slogan, url) == "horse-example.com"
    handle = _page("<meta property='og:site_name' content='horseexample'>")
    assert page_outlet(handle, url) == "horse-example.com"
    copyright_line = _page("<meta name='application-name' content='© 2019 Horse Inc.'>")
    assert page_outlet(copyright_line, url) == "horse-example.com"
    country = _page("<meta property='og:site_name' content='Germany'>")
    assert page_outlet(country, url) == "horse-example.com"


def test_the_site_part_of_a_long_site_name_and_the_title():
    url = "https://www.autoracing-example.com.br/a"
    page = _page("<meta property='og:site_name' content='Autoracing-Example | F1 | Indy'>")
    assert page_outlet(page, url) == "Autoracing-Example"
    titled = _page("<title>Dare to Play 3 / October pack – Vortex Example Entertainment</title>")
    assert page_outlet(titled, "https://vortexexample.org/a") == "Vortex Example Entertainment"
    host_named = _page("<title>Headline - www.wday-example.ru</title>")
    assert page_outlet(host_named, "http://www.wday-example.ru/a") == "wday-example.ru"


def test_a_name_in_a_script_without_case_is_no_handle():
    page = _page("<meta property='og:site_name' content='特許業務法人ライトハウス国際特許事務所'>")
    assert page_outlet(page, "https://www.lhpat-example.com/a") == "特許業務法人ライトハウス国際特許事務所"


def test_a_part_of_the_title_is_the_outlet_only_where_it_names_the_site():
    page = html.document_fromstring(
        "<html><head><title>Digues : trois communes s’unissent</title></head><body></body>"
        "</html>")
    assert page_outlet(page, None) is None
    saved = html.document_fromstring(
        "<html><head><title>A headline here - Entermedia-Example</title></head><body>"
        "<a href='http://entermedia-example.co.kr/news?idx=1'>x</a>"
        "<a href='http://entermedia-example.co.kr/news?idx=2'>y</a></body></html>")
    assert page_outlet(saved, None) == "Entermedia-Example"


def test_a_publishing_company_is_not_the_outlet():
    page = _page('<meta property="og:site_name" content="Gadget Example">'
                 '<script type="application/ld+json">{"@type": "NewsArticle", "publisher": '
                 '{"name": "Condé Nast"}}</script>')
    assert page_outlet(page, "https://www.gadgets-example.com/a") == "Gadget Example"


def test_the_logo_and_the_copyright_line_name_the_site_where_they_name_its_address():
    body = ("<header><a class='site-logo' href='/'><img alt='Foo Valley Logo' src='l.png'>"
            "</a></header><p>Story.</p><footer>© 2019 Acme Holdings. All rights reserved.</footer>")
    tree = html.document_fromstring(f"<html><head><title>Story</title></head><body>{body}</body>"
                                    "</html>")
    assert page_outlet(tree, "https://www.foovalley.com/news/1") == "Foo Valley"


def test_a_title_part_the_copyright_line_confirms_is_the_site():
    tree = html.document_fromstring(
        "<html><head><title>Council votes on budget | Valley Courier</title></head><body>"
        "<p>Story.</p><footer>Copyright © 2020 Valley Courier, all rights reserved</footer>"
        "</body></html>")
    assert page_outlet(tree, "https://www.dcnews.example/story/1") == "Valley Courier"


def test_the_extractors_site_name_counts_only_where_it_names_the_address():
    assert page_outlet(_page(""), "https://www.foovalley.com/x", "Breaking Stories") == (
        "foovalley.com")
    assert page_outlet(_page(""), "https://www.foovalley.com/x", "Foo Valley") == "Foo Valley"


def test_a_saved_page_without_its_address_is_named_by_the_table_for_its_links():
    links = "".join(f"<a href='https://www.reuters.com/article/{n}'>{n}</a>" for n in range(6))
    tree = html.document_fromstring(f"<html><head><title>Story</title></head><body><p>x</p>"
                                    f"{links}<a href='https://twitter.com/x'>t</a></body></html>")
    assert page_outlet(tree, None) == "Reuters"
