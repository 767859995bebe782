"""How well capture reads real pages, feeds and mails: scored against ../shared/corpora.

    .venv/bin/python -m tests.benchmarks.capture_quality [--sample N] [--json] [--failures]
        [--part A|B|both]

Every figure is given for two parts of the corpus split by a hash of each file's path: part A
is the one capture rules are written looking at (``--failures`` lists its misses), part B the
one left unseen, standing for pages Clipper has never met.

Figures (see the corpora README, "Scoring an importer"):
- body F1 with the Article Extraction Benchmark metric (4-token shingles; Chinese, Japanese
  and Thai characters each a token) over html/scrapinghub-aeb, plus other full-body sources;
- title exactly right after NFKC and white-space normalisation, and a lenient score
  (one title contains the other, for ground truths that keep or drop a site suffix);
- publication date right to the day (±1 day for UTC-normalised postlight and date-only gold);
- authors exactly right on every source that lists them, and the outlet right on AEB pages
  (tests/data/capture/aeb_outlets.json); for these and dates, wrong and missing apart;
- pages in Chinese, Japanese, Korean, Arabic, ... read without mojibake: the characters of
  the ground-truth title and body appear in the decoded page, and no U+FFFD;
- feeds: item count, titles, links and dates against feeds/expected.
The corpus folder is CLIPPER_CORPORA or ../shared/corpora; without it the script says so
and exits 0.
"""

from __future__ import annotations

import argparse
import hashlib
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
from urllib.parse import urlsplit

from clipper.core.capture.encoding import decode_markup
from clipper.core.capture.html import parse_html_file
from tests.benchmarks.feed_quality import score_feeds

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpora"
TARGETS = {"aeb_f1": 0.96, "title_exact": 0.88, "title_lenient": 0.96, "authors_right": 0.85,
           "authors_wrong": 0.03, "outlet_right": 0.97, "date_day": 0.92, "decoding": 1.0,
           "feeds": 1.0}
# Where each source's title comes from (corpora README, "How far to trust each source").
TITLE_TRUTH = {"trafilatura": "human-annotated", "fundus": "the parser's expectations (mostly "
               "og:title)", "readability": "the library's output (metadata title first)",
               "postlight": "the parser's expectations", "gne": "library output",
               "newspaper4k": "library output"}
FULL_BODY_SOURCES = ("aeb", "fundus", "readability", "newspaper4k", "gne")
# Sources whose ground truth lists authors (postlight and readability as one free-text byline).
AUTHOR_SOURCES = ("fundus", "trafilatura", "postlight", "readability", "gne")
OUTLET_LABELS = ROOT / "tests" / "data" / "capture" / "aeb_outlets.json"
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


def part_of(file: str) -> str:
    """The half of the development corpus a page belongs to, by a hash of its path: rules
    are tuned looking at part A only; part B stands in for pages Clipper has never seen."""
    return "A" if hashlib.sha256(file.encode("utf-8")).digest()[0] % 2 == 0 else "B"


def score_pages(corpora: Path, sample: int | None, report: Report) -> None:
    """Read every page once; figures for all pages, and for parts A and B apart."""
    started = time.perf_counter()
    rows = load_manifest(corpora, sample)
    outlets = _outlet_labels()
    results = [_score_page(corpora, row, outlets, report) for row in rows]
    report.figures.update(_aggregate(results))
    report.figures["seconds_per_page"] = (time.perf_counter() - started) / max(1, len(rows))
    report.figures["parts"] = {part: _aggregate([r for r in results if r["part"] == part])
                               for part in ("A", "B")}


def _outlet_labels() -> dict[str, list[str]]:
    data = json.loads(OUTLET_LABELS.read_text(encoding="utf-8"))
    return data["outlets"]


def _score_page(corpora: Path, row: dict[str, Any], outlets: dict[str, list[str]],
                report: Report) -> dict[str, Any]:
    path = corpora / row["file"]
    truth = json.loads((corpora / row["gt"]).read_text(encoding="utf-8"))
    data = path.read_bytes()
    draft = parse_html_file(data, path)
    name, source = row["file"], row["source"]
    result: dict[str, Any] = {"part": part_of(name), "source": source}
    tag = f"[{result['part']}] {name}"
    if truth.get("body") and source in FULL_BODY_SOURCES:
        match = shingle_match(truth["body"], draft.body)
        result["body"] = match
        if source == "aeb" and match[0] < 0.8:
            report.miss("aeb body", f"{tag}: tp={match[0]:.2f} fp={match[1]:.2f}")
    if truth.get("title"):
        want, got = normal_title(truth["title"]), normal_title(draft.title)
        result["title"] = (want == got, bool(got) and (want in got or got in want))
        if want != got:
            report.miss("title", f"{tag}: want {want!r} got {got!r}")
    if truth.get("authors") is not None and source in AUTHOR_SOURCES:
        want_names, got_names = author_set(truth["authors"]), author_set(draft.authors)
        extra = got_names - want_names
        result["authors"] = (want_names == got_names, bool(extra),
                             bool(want_names) and not got_names,
                             bool(extra) and all(_variant(n, want_names) for n in extra))
        if want_names != got_names:
            report.miss("authors", f"{tag}: want {sorted(want_names)} got {sorted(got_names)}")
    if source == "aeb" and truth.get("url"):
        host = (urlsplit(truth["url"]).hostname or "").removeprefix("www.")
        names = outlets.get(host)
        if names:
            got = _name_key(draft.source_name or "")
            right = got in {_name_key(n) for n in names}
            result["outlet"] = (right, bool(got) and not right, not got)
            if not right:
                report.miss("outlet", f"{tag}: want {names[0]!r} got {draft.source_name!r}")
    if truth.get("date") and day_of(truth["date"]):
        ok = _date_ok(source, day_of(truth["date"]), draft.published)
        result["date"] = (ok, draft.published is not None and not ok, draft.published is None)
        if not ok:
            report.miss("date", f"{tag}: want {truth['date']} got {draft.published}")
    if row["language"] in MOJIBAKE_LANGUAGES:
        problem = _mojibake(data, truth, draft)
        result["decoded"] = problem is None
        if problem:
            report.miss("decoding", f"{tag}: {problem}")
    return result


def _aggregate(results: list[dict[str, Any]]) -> dict[str, Any]:
    """The figures for a set of page results. For authors, outlets and dates: right, wrong
    (a value that is not the expected one: worse than none) and missing, apart."""
    figures: dict[str, Any] = {"pages": len(results)}
    bodies: dict[str, list[tuple[float, float, float]]] = {}
    for r in results:
        if "body" in r:
            bodies.setdefault(r["source"], []).append(r["body"])
    for source, matches in sorted(bodies.items()):
        figures[f"body_f1_{source}"] = f1_of(matches)
    figures["aeb_f1"] = figures.get("body_f1_aeb", {}).get("f1", 0.0)
    titled = [r for r in results if "title" in r]
    figures["titles"] = len(titled)
    figures["title_exact"] = _share(r["title"][0] for r in titled)
    figures["title_lenient"] = _share(r["title"][1] for r in titled)
    by_source: dict[str, list[int]] = {}
    for r in titled:
        counts = by_source.setdefault(r["source"], [0, 0])
        counts[0] += r["title"][0]
        counts[1] += 1
    figures["title_by_source"] = by_source
    for field_name in ("authors", "outlet", "date"):
        scored = [r[field_name] for r in results if field_name in r]
        figures[f"{field_name}_pages"] = len(scored)
        figures[f"{field_name}_right"] = _share(s[0] for s in scored)
        figures[f"{field_name}_wrong"] = _share(s[1] for s in scored)
        figures[f"{field_name}_missing"] = _share(s[2] for s in scored)
    scored = [r["authors"] for r in results if "authors" in r]
    figures["authors_wrong_variant"] = _share(s[3] for s in scored)
    authored: dict[str, list[int]] = {}
    for r in results:
        if "authors" in r:
            counts = authored.setdefault(r["source"], [0, 0])
            counts[0] += r["authors"][0]
            counts[1] += 1
    figures["authors_by_source"] = authored
    # the names these figures had before the parts were measured apart
    figures["date_day"], figures["dates"] = figures["date_right"], figures["date_pages"]
    figures["authors_exact"], figures["author_pages"] = (figures["authors_right"],
                                                         figures["authors_pages"])
    decoded = [r["decoded"] for r in results if "decoded" in r]
    figures["decoding"], figures["decoded_pages"] = _share(decoded), len(decoded)
    return figures


def _share(values: Any) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


_BYLINE_PREFIX = re.compile(r"^\s*(?:by|von|par|por|文\s*[｜|])\s*[:：]?\s*", re.IGNORECASE)
_NAME_SPLIT = re.compile(r"\s*[,;]\s*|\s+(?:and|und|et|y|e|&)\s+", re.IGNORECASE)


def author_set(names: list[str]) -> set[str]:
    """Names as the corpora README compares them: case-folded, "By"/"Von"/"文｜" taken off,
    split on commas, semicolons and "and" (and its German, French, Spanish, Italian words)."""
    found = set()
    for value in names:
        for part in _NAME_SPLIT.split(_BYLINE_PREFIX.sub("", normal_title(value))):
            part = _BYLINE_PREFIX.sub("", part).strip().casefold()
            if part:
                found.add(part)
    return found


def _variant(name: str, expected: set[str]) -> bool:
    """Whether ``name`` is an expected name written with fewer or more words ("glen owen" of
    "glen owen for the mail on sunday", "martin untersinger" of "martin untersinger (avec
    damien leloup"): the same person, the truth keeping what is around the name."""
    bare = " ".join(re.findall(r"\w+", name))
    return bool(bare) and any(
        f" {bare} " in f" {other} " or f" {other} " in f" {bare} "
        for other in (" ".join(re.findall(r"\w+", e)) for e in expected) if other)


def _name_key(name: str) -> str:
    """An outlet's name compared without case, spaces or punctuation ("TheHill" is
    "The Hill")."""
    return "".join(c for c in unicodedata.normalize("NFKC", name).casefold() if c.isalnum())


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
    """The figures of part A (looked at while writing the rules) and part B (not)."""
    f = report.figures
    parts = f.get("parts") or {"A": f, "B": f}
    columns = [_rows(parts["A"]), _rows(parts["B"])]
    names = [r[0] for r in columns[0]]
    b_rows = {r[0]: r for r in columns[1]}
    rows = [(name, value, b_rows.get(name, ("", "-", ""))[1], f"A: {note}" if note else "",
             b_rows.get(name, ("", "", ""))[2]) for name, value, note in columns[0]]
    rows.append(("Feeds matching expected", f"{f['feeds']:.1%}", "", f"{f['feeds_checked']} "
                 f"with expectations; {f['feeds_parsed']} feeds parsed", ""))
    rows.append(("Time per page", f"{f['seconds_per_page'] * 1000:.0f} ms", "",
                 f"{f['pages']} pages", ""))
    width = max(len(n) for n in names + ["Feeds matching expected"])
    lines = [f"| {'Measure':<{width}} | part A | part B | Notes (A; B) |",
             f"|{'-' * (width + 2)}|-------:|-------:|-------|"]
    lines += [f"| {name:<{width}} | {a:>6} | {b:>6} | {note}{'; B: ' + note_b if note_b else ''} |"
              for name, a, b, note, note_b in rows]
    return "\n".join(lines)


def _rows(f: dict[str, Any]) -> list[tuple[str, str, str]]:
    rows = [("Article body F1, AEB", f"{f['aeb_f1']:.3f}",
             f"{f.get('body_f1_aeb', {}).get('pages', 0)} pages")]
    for source in FULL_BODY_SOURCES[1:]:
        if f"body_f1_{source}" in f:
            s = f[f"body_f1_{source}"]
            rows.append((f"  body F1, {source}", f"{s['f1']:.3f}",
                         f"P {s['precision']:.3f} R {s['recall']:.3f}, {s['pages']} pages"))
    rows += [
        ("Title exact", f"{f['title_exact']:.1%}", f"{f['titles']} pages"),
        ("  title lenient", f"{f['title_lenient']:.1%}", ""),
    ]
    for source, (right, pages) in sorted(f.get("title_by_source", {}).items()):
        rows.append((f"  title exact, {source}", f"{right / pages:.1%}", f"{pages} pages"))
    for label, key in (("Authors exactly right", "authors"), ("Outlet right (AEB)", "outlet"),
                       ("Date to the day", "date")):
        rows += [(label, f"{f[key + '_right']:.1%}", f"{f[key + '_pages']} pages"),
                 (f"  {key} wrong (a value, not the right one)", f"{f[key + '_wrong']:.1%}",
                  ""),
                 (f"  {key} missing", f"{f[key + '_missing']:.1%}", "")]
        if key == "authors":
            rows.append(("  of the wrong, an expected name in more or fewer words",
                         f"{f.get('authors_wrong_variant', 0.0):.1%}",
                         ""))
            for source, (right, pages) in sorted(f.get("authors_by_source", {}).items()):
                rows.append((f"  authors right, {source}", f"{right / pages:.1%}",
                             f"{pages} pages"))
    rows.append(("Non-Latin pages without mojibake", f"{f['decoding']:.1%}",
                 f"{f['decoded_pages']} pages"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sample", type=int, metavar="N", help="first N pages of each source")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--failures", action="store_true", help="list what was missed")
    parser.add_argument("--part", choices=("A", "B", "both"), default="A",
                        help="whose misses --failures lists (A: the part rules are tuned on)")
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
            items = [i for i in items if args.part == "both" or
                     not i.startswith("[") or i.startswith(f"[{args.part}]")]
            print(f"\n{kind} ({len(items)}):")
            for item in items:
                print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
