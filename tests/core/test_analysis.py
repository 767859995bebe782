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
