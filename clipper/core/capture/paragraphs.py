"""Plain text with paragraph breaks from a tree of HTML (or trafilatura's XML) elements.

Every block element — a paragraph, heading, list item, quotation, table row, line break —
ends a paragraph; paragraphs are separated by a blank line, and white space inside a
paragraph is collapsed to single spaces. That is the shape of a clipping's body.
"""

from __future__ import annotations

import html
import re

from lxml import etree
from lxml import html as lxml_html

# HTML block elements, plus the vocabulary of trafilatura's extracted tree (head, list,
# item, quote, row, lb, graphic).
BLOCK_TAGS = frozenset("""
p div section article main header footer aside address blockquote pre figure figcaption
h1 h2 h3 h4 h5 h6 ul ol li dl dt dd table thead tbody tfoot tr caption hr br center details
summary form fieldset legend
head list item quote row lb code graphic
""".split())
CELL_TAGS = frozenset({"td", "th", "cell"})
SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math", "select",
                       "button", "iframe", "object", "embed", "canvas", "title", "meta",
                       "link", "input", "textarea"})
_SPACE = re.compile(r"\s+")


def element_paragraphs(root: etree._Element) -> list[str]:
    """The paragraphs of the text under ``root``, in document order."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _SPACE.sub(" ", "".join(current)).strip()
        if text:
            paragraphs.append(text)
        current.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    skipping: etree._Element | None = None
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if event == "start":
            if not tag or tag in SKIP_TAGS:
                skipping = element
                walker.skip_subtree()
                continue
            if tag in BLOCK_TAGS:
                flush()
            elif tag in CELL_TAGS and current:
                current.append(" ")
            if element.text:
                current.append(element.text)
            continue
        if element is skipping:
            skipping = None
        elif tag in BLOCK_TAGS:
            flush()
        elif tag in CELL_TAGS:
            current.append(" ")
        if element is not root and element.tail:
            current.append(element.tail)
    flush()
    return paragraphs


def element_text(root: etree._Element) -> str:
    """The text under ``root``, paragraphs separated by a blank line."""
    return "\n\n".join(element_paragraphs(root))


def fragment_text(markup: str) -> str:
    """The text of an HTML fragment (a feed entry's content, an e-mail part), paragraphs
    separated by a blank line. Text without any markup is taken as it is, its blank lines
    kept as paragraph breaks."""
    if not markup or not markup.strip():
        return ""
    if "<" not in markup:
        return plain_text_paragraphs(html.unescape(markup))
    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return plain_text_paragraphs(markup)
    return element_text(root)


def plain_text_paragraphs(text: str) -> str:
    """Plain text with its paragraphs (runs of lines between blank lines) joined up and
    separated by exactly one blank line."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = [_SPACE.sub(" ", block).strip() for block in blocks]
    return "\n\n".join(p for p in paragraphs if p)
