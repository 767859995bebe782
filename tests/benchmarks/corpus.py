"""Synthetic news-like clippings for benchmarks: words drawn from a Zipf-shaped frequency list
built into this file (the commonest English news words), titles, outlets, dates and authors."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from clipper.core.records import ClippingDraft

# Common words of English news prose, most frequent first (a Zipf law draws from them).
NEWS_WORDS = """
the of to and a in that for on is said with was as by at it from his has have be are an
he not its but this will their were had been after more would who they year which about
new than one up two also over when government people million first last out all officials
percent other we into minister president years could there because time state told some
can city week if former police united country since billion market under while before
between what three our against just during made public many national world may most around
states group only him company including where back told so make no still them party such
these those economic trade policy security military health report support week month day
countries american chinese european foreign international political financial energy climate
china japan korea asean india russia ukraine germany france britain europe africa america
election court law bank fund prices growth inflation rates investment technology research
science university ministry agency council parliament talks deal agreement summit leaders
water oil gas power industry workers jobs business companies markets exports imports tariffs
war peace forces troops attack border crisis refugees aid humanitarian development program
""".split()

OUTLETS = ["The Straits Times", "Reuters", "Associated Press", "The Guardian", "Le Monde",
           "Nikkei Asia", "South China Morning Post", "Der Spiegel", "Al Jazeera", "BBC News",
           "The Hindu", "Yonhap", "Kyodo", "Financial Times", "Bloomberg"]
AUTHORS = ["Ann Lee", "Jorge Ruiz", "Mei Chen", "Tom Okafor", "Sara Lind", "Kenji Sato"]


def make_drafts(count: int, words_per_clipping: int = 400, seed: int = 7) -> list[ClippingDraft]:
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(NEWS_WORDS))]
    start = datetime(2020, 1, 1, tzinfo=UTC)
    drafts = []
    for n in range(count):
        words = rng.choices(NEWS_WORDS, weights=weights, k=words_per_clipping)
        paragraphs = [" ".join(words[i:i + 60]).capitalize() + "."
                      for i in range(0, len(words), 60)]
        title = " ".join(rng.choices(NEWS_WORDS[60:], k=7)).capitalize() + f" ({n})"
        drafts.append(ClippingDraft(
            title=title, body="\n\n".join(paragraphs), source_name=rng.choice(OUTLETS),
            authors=[rng.choice(AUTHORS)], language="en",
            published=start + timedelta(hours=rng.randrange(0, 6 * 365 * 24)),
            url=f"https://news.example/{n}"))
    return drafts
