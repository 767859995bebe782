from clipper.core.analysis import text_analyzer


def terms(text):
    return [t.text for t in text_analyzer()(text)]


def test_english_stemming_conflates_run_and_running():
    assert terms("running runs run") == ["run", "run", "run"]


def test_accents_are_folded():
    assert terms("Café Zürich") == ["cafe", "zurich"]


def test_cjk_runs_become_overlapping_bigrams():
    assert terms("中国科技") == ["中国", "国科", "科技"]
    assert terms("東京で会議") == ["東京", "京で", "で会", "会議"]
    assert terms("서울에서") == ["서울", "울에", "에서"]


def test_a_single_cjk_character_stays_a_term():
    assert terms("中 and") == ["中", "and"]


def test_offsets_point_at_the_original_characters():
    text = "Zhao 在北京 said"
    spans = [text[t.startchar:t.endchar] for t in text_analyzer()(text, chars=True)]
    assert spans == ["Zhao", "在北", "北京", "said"]


MIXED_TEXTS = [
    "",
    "Running runners ran; the RUNNING man's café — naïve Zoë!",
    "東京都の新しい知事は 2024年に選ばれた。서울 시장 선거 ภาษาไทย 国",
    "word_with_underscores 3.14 x-ray e-mail l'été ÉTÉ\nline two\tthe the the",
    "單 a 國 b 한 c",
]


def test_term_positions_make_whoosh_positions_byte_for_byte():
    """The index's one-pass postings (TermPositions) are what Whoosh's Positions format makes
    from the tokenizer's tokens: terms, counts, weights and encoded positions."""
    from whoosh.formats import Positions

    from clipper.core.analysis import TermPositions, text_analyzer

    analyzer = text_analyzer()
    for boost in (1.0, 3.0):
        fast, whoosh = TermPositions(field_boost=boost), Positions(field_boost=boost)
        for text in MIXED_TEXTS:
            made = sorted(fast.word_values(text, analyzer, mode="index"))
            assert made == sorted(whoosh.word_values(text, analyzer, mode="index")), text
            assert all(isinstance(weight, float) for _t, _c, weight, _v in made)
    assert [t for t, *_ in TermPositions().word_values("the the", analyzer)] == ["the"]
