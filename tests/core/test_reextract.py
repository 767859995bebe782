"""Extracting a clipping's text again from the original saved with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from clipper.core.capture.feeds import item_draft, parse_feed
from clipper.core.errors import InvalidInputError
from clipper.core.importer import read_draft
from clipper.core.records import ClippingDraft

DATA = Path(__file__).resolve().parent.parent / "data" / "capture"


@pytest.mark.parametrize("name", ["article.html", "newsletter.eml"])
def test_a_page_or_mail_gets_back_the_text_extracted_from_its_original(library, name):
    draft = read_draft(DATA / name)
    clipping = library.add_clipping(draft).id
    first_words = draft.body.split()[0]
    library.update_clipping(clipping, body=draft.body + "\n\nRelated: other story teaser")
    start = draft.body.index(first_words)
    library.add_annotation(clipping, start, start + len(first_words), note="kept")
    again = library.extract_again(clipping)
    assert again.changed and again.marks_lost == 0
    assert again.new_body == draft.body
    library.update_clipping(clipping, body=again.new_body)
    [annotation] = library.get_clipping(clipping).annotations
    assert annotation.span is not None  # the mark still finds its words


def test_marks_on_words_the_new_text_lacks_are_counted(library):
    draft = read_draft(DATA / "article.html")
    clipping = library.add_clipping(draft).id
    library.update_clipping(clipping, body=draft.body + "\n\nRelated: other story teaser")
    body = library.get_clipping(clipping).clipping.body
    start = body.index("other story")
    library.add_annotation(clipping, start, start + len("other story"))
    assert library.extract_again(clipping).marks_lost == 1


def test_a_feed_entry_is_extracted_again_from_its_content(library):
    feed = parse_feed((DATA / "rss.xml").read_bytes())
    draft = item_draft(feed.items[0], feed)
    clipping = library.add_clipping(draft).id
    library.update_clipping(clipping, body="edited by hand")
    assert library.extract_again(clipping).new_body == draft.body


def test_a_clipping_typed_by_hand_has_no_original(library):
    clipping = library.add_clipping(ClippingDraft(title="Typed", body="By hand.")).id
    with pytest.raises(InvalidInputError, match="no saved original"):
        library.extract_again(clipping)
    assert library.ids_with_original() == []
