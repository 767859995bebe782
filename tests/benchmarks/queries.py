"""The queries the benchmark times, as people type them, each written for both engines.

Besides plain words (``texts.make_queries``): phrases, fielded words (title, outlet, author,
entity, tag), a date range with a word, a word NOT another, facet counts beside a search, and
two-character words of Chinese, Japanese and Korean texts. Every query is taken from the texts
so it finds something. The bench's clippings carry tags and, one in ten, entity mentions
(``markup``), the same in Clipper and in the FTS5 baseline, so fielded queries have something
to find in both.
"""

from __future__ import annotations

import random
import re
import zlib
from dataclasses import dataclass

from clipper.core.analysis import has_bigram_script
from clipper.core.records import ClippingDraft
from tests.benchmarks.texts import QUERY_STOPWORDS, make_queries

TAGS = ["economy", "security", "health", "climate", "elections", "energy", "trade", "courts"]
ENTITY_EVERY = 10  # one clipping in this many has entity mentions
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-Z][a-z]{3,}(?: [A-Z][a-z]{3,})?)\b")
_WORD = re.compile(r"[^\W\d_]{3,}")
_CJK_RUN = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]{2,}")


@dataclass
class Markup:
    """What a bench clipping is tagged with."""

    tags: list[str]
    entities: list[tuple[str, int, int]]  # name, start, end in the body


def markup(n: int, draft: ClippingDraft) -> Markup:
    """The tags and entity mentions of the ``n``th clipping: a tag chosen from its URL (so both
    engines agree), and for one in ten the first two capitalised names of its body."""
    key = zlib.crc32((draft.url or str(n)).encode())
    tags = [TAGS[key % len(TAGS)]]
    entities: list[tuple[str, int, int]] = []
    if n % ENTITY_EVERY == 0:
        seen: set[str] = set()
        for match in _NAME.finditer(draft.body[:4000]):
            if match.group(1) not in seen:
                seen.add(match.group(1))
                entities.append((match.group(1), match.start(1), match.end(1)))
            if len(entities) == 2:
                break
    return Markup(tags, entities)


@dataclass
class BenchQuery:
    """One query: its kind, as typed into Clipper, and the FTS5 ``MATCH`` expression with an
    optional range of publication dates (FTS5 has no date syntax: a ``WHERE`` beside it)."""

    kind: str
    clipper: str
    fts5: str
    dates: tuple[str, str] | None = None
    facets: bool = False


def _quoted(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def _words_fts5(words: str) -> str:
    return " ".join(_quoted(w) for w in words.split())


def query_set(drafts: list[ClippingDraft], words: int = 80, each: int = 12,
              seed: int = 23) -> list[BenchQuery]:
    """``words`` plain-word queries and about ``each`` of every other kind."""
    rng = random.Random(seed)
    queries = [BenchQuery("words", q, _words_fts5(q)) for q in make_queries(drafts, words)]
    english = [d for d in drafts if (d.language or "en").startswith("en") and len(d.body) > 400]

    def text_words(draft: ClippingDraft, field: str = "body") -> list[str]:
        return [w.lower() for w in _WORD.findall(getattr(draft, field))
                if w.lower() not in QUERY_STOPWORDS]

    for _ in range(each):  # two words in a row, as a phrase
        tokens = _WORD.findall(rng.choice(english).body)
        i = rng.randrange(len(tokens) - 1)
        phrase = f"{tokens[i]} {tokens[i + 1]}".lower()
        queries.append(BenchQuery("phrase", f'"{phrase}"', _quoted(phrase)))
    for field, pick in (("title", lambda d: text_words(d, "title")),
                        ("source", lambda d: text_words(d, "source_name") if d.source_name
                         else []),
                        ("author", lambda d: [w.lower() for a in d.authors
                                              for w in _WORD.findall(a)])):
        made = 0
        while made < each:
            found = pick(rng.choice(english))
            if found:
                word = rng.choice(found)
                queries.append(BenchQuery(field, f"{field}:{word}", f"{field}:{_quoted(word)}"))
                made += 1
    names = sorted({name for n, d in enumerate(drafts) for name, _s, _e in markup(n, d).entities})
    for name in rng.sample(names, min(each, len(names))):
        queries.append(BenchQuery("entity", f'entity:"{name}"', f"entity:{_quoted(name)}"))
    for tag in TAGS[:4]:
        queries.append(BenchQuery("tag", f"tag:{tag}", f"tag:{_quoted(tag)}"))
    dated = [d for d in english if d.published]
    for _ in range(each):  # a word within half a year
        draft = rng.choice(dated)
        word = rng.choice(text_words(draft) or ["news"])
        assert draft.published is not None
        start = draft.published.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        end_month = start.month + 5
        end = start.replace(year=start.year + (end_month - 1) // 12,
                            month=(end_month - 1) % 12 + 1, day=28)
        first, last = start.date().isoformat(), end.date().isoformat()
        queries.append(BenchQuery("date range", f"{word} date:[{first} to {last}]",
                                  _quoted(word), (first, f"{last}T23:59:59")))
    for query in make_queries(english, each, seed=seed):  # the first word NOT the last
        parts = query.split()
        if len(parts) >= 2:
            clipper = f"{' '.join(parts[:-1])} NOT {parts[-1]}"
            fts5 = f"{_words_fts5(' '.join(parts[:-1]))} NOT {_quoted(parts[-1])}"
            queries.append(BenchQuery("not", clipper, fts5))
    for query in make_queries(english, each, seed=seed + 1):
        queries.append(BenchQuery("facets", query, _words_fts5(query), facets=True))
    cjk = [d for d in drafts if has_bigram_script(d.body)]
    for _ in range(each if cjk else 0):  # two characters of a run, as such words often are
        runs = _CJK_RUN.findall(rng.choice(cjk).body)
        if runs:
            run = rng.choice(runs)
            i = rng.randrange(len(run) - 1)
            queries.append(BenchQuery("cjk", run[i:i + 2], _quoted(run[i:i + 2])))
    return queries
