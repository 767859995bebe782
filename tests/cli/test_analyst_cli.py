"""The analyst commands end to end on a real library folder: the JSON commands as real
subprocesses, the rest through ``clipper.cli.main`` in this process (faster)."""

from __future__ import annotations

import json

import pytest

from clipper.cli import main
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.library import Library
from tests.cli.test_cli import run
from tests.conftest import ROOT, SEED_FILE

DATA = ROOT / "tests" / "data" / "analyst"


@pytest.fixture
def inproc(monkeypatch, capsys):
    """Run ``clipper ARGS`` in this process; returns (exit status, stdout, stderr)."""

    def call(lib, *args):
        monkeypatch.setenv("CLIPPER_LIBRARY", str(lib))
        status = main(list(args))
        out = capsys.readouterr()
        return status, out.out, out.err

    return call


def make_library(folder):
    with Library.open(folder) as library:
        ids = [library.add_clipping(parse_text_clipping(path.read_text(encoding="utf-8"))).id
               for path in (SEED_FILE, DATA / "newsletter_chips.txt",
                            DATA / "derived_original.txt", DATA / "derived_copy.txt")]
    return ids


def test_suggest_accept_list_merge_and_the_entity_view(tmp_path, inproc):
    lib = tmp_path / "library"
    seed, newsletter, _, _ = make_library(lib)
    suggested = json.loads(run(lib, "entities", "suggest", str(seed), "--json",
                               check=True).stdout)
    meti = next(s for s in suggested if s["name"] == "Ministry of Economy, Trade and Industry")
    assert meti["kind"] == "organisation" and meti["aliases"] == ["METI"]
    assert meti["reason"] == "pattern" and meti["entity_id"] is None
    assert [s["text"] for s in meti["spans"]].count("METI") == 4

    accepted = run(lib, "entities", "accept", str(seed), "METI", "--everywhere", check=True)
    assert "Tagged Ministry of Economy, Trade and Industry (organisation): 7 mentions in 2 " \
           "clippings." in accepted.stdout
    assert inproc(lib, "entities", "accept", str(seed), "Zhao Yiping")[0] == 0
    status, _, err = inproc(lib, "entities", "accept", str(seed), "Atlantis")
    assert status == 2 and "does not occur" in err

    listed = json.loads(inproc(lib, "entities", "list", "--json")[1])
    assert {(e["name"], e["clippings"]) for e in listed} == {
        ("Ministry of Economy, Trade and Industry", 2), ("Zhao Yiping", 1)}

    inproc(lib, "entities", "accept", str(newsletter), "Japan")
    inproc(lib, "entities", "accept", str(seed), "Japan")
    view = json.loads(inproc(lib, "entity", "METI", "--json")[1])
    assert view["name"] == "Ministry of Economy, Trade and Industry"
    assert view["aliases"] == ["METI"] and view["mentions"] == 7
    assert sorted(c["id"] for c in view["clippings"]) == [seed, newsletter]
    assert view["co_occurring"][0] == {"id": view["co_occurring"][0]["id"], "name": "Japan",
                                       "kind": "country", "clippings": 2}
    assert sum(m["clippings"] for m in view["by_month"]) == 2

    zhao = next(e for e in listed if e["name"] == "Zhao Yiping")
    merged = inproc(lib, "entities", "merge", "METI", str(zhao["id"]))[1]
    assert "Merged into Ministry of Economy, Trade and Industry" in merged
    names = [e["name"] for e in json.loads(inproc(lib, "entities", "list", "--json")[1])]
    assert "Zhao Yiping" not in names
    assert inproc(lib, "entity", "Nobody")[0] == 2
    assert "Named with: Japan (2)" in inproc(lib, "entity", "METI")[1]

    inproc(lib, "entities", "reject", str(seed), "Samsung")
    again = json.loads(inproc(lib, "entities", "suggest", str(seed), "--json")[1])
    assert "Samsung" not in {s["name"] for s in again}


def test_derived_quotes_and_bias_by_outlet(tmp_path, inproc):
    lib = tmp_path / "library"
    seed, _, original, copy = make_library(lib)
    found = json.loads(run(lib, "derived", str(copy), "--json", check=True).stdout)
    assert found["id"] == copy and found["derived_from"] is None
    [candidate] = found["candidates"]
    assert candidate["id"] == original and candidate["likely_original"]
    assert candidate["passages"][0]["text"] == candidate["passages"][0]["other_text"]
    assert candidate["passages"][0]["text"].startswith("The Port of Rotterdam handled")

    linked = json.loads(inproc(lib, "derived", str(copy), "--link", str(original), "--json")[1])
    assert linked["derived_from"] == original and linked["candidates"][0]["linked"]
    plain = inproc(lib, "derived", str(seed))[1]
    assert "No clipping shares a substantial part of its text." in plain

    quotes = json.loads(run(lib, "quotes", str(seed), "--json", check=True).stdout)
    assert {q["speaker"] for q in quotes} == {"Zhao Yiping"} and len(quotes) >= 4
    assert quotes[1]["text"].startswith("We want to create") and quotes[1]["direct"]

    inproc(lib, "source-note", "Shipping Digest", "--rating", "aggregator",
           "--note", "Rewrites others.")
    inproc(lib, "source-note", "Shipping Digest", "--note", "Rewrites others, unsigned.")
    assert inproc(lib, "source-note", "Shipping Digest", "--rating", "aggregator")[1] == \
        "Shipping Digest: rating aggregator; note Rewrites others, unsigned.\n"  # both kept
    outlets = json.loads(run(lib, "bias-by-outlet", "--json", check=True).stdout)
    by_name = {o["source"]["name"]: o for o in outlets}
    assert by_name["Shipping Digest"]["bias_notes"] == {"summary-of-another": 1}
    assert by_name["Shipping Digest"]["source"]["rating"] == "aggregator"
    assert by_name["The Straits Times"]["total"] == 2
    text = inproc(lib, "bias-by-outlet")[1]
    assert "Shipping Digest: 1 clipping, 1 bias note  rated: aggregator" in text

    pdf = tmp_path / "b.pdf"
    assert inproc(lib, "export", "--ids", str(seed), str(original), str(copy), "-o", str(pdf),
                  "--fold-derived")[0] == 0
    from tests.cli.test_export import text_of

    assert "Also reported by Shipping Digest" in text_of(pdf) and "Key quotes" in text_of(pdf)
