"""A page's authors: the people (or named desks) who wrote it, never a role, a date or an
organisation.

Where the names come from, first source that yields a name wins (tested in
tests/core/test_capture_authors.py):

1. schema.org JSON-LD of the article (``author``: a name, a Person, a list of them);
2. schema.org microdata (``itemprop="author"``, its ``name``);
3. the page's meta tags: ``author``, ``article:author`` (when a name, not a profile
   address), ``byl`` (New York Times), ``citation_author``, Dublin Core ``DC.creator``,
   ``parsely-author``, ``sailthru.author``;
4. links marked ``rel="author"``;
5. the extractor's byline (trafilatura reads byline elements of the page);
6. the innermost element under the headline the page marks as its byline or author (class
   or id), or a line that is only a labelled byline ("Auteur : ..."); never in comments,
   related stories or menus, never an editor's or a source's line, and none when the marked
   elements name more than a few people (a list of other stories' authors).

Each candidate is validated (:func:`classify`): labels ("By", "Text:", "Текст", "著者:",
"Analysis by") come off the front, and a credit for other work ("Editing by", "Photos:") is
no author's; a name ends where a name's words end (before "in Washington", "is a senior
fellow", "Email", a trailing acronym or publication); words in lower case only, or a Chinese
or Korean "name" longer than four characters, are no name; roles ("News reporter", "Staff
writer"), dates and month names, degrees (MS, RDN, PhD) and organisations come off the end;
what is left must read as a name. An organisation (the outlet itself, any publication of the
outlet table in resources/outlets, a publisher such as Condé Nast, a news desk named after
the outlet) is no author. A news agency (AP, Reuters, AFP, ...) is no author either, but it
is worth knowing: it is returned apart, as the wire the story came through. Names written in
capitals are put in proper case; placeholders ("Admin") and user handles are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from lxml import etree

from clipper.core.capture.jsonld import ld_objects
from clipper.core.capture.outlets import PUBLISHING_COMPANIES, outlet_aliases

_ARTICLE_TYPE = re.compile(r"Article|BlogPosting|Report|Posting|WebPage|Review|Recipe|"
                           r"CreativeWork", re.IGNORECASE)
_MAX_NAME_WORDS = 6
_META_NAMES = ("author", "article:author", "og:article:author", "byl", "citation_author",
               "dc.creator", "DC.creator", "dcterms.creator", "parsely-author",
               "sailthru.author", "cXenseParse:author")

# Between names in one byline ("·" between spaces: inside a name it is part of it).
_SPLIT = re.compile(r"\s*(?:[;,、，／/|•+]|\s[-–—·]\s"
                    r"|\s(?:and|und|et|y|e|og|och|en|i|и|та|&)\s)\s*", re.IGNORECASE)
# Labels before a byline: "By", "Von", "Text:", "Текст", "著者:", "文｜", "记者", ...
_LABEL = re.compile(
    r"^(?:(?:written|posted|reported|published|compiled|words|story|text"
    r"|interview)\s+by|by|from|avec|with|mit|con|von(?!\s+(?:der|dem|den|zu)\b)|vom|par|por|door|text|texte|texto"
    r"|testo|tekst|текст|автор|авторы|著者|文|撰文|作者|记者|記者|编辑|責任編輯|责任编辑"
    r"|취재|글|기자|author|autor|autore|auteur|redaktion|redakcja)(?:\s*[:：｜|\-–—●■]\s*|\s+)",
    re.IGNORECASE)
# A credit for other work than the writing: "Editing by", "Photos:", "Illustration by".
_OTHER_CREDIT = re.compile(
    r"^(?:additional\s+)?(?:edit(?:ed|ing)?|photo(?:s|graph|graphs|graphy)?|pictures?|images?"
    r"|illustrat\w*|graphics?|video|design(?:ed)?|translat\w*|sponsored|presented|paid"
    r"|produc(?:ed|tion)|fact[- ]check\w*|research(?:ed)?|фото|иллюстрац\w*|foto(?:s|grafie)?"
    r"|bild(?:er)?|mise en forme)\b", re.IGNORECASE)
# "Analysis by Chris Cillizza", "Additional reporting by ...": a few words, "by", the name.
_CREDIT_BY = re.compile(r"^((?:[\w'’-]+\s+){0,3}[\w'’-]+:?)\s+(?:by|par|por)\s*:?\s+"
                        r"(?=\S)", re.IGNORECASE)
_LABEL_ONLY = re.compile(r"^(?:by|von|par|por|text|текст|著者|文|作者|记者)\s*[:：｜|]?\s*$",
                         re.IGNORECASE)
_MONTHS = frozenset((
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec "
    "januar februar märz mai juni juli oktober dezember "
    "janvier février mars avril juin juillet août septembre octobre novembre décembre "
    "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre "
    "gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre "
    "published updated posted modified am pm gmt utc est edt pst pdt bst cet cest ist "
    "monday tuesday wednesday thursday friday saturday sunday today yesterday ago").split())
# Words of a role or a job title; a name ends before them ("Tom Gillespie News reporter").
_ROLE_WORDS = frozenset((
    "reporter reporters correspondent correspondents writer writers editor editors staff "
    "contributor contributors contributing columnist columnists journalist journalists "
    "photographer photographers producer producers analyst anchor host presenter critic "
    "blogger author authors senior chief deputy associate assistant managing executive "
    "national international political politics security business economics economy "
    "science health technology tech sports sport entertainment culture opinion editorial "
    "local metro foreign news world breaking digital online web desk team newsroom wire "
    "wires service services agency special investigative data video multimedia audio "
    "intern freelance guest regular former white house bureau affairs legal education "
    "climate environment travel food style fashion lifestyle markets finance money "
    "redakteur redakteurin korrespondent korrespondentin autorin journaliste rédacteur "
    "rédactrice envoyé envoyée spécial spéciale periodista corresponsal redattore "
    "giornalista inviato 기자 특파원 선임기자 논설위원 記者 记者 特派員 編集委員").split())
# Words of the page's interface an extractor takes in beside a name ("Jane Doe Email").
_INTERFACE_WORDS = frozenset((
    "email e-mail mail twitter facebook linkedin instagram subscribe close expand profile bio "
    "biography avatar headshot contact read more show view see all posts articles stories "
    "about last updated latest").split())
# Lower-case words a name may hold ("Ludwig van Beethoven", "Maria de la Cruz").
_PARTICLES = frozenset("van von der den de del della di da das do dos du la le les ter ten "
                       "zu zum bin ibn al el y e i d' l' st.".split())
# Words that are roles or months but also names: taken off only a name of three words or more.
_AMBIGUOUS = frozenset("may june april august mai juni host post sport white house".split())
_DEGREES = frozenset("ms msc ma ba bs bsc phd md rd rdn ld ldn cdn cde mph mba jd rn np do dds "
                     "dvm cpt cscs nasm cpa cfa facp fache mbbs frcp dr prof esq llm".split())
_PLACEHOLDERS = re.compile(
    r"^(?:\w*admin\w*|administrator|webmaster|editor|editors|staff|guest|user\d*|anonymous"
    r"|unknown|author|redaktion|redacción|rédaction|redazione|team|newsroom|the editors"
    r"|editorial (?:staff|team|board)|staff (?:reporter|writer)s?|name|email|e-mail|"
    r"email com|none|null|undefined|lesedauer|minutes?|min read|read more|username|user name"
    r"|log ?in|sign in|my account|未知|佚名|匿名|不详|不詳|無名)$", re.IGNORECASE)
# Buttons an extractor takes in with a byline: "Steven Shepard Link Copied".
_SHARE_LABEL = re.compile(r"\s+(?:link copied|copy link|copied|share|follow)$", re.IGNORECASE)
# An editorial department or a newspaper named in Chinese, Japanese or Korean.
_CJK_ORGANISATION = re.compile(r"(?:編集部|编辑部|編輯部|新聞|新闻|日報|日报|일보|신문|뉴스"
                               r"|通信|通讯社|放送|電視|电视|編集局|편집국)")
# Organisations that are no one's name: publishing companies (and some of their brands).
_PUBLISHERS = PUBLISHING_COMPANIES | frozenset({"daily mail", "business insider",
                                                "cnn business", "yahoo", "msn", "aol"})
_ORG_WORDS = frozenset((
    "news newspaper newspapers media press group network networks magazine magazines times "
    "post herald journal tribune daily weekly online tv television radio agency service "
    "services desk staff team editorial redaktion newsroom inc ltd llc plc gmbh corp "
    "corporation company co foundation institute university association society council "
    "ministry department office bureau centre center club league party committee "
    "channel studio studios publishing publications publisher wire wires").split())
# News agencies: kept apart from the authors, as the wire a story came through.
_WIRES = {
    "associated press": "Associated Press", "the associated press": "Associated Press",
    "ap": "Associated Press", "reuters": "Reuters", "thomson reuters": "Reuters",
    "afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP",
    "dpa": "dpa", "deutsche presse-agentur": "dpa", "efe": "EFE", "agencia efe": "EFE",
    "ansa": "ANSA", "kyodo": "Kyodo", "kyodo news": "Kyodo", "yonhap": "Yonhap",
    "xinhua": "Xinhua", "upi": "UPI", "united press international": "UPI",
    "pa": "PA Media", "pa media": "PA Media", "press association": "PA Media",
    "aap": "AAP", "cp": "The Canadian Press", "the canadian press": "The Canadian Press",
    "ani": "ANI", "pti": "PTI", "ians": "IANS", "tass": "TASS", "ria novosti": "RIA Novosti",
    "interfax": "Interfax", "anadolu agency": "Anadolu Agency", "bernama": "Bernama",
    "antara": "Antara", "apa": "APA", "sda": "SDA", "kna": "KNA", "epd": "epd",
    "bloomberg": "Bloomberg", "bloomberg news": "Bloomberg", "cna": "CNA",
}
_WIRE_TAIL = re.compile(
    r"\s*[,(]?\s*(?:the\s+)?(associated press|ap|reuters|afp|agence france-presse|dpa|efe|"
    r"ansa|kyodo|yonhap|xinhua|upi|pa media|canadian press|bloomberg)\)?\s*$", re.IGNORECASE)
_HANDLE = re.compile(r"^@|\d|_|^https?://|www\.|\.(?:com|org|net)\b", re.IGNORECASE)
_FOR_OUTLET = re.compile(r"(?:^|\s+)(?:for|für|pour|para|per|of|at|with|from)\s+.*$", re.IGNORECASE)
# Another labelled field after a name: a word and a colon ("Edition :", "Photos:").
_NEXT_FIELD = re.compile(r"\s+[^\W\d_]+\s*(?::\s|：).*$")
_PARENTHESES = re.compile(r"\s*[(\[（][^)\]）]*[)\]）]?\s*")
_NO_SPACE_SCRIPTS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass
class Byline:
    """The authors found, and the news agency the story came through, if the page says."""

    authors: list[str] = field(default_factory=list)
    wire: str | None = None


def page_authors(tree: etree._Element | None, extracted: str | None,
                 outlets: list[str], host: str | None) -> Byline:
    """The authors of the page in ``tree``, from its first source that names one (see the
    module's docstring); ``extracted`` is the extractor's byline, ``outlets`` the names the
    page gives its site, ``host`` its address's host (neither is an author)."""
    organisations = _organisation_keys(outlets, host)
    shown = _visible_text(tree)
    wire = None
    for values in (_json_ld_authors(tree), _microdata_authors(tree), _meta_authors(tree),
                   _rel_authors(tree),
                   [extracted] if extracted else [], _byline_elements(tree, organisations)):
        names, found_wire = validated(values, organisations)
        wire = wire or found_wire
        if shown:  # a name the page never shows is a site's default or another story's
            names = [n for n in names if _shown(n, shown)]
        if names:
            return Byline(names, wire)
    return Byline([], wire)


def _visible_text(tree: etree._Element | None) -> str:
    if tree is None:
        return ""
    body = tree.find(".//body")
    if body is None:
        return ""
    parts = [t for t in body.xpath(".//text()[not(ancestor::script) and not(ancestor::style)]")]
    return " ".join(" ".join(parts).split()).casefold()


def _shown(name: str, shown: str) -> bool:
    """Whether the page's text shows ``name``: its words together, in their order (a page
    that shows "Marc" and "Santora" apart does not name Marc Santora)."""
    words = [w for w in re.split(r"[\s.]+", name.casefold()) if w]
    if not words:
        return False
    if _NO_SPACE_SCRIPTS.search(name):
        return "".join(words) in shown.replace(" ", "") or " ".join(words) in shown
    pattern = r"(?<!\w)" + r"[\W_]*".join(re.escape(w) for w in words) + r"(?!\w)"
    return re.search(pattern, shown) is not None


def validated(values: list[str], organisations: set[str] | frozenset[str] = frozenset()
              ) -> tuple[list[str], str | None]:
    """The person names among raw byline ``values`` (each may hold several names), each
    once, and the wire named among them."""
    names: list[str] = []
    keys: set[str] = set()
    wire = None
    for value in values:
        value = " ".join(unicodedata.normalize("NFC", value).split())
        tail = _WIRE_TAIL.search(value)
        if tail and tail.start() > 0:  # "ERIC TUCKER Associated Press"
            wire = wire or _WIRES.get(tail.group(1).casefold())
            value = value[:tail.start()]
        for part in _split(value):
            kind, name = classify(part, organisations)
            if kind == "wire":
                wire = wire or name
            elif kind == "person" and name:
                key = name_key(name)
                if key not in keys and not any(_is_initialled(key, k) for k in keys):
                    keys.add(key)
                    names.append(name)
    return names, wire


def _split(value: str) -> list[str]:
    value = _LABEL.sub("", value.strip())
    return [p for p in _SPLIT.split(value) if p and p.strip()]


def classify(raw: str, organisations: set[str] | frozenset[str] = frozenset()
             ) -> tuple[str, str | None]:
    """What one byline part is: ("person", name), ("wire", agency), ("organisation", None)
    or ("nothing", None) for a role, a date, a placeholder, a degree or a handle."""
    text = _SHARE_LABEL.sub("", " ".join(raw.split())).strip(" .:-–—|·•*()[]")
    text = _NEXT_FIELD.sub("", text)  # "Kossivi Tiassou Edition : M-A. Pioerron"
    while True:  # "By Text: ..." or "Von Redakteurin ..."
        stripped = _LABEL.sub("", text).strip(" .:-–—|·•*()[]")
        if stripped == text:
            break
        text = stripped
    if not text or _LABEL_ONLY.match(text) or _OTHER_CREDIT.match(text):
        return "nothing", None
    credit = _CREDIT_BY.match(text)
    if credit:  # "Analysis by Chris Cillizza": the name after; "Editing by ...": no author's
        if _OTHER_CREDIT.match(credit.group(1)):
            return "nothing", None
        return classify(text[credit.end():], organisations)
    folded = text.casefold()
    if folded in _WIRES:
        return "wire", _WIRES[folded]
    if folded in _PUBLISHERS or _bare(text) in organisations or _bare(text) in _known_outlets():
        return "organisation", None
    if _PLACEHOLDERS.match(text) or "@" in text or "://" in text:
        return "nothing", None
    text = _FOR_OUTLET.sub("", _PARENTHESES.sub(" ", text)).strip(" ,.-–—")
    if _bare(text) in organisations or _bare(text) in _known_outlets():
        return "organisation", None
    words = _name_words(text, organisations)
    if words is None:
        return "organisation", None
    if not words:
        return "nothing", None
    name = " ".join(words)
    if _NO_SPACE_SCRIPTS.search(name):
        if _CJK_ORGANISATION.search(name):
            return "organisation", None
        return ("person", name) if _cjk_name_length(name) and len(words) <= 3 else (
            "nothing", None)
    if len(words) < 2 or len(words) > _MAX_NAME_WORDS:
        return "nothing", None  # "Politik", "Lesedauer", a sentence: not a name
    if _HANDLE.search(name):
        return "nothing", None  # "john_doe", "user123", an address
    return "person", _proper_case(name)


def _cjk_name_length(name: str) -> bool:
    """Whether a name in Chinese, Japanese or Korean is of a name's length: a Chinese or
    Korean name is two to four characters (a foreign name written with "·" longer), a
    Japanese one in kana up to ten; more is a name with an affiliation glued on ("王文中国人民
    大学重阳金融研究院执行院长")."""
    letters = [c for c in name if not c.isspace()]
    if "·" in name or "・" in name:
        return len(letters) <= 20
    if any("\u3040" <= c <= "\u30ff" for c in letters):
        return len(letters) <= 10
    return len(letters) <= 4


def _name_words(text: str, organisations: set[str] | frozenset[str]) -> list[str] | None:
    """The words of a name, roles, dates and degrees taken off its end; None when the words
    name an organisation (the outlet, "Detroit News wire services")."""
    words = text.split()
    for size in range(len(words), 0, -1):  # the outlet's name inside: cut from it on
        for start in range(0, len(words) - size + 1):
            if _bare(" ".join(words[start:start + size])) in organisations:
                if start == 0:
                    return None
                words = words[:start]
                break
    while words and _noise(words[-1]):
        if len(words) <= 2 and words[-1].casefold() in _AMBIGUOUS:
            break
        words.pop()
    while words and _noise(words[0]) and words[0].casefold() not in ("dr", "prof") and not (
            words[0].casefold() in _MONTHS and words[0][:1].isupper() and len(words) > 1
            and words[1][:1].isupper()):  # "Jan Lukas Strozyk", "June Smith": a first name
        words.pop(0)
    while words and words[0].casefold().rstrip(".") in ("dr", "prof", "mr", "mrs", "ms"):
        words.pop(0)
    if not words:
        return []
    if len(words) == 1 and words[0].casefold() in _WIRES:
        return None
    words = _name_shaped(words, organisations)
    org = sum(w.casefold().strip(".,") in _ORG_WORDS for w in words)
    if org and (org * 2 >= len(words) or words[-1].casefold().strip(".,") in _ORG_WORDS):
        return None
    return words


def _noise(word: str) -> bool:
    bare = word.casefold().strip(".,:;()[]")
    return (not bare or not any(c.isalnum() for c in bare) or bare in _ROLE_WORDS
            or bare in _MONTHS or bare.replace(".", "") in _DEGREES or bare.isdigit()
            or bool(re.fullmatch(r"[\d/.:-]+(?:am|pm|h)?", bare))
            or ("-" in bare and all(p in _ROLE_WORDS or p in ("at", "in", "of", "large")
                                    for p in bare.split("-"))))  # "Editor-at-large"


def _name_shaped(words: list[str], organisations: set[str] | frozenset[str]) -> list[str]:
    """The words that read as a name: in a name written with capitals, it ends before the
    first short word in lower case that is no particle ("Jane Doe in Washington", "John Smith
    is a senior fellow"), and a longer one makes it no name (but "Sauli giliard", read from
    a handle); words of the page's interface ("Email", "Read more"), an acronym ("Jane Doe
    CBS") or a publication or wire after the name are not part of it."""
    cased = [w for w in words if any(c.lower() != c.upper() for c in w)]
    if cased and len(cased) == len(words) and all(w.islower() for w in cased):
        return []  # "faits divers", "min read": a name is written with capitals
    if any(w[:1].isupper() for w in cased):
        for index, word in enumerate(words):
            letter = next((c for c in word if c.isalpha()), "")
            if (letter and letter.islower() and letter.lower() != letter.upper()
                    and word.casefold() not in _PARTICLES):
                bare = word.casefold().strip(".,:;")
                # a short word ("is", "in", "on") or the interface's: a name and more after;
                # another word: text that is no name ("Mykolo Romerio universiteto ...")
                short = len(bare) <= 3 or bare in _INTERFACE_WORDS or _noise(bare)
                if short or len(words) != 2:  # "Sauli giliard": a handle, the page's
                    words = words[:index] if index >= 2 and short else []  # spelling later
                break
    while words and words[0].casefold().strip(".,:") in _INTERFACE_WORDS | {"follow"}:
        words = words[1:]
    changed = True
    while changed and len(words) > 2:
        changed = False
        last = words[-1].strip(".,:;()")
        if last.casefold() in _INTERFACE_WORDS or _noise(last) or (
                2 <= len(last) <= 6 and last.isalpha() and last.isupper()
                and not re.fullmatch(r"[IVX]+", last)
                and not all(w.isupper() for w in words[:-1])):
            words, changed = words[:-1], True
            continue
        for size in range(min(4, len(words) - 2), 0, -1):
            tail = " ".join(words[-size:])
            if (_bare(tail) in organisations or _bare(tail) in _known_outlets()
                    or tail.casefold() in _WIRES):
                words, changed = words[:-size], True
                break
    while len(words) == 2 and words[-1].casefold().strip(".,:") in _INTERFACE_WORDS:
        words = words[:-1]
    return words


def _proper_case(name: str) -> str:
    """A name in capitals ("ERIC TUCKER") as names are written ("Eric Tucker")."""
    letters = [c for c in name if c.isalpha()]
    if not letters or not all(c.isupper() for c in letters if c.lower() != c.upper()):
        return name
    if len(letters) <= 3:  # initials
        return name

    def word(w: str) -> str:
        return re.sub(r"[^\W\d_]+", lambda m: m.group()[:1] + m.group()[1:].lower(), w)

    return " ".join(word(w) if len(w.strip(".")) > 1 else w for w in name.split())


def name_key(name: str) -> str:
    """A name compared without case, accents written apart, dots, hyphens and spaces."""
    text = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(re.split(r"[\s._\-]+", text)).strip()


@cache
def _known_outlets() -> frozenset[str]:
    """The publications of the outlet table, as a whole byline part no one's name."""
    return frozenset(_bare(name) for name in outlet_aliases() if len(name) > 3)


def _bare(name: str) -> str:
    return name_key(name).replace(" ", "")


def _is_initialled(key: str, other: str) -> bool:
    return key.replace(" ", "") == other.replace(" ", "")


def _organisation_keys(outlets: list[str], host: str | None) -> set[str]:
    keys = {_bare(o) for o in outlets if o}
    keys |= {_bare(o.removeprefix("The ").removeprefix("the ")) for o in outlets if o}
    if host:
        bare = host.removeprefix("www.")
        keys.add(_bare(bare))
        label = bare.split(".")[0]
        if len(label) > 2:
            keys.add(_bare(label))
    return {k for k in keys if k}


def _json_ld_authors(tree: etree._Element | None) -> list[str]:
    """The ``author`` names an article's JSON-LD declares."""
    if tree is None:
        return []
    found: list[str] = []
    for item, kind in ld_objects(tree, _LD_ELSEWHERE):
        if "author" in item and _ARTICLE_TYPE.search(kind):
            found.extend(_ld_names(item["author"]))
            if found:
                return found
    return found


# JSON-LD properties that hold other works than the page's article (their authors are not
# its authors): lists of stories, related links, comments, citations, the site's parts.
_LD_ELSEWHERE = frozenset({"author", "publisher", "itemListElement", "relatedLink",
                           "comment", "comments", "citation", "hasPart", "isPartOf", "mentions",
                           "review", "reviews", "significantLink", "subjectOf", "workExample",
                           "creator", "editor", "contributor"})


def _ld_names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [n for v in value for n in _ld_names(v)]
    if isinstance(value, dict):
        kind = str(value.get("@type") or "")
        name = value.get("name")
        if isinstance(name, str) and "Organization" not in kind:
            return [name]
        if isinstance(name, str):
            return [name] if name.casefold() in _WIRES else []
    return []


def _meta_authors(tree: etree._Element | None) -> list[str]:
    if tree is None:
        return []
    found: list[str] = []
    for name in _META_NAMES:
        for meta in tree.xpath(f"//meta[@name='{name}' or @property='{name}']"):
            value = (meta.get("content") or meta.get("value") or "").strip()
            if value and "://" not in value and value not in found:
                found.append(value)
        if found:
            return found
    return found


def _microdata_authors(tree: etree._Element | None) -> list[str]:
    """Names schema.org microdata marks as the article's author (``itemprop="author"``, its
    ``name`` part) inside the page's first article item: not the authors of related stories
    listed beside it."""
    if tree is None:
        return []
    articles = [e for e in tree.xpath("//*[@itemscope][@itemtype]")
                if _ARTICLE_TYPE.search(e.get("itemtype", "").rsplit("/", 1)[-1])]
    if not articles:
        return []
    article = articles[0]
    found: list[str] = []
    for element in article.xpath(".//*[contains(concat(' ', @itemprop, ' '), ' author ')]"):
        owner = next((a for a in element.iterancestors() if a.get("itemscope") is not None),
                     None)
        if owner is not article:
            continue
        parts = element.xpath(".//*[@itemprop='name']")
        node = parts[0] if parts else element
        text = node.get("content") if node.tag == "meta" else node.text_content()
        text = " ".join((text or "").split())
        if text and text not in found and len(text) < 100:
            found.append(text)
    return found[:8]


# An element the page marks as its byline: class or id "byline", "author-name", "authorname".
_BYLINE_MARK = re.compile(r"byline|author|autor|auteur|autore", re.IGNORECASE)
# Marks of what is no byline of this article: pictures, dates, links to share, an author's
# biography, and the lists beside the article (comments, related stories, menus).
_NOT_BYLINE_MARK = re.compile(r"avatar|image|img|photo|pic|date|time|social|share|bio|desc"
                              r"|about|follow|more", re.IGNORECASE)
_ELSEWHERE_MARK = re.compile(r"comment|related|recommend|sidebar|aside|footer|widget|teaser"
                             r"|popular|trending|promo|\bnav|menu|card|list|feed|rail|respon",
                             re.IGNORECASE)
# A line that is only a labelled byline: "Auteur : Kossivi Tiassou", "Autor: ...".
_LABELLED_LINE = re.compile(r"^(?:author|auteur|autor|autore|autorin|text|texte|texto)\s*:\s*\S",
                            re.IGNORECASE)
# A line that credits the editor or names the source, not the writer: "责任编辑：", "来源：".
_EDITOR_LINE = re.compile(r"^(?:责任编辑|責任編輯|责编|責編|编辑|編輯|编审|來源|来源|出处|出處"
                          r"|edited by|editor|source|quelle|fuente|fonte)\s*[:：]", re.IGNORECASE)
_MAX_BYLINE_CHARS, _MAX_BYLINE_NAMES = 80, 4
# The labels of a byline in Chinese, Japanese and Korean: "记者", "作者", "文", "著者", "기자".
_CJK_BYLINE = re.compile(r"记者|記者|作者|撰文|著者|筆者|取材|文\s*[:：｜|●/]|^文\s|기자"
                         r"|글\s*[:：]")


def _byline_elements(tree: etree._Element | None,
                     organisations: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """The names in the first element the page marks as the article's byline (a class or id
    naming the author or the byline; the innermost such element, its texts apart) and in
    those beside it, or in a short line that is only a labelled byline ("Auteur : ..."),
    under the headline (where the page has an <h1>), outside comments, related stories and
    menus. A page whose marked elements name more
    than a few people lists authors (of other stories): none is taken."""
    if tree is None:
        return []
    body = tree.find(".//body")
    if body is None:
        return []
    candidates: list[tuple[etree._Element, str]] = []
    headline = body.find(".//h1") is None  # with a headline, the byline comes under it
    for element in body.iter("*"):
        if not isinstance(element.tag, str) or element.tag in ("script", "style", "img"):
            continue
        headline = headline or element.tag == "h1"
        if not headline:
            continue
        text = " ".join(" ".join(element.itertext()).split())
        if not text or len(text) > _MAX_BYLINE_CHARS or _EDITOR_LINE.match(text):
            continue
        if _marked(element):
            if any(_marked(e) and "".join(e.itertext()).strip() for e in element.iterdescendants()
                   if isinstance(e.tag, str)):
                continue  # the innermost marked element holds the name
        elif not (element.tag in ("p", "div", "span") and _LABELLED_LINE.match(text)
                  and len(element) == 0):
            continue
        if _elsewhere(element):
            continue
        candidates.append((element, text))
    found: list[str] = []
    keys: set[str] = set()
    parent = None
    for element, text in candidates:
        names = validated([text], organisations)[0]
        if any(_NO_SPACE_SCRIPTS.search(n) for n in names) and not _CJK_BYLINE.search(text):
            continue  # without capitals, only a labelled name reads as one ("记者 王文")
        keys.update(name_key(n) for n in names)
        if names and (parent is None or element.getparent() is parent) and text not in found:
            parent = element.getparent() if parent is None else parent
            found.append(text)
    return found if len(keys) <= _MAX_BYLINE_NAMES else []


def _elsewhere(element: etree._Element) -> bool:
    """Whether ``element`` is in comments, related stories, a menu or a page's footer."""
    return any(_ELSEWHERE_MARK.search(f"{a.get('class') or ''} {a.get('id') or ''}")
               or a.tag in ("aside", "footer", "nav") for a in element.iterancestors())


def _marked(element: etree._Element) -> bool:
    marks = f"{element.get('class') or ''} {element.get('id') or ''}"
    return bool(_BYLINE_MARK.search(marks)) and not _NOT_BYLINE_MARK.search(marks)


def _rel_authors(tree: etree._Element | None) -> list[str]:
    if tree is None:
        return []
    found: list[str] = []
    for link in tree.xpath("//a[@rel='author']")[:6]:
        if _elsewhere(link):  # a related story's author, a comment's
            continue
        text = " ".join(link.text_content().split())
        if text and text not in found:
            found.append(text)
    return found
