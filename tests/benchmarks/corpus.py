"""Synthetic news-like clippings for benchmarks.

The vocabulary has the shape of real news prose: a few hundred function words that make up about
half of the running text, a few thousand content words and names, and a long tail of rare words
(made-up words built from syllables, standing in for the names, places and terms that appear in a
handful of articles), all drawn by a Zipf law. Articles are also "bursty" like real ones: each has
a few topic words of its own that come back several times. The words are written into this file,
so the texts are the same on every machine and need nothing from outside.
"""

from __future__ import annotations

import itertools
import random
from datetime import UTC, datetime, timedelta

from clipper.core.records import ClippingDraft

# Function words and the commonest verbs of English news prose, roughly most frequent first.
FUNCTION_WORDS = """
the of to and a in that for on is said with was as by at it from his has have be are an
he not its but this will their were had been after more would who they which about than
one up also over when out all we into there because if so no them such these those can could
some may most just while before between what our only him her she you i do did does or other
any each many much very should must might being made make told says say new first last two
three four five year years time week day month people
""".split()

# Content words of news: politics, economy, world, society, science; most frequent first.
CONTENT_WORDS = """
government minister president officials percent state country city police billion million
market united company including former national world public party group report economic
trade policy security military health support countries international political financial
energy climate election court law bank fund prices growth inflation rates investment
technology research ministry agency council parliament talks deal agreement summit leaders
water oil gas power industry workers jobs business companies markets exports imports tariffs
war peace forces troops attack border crisis refugees aid humanitarian development program
cooperation sanctions negotiations diplomats ambassador embassy treaty alliance nuclear
missile defence defense navy army coast guard island sea strait waters fishing vessels
shipping ports supply chain chips semiconductors manufacturing factories steel cars electric
batteries solar wind coal emissions carbon warming floods drought heat storm typhoon
earthquake disaster victims rescue hospital doctors patients vaccine virus pandemic disease
schools students teachers university science scientists study data artificial intelligence
digital internet online platform social media users privacy cyber hackers software
investors shares stocks bonds currency dollar yuan yen euro debt loans budget spending taxes
revenue profit losses quarter annual forecast economy recession recovery demand consumers
households wages unemployment employment labour labor union strike protest protesters rally
opposition ruling coalition vote voters campaign candidate polls ballot democracy reform
constitution judge trial prosecutors charges arrested prison sentence investigation
corruption scandal resignation cabinet premier chancellor governor mayor senator lawmakers
congress senate committee commission regulators regulation rules ban approval license
statement spokesman spokeswoman interview conference meeting visit trip delegation
bilateral multilateral regional global local rural urban province region capital village
population migrants migration asylum visa tourism tourists airline flights airport railway
train road bridge infrastructure construction housing property prices rent banks lending
central interest monetary fiscal stimulus package subsidies grants funding donors
food grain rice wheat farmers agriculture harvest fertiliser prices shortage exports
medicine drug pharmaceutical insurance pension retirement ageing births children women
rights freedom press journalists media censorship information propaganda disinformation
religion church mosque temple ethnic minority indigenous culture art film music sport
football olympics games team players coach season league championship victory defeat
officials warned announced agreed rejected denied confirmed expected plans planned
increase decrease rise fall rose fell higher lower record highest lowest level levels
strong weak major key important critical significant serious growing rising falling
largest biggest smaller largest second third next early late recent current previous
""".split()

PLACES = """
china japan korea asean india russia ukraine germany france britain europe africa america
chinese american european japanese korean indian russian british german french african
beijing tokyo seoul washington moscow london paris brussels delhi jakarta singapore manila
hanoi bangkok canberra berlin kyiv tehran cairo nairobi brasilia ottawa geneva davos
""".split()

PEOPLE = """
Zhao Yiping Li Wei Wang Fang Chen Jing Liu Yang Zhang Min Tanaka Hiroshi Suzuki Yuki Kim
Minjun Park Jiwoo Lee Seojun Nguyen Van Tran Thi Santos Maria Reyes Jose Sharma Priya Singh
Arjun Khan Ahmed Ali Hassan Petrov Ivan Smirnova Olga Schmidt Anna Dubois Claire Rossi Marco
Garcia Lucia Okafor Chidi Mensah Kwame Johnson Michael Williams Sarah Brown David Taylor Emma
""".split()

ORGANISATIONS = """
Reuters Xinhua Kyodo Yonhap Bernama Antara NATO WHO IMF WTO OPEC UNESCO UNICEF ASEAN APEC
Huawei Samsung Toyota Sony Tencent Alibaba Baidu Hyundai Panasonic Foxconn TSMC Petronas Temasek
Mitsubishi Hitachi Nissan Honda Siemens Airbus Boeing Shell Aramco Gazprom Tata Reliance Infosys
""".split()

OUTLETS = ["The Straits Times", "Reuters", "Associated Press", "The Guardian", "Le Monde",
           "Nikkei Asia", "South China Morning Post", "Der Spiegel", "Al Jazeera", "BBC News",
           "The Hindu", "Yonhap", "Kyodo", "Financial Times", "Bloomberg"]
AUTHORS = ["Ann Lee", "Jorge Ruiz", "Mei Chen", "Tom Okafor", "Sara Lind", "Kenji Sato",
           "Priya Nair", "Lukas Weber", "Aiko Mori", "Daniel Ortiz"]

_ONSETS = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
           "br", "ch", "dr", "gr", "kr", "pr", "sh", "st", "tr", "th"]
_VOWELS = ["a", "e", "i", "o", "u", "ai", "ea", "io", "ou"]
_CODAS = ["", "", "n", "r", "s", "l", "m", "t", "nd", "st", "x"]
RARE_WORDS = 20_000  # made-up words in the long tail of the vocabulary
ZIPF_EXPONENT = 1.1
TOPIC_SHARE = 0.12  # of an article's words are its own topic words


def _made_up_words(count: int, rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < count:
        syllables = rng.choice((2, 2, 3, 3, 4))
        word = "".join(rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables))
        words[word + rng.choice(_CODAS)] = None
    return list(words)


def vocabulary() -> list[str]:
    """Every word of the synthetic texts, most frequent first (ranks for the Zipf law)."""
    names = [w.lower() for w in PEOPLE + ORGANISATIONS]
    known = list(dict.fromkeys(FUNCTION_WORDS + CONTENT_WORDS[:60] + PLACES + CONTENT_WORDS[60:300]
                               + names + CONTENT_WORDS[300:]))
    tail = [w for w in _made_up_words(RARE_WORDS, random.Random(1)) if w not in set(known)]
    return known + tail


class _Sampler:
    """Draws words by a Zipf law (weight 1/rank**ZIPF_EXPONENT) over the vocabulary."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.cumulative = list(itertools.accumulate((rank + 1) ** -ZIPF_EXPONENT
                                                        for rank in range(len(words))))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        return rng.choices(self.words, cum_weights=self.cumulative, k=k)


def _sentence(words: list[str], proper: set[str]) -> str:
    """The words with names capitalised, and the first letter in upper case."""
    text = " ".join(w.capitalize() if w in proper else w for w in words)
    return text[:1].upper() + text[1:]


def make_drafts(count: int, words_per_clipping: int = 600, seed: int = 7) -> list[ClippingDraft]:
    """``count`` news-like drafts of about ``words_per_clipping`` words each."""
    rng = random.Random(seed)
    words = vocabulary()
    sampler = _Sampler(words)
    content_start = len(dict.fromkeys(FUNCTION_WORDS))
    proper = {w.lower() for w in PEOPLE + ORGANISATIONS} | set(PLACES)
    start = datetime(2020, 1, 1, tzinfo=UTC)
    drafts = []
    for n in range(count):
        # Topic words: a few content words and names, and a few rare ones, that recur.
        topic = ([rng.choice(words[content_start:content_start + 900]) for _ in range(4)]
                 + [rng.choice(words[900:]) for _ in range(3)])
        length = max(40, int(rng.gauss(words_per_clipping, words_per_clipping / 4)))
        text = sampler.draw(rng, length)
        for i in rng.sample(range(length), int(length * TOPIC_SHARE)):
            text[i] = rng.choice(topic)
        sentences, i = [], 0
        while i < length:
            size = rng.randint(8, 30)
            sentences.append(_sentence(text[i:i + size], proper) + ".")
            i += size
        paragraphs, i = [], 0
        while i < len(sentences):
            size = rng.randint(2, 5)
            paragraphs.append(" ".join(sentences[i:i + size]))
            i += size
        title_words = [*topic[:2], *sampler.draw(rng, 5)[:3], topic[4]]
        rng.shuffle(title_words)
        drafts.append(ClippingDraft(
            title=_sentence(title_words, proper) + f" ({n})",
            body="\n\n".join(paragraphs), source_name=rng.choice(OUTLETS),
            authors=[rng.choice(AUTHORS)], language="en",
            published=start + timedelta(hours=rng.randrange(0, 6 * 365 * 24)),
            url=f"https://news.example/{seed}/{n}"))
    return drafts
