"""A page's headline, chosen from its <h1>, its metadata title and its <title>.

The metadata and <title> usually carry the site's name ("Headline | Outlet", "Outlet:
Headline", "Headline - Section - Outlet"); the <h1> is the headline as the reader sees it,
but on some pages the only <h1> is the site's logo or a promotion. So: a first-level heading
that agrees with the metadata title (they share most of their words) wins; otherwise the
metadata title with the site's name and the sections next to it taken off. The publisher's
declared headline (schema.org ``headline`` in JSON-LD or microdata) counts as a metadata title,
and a microdata headline counts as a heading (some pages put the article's headline in an <h2>
and keep the <h1> for a running header). A blog's <h1> is often the blog's name: when the
<title> reads "Blog - Entry" and the entry's title is a lower heading on the page, the <h1> is
taken for the site's name.
"""

from __future__ import annotations

import html
import re
import unicodedata
from urllib.parse import urlsplit

from lxml import etree

from clipper.core.capture.jsonld import ld_objects

# Separators between a headline and the site's name or section in titles.
_SEGMENT_SPLIT = re.compile(r"\s+[|\-–—·•»«:~/]\s+|\s*[|｜ㅣ_\u1175]\s*|[:：]\s*(?=\S)")
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\u0e00-\u0e7f]|[^\W_]+")
# A section glued to a headline in Korean titles: "…커졌다-정치ㅣ한국일보". Only section names:
# "미-중" (US-China) at the end of a headline is the headline's own.
_SECTIONS = ("정치", "사회", "경제", "국제", "문화", "스포츠", "연예", "오피니언", "사설", "칼럼",
             "전국", "지역", "산업", "금융", "부동산", "증권", "IT", "과학", "생활", "건강",
             "라이프", "여행", "교육", "북한", "세계", "기업", "종합")
_GLUED_SECTION = re.compile(rf"(?<=\S)-(?:{'|'.join(_SECTIONS)})$")
_DATE_SEGMENT = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_HEADLINE_PART = re.compile(r"headline|title", re.IGNORECASE)
_SECTION_WORDS = 2  # a short segment beside the site's name is taken for a section
_AGREEMENT = 0.5  # share of words a heading must have in common with the metadata title
_CONTAINED, _MIN_CONTAINED = 0.8, 3  # or: this share of a heading's words (of at least 3)
_MAX_HEADINGS = 4
_ARTICLE_TYPE = re.compile(r"Article|BlogPosting|Report|WebPage", re.IGNORECASE)
# Permalink bullets before a heading's text (a blog's "■ Entry"): decoration, not title.
_LEADING_BULLETS = re.compile(r"^[\u25a0-\u25ff\u2022\u2023\u2043\u204c\u204d\s]+(?=\S)")
_MAX_SITE_NAME = 40


def best_title(tree: etree._Element | None, found: str | None,
               site_names: list[str], url: str | None) -> str | None:
    """The article's headline. ``found`` is the extractor's title (meta tags, JSON-LD),
    ``site_names`` what the page calls its site (og:site_name, ...), ``url`` its address."""
    title_tag = title_text(tree)
    # Extractors fall back on the page's title when a page names no site: no site name, that.
    titles = {_key(t) for t in (found, title_tag, _meta_title(tree)) if t}
    site_names = [n for n in site_names if len(n) <= _MAX_SITE_NAME and _key(n) not in titles]
    headings = _headings(tree)[:_MAX_HEADINGS] + _marked_headlines(tree)
    site_names += _blog_names(tree, headings, title_tag)
    sites = _site_keys(site_names, url)
    # A title the extractor took from a heading is no evidence for that heading.
    found = None if _clean(found) in headings else found
    candidates = [_strip_site(c, sites) for c in
                  (found, _meta_title(tree), title_tag, _declared_headline(tree)) if _clean(c)]
    candidates = [c for c in candidates if c and not _is_site(c, sites)]
    for heading in headings:
        if not _is_site(heading, sites) and any(_agree(heading, c) for c in candidates):
            return heading
    return candidates[0] if candidates else (headings[0] if headings else None)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).casefold())


def words(text: str) -> list[str]:
    """The words of ``text`` as titles are compared: case-folded, each CJK or Thai character
    a word."""
    return _tokens(text)


def _agree(heading: str, title: str) -> bool:
    """Whether a heading and a title name the same article: they share most of their words
    (CJK characters count as words), or the title holds nearly all of a heading's words
    (a title that adds a subtitle)."""
    first, second = set(_tokens(heading)), set(_tokens(title))
    if not first or not second:
        return False
    common = len(first & second)
    dice = 2 * common / (len(first) + len(second))
    return dice >= _AGREEMENT or (len(first) >= _MIN_CONTAINED and
                                  common / len(first) >= _CONTAINED)



def _key(text: str) -> str:
    return "".join(_tokens(text))


def _site_keys(names: list[str], url: str | None) -> set[str]:
    keys = {_key(n) for n in names if n and _key(n)}
    host = urlsplit(url).hostname if url else None
    if host:
        labels = [p for p in host.lower().split(".") if p not in ("www", "m", "edition", "amp")]
        keys.update(label for label in labels[:-1] if len(label) > 2)
        keys.add("".join(_tokens(host.removeprefix("www."))))
    return {k for k in keys if k}


def _is_site(segment: str, sites: set[str]) -> bool:
    key = _key(segment)
    if not key:
        return True
    if _DATE_SEGMENT.match(segment.strip()):
        return True
    return any(key == s or (len(s) >= 3 and (s in key or key in s) and
                            len(key) <= 2 * len(s) + 8) for s in sites)


def _strip_site(title: str | None, sites: set[str]) -> str:
    """``title`` without the site's name (and the sections next to it) at either end."""
    title = _clean(title)
    parts = _segments(title)
    if len(parts) < 2:
        return title
    site_at_end = False
    for end in (-1, 0):
        stripped = False
        while len(parts) > 1:
            edge = parts[end][0]
            if _is_site(edge, sites) or (stripped and _is_section(edge, parts)):
                parts.pop(end)
                stripped = True
            else:
                break
        site_at_end = site_at_end or (stripped and end == -1)
    start, stop = parts[0][1], parts[-1][2]
    headline = title[start:stop].strip()
    return _GLUED_SECTION.sub("", headline) if site_at_end else headline


def _segments(title: str) -> list[tuple[str, int, int]]:
    """The pieces of ``title`` between separators, with where each starts and ends."""
    pieces, position = [], 0
    for match in _SEGMENT_SPLIT.finditer(title):
        if match.start() > position:
            pieces.append((title[position:match.start()], position, match.start()))
        position = match.end()
    if position < len(title):
        pieces.append((title[position:], position, len(title)))
    return pieces


def _is_section(segment: str, parts: list[tuple[str, int, int]]) -> bool:
    longest = max(len(p[0]) for p in parts)
    return len(segment.split()) <= _SECTION_WORDS and len(segment) < min(20, longest)


def _headings(tree: etree._Element | None) -> list[str]:
    """The text of the page's first-level headings; where a heading holds a part marked as
    the headline (beside a kicker or overline), that part."""
    if tree is None:
        return []
    found = []
    for h1 in tree.iter("h1"):
        part = next((child for child in h1.iter() if child is not h1 and _HEADLINE_PART.search(
            f"{child.get('class', '')} {child.get('itemprop', '')}")), None)
        text = _LEADING_BULLETS.sub("", _text_without_ruby(part if part is not None else h1))
        if text:
            found.append(text)
    return found


def _marked_headlines(tree: etree._Element | None) -> list[str]:
    """Visible elements other than an <h1> that schema.org microdata marks as the headline."""
    if tree is None:
        return []
    found = []
    for element in tree.xpath("//*[@itemprop='headline'][not(self::meta)][not(self::h1)]"):
        text = _clean(element.text_content())
        if text and text not in found:
            found.append(text)
    return found[:_MAX_HEADINGS]


def _blog_names(tree: etree._Element | None, headings: list[str],
                title_tag: str | None) -> list[str]:
    """An <h1> that is the blog's name: the <title> is that name and a longer entry title at
    the other end, and the entry title is an <h2> or <h3> on the page."""
    if tree is None or not title_tag or not headings:
        return []
    parts = _segments(title_tag)
    if len(parts) < 2:
        return []
    lower = _entry_headings(tree)
    for end, rest in ((0, title_tag[parts[1][1]:]), (-1, title_tag[:parts[-1][1]])):
        name = parts[end][0].strip()
        rest = rest.strip(" -|:–—·")
        if (_key(name) == _key(headings[0]) and len(rest) > len(name)
                and _key(rest) in lower):
            return [name]
    return []


def _entry_headings(tree: etree._Element) -> set[str]:
    """The <h2> and <h3> headings that begin an entry: more paragraph text follows them
    than comes before (a site's name in a footer heading comes after the text)."""
    marks: list[tuple[str, int]] = []
    text_so_far = 0
    for element in tree.iter("h2", "h3", "p"):
        if element.tag == "p":
            text_so_far += len(element.text_content())
        else:
            marks.append((_key(_LEADING_BULLETS.sub("", _text_without_ruby(element))),
                          text_so_far))
    return {key for key, before in marks if text_so_far - before > before}


def _declared_headline(tree: etree._Element | None) -> str | None:
    """The headline an article's JSON-LD declares (schema.org ``headline``)."""
    if tree is None:
        return None
    for item, kind in ld_objects(tree):
        headline = item.get("headline")
        if isinstance(headline, str) and _clean(headline) and _ARTICLE_TYPE.search(kind):
            return html.unescape(_clean(headline))
    return None


def _text_without_ruby(element: etree._Element) -> str:
    """Text content leaving out ruby annotations (furigana readings over kanji)."""
    parts = []
    for node in element.iter():
        if not isinstance(node.tag, str) or node.tag in ("rt", "rp", "script", "style"):
            if node is not element and node.tail:
                parts.append(node.tail)
            continue
        if node.text:
            parts.append(node.text)
        if node is not element and node.tail:
            parts.append(node.tail)
    return _clean("".join(parts))


def title_text(tree: etree._Element | None) -> str | None:
    """The text of the page's <title>, white space collapsed."""
    if tree is None:
        return None
    element = tree.find(".//title")
    return _clean(element.text_content()) if element is not None else None


def _meta_title(tree: etree._Element | None) -> str | None:
    if tree is None:
        return None
    for name in ("og:title", "twitter:title"):
        values = tree.xpath(f"//meta[@property='{name}' or @name='{name}']/@content")
        if values and _clean(values[0]):
            return _clean(values[0])
    return None


def site_names(tree: etree._Element | None) -> list[str]:
    """What the page calls its site: og:site_name, application-name, publisher."""
    if tree is None:
        return []
    names = tree.xpath("//meta[@property='og:site_name' or @name='og:site_name' or "
                       "@name='application-name' or @name='publisher' or "
                       "@property='article:publisher' or @name='twitter:site']/@content")
    return [_clean(n).lstrip("@") for n in names if _clean(n)]


def outlet_name(tree: etree._Element | None, extracted: str | None,
                url: str | None) -> str | None:
    """The outlet's name as readers know it. The page's own og:site_name when it reads as a
    name (not a link or a lowercase handle such as "financialpost"; a domain such as "lrt.lt"
    is how some outlets name themselves), cut to the part that
    matches the site's address ("Breaking … Headlines - 9News" is 9News); else the part of the
    <title> that names the site ("… | Financial Post"); else ``extracted`` (the extractor's,
    which may be the publishing company or the host name)."""
    host = urlsplit(url).hostname if url else None
    labels = {_key(label) for label in (host or "").lower().split(".")
              if label not in ("www", "m", "edition", "amp") and len(label) > 2}
    if host:  # a name written as the domain: "ilmessaggero.it"
        labels.add(_key(host.removeprefix("www.")))
    if tree is not None:
        in_title = None
        title = title_text(tree)
        if title and labels:
            parts = _segments(title)
            for part, _start, _stop in (parts[-1:] + parts[:1] if len(parts) > 1 else []):
                if _names_site(part, labels) and _reads_as_name(part.strip()):
                    in_title = part.strip()
                    break
        for value in tree.xpath("//meta[@property='og:site_name' or @name='og:site_name']"
                                "/@content"):
            name = _site_part(_clean(value), labels)
            if name and _reads_as_name(name):
                # "U.S." beside "… | Reuters" on reuters.com is a section, not the outlet
                return in_title if in_title and not _related(name, labels) else name
        if in_title:
            return in_title
    return _site_part(extracted, labels) if extracted else extracted


def _names_site(name: str, labels: set[str]) -> bool:
    """Whether ``name`` is the site of the address with these labels: the label itself, or
    the label as initials and words ("The New York Times" is nytimes.com, "Wall Street
    Journal" wsj.com)."""
    if _key(name) in labels:
        return True
    words = [w for w in _tokens(name) if w]
    if words and words[0] == "the":
        words = words[1:]
    return any("".join(w[0] for w in words[:k]) + "".join(words[k:]) in labels
               for k in range(1, len(words) + 1))


def _related(name: str, labels: set[str]) -> bool:
    key = "".join(c for c in unicodedata.normalize("NFKD", _key(name))
                  if not unicodedata.combining(c))  # "Libération.fr" is liberation.fr's
    return _names_site(name, labels) or any(
        len(label) >= 3 and (label in key or key in label) for label in labels)


def _site_part(name: str, labels: set[str]) -> str:
    parts = _segments(name)
    if len(parts) > 1:
        for part, _start, _stop in parts:
            if _key(part) in labels:
                return part.strip()
    return name


def _reads_as_name(name: str) -> bool:
    if not name or len(name) > _MAX_SITE_NAME or "://" in name or name.startswith("@"):
        return False
    return not (name == name.lower() and " " not in name and "." not in name)
