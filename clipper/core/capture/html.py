"""Web pages: the article's text and metadata, found by trafilatura; the original HTML kept.

The bytes are decoded here (BOM, valid UTF-8, the declared charset, then detection), never
by the extractor, so a page that declares one encoding and is written in another reads right.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from lxml import etree
from lxml import html as lxml_html

from clipper.core.capture.authors import page_authors
from clipper.core.capture.encoding import decode_markup
from clipper.core.capture.language import guess_language
from clipper.core.capture.outlets import names_for, page_outlet
from clipper.core.capture.paragraphs import (
    element_paragraphs,
    fragment_text,
    plain_text_paragraphs,
)
from clipper.core.capture.titles import (
    best_title,
    site_names,
    title_text,
    words,
)
from clipper.core.errors import EmptyFileError
from clipper.core.records import ClippingDraft

if TYPE_CHECKING:  # trafilatura is imported when a page is read: it is slow to import
    from trafilatura.settings import Document

# trafilatura logs every page it finds too short at WARNING; that is our decision to report.
logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

_HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([a-zA-Z]{2,3})\b", re.IGNORECASE)
_META_LANG = re.compile(
    r"<meta\b[^>]*(?:http-equiv\s*=\s*[\"']?content-language|property\s*=\s*[\"']?og:locale)"
    r"[^>]*content\s*=\s*[\"']?\s*([a-zA-Z]{2,3})\b", re.IGNORECASE)
_PARSER = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True,
                               collect_ids=False, default_doctype=False)
_SCRIPT_LANGUAGES = frozenset({"zh", "ja", "ko", "th", "ar", "ru", "el"})
_TEASER_CHARS = 160  # a link with this much text is a teaser, not a link in a sentence
_STORY_CHARS = 600  # the text before a block of links, at least, for it to be cut
_LINK_CHARS = 15  # a paragraph that is all of a link this long is a headline linked to
_LABEL_WORDS, _LABEL_CHARS = 3, 30  # a paragraph this short among linked headlines: a label
_PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "la", "le", "del",
                        "della", "dos", "das", "do", "ibn", "bin", "al", "el", "ter", "ten",
                        "y", "e", "zu"})


@dataclass
class Article:
    """What extraction found in a page."""

    title: str | None
    body: str
    authors: list[str]
    published: datetime | None
    outlet: str | None
    url: str | None
    language: str | None
    wire: str | None = None  # the news agency the story came through ("Associated Press")


def parse_html_file(data: bytes, path: Path) -> ClippingDraft:
    """A draft clipping from a saved web page (the importer's reader for .html and .htm)."""
    return parse_html_page(data, origin=str(path))


def parse_html_page(data: bytes, url: str | None = None, origin: str | None = None,
                    charset: str | None = None) -> ClippingDraft:
    """A draft clipping from the bytes of a web page; ``url`` is where it was fetched from,
    ``charset`` what the server said its encoding is."""
    text, _encoding = decode_markup(data, transport_charset=charset)
    article = extract_article(text, url)
    title = article.title or _first_line(article.body)
    if not title:
        raise EmptyFileError("The page holds no article text.")
    return ClippingDraft(
        title=title, body=article.body, source_name=article.outlet,
        url=article.url or url, authors=article.authors, wire=article.wire,
        published=article.published,
        language=article.language, html=data, origin=origin or url)


def extract_article(page: str, url: str | None = None) -> Article:
    """The main text and metadata of the page ``page`` (decoded HTML)."""
    page = _without_xml_declaration(page)
    tree = _parse(page)
    teasers = _link_texts(tree)
    document = _extract(tree if tree is not None else page, url)
    body_tree = document.body if document is not None else None
    paragraphs = element_paragraphs(body_tree) if body_tree is not None else []
    paragraphs = _without_teasers(paragraphs, teasers)
    meta = document if document is not None else _metadata_only(page, url)
    address = (meta.url if meta else None) or url or _canonical(tree)
    outlet = page_outlet(tree, address, _outlet(meta))
    # What the site calls itself, and what the outlet table calls it: cut from titles.
    names = (site_names(tree) + ([meta.sitename] if meta and meta.sitename else [])
             + names_for(_host(address)) + ([outlet] if outlet else []))
    title = best_title(tree, meta.title if meta else None, names, address)
    if sum(len(p) for p in paragraphs) < _SCANT_TEXT:  # a page its scripts fill in
        paragraphs = _embedded_article(tree, title, paragraphs) or paragraphs
    if not paragraphs:
        paragraphs = _baseline_paragraphs(page)
    body = "\n\n".join(_without_boilerplate(paragraphs, title, title_text(tree)))
    byline = page_authors(tree, meta.author if meta else None, names,
                          (meta.hostname if meta else None) or _host(url))
    return Article(
        title=title,
        body=body,
        authors=[_as_written(name, page) for name in byline.authors],
        wire=byline.wire,
        published=_date(meta.date if meta else None, tree, (meta.url if meta else None) or url),
        outlet=outlet,
        url=(meta.url if meta and _is_web_address(meta.url) else None) or _canonical(tree)
        or url,
        language=_language(page, f"{title or ''}\n{body}"),
    )


def _parse(page: str) -> lxml_html.HtmlElement | None:
    try:
        return lxml_html.document_fromstring(page.encode("utf-8", "surrogatepass"),
                                             parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def _extract(page: str | lxml_html.HtmlElement,
             url: str | None) -> Document | None:
    """trafilatura's extraction with metadata; comments left out, tables kept."""
    import trafilatura

    try:
        found = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, include_comments=False, include_tables=True,
            include_images=False, include_links=False, output_format="python")
    except (ValueError, TypeError, etree.LxmlError):
        return None
    return None if isinstance(found, dict) else found  # a dict only when as_dict is asked


def _link_texts(tree: lxml_html.HtmlElement | None) -> tuple[set[str], list[str]]:
    """The texts of the page's links: those of a headline's length, and those long enough to
    hold a paragraph (a teaser of another article: picture, headline and first lines, all
    one link)."""
    if tree is None:
        return set(), []
    texts = {" ".join(link.text_content().split()) for link in tree.iter("a")}
    return ({t for t in texts if len(t) >= _LINK_CHARS},
            [t for t in texts if len(t) >= _TEASER_CHARS])


def _without_teasers(paragraphs: list[str], links: tuple[set[str], list[str]]) -> list[str]:
    """``paragraphs`` without what the extractor took in after the article: a block of
    paragraphs that are links to other articles (headlines, teasers), with the short labels
    among them ("Top stories", "Thanks for signing up!"); at least one paragraph is kept."""
    short, long = links
    if not short:
        return paragraphs

    def linked(paragraph: str) -> bool:
        return paragraph in short or (len(paragraph) >= _TEASER_CHARS // 2 and
                                      any(paragraph in teaser for teaser in long))

    def label(paragraph: str) -> bool:
        return (len(paragraph.split()) <= _LABEL_WORDS and len(paragraph) <= _LABEL_CHARS
                and not paragraph.endswith((".", "。")))

    start = len(paragraphs)
    while start > 1 and (linked(paragraphs[start - 1]) or label(paragraphs[start - 1])):
        start -= 1
    kept = sum(len(p) for p in paragraphs[:start])
    cut = sum(len(p) for p in paragraphs[start:])
    # A roundup whose items are links is all links: the block is cut only beside a story.
    if any(linked(p) for p in paragraphs[start:]) and (kept >= cut or kept >= _STORY_CHARS):
        return paragraphs[:start]
    return paragraphs


_SCANT_TEXT = 200  # characters: less, and the page's text is looked for in its scripts
# What pages put around an article, as whole paragraphs at its start or end.
_BOILERPLATE = re.compile(
    r"^(?:advertisement|supported by|sponsored( content)?|story continues below"
    r"( advertisement)?|continue reading|read more|share( this article)?|"
    r"our standards:.*|copyright\s*(?:©|\(c\)).*|copyright\s+\d{4}\b.*(?:rights reserved|©).*|"
    r"©.*|all rights reserved.*|"
    r"(?:(?:we|this (?:web)?site) uses? cookies|nous utilisons des cookies|"
    r"wir verwenden cookies|utilizamos cookies|usiamo i cookie).*(?:accept|consent|privacy|"
    r"experience|continu|brows|agree|accept|confidentialit|datenschutz|privacidad)"
    r"[^.]*\.?.*|"
    r"原标题[:：].*|责任编辑[:：].*|违法和不良信息举报.*|举报邮箱.*|기사 url이 복사되었습니다\.?)$",
    re.IGNORECASE | re.DOTALL)
_MAX_BOILERPLATE = 400  # characters: a longer paragraph is the article's, whatever it says
_INVISIBLE = re.compile(r"[\s\ufeff\u200b-\u200f\u2060]+")
_EMBEDDED = re.compile(r'"(articleBody|contentHtml|content_html|bodyHtml|body_html|'
                       r'articleHtml)"\s*:\s*"((?:[^"\\]|\\.){200,})"')
_PLACEHOLDER = re.compile(r"\$\$[A-Z_]+\$\$")
_TITLE_SHARE = 0.3  # of the headline's words, the article found in a page's data must hold


def _without_boilerplate(paragraphs: list[str], title: str | None,
                         title_tag: str | None) -> list[str]:
    """The article's paragraphs without empty ones (a lone byte-order mark), the headline or
    the page's <title> repeated at the top, and the notices pages put before and after an
    article ("Advertisement", "Supported by", copyright lines, cookie banners)."""
    kept = [p for p in paragraphs if _INVISIBLE.sub("", p)]
    repeats = {_INVISIBLE.sub(" ", t).strip().casefold() for t in (title, title_tag) if t}
    head = [p for p in kept[:3] if _INVISIBLE.sub(" ", p).strip().casefold() not in repeats]
    kept = head + kept[3:]

    def boilerplate(paragraph: str) -> bool:
        return len(paragraph) <= _MAX_BOILERPLATE and bool(_BOILERPLATE.match(paragraph.strip()))

    while len(kept) > 1 and boilerplate(kept[0]):
        kept.pop(0)
    while len(kept) > 1 and boilerplate(kept[-1]):
        kept.pop()
    return kept


def _embedded_article(tree: lxml_html.HtmlElement | None, title: str | None,
                      found: list[str]) -> list[str]:
    """The article's paragraphs from the data a script-built page carries ("articleBody",
    "contentHtml" in JSON), for a saved page whose HTML holds little text of its own. The
    text taken must hold what the page does show and name the headline's words: a related
    story in the same data does neither."""
    if tree is None:
        return []
    shown = " ".join(" ".join(found).split())
    wanted = set(words(title or ""))
    best = ""
    for script in tree.iter("script"):
        for match in _EMBEDDED.finditer(script.text or ""):
            try:
                value = json.loads(f'"{match.group(2)}"')
            except ValueError:
                continue
            text = fragment_text(_PLACEHOLDER.sub("", value))
            flat = " ".join(text.split())
            folded = flat.casefold()  # words as parts of words: Korean adds endings to them
            named = sum(w in folded for w in wanted) >= _TITLE_SHARE * len(wanted)
            if len(text) > len(best) and shown in flat and named:
                best = text
    return [p for p in best.split("\n\n") if p.strip()] if len(best) >= _SCANT_TEXT else []


def _metadata_only(page: str, url: str | None) -> Document | None:
    import trafilatura

    try:
        return trafilatura.extract_metadata(page, default_url=url)
    except (ValueError, TypeError, etree.LxmlError):
        return None


def _baseline_paragraphs(page: str) -> list[str]:
    """The page's text when the extractor found no article in it (a short or odd page)."""
    import trafilatura

    try:
        tree, text, _length = trafilatura.baseline(page)
    except (ValueError, TypeError, etree.LxmlError):
        return []
    paragraphs = element_paragraphs(tree) if tree is not None else []
    return paragraphs or plain_text_paragraphs(text or "").split("\n\n")


def _without_xml_declaration(page: str) -> str:
    """An XHTML page's XML declaration names the encoding of bytes we have already decoded."""
    if page.lstrip().startswith("<?xml"):
        return page[page.index("?>") + 2:] if "?>" in page else page
    return page


def _first_line(body: str) -> str:
    first = body.split("\n\n", 1)[0].strip()
    return first if len(first) <= 200 else first[:197].rsplit(" ", 1)[0] + "…"


def _as_written(name: str, page: str) -> str:
    """``name`` as the page writes it, where the extractor took it from an address or a
    handle and lost its capitals ("Sauli giliard" from "sauli.giliard")."""
    words = name.split()
    if all(not w[:1].isalpha() or w[:1].isupper() or w.casefold() in _PARTICLES for w in words):
        return name  # written properly ("Ludwig van Beethoven")
    pattern = r"(?<!\w)" + r"[\s._-]+".join(re.escape(w) for w in words) + r"(?!\w)"
    for match in re.finditer(pattern, page, re.IGNORECASE):
        found = re.split(r"[\s._-]+", match.group())
        if (all(w[:1].isupper() for w in found if w[:1].isalpha()) and match.group() != name
                and not match.group().isupper()):  # not a heading in capitals
            return " ".join(found)
    return name


def _name_key(name: str) -> str:
    return " ".join(re.split(r"[\s._-]+", name.casefold())).strip()


def _canonical(tree: etree._Element | None) -> str | None:
    """The page's own address: <link rel=canonical>, else og:url (the extractor misses
    some)."""
    if tree is None:
        return None
    for value in (tree.xpath("//link[@rel='canonical']/@href")
                  + tree.xpath("//meta[@property='og:url' or @name='og:url']/@content")):
        value = value.strip()
        if _is_web_address(value):
            return value
    return None


def _host(url: str | None) -> str | None:
    return urlsplit(url).hostname if url and _is_web_address(url) else None


def _date(value: str | None, tree: etree._Element | None = None,
          url: str | None = None) -> datetime | None:
    """trafilatura gives the publication day as YYYY-MM-DD; stored as midnight UTC (the day as
    the page gives it). A day it read with day and month swapped ("10/04/2016" of a US page
    as 10 April) is put right when the page's machine-readable dates or its address say
    the other: 4 October."""
    if not value:
        return None
    try:
        day = datetime.strptime(value[:10], "%Y-%m-%d")
    except ValueError:
        return None
    if day.day <= 12 and day.day != day.month:
        swapped = day.replace(month=day.day, day=day.month)
        stated = _stated_days(tree)
        in_address = _ADDRESS_MONTH.search(url or "")
        address = (int(in_address.group(1)), int(in_address.group(2))) if in_address else None
        if day.date() not in stated and (swapped.date() in stated or
                                         address == (swapped.year, swapped.month)):
            day = swapped
    return day.replace(tzinfo=UTC)


_ADDRESS_MONTH = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/")
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def _stated_days(tree: etree._Element | None) -> set:
    """The days the page states in machine-readable form: <time datetime>, the publication
    time in meta tags."""
    if tree is None:
        return set()
    values = tree.xpath("(//time/@datetime)[position() <= 5] | //meta[@property='article:"
                        "published_time' or @name='article:published_time' or @itemprop="
                        "'datePublished' or @name='pubdate' or @name='date']/@content")
    days = set()
    for value in values:
        match = _ISO_DAY.match(value)
        if match:
            try:
                year, month, day = map(int, match.groups())
                days.add(date(year, month, day))
            except ValueError:
                continue
    return days


def _outlet(meta: Document | None) -> str | None:
    if meta is None:
        return None
    name = " ".join((meta.sitename or "").split())
    if name and not _is_web_address(name):
        return name
    return meta.hostname or name or None


def _language(page: str, text: str) -> str | None:
    """The page's declared language (``<html lang>``, content-language, og:locale); the
    script of the text wins when it plainly contradicts the declaration."""
    head = page[:20000]
    match = _HTML_LANG.search(head) or _META_LANG.search(head)
    declared = match.group(1).lower() if match else None
    guessed = guess_language(text)
    if guessed in _SCRIPT_LANGUAGES and declared != guessed:
        return guessed
    return declared or guessed


def _is_web_address(value: str | None) -> bool:
    return value is not None and value.startswith(("http://", "https://"))
