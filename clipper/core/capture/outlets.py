"""The outlet of a page: the publication's own name, never a section, a slogan, a copyright
line, a country or a tag line.

In this order (tested in tests/core/test_capture_outlets.py):

1. the table of news domains shipped in ``resources/outlets/domains.json``, when it lists the
   page's host itself (``hosted.ap.org`` is the Associated Press; ``reuters.com`` is Reuters
   whatever section its og:site_name names). A maintained table is the one source that is
   never a section or the publishing company;
2. what the page calls itself: the JSON-LD ``publisher`` (its ``name``), ``og:site_name``,
   ``application-name``, the part of the ``<title>`` that names the site (or that the site's
   logo or copyright line names the same way), and the logo's alt text and the copyright
   line's holder where they name the address, each checked
   (:func:`reads_as_outlet`) and cut to the part that names the site ("Autoracing | F1 | Indy"
   is Autoracing). A name that is the site's address in words ("Live Science" for
   livescience.com, "The New York Times" for nytimes.com) beats one that only contains it
   ("Healthline Media"), which beats one that does not name the address at all (a
   publisher that is a news agency, "Associated Press" on ctpost.com, never counts);
   The extractor's site name counts only where it names the address;
3. the table's entry for a parent domain (detroit.cbslocal.com: cbslocal.com), or, for a
   saved page without its address, for the host most of its links point to;
4. the host name, without ``www.``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache
from urllib.parse import urlsplit

from lxml import etree

from clipper.core.capture.jsonld import ld_objects
from clipper.core.paths import resources_dir

_SEPARATORS = re.compile(r"\s+[|\-–—·•»«:~/]\s+|\s*[|｜ㅣ]\s*")
_MAX_NAME = 40
_MAX_WORDS = 5
_TRIVIAL_LABELS = frozenset({"www", "m", "amp", "edition", "mobile", "en", "news"})
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved|tous droits|alle rechte",
                        re.IGNORECASE)
_SLOGAN = re.compile(r"[.!?]$|\b(?:your|you|our|we|best|latest|breaking|daily|expert|how-to|"
                     r"and more|news from|home of)\b", re.IGNORECASE)
_DOMINANT_LINKS = 5
# "Logo", "Home" around a logo's alt text: the site's name is what is left.
_LOGO_WORD = re.compile(r"(?i)\s*(?:logo|home(?:page)?|startseite)$|^(?:logo|home)\s*[:-]?\s*")
_COPYRIGHT_NAME = re.compile(r"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?"
                             r"\s*,?\s*([^\W\d][^.|,©]{1,38}?)\s*(?:[.,|]|all rights|$)",
                             re.IGNORECASE)
_WIRES = frozenset({"associated press", "the associated press", "ap", "reuters", "afp",
                    "agence france-presse", "dpa", "efe", "ansa", "upi", "pa media",
                    "the canadian press", "kyodo", "yonhap", "xinhua"})

# Companies that publish many titles: a page's JSON-LD often names one as its publisher, but
# the outlet is the title the reader reads ("Condé Nast" publishes Wired).
PUBLISHING_COMPANIES = frozenset((
    "condé nast", "conde nast", "hearst", "hearst newspapers", "hearst communications",
    "hearst magazines", "gannett", "tribune publishing", "news corp", "axel springer",
    "future plc", "future", "dotdash meredith", "meredith", "vox media", "buzzfeed inc",
    "advance local", "advance local media", "mcclatchy", "lee enterprises", "nexstar",
    "nexstar media group", "sinclair", "tegna", "graham media group", "cox media group",
    "verizon media", "yahoo inc", "penske media", "penske media corporation",
    "bustle digital group", "group nine", "g/o media", "the arena group", "ziff davis",
    "red ventures", "healthline media", "newsquest", "reach plc", "dmg media",
    "insider inc", "bloomberg media", "nbcuniversal", "warner bros discovery",
    "paramount", "fox corporation", "alden global capital", "digital first media",
    "medianews group", "gatehouse media", "lee enterprises inc", "tronc",
    "the new york times company", "the washington post company", "guardian media group",
    "telegraph media group", "dmg media limited", "ringier", "schibsted", "bonnier",
    "mediahuis", "nine entertainment", "news limited", "sph media", "wordpress",
    "wordpress.com", "blogger", "medium", "substack"))


@cache
def _table() -> dict[str, list[str]]:
    path = resources_dir() / "outlets" / "domains.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {host.casefold(): names for host, names in data.get("domains", {}).items() if names}


def known_outlet(host: str | None, parents: bool = True) -> str | None:
    """The publication the table lists for ``host`` (or, with ``parents``, for the nearest
    parent domain it lists)."""
    if not host:
        return None
    host = _bare_host(host)
    table = _table()
    if host in table:
        return table[host][0]
    if parents:
        labels = host.split(".")
        for start in range(1, len(labels) - 1):
            names = table.get(".".join(labels[start:]))
            if names:
                return names[0]
    return None


def outlet_aliases() -> frozenset[str]:
    """Every name of every publication in the table (an author is none of them)."""
    return frozenset(name for names in _table().values() for name in names)


def names_for(host: str | None) -> list[str]:
    """The names the table gives the publication at ``host`` (exact host only)."""
    return list(_table().get(_bare_host(host), [])) if host else []


def page_outlet(tree: etree._Element | None, url: str | None,
                extracted: str | None = None) -> str | None:
    """The outlet of the page ``tree`` found at ``url`` (see the module's docstring);
    ``extracted`` is the extractor's site name, a candidate when the page names none (it
    may be the host name)."""
    host = urlsplit(url).hostname if url and "://" in url else None
    known = known_outlet(host, parents=False)
    if known:
        return known
    linked = None if host else _linked_host(tree)
    labels, subdomains = host_labels(host or linked), subdomain_labels(host)
    # A part of the <title> counts only where it names the address, or where the site's logo
    # or its copyright line names the site the same way: else it is the headline's.
    marks = _masthead_names(tree)
    in_title = [part for part in _title_ends(tree)
                if related(part, labels) or key(part) in {key(m) for m in marks}]
    in_marks = [m for m in marks if related(m, labels)]
    best = _best_name(page_names(tree) + in_title + in_marks, labels, subdomains)
    if best is None and extracted:  # the extractor's name, where it names the address
        best = _best_name([extracted], labels, subdomains)
        best = best if best and best[0] > 0 else None
    if best and best[0] == 0:
        title_name = _title_site(tree, labels)
        if title_name:  # og:site_name "U.S." and "… | Reuters" in the title: a section
            best = (1, title_name)
    if best:
        return best[1]
    if linked and _linked_host(tree, dominant=True):  # a saved page without its address:
        return known_outlet(linked)  # the table's name for the site its links point to
    return known_outlet(host) or (_bare_host(host) if host else None)


def _best_name(candidates: list[str], labels: set[str],
               subdomains: set[str]) -> tuple[int, str] | None:
    """The candidate that best names the site, ranked: the address in words, a name that
    contains it, any other name; the first of a rank wins."""
    best: tuple[int, str] | None = None
    for candidate in candidates:
        name = site_part(candidate, labels)
        if name and " " not in name and re.fullmatch(r"(?i)www\.[\w.-]+\.[a-z]{2,}", name):
            name = name[4:]  # "www.wday.ru" names the site as wday.ru
        if not name or not reads_as_outlet(name, labels, subdomains):
            continue
        rank = 2 if names_site(name, labels) else 1 if related(name, labels) else 0
        if best is None or rank > best[0]:
            best = (rank, name)
    return best


def page_names(tree: etree._Element | None) -> list[str]:
    """What the page calls its site, most trustworthy first: the JSON-LD publisher,
    og:site_name, application-name."""
    if tree is None:
        return []
    found = _json_ld_publishers(tree)
    for query in ("//meta[@property='og:site_name' or @name='og:site_name']",
                  "//meta[@name='application-name' or @property='application-name']"):
        for meta in tree.xpath(query):
            value = " ".join((meta.get("content") or meta.get("value") or "").split())
            if value:
                found.append(value)
    return found


def _linked_host(tree: etree._Element | None, dominant: bool = False) -> str | None:
    """For a saved page without its address: the host its own links point to most often
    (absolute links to the site's other pages, its pictures), to tell which part of the
    title names the site. With ``dominant``, only a host that most of the page's links
    (at least five) point to: its name is then looked up in the outlet table, never the host
    itself taken for the outlet (it may be a picture server)."""
    if tree is None:
        return None
    counts: dict[str, int] = {}
    query = ("//a/@href" if dominant else "//a/@href | //meta[starts-with(@property, 'og:') "
             "or starts-with(@name, 'og:')]/@content")
    for value in tree.xpath(query)[:2000]:
        if value.startswith(("http://", "https://")):
            found = _bare_host(urlsplit(value).hostname)
            if found:
                counts[found] = counts.get(found, 0) + 1
    if not counts:
        return None
    best = max(counts, key=counts.__getitem__)
    if dominant and (counts[best] < _DOMINANT_LINKS or 2 * counts[best] <= sum(counts.values())):
        return None
    return best


def _masthead_names(tree: etree._Element | None) -> list[str]:
    """What the site's logo (its picture's alt text or title, in an element marked logo,
    brand or masthead) and its copyright line ("© 2019 Foo Media. All rights reserved")
    call the site."""
    if tree is None:
        return []
    found: list[str] = []
    for element in tree.xpath("//*[contains(translate(@class, 'LOGBRANDMST', 'logbrandmst'),"
                              " 'logo') or contains(translate(@id, 'LOGBRANDMST', "
                              "'logbrandmst'), 'logo') or contains(@class, 'brand') or "
                              "contains(@class, 'masthead')]")[:20]:
        for node in [element, *element.iterdescendants("img", "a", "svg")]:
            for attribute in ("alt", "title", "aria-label"):
                value = " ".join((node.get(attribute) or "").split())
                value = _LOGO_WORD.sub("", value).strip(" -|")
                if value and value not in found:
                    found.append(value)
    for text in tree.xpath("//body//text()[contains(., '©') or contains(., 'opyright')]")[:10]:
        match = _COPYRIGHT_NAME.search(" ".join(str(text).split()))
        if match and match.group(1).strip() not in found:
            found.append(match.group(1).strip())
    return found[:12]


def _title_ends(tree: etree._Element | None) -> list[str]:
    """The last and first parts of the page's <title>, when it has parts."""
    title = tree.find(".//title") if tree is not None else None
    if title is None:
        return []
    parts = [p.strip() for p in _SEPARATORS.split(" ".join(title.text_content().split()))]
    return [parts[-1], parts[0]] if len(parts) > 1 else []


def _title_site(tree: etree._Element | None, labels: set[str]) -> str | None:
    for part in _title_ends(tree):
        if names_site(part, labels) and reads_as_outlet(part, labels):
            return part
    return None


def reads_as_outlet(name: str, labels: set[str], subdomains: set[str] | None = None) -> bool:
    """Whether ``name`` can be a publication's name: not a link, a handle, a copyright line,
    a slogan or a tag line (too many words, a sentence), a bare subdomain ("Hosted" on
    hosted.ap.org), a publishing company (Condé Nast, Gannett), or a news agency on another's
    site."""
    if not name or len(name) > _MAX_NAME or "://" in name or name.startswith("@"):
        return False
    if name.islower() and " " not in name and "." not in name:
        return False  # a lowercase handle: "financialpost", "cleveland"
    if _COPYRIGHT.search(name) or _is_country(name):
        return False
    if len(name.split()) > _MAX_WORDS or (not names_site(name, labels) and _SLOGAN.search(name)):
        return False
    if subdomains and key(name) in subdomains:
        return False
    folded = name.casefold()
    if folded in PUBLISHING_COMPANIES and not related(name, labels):
        return False
    return not (folded in _WIRES and not related(name, labels))


def host_labels(host: str | None) -> set[str]:
    """The keys a name naming ``host`` may have: each label of it ("livescience"), and the
    whole host ("livesciencecom")."""
    if not host:
        return set()
    bare = _bare_host(host)
    parts = bare.split(".")
    keys = {key(p) for p in parts[:-1] if len(p) > 2 and p not in _TRIVIAL_LABELS}
    keys.add(key(bare))
    return {k for k in keys if k}


def subdomain_labels(host: str | None) -> set[str]:
    """The labels of ``host`` before its registered domain ("hosted" of hosted.ap.org)."""
    if not host:
        return set()
    parts = _bare_host(host).split(".")
    return {key(p) for p in parts[:-len(_registered_part(parts))] if p not in _TRIVIAL_LABELS}


def _registered_part(parts: list[str]) -> list[str]:
    """The registered domain's labels: "ap.org" of hosted.ap.org, "bbc.co.uk"."""
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net",
                                                                 "ac", "gov", "ne", "or"):
        return parts[-3:]
    return parts[-2:]


def names_site(name: str, labels: set[str]) -> bool:
    """Whether ``name`` is the site's address in words: the label itself ("Vox"), with its
    domain ("Space.com"), or its initials and words ("The New York Times" for nytimes)."""
    if key(name) in labels or key(re.sub(r"(?i)^the\s+", "", name)) in labels:
        return True
    words = [w for w in re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", name).casefold())]
    if words and words[0] == "the":
        words = words[1:]
    return any("".join(w[0] for w in words[:k]) + "".join(words[k:]) in labels
               for k in range(1, len(words) + 1))


def related(name: str, labels: set[str]) -> bool:
    """Whether ``name`` contains the site's label or the other way round ("Healthline Media",
    "pv magazine International")."""
    folded = _unaccented(key(name))
    return names_site(name, labels) or any(
        len(label) >= 4 and (label in folded or folded in label) and len(folded) >= 3
        for label in labels)


def site_part(name: str | None, labels: set[str]) -> str | None:
    """The part of a site name that names the site ("Autoracing | F1 | Indy" is Autoracing,
    "Breaking News, Headlines - 9News" is 9News); the whole name otherwise."""
    if not name:
        return None
    name = " ".join(name.split())
    parts = [p.strip() for p in _SEPARATORS.split(name) if p.strip()]
    if len(parts) > 1:
        for part in parts:
            if names_site(part, labels):
                return part
        for part in parts:
            if related(part, labels):
                return part
    return name


def key(text: str) -> str:
    """A name compared without case, spaces or punctuation."""
    return "".join(c for c in unicodedata.normalize("NFKC", text).casefold() if c.isalnum())


def _unaccented(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def _bare_host(host: str | None) -> str:
    host = (host or "").casefold().rstrip(".")
    for prefix in ("www.", "m.", "amp.", "mobile."):
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
    return host


@cache
def _countries() -> frozenset[str]:
    try:
        import pycountry
    except ImportError:
        return frozenset()
    names = set()
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names.add(value.casefold())
    return frozenset(names | {"usa", "us", "u.s.", "uk", "u.k.", "america", "britain",
                              "england", "scotland", "wales", "europe", "asia", "africa"})


def _is_country(name: str) -> bool:
    return name.casefold().strip(" .") in _countries() or name.casefold() in _countries()


def _json_ld_publishers(tree: etree._Element) -> list[str]:
    """The ``publisher`` names of the page's JSON-LD (an article's, or a NewsMediaOrganization
    that describes the site)."""
    found: list[str] = []
    for item, _kind in ld_objects(tree, frozenset({"publisher"})):
        publisher = item.get("publisher")
        for entry in publisher if isinstance(publisher, list) else [publisher]:
            name = entry.get("name") if isinstance(entry, dict) else None
            if isinstance(name, str) and name.strip() and name.strip() not in found:
                found.append(" ".join(name.split()))
    return found
