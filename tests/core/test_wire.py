"""The wire a story came through: found in the byline at capture, kept on the clipping,
shown, edited, searched under source:, and named in briefings ("via Associated Press")."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

import pypdf

from clipper.core.briefing import BriefingOptions, export_briefing
from clipper.core.capture.html import parse_html_page
from clipper.core.library import Library
from clipper.core.paths import DATABASE_NAME
from clipper.core.records import ClippingDraft
from clipper.core.serialize import detail_to_json

PAGE = """<!doctype html><html lang="en"><head>
<title>Court weighs appeal over harbour permits | The Valley Tribune</title>
<meta property="og:site_name" content="The Valley Tribune">
<link rel="canonical" href="https://valleytribune.example.com/news/harbour-appeal">
</head><body><article>
<h1>Court weighs appeal over harbour permits</h1>
<p class="byline">By ERIC TUCKER Associated Press</p>
<p>WASHINGTON (AP) — A federal appeals court on Tuesday weighed whether the permits granted
for the northern harbour extension were issued lawfully, after three towns argued that the
environmental review had been rushed.</p>
<p>Judges questioned lawyers for both sides for more than an hour, pressing the government on
why the review took half the usual time and the towns on what harm they could show.</p>
<p>A ruling is expected in the spring. Construction has been paused since the summer.</p>
</article></body></html>"""


def _wire_story(library):
    draft = parse_html_page(PAGE.encode(), url="https://valleytribune.example.com/news/harbour-appeal")
    assert draft.authors == ["Eric Tucker"]
    assert draft.wire == "Associated Press"
    return library.add_clipping(draft).id


def test_the_wire_is_kept_shown_and_searched(library):
    clipping_id = _wire_story(library)
    detail = library.get_clipping(clipping_id)
    assert detail.source.name == "The Valley Tribune"
    assert detail.via == "Associated Press"
    assert detail_to_json(detail)["wire"] == "Associated Press"
    assert [h.id for h in library.search('source:"associated press"').hits] == [clipping_id]
    assert [h.id for h in library.search("source:tribune").hits] == [clipping_id]


def test_a_story_on_the_agencys_own_site_is_not_via_anyone(library):
    clipping_id = library.add_clipping(ClippingDraft(
        title="Harbour appeal", body="The story.", source_name="Associated Press",
        wire="Associated Press")).id
    assert library.get_clipping(clipping_id).via is None


def test_the_wire_is_edited_like_any_field_and_blank_clears_it(library):
    clipping_id = _wire_story(library)
    library.update_clipping(clipping_id, {"wire": "Associated Press"}, wire="  Reuters ")
    assert library.get_clipping(clipping_id).clipping.wire == "Reuters"
    assert [h.id for h in library.search("source:reuters").hits] == [clipping_id]
    library.update_clipping(clipping_id, wire="   ")
    assert library.get_clipping(clipping_id).clipping.wire is None
    assert library.search("source:reuters").hits == []


def test_a_briefing_names_the_wire_beside_the_outlet(library, tmp_path):
    clipping_id = _wire_story(library)
    target = tmp_path / "brief.pdf"
    export_briefing(library, [clipping_id], target, BriefingOptions(
        title="Harbours", date=date(2025, 3, 10), lede=True))
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(target).pages)
    assert "The Valley Tribune · via Associated Press · Eric Tucker" in text
    assert "— The Valley Tribune, via Associated Press" in text
    assert "Via Associated Press." in text  # the list of sources


def test_a_library_from_before_the_wire_opens_and_gains_the_column(tmp_path, library):
    clipping_id = library.add_clipping(ClippingDraft(
        title="Old story", body="Text.", published=datetime(2024, 1, 2, tzinfo=UTC))).id
    library.close()
    database = tmp_path / "library" / DATABASE_NAME
    with sqlite3.connect(database) as connection:  # as an earlier Clipper left it
        connection.execute("DROP TABLE readstate")  # and what came after it (0009)
        connection.execute("ALTER TABLE clipping DROP COLUMN wire")
        connection.execute("UPDATE alembic_version SET version_num = '0007'")
    reopened = Library.open(tmp_path / "library")
    try:
        detail = reopened.get_clipping(clipping_id)
        assert (detail.clipping.title, detail.clipping.wire) == ("Old story", None)
        assert json.dumps(detail_to_json(detail))
    finally:
        reopened.close()


def test_extracting_again_finds_the_wire_of_a_clipping_captured_before_it_was_kept(library):
    clipping_id = _wire_story(library)
    library.update_clipping(clipping_id, wire=None)  # as captured before the wire was kept
    again = library.extract_again(clipping_id)
    assert again.wire == "Associated Press" and again.changed and not again.body_changed
    library.update_clipping(clipping_id, wire="Reuters")  # set by hand: never replaced
    again = library.extract_again(clipping_id)
    assert again.wire is None and not again.changed
