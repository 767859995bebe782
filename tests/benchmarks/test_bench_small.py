"""The benchmark at 1,000 clippings, so it keeps working: every measurement runs and the JSON and
the table have every figure. No timing is asserted (CI machines are shared and noisy)."""

from __future__ import annotations

import json

import pytest

from tests.benchmarks import bench


@pytest.mark.slow
def test_small_benchmark_runs_end_to_end(tmp_path, capsys):
    out = tmp_path / "small.json"
    results = bench.main(["--size", "1000", "--repeat", "1", "--briefings", "10,100",
                          "--out", str(out), "--workdir", str(tmp_path / "work")])
    assert json.loads(out.read_text()) == json.loads(json.dumps(results))
    size = results["sizes"]["1000"]
    for engine in bench.ENGINES:
        part = size[engine]
        assert part["capture"]["stored"] > 900  # a few real pages may be duplicates
        assert len(size["clipper"]["capture"]) and part["search"]["p95_ms"] > 0
        assert part["fresh"]["new_clipping_searchable_s"] > 0
        assert part["open"]["open_to_first_query_s"] > 0
        assert part["index_bytes"] > 0
        assert part["cli"]["search_s"] > 0 and part["cli"]["show_s"] > 0  # commands answered
    assert size["clipper"]["capture"]["indexed"] == size["clipper"]["capture"]["stored"]
    # The window lists them all, and the ones added to time a new clipping's search.
    assert size["clipper"]["gui"]["clippings"] >= size["clipper"]["capture"]["stored"]
    assert size["clipper"]["briefing_100"]["pages"] > 1
    summary = size["summary"]
    assert summary["search_p95_ms"]["ratio"] > 0 and "met" in summary["search_p95_ms"]
    table = capsys.readouterr().out
    assert "met" in summary["cli_search_s"] and "| command line: `clipper search" in table
    assert "| search p95" in table and results["machine"]["cpu"] in table


def test_queries_mix_word_frequencies_and_always_find_something():
    from tests.benchmarks.corpus import make_drafts
    from tests.benchmarks.texts import make_queries

    drafts = make_drafts(300)
    queries = make_queries(drafts, 100)
    assert len(queries) == 100
    assert all(1 <= len(q.split()) <= 3 for q in queries)
    texts = [f"{d.title} {d.body}".lower() for d in drafts]
    shares = []
    for query in queries:
        holders = [t for t in texts if all(w in t for w in query.split())]
        assert holders  # each query is taken from one text
        shares.append(len(holders) / len(texts))
    assert min(shares) < 0.02 and max(shares) > 0.2  # rare and common words both


def test_fts5_baseline_ranks_and_highlights(tmp_path):
    from clipper.core.records import ClippingDraft
    from tests.benchmarks.fts5_baseline import Fts5Library

    library = Fts5Library(tmp_path / "fts5.db")
    library.add_clippings([ClippingDraft(title="Tariffs", body="New tariffs on steel imports."),
                           ClippingDraft(title="Other", body="Nothing to see.")])
    [(rowid, score, snippet)] = library.search("tariff")
    assert rowid == 1 and score < 0 and '<b class="match">tariffs</b>' in snippet
    assert library.index_bytes() > 0
    library.close()
