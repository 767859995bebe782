"""Text clippings such as the seed: title first, publication flags, body, "Read the Full" line.

    China urges joint efforts with Japan, ...          <- title
    - 🞛 This publication is a summary or ...          <- flags: clipping-level bias notes
    <headings and paragraphs>                          <- body
    Read the Full The Straits Times Article at:       <- outlet
    [ https://www.straitstimes.com/... ]               <- url
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from clipper.core.capture.language import guess_language
from clipper.core.errors import EmptyFileError
from clipper.core.records import ClippingDraft, FlagNote
from clipper.core.taxonomy import category_for_flag

_FLAG = re.compile(
    r"^[\s\-*•·]*(?:[\U0001F700-\U0001F7FF\u25A0-\u25FF\u2610-\u2612\u2713-\u2718]\s*)?"
    r"(?P<text>This (?:publication|article|piece|report|story) .+?)\s*$",
    re.IGNORECASE,
)
_READ_FULL = re.compile(
    r"^\s*Read the (?:Full|Complete|Original) (?P<outlet>.+?) (?:Article|Story|Report) "
    r"(?:at|here)\s*:?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_BRACKETED_URL = re.compile(r"^\s*[\[<(]?\s*(?P<url>https?://\S+?)\s*[\]>)]?\s*$")
_HEADER = re.compile(
    r"^\s*(?P<key>source|outlet|url|link|author|authors|by|date|published)\s*:\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_FLAG_WINDOW = 12  # flags are looked for only near the top
MAX_TITLE_CHARS = 300  # a longer first line is a paragraph, not a title


def parse_text_clipping(text: str, origin: str | None = None) -> ClippingDraft:
    """A draft clipping from the text of a clipping file."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    lines = [line.replace("\ufeff", "") for line in lines]
    content = [i for i, line in enumerate(lines) if line.strip()]
    if not content:
        raise EmptyFileError("The file holds no text.")
    title = _clean_title(lines[content[0]])
    rest = lines[content[0] + 1:]
    if len(title) > MAX_TITLE_CHARS:  # no title line: a long first paragraph stays in the body
        rest.insert(0, lines[content[0]])
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0].rstrip() + "…"
    draft = ClippingDraft(title=title, body="", origin=origin)

    rest = _take_read_full(rest, draft)
    body_lines: list[str] = []
    for number, line in enumerate(rest):
        stripped = line.strip()
        if not stripped:
            continue
        flag = _FLAG.match(stripped) if number < _FLAG_WINDOW and not body_lines else None
        if flag:
            note = flag.group("text")
            draft.flags.append(FlagNote(category_for_flag(note) or "editorial-commentary", note))
            continue
        if not body_lines and _take_header(stripped, draft):
            continue
        body_lines.append(stripped)
    draft.body = "\n\n".join(body_lines)
    draft.language = guess_language(f"{title}\n{draft.body}")
    return draft


def _clean_title(line: str) -> str:
    return re.sub(r"^\s*#+\s*", "", line).strip()


def _take_read_full(lines: list[str], draft: ClippingDraft) -> list[str]:
    """Find the closing "Read the Full <Outlet> Article at: [ URL ]", set outlet and URL,
    and return the lines without it."""
    tail = [i for i, line in enumerate(lines) if line.strip()][-3:]
    for index in tail:
        match = _READ_FULL.match(lines[index])
        if not match:
            continue
        draft.source_name = match.group("outlet").strip()
        used = [index]
        url = _BRACKETED_URL.match(match.group("rest")) if match.group("rest") else None
        if url is None:
            following = [i for i in tail if i > index]
            if following:
                url = _BRACKETED_URL.match(lines[following[0]])
                if url:
                    used.append(following[0])
        if url:
            draft.url = url.group("url")
        return [line for i, line in enumerate(lines) if i not in used]
    return lines


def _take_header(line: str, draft: ClippingDraft) -> bool:
    """Metadata lines right under the title ("Source: ...", "By ...", "Date: ...")."""
    match = _HEADER.match(line)
    if not match:
        return False
    key, value = match.group("key").lower(), match.group("value").strip()
    if key in ("source", "outlet") and not draft.source_name:
        draft.source_name = value
    elif key in ("url", "link") and value.startswith(("http://", "https://")):
        draft.url = value
    elif key in ("author", "authors", "by"):
        draft.authors = [a.strip() for a in re.split(r",| and ", value) if a.strip()]
    elif key in ("date", "published"):
        parsed = _parse_date(value)
        if parsed is None:
            return False
        draft.published = parsed
    else:
        return False
    return True


def _parse_date(value: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y"):
            try:
                parsed = datetime.strptime(value, fmt)
                break
            except ValueError:
                continue
        else:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
