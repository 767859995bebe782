"""The capture-quality benchmark keeps working: run on a small sample of the corpora."""

import pytest

from tests.benchmarks import capture_quality


@pytest.mark.slow
def test_the_benchmark_runs_on_a_sample(corpora):
    report = capture_quality.run(corpora, sample=2)
    figures = report.figures
    assert figures["pages"] >= 10
    assert 0.0 <= figures["aeb_f1"] <= 1.0 and figures["body_f1_aeb"]["pages"] == 2
    assert figures["decoding"] == 1.0, report.failures.get("decoding")
    assert figures["feeds"] == 1.0, report.failures.get("feeds")
    assert "| Article body F1, AEB" in capture_quality.table(report)


def test_the_metric_matches_the_benchmark_definition():
    from tests.benchmarks.capture_quality import f1_of, shingle_match, tokens

    assert tokens("中国 economy, 2024") == ["中", "国", "economy", "2024"]
    assert shingle_match("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    tp, fp, fn = shingle_match("a b c d e f", "a b c d x y")
    assert (tp, fp, fn) == (1 / 5, 2 / 5, 2 / 5)
    assert f1_of([(1.0, 0.0, 0.0), (0.5, 0.5, 0.0)])["precision"] == 0.75
