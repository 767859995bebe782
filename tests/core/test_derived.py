"""Derived copies: shingles, overlap passages in both texts, links and their bias note, and
briefings that fold copies under their original (read back with pypdf)."""

import pypdf
import pytest

from clipper.core.briefing import BriefingOptions, export_briefing
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.derived import compare, index_sample
from clipper.core.errors import InvalidInputError
from clipper.core.records import ClippingDraft
from tests.conftest import ROOT, SEED_FILE

DATA = ROOT / "tests" / "data" / "analyst"
COPIED = ("The Port of Rotterdam handled a record 15.3 million containers last year, driven by "
          "a surge in trade with Asia and the reopening of shipping lanes through the Red Sea")
REWORDED = ("slow this year as tariffs between the European Union and the United States weigh "
            "on transatlantic trade")


def add_file(library, name):
    path = SEED_FILE if name == "seed" else DATA / name
    return library.add_clipping(parse_text_clipping(path.read_text(encoding="utf-8"))).id


@pytest.fixture
def pair(library):
    return library, add_file(library, "derived_original.txt"), add_file(library, "derived_copy.txt")


def test_a_rewrite_is_found_with_its_shared_passages_in_both_texts(pair):
    library, original, copy = pair
    add_file(library, "seed")
    [candidate] = library.find_derived(copy)
    assert candidate.clipping_id == original and candidate.source == "Lloyd's List"
    assert candidate.likely_original and not candidate.linked
    assert 0.4 < candidate.score < 0.8 and candidate.reverse < candidate.score
    bodies = library.bodies([original, copy])
    shared = [(bodies[copy][p.start:p.end], bodies[original][p.other_start:p.other_end])
              for p in candidate.passages]
    assert shared == [(COPIED, COPIED), (REWORDED, REWORDED)]
    [back] = library.find_derived(original)
    assert back.clipping_id == copy and not back.likely_original
    assert back.score == candidate.reverse


def test_unrelated_texts_and_short_boilerplate_are_not_candidates(library):
    seed = add_file(library, "seed")
    add_file(library, "wire_steel.txt")
    assert library.find_derived(seed) == []
    overlap = compare("one two three four", "one two three four")
    assert overlap.containment == 0.0 and overlap.passages == []


def test_cjk_text_is_shingled_by_character():
    a = "中国呼吁与日本韩国和东盟加强科技合作共同推动区域创新发展"
    b = "报道称中国呼吁与日本韩国和东盟加强科技合作"
    overlap = compare(b, a)
    assert overlap.containment > 0.6
    [passage] = overlap.passages
    assert b[passage.start:passage.end] == "中国呼吁与日本韩国和东盟加强科技合作"
    assert len(index_sample(a)) == len(a) - 4  # short texts keep every shingle


def test_link_adds_a_bias_note_and_unlink_takes_it_away(pair):
    library, original, copy = pair
    linked = library.link_derived(copy, original)
    assert linked.derived_from_id == original
    notes = [v for v in library.get_clipping(copy).bias_notes if v.clipping_level]
    assert [(v.category.key, v.note.note) for v in notes] == [(
        "summary-of-another", f"Derived from clipping {original}: \u201cPort of Rotterdam "
        "reports record container volumes\u201d (Lloyd's List).")]
    assert library.find_derived(copy)[0].linked
    assert library.derived_copies(original) == [copy]
    assert library.search("bias:summary-of-another").total == 1
    with pytest.raises(InvalidInputError):
        library.link_derived(original, copy)  # a cycle
    with pytest.raises(InvalidInputError):
        library.link_derived(copy, copy)
    library.unlink_derived(copy)
    assert library.get_clipping(copy).clipping.derived_from_id is None
    assert not library.get_clipping(copy).bias_notes
    library.link_derived(copy, original, add_bias_note=False)
    assert not library.get_clipping(copy).bias_notes


def test_an_edited_text_is_reshingled(pair):
    library, original, copy = pair
    assert library.find_derived(copy)
    library.update_clipping(copy, body="Entirely new words about a different harbour today.")
    assert library.refresh_shingles() == 1
    assert library.find_derived(copy) == []
    assert library.refresh_shingles() == 0


def test_briefing_with_key_quotes_and_folded_copies(pair, tmp_path):
    library, original, copy = pair
    seed = add_file(library, "seed")
    library.link_derived(copy, original)
    straits = library.get_clipping(seed).source
    library.set_source_note(straits.id, "reliable", "Singapore daily of record.")
    folded = tmp_path / "folded.pdf"
    result = export_briefing(library, [seed, original, copy], folded,
                             BriefingOptions(title="Ports and tech", fold_derived=True))
    assert result.clippings == 2
    text = _text(folded)
    assert "Key quotes" in text and "Zhao Yiping" in text
    assert "We want to create a virtuous circle" in text
    assert "Also reported by Shipping Digest" in text
    assert "Rotterdam posts best year ever for containers" in text  # named under the original
    assert "Outlets and their bias" in text and "Singapore daily of record." in text
    assert "reliable" in text
    plain = tmp_path / "plain.pdf"
    result = export_briefing(library, [seed, original, copy], plain,
                             BriefingOptions(title="Ports and tech", key_quotes=False,
                                             audience="external"))
    assert result.clippings == 3
    text = _text(plain)
    assert "Key quotes" not in text and "Also reported by" not in text
    assert "Singapore daily of record." not in text and "reliable" in text


def _text(path):
    return " ".join(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages).split())


def test_a_library_without_clippings_to_compare(library):
    only = library.add_clipping(ClippingDraft(title="Alone", body="Just a few words here.")).id
    assert library.find_derived(only) == []
