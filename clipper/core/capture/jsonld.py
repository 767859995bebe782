"""The schema.org objects a page declares in its JSON-LD scripts, one walk for every reader
(headline, authors, publisher)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml import etree

MAX_SCRIPTS, MAX_CHARS = 8, 200_000  # a page's scripts read, and characters of each
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


def ld_objects(tree: etree._Element, skip: frozenset[str] = frozenset()
               ) -> Iterator[tuple[dict, str]]:
    """Each JSON-LD object of the page, breadth first, with its ``@type`` as one string; the
    values under a key in ``skip`` are not entered (other works' authors, say). Broken or
    absurdly nested scripts are passed over."""
    for script in tree.xpath("//script[@type='application/ld+json']")[:MAX_SCRIPTS]:
        text = _CDATA.sub("", (script.text or "")[:MAX_CHARS])
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            continue
        pending = [data]
        while pending:
            item = pending.pop(0)
            if isinstance(item, list):
                pending.extend(item)
            elif isinstance(item, dict):
                kind = item.get("@type")
                yield item, " ".join(map(str, kind)) if isinstance(kind, list) else str(kind or "")
                pending.extend(value for key, value in item.items()
                               if isinstance(value, (dict, list)) and key not in skip)
