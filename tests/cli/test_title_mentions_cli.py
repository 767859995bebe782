"""A name only the title holds, on the command line: `entities suggest` says it is in the title
(and gives its place there in JSON), `entities accept` tags it, `show --json` says where."""

from __future__ import annotations

import json

from clipper.core.library import Library
from clipper.core.records import ClippingDraft
from tests.cli.test_analyst_cli import inproc  # noqa: F401  (a fixture)

TITLE = "Storm in Surabaya closes the port"
BODY = "Ships were held at anchor overnight, officials said."


def test_suggest_and_accept_a_name_of_the_title(tmp_path, inproc):  # noqa: F811
    lib = tmp_path / "library"
    with Library.open(lib) as library:
        cid = str(library.add_clipping(ClippingDraft(title=TITLE, body=BODY)).id)
    status, out, _ = inproc(lib, "entities", "suggest", cid)
    assert status == 0 and "Surabaya  [place, in the title, gazetteer]" in out
    status, out, _ = inproc(lib, "entities", "suggest", cid, "--json")
    [surabaya] = [s for s in json.loads(out) if s["name"] == "Surabaya"]
    assert surabaya["spans"] == []
    assert surabaya["title_spans"] == [{"start": 9, "end": 17, "text": "Surabaya"}]
    status, out, _ = inproc(lib, "entities", "accept", cid, "Surabaya")
    assert status == 0 and "Tagged Surabaya" in out
    status, out, _ = inproc(lib, "show", cid, "--json")
    [mention] = json.loads(out)["mentions"]
    assert mention["in"] == "title" and mention["quote"] == "Surabaya" and not mention["orphaned"]
