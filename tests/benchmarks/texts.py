"""The texts the benchmark stores: the real pages of ../shared/corpora (when present) read through
Clipper's own importer, topped up with synthetic news-like clippings to the wanted size; and the
queries searched for, drawn from the words of those texts.

Both engines get the same drafts and the same queries: they are made once and kept in a pickle
that every measuring process loads.
"""

from __future__ import annotations

import os
import pickle
import random
import re
from collections import Counter
from pathlib import Path

from clipper.core.errors import ClipperError
from clipper.core.importer import read_draft
from clipper.core.records import ClippingDraft
from tests.benchmarks.corpus import FUNCTION_WORDS, make_drafts

ROOT = Path(__file__).resolve().parents[2]
PAGE_SUFFIXES = (".html", ".htm")
_QUERY_WORD = re.compile(r"[a-z]{3,}")  # plain ASCII words: read alike by both tokenizers
# Words no one searches for alone (and Whoosh's and FTS5's query operators).
QUERY_STOPWORDS = frozenset(FUNCTION_WORDS) | {"and", "or", "not", "near", "to"}


def corpora_dir() -> Path | None:
    folder = Path(os.environ.get("CLIPPER_CORPORA") or ROOT.parent / "shared" / "corpora")
    return folder if folder.is_dir() else None


def page_files(folder: Path) -> list[Path]:
    """The article pages of the corpora (not the expected outputs kept beside some of them)."""
    return sorted(p for p in folder.rglob("*") if p.suffix.lower() in PAGE_SUFFIXES
                  and ".expected" not in p.name and p.is_file())


def real_drafts(folder: Path | None) -> list[ClippingDraft]:
    """The corpus pages, read as an import reads them (those it cannot read are left out)."""
    drafts = []
    for path in page_files(folder) if folder else []:
        try:
            draft = read_draft(path)
        except ClipperError:
            continue
        if draft.body.strip():
            drafts.append(draft)
    return drafts


def bench_drafts(size: int, workdir: Path) -> tuple[Path, int]:
    """A pickle of ``size`` drafts (the real pages first, then synthetic ones), made once per
    size and corpus; returns its path and how many of the drafts are real pages."""
    folder = corpora_dir()
    real_cache = workdir / "real-pages.pickle"
    if real_cache.exists():
        cached_folder, real = pickle.loads(real_cache.read_bytes())
    if not real_cache.exists() or cached_folder != str(folder):
        real = real_drafts(folder)
        real_cache.write_bytes(pickle.dumps((str(folder), real)))
    real = real[:size]
    path = workdir / f"drafts-{size}.pickle"
    if not path.exists() or pickle.loads(path.read_bytes())["real"] != len(real):
        drafts = real + make_drafts(size - len(real))
        path.write_bytes(pickle.dumps({"real": len(real), "drafts": drafts}))
    return path, len(real)


def load_drafts(path: Path) -> list[ClippingDraft]:
    return pickle.loads(Path(path).read_bytes())["drafts"]


def make_queries(drafts: list[ClippingDraft], count: int = 200, seed: int = 11) -> list[str]:
    """``count`` queries of one to three words, each taken from one text (so it finds at least
    that one), mixing common words (in 5% of the texts or more), middling ones (0.5-5%) and
    rare ones (fewer), one band chosen at random for each word."""
    rng = random.Random(seed)
    words_of = [sorted({w for w in _QUERY_WORD.findall(f"{d.title} {d.body}".lower())
                        if w not in QUERY_STOPWORDS}) for d in drafts]
    frequency = Counter(w for words in words_of for w in words)
    n = len(drafts)

    def band(word: str) -> str:
        share = frequency[word] / n
        return "common" if share >= 0.05 else "middling" if share >= 0.005 else "rare"

    queries: list[str] = []
    while len(queries) < count:
        words = words_of[rng.randrange(n)]
        if len(words) < 3:
            continue
        by_band: dict[str, list[str]] = {}
        for word in words:
            by_band.setdefault(band(word), []).append(word)
        chosen: list[str] = []
        for _ in range(rng.choice((1, 2, 3))):
            pool = by_band.get(rng.choice(("common", "middling", "rare"))) or words
            word = rng.choice(pool)
            if word not in chosen:
                chosen.append(word)
        queries.append(" ".join(chosen))
    return queries
