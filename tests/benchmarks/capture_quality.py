"""How well capture reads real pages, feeds and mails: scored against ../shared/corpora.

    .venv/bin/python -m tests.benchmarks.capture_quality [--sample N] [--json] [--failures]

Figures (see the corpora README, "Scoring an importer"):
- body F1 with the Article Extraction Benchmark metric (4-token shingles; Chinese, Japanese
  and Thai characters each a token) over html/scrapinghub-aeb, plus other full-body sources;
- title exactly right after NFKC and white-space normalisation, and a lenient score
  (one title contains the other, for ground truths that keep or drop a site suffix);
- publication date right to the day (±1 day for UTC-normalised postlight and date-only gold);
- pages in Chinese, Japanese, Korean, Arabic, ... read without mojibake: the characters of
  the ground-truth title and body appear in the decoded page, and no U+FFFD;
- feeds: item count, titles, links and dates against feeds/expected.
The corpus folder is CLIPPER_CORPORA or ../shared/corpora; without it the script says so
and exits 0.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from clipper.core.capture.encoding import decode_markup
from clipper.core.capture.html import parse_html_file
from tests.benchmarks.feed_quality import score_feeds

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
TARGETS = {"aeb_f1": 0.93, "title_exact": 0.90, "date_day": 0.85, "decoding": 1.0,
           "feeds": 1.0}
# Where each source's title comes from (corpora README, "How far to trust each source").
TITLE_TRUTH = {"trafilatura": "human-annotated", "fundus": "the parser's expectations (mostly "
               "og:title)", "readability": "the library's output (metadata title first)",
               "postlight": "the parser's expectations", "gne": "library output",
               "newspaper4k": "library output"}
FULL_BODY_SOURCES = ("aeb", "fundus", "readability", "newspaper4k", "gne")
MOJIBAKE_LANGUAGES = frozenset({"zh", "ja", "ko", "ar", "fa", "th", "ru", "hi", "bn", "my"})
_CJK_CHAR = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u0e00-\u0e7f"
_TOKEN = re.compile(rf"[{_CJK_CHAR}]|[^\W{_CJK_CHAR}]+")


# -- the metrics ---------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Word tokens as in the AEB metric (``\\w+``), with CJK and Thai characters split apart."""
    return _TOKEN.findall(text or "")


def shingle_counts(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    words = tokens(text)
    return Counter(tuple(words[i:i + n]) for i in range(max(1, len(words) - n + 1))
                   if words[i:i + n])


def shingle_match(expected: str, predicted: str) -> tuple[float, float, float]:
    """(tp, fp, fn) over 4-token shingles, normalised to sum to 1 (each page weighs the same)."""
    truth, guess = shingle_counts(expected), shingle_counts(predicted)
    tp = sum(min(truth[k], guess[k]) for k in truth.keys() & guess.keys())
    fp = sum(guess.values()) - tp
    fn = sum(truth.values()) - tp
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def f1_of(matches: list[tuple[float, float, float]]) -> dict[str, float]:
    """Precision and recall averaged over pages, then F1 of the two averages (as AEB does)."""
    def ratio(a: float, b: float, other: float) -> float:
        if b == other == 0:
            return 1.0
        return a / (a + b) if a + b else 0.0

    precisions = [ratio(tp, fp, fn) for tp, fp, fn in matches if tp + fp > 0]
    recalls = [ratio(tp, fn, fp) for tp, fp, fn in matches if tp + fn > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "pages": len(matches)}


def normal_title(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFKC", text or "").split())


def day_of(value: str | None) -> date | None:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value or "")
    return date(*map(int, match.groups())) if match else None


# -- the run -------------------------------------------------------------------------------------


@dataclass
class Report:
    figures: dict[str, Any] = field(default_factory=dict)
    failures: dict[str, list[str]] = field(default_factory=dict)

    def miss(self, kind: str, what: str) -> None:
        self.failures.setdefault(kind, []).append(what)


def load_manifest(corpora: Path, sample: int | None) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in (corpora / "manifest.jsonl").read_text().splitlines()
            if line.strip()]
    rows = [r for r in rows if r["kind"] == "html" and not r["file"].endswith(".expected.html")]
    if sample:
        by_source: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            by_source.setdefault(row["source"], []).append(row)
        rows = [r for group in by_source.values() for r in group[:sample]]
    return rows


def score_pages(corpora: Path, sample: int | None, report: Report) -> None:
    bodies: dict[str, list[tuple[float, float, float]]] = {}
    titles = exact = lenient = dates = dates_ok = decoded = decoded_ok = 0
    author_pages = authors_ok = 0
    title_sources: dict[str, list[int]] = {}
    started = time.perf_counter()
    rows = load_manifest(corpora, sample)
    for row in rows:
        path = corpora / row["file"]
        truth = json.loads((corpora / row["gt"]).read_text(encoding="utf-8"))
        data = path.read_bytes()
        draft = parse_html_file(data, path)
        name = row["file"]
        if truth.get("body") and row["source"] in FULL_BODY_SOURCES:
            match = shingle_match(truth["body"], draft.body)
            bodies.setdefault(row["source"], []).append(match)
            if row["source"] == "aeb" and match[0] < 0.8:
                report.miss("aeb body", f"{name}: tp={match[0]:.2f} fp={match[1]:.2f}")
        if truth.get("title"):
            titles += 1
            want, got = normal_title(truth["title"]), normal_title(draft.title)
            exact += want == got
            title_sources.setdefault(row["source"], [0, 0])[0] += want == got
            title_sources[row["source"]][1] += 1
            lenient += bool(got) and (want in got or got in want)
            if want != got:
                report.miss("title", f"{name}: want {want!r} got {got!r}")
        if truth.get("authors") is not None and row["source"] == "fundus":  # names listed
            author_pages += 1
            want_names = sorted(normal_title(a) for a in truth["authors"])
            got_names = sorted(normal_title(a) for a in draft.authors)
            authors_ok += want_names == got_names
            if want_names != got_names:
                report.miss("authors", f"{name}: want {want_names} got {got_names}")
        if truth.get("date") and day_of(truth["date"]):
            dates += 1
            ok = _date_ok(row["source"], day_of(truth["date"]), draft.published)
            dates_ok += ok
            if not ok:
                report.miss("date", f"{name}: want {truth['date']} got {draft.published}")
        if row["language"] in MOJIBAKE_LANGUAGES:
            decoded += 1
            problem = _mojibake(data, truth, draft)
            decoded_ok += problem is None
            if problem:
                report.miss("decoding", f"{name}: {problem}")
    report.figures["pages"] = len(rows)
    report.figures["seconds_per_page"] = (time.perf_counter() - started) / max(1, len(rows))
    for source, matches in sorted(bodies.items()):
        report.figures[f"body_f1_{source}"] = f1_of(matches)
    report.figures["aeb_f1"] = report.figures.get("body_f1_aeb", {}).get("f1", 0.0)
    report.figures["title_exact"] = exact / titles if titles else 0.0
    report.figures["title_lenient"] = lenient / titles if titles else 0.0
    report.figures["titles"] = titles
    report.figures["title_by_source"] = title_sources
    report.figures["date_day"] = dates_ok / dates if dates else 0.0
    report.figures["dates"] = dates
    report.figures["authors_exact"] = authors_ok / author_pages if author_pages else 0.0
    report.figures["author_pages"] = author_pages
    report.figures["decoding"] = decoded_ok / decoded if decoded else 0.0
    report.figures["decoded_pages"] = decoded


def _date_ok(source: str, want: date | None, got: Any) -> bool:
    if want is None or got is None:
        return False
    slack = 1 if source in ("postlight", "trafilatura", "htmldate") else 0
    return abs(got.date() - want) <= timedelta(days=slack)


def _mojibake(data: bytes, truth: dict[str, Any], draft: Any) -> str | None:
    """Why the page looks wrongly decoded, or None."""
    text, encoding = decode_markup(data)
    if "\ufffd" in draft.body or "\ufffd" in draft.title:
        return f"U+FFFD in the text (read as {encoding})"
    sample = " ".join(filter(None, [truth.get("title"), (truth.get("body") or "")[:400],
                                    (truth.get("body_prefix") or "")[:200]]))
    wanted = {c for c in sample if ord(c) > 0x2000 and c.isalpha()}
    if not wanted:
        return None
    found = set(html.unescape(text)) | set(draft.title) | set(draft.body)
    missing = wanted - found
    if len(missing) > 0.05 * len(wanted):
        return f"{len(missing)} of {len(wanted)} characters missing (read as {encoding})"
    return None


def run(corpora: Path, sample: int | None = None) -> Report:
    report = Report()
    score_pages(corpora, sample, report)
    feeds = score_feeds(corpora)
    report.figures["feeds"] = feeds["share_ok"]
    report.figures["feeds_checked"] = feeds["checked"]
    report.figures["feeds_parsed"] = feeds["parsed"]
    for problem in feeds["problems"]:
        report.miss("feeds", problem)
    return report


def table(report: Report) -> str:
    f = report.figures
    rows = [("Article body F1, AEB (target ≥ 0.93)", f"{f['aeb_f1']:.3f}",
             f"{f.get('body_f1_aeb', {}).get('pages', 0)} pages")]
    for source in FULL_BODY_SOURCES[1:]:
        if f"body_f1_{source}" in f:
            s = f[f"body_f1_{source}"]
            rows.append((f"  body F1, {source}", f"{s['f1']:.3f}",
                         f"P {s['precision']:.3f} R {s['recall']:.3f}, {s['pages']} pages"))
    rows += [
        ("Title exact (target ≥ 90%)", f"{f['title_exact']:.1%}", f"{f['titles']} pages"),
        ("  title lenient", f"{f['title_lenient']:.1%}", ""),
    ]
    for source, (right, pages) in sorted(f.get("title_by_source", {}).items()):
        rows.append((f"  title exact, {source}", f"{right / pages:.1%}",
                     f"{pages} pages; {TITLE_TRUTH.get(source, '')}"))
    rows += [
        ("Date to the day (target ≥ 85%)", f"{f['date_day']:.1%}", f"{f['dates']} pages"),
        ("Authors exactly right (fundus)", f"{f['authors_exact']:.1%}",
         f"{f['author_pages']} pages"),
        ("Non-Latin pages without mojibake", f"{f['decoding']:.1%}",
         f"{f['decoded_pages']} pages"),
        ("Feeds matching expected", f"{f['feeds']:.1%}",
         f"{f['feeds_checked']} with expectations; {f['feeds_parsed']} feeds parsed"),
        ("Time per page", f"{f['seconds_per_page'] * 1000:.0f} ms", f"{f['pages']} pages"),
    ]
    width = max(len(r[0]) for r in rows)
    lines = [f"| {'Measure':<{width}} | Value  | Notes |", f"|{'-' * (width + 2)}|--------|-------|"]
    lines += [f"| {name:<{width}} | {value:<6} | {note} |" for name, value, note in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, metavar="N", help="first N pages of each source")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--failures", action="store_true", help="list what was missed")
    args = parser.parse_args(argv)
    corpora = Path(os.environ.get("CLIPPER_CORPORA", DEFAULT_CORPORA))
    if not (corpora / "manifest.jsonl").is_file():
        print(f"capture-quality: no corpora at {corpora}; nothing to measure.")
        return 0
    report = run(corpora, args.sample)
    if args.json:
        json.dump(report.figures, sys.stdout, indent=2, default=str)
        print()
    else:
        print(table(report))
    if args.failures:
        for kind, items in report.failures.items():
            print(f"\n{kind} ({len(items)}):")
            for item in items:
                print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
