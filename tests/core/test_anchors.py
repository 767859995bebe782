from hypothesis import given
from hypothesis import strategies as st

from clipper.core.anchors import make_anchor, resolve_anchor

TEXT = "Zhao said the fund would grow. Later, Zhao said the fund would shrink."


def test_anchor_found_at_its_offsets():
    anchor = make_anchor(TEXT, 38, 47)
    assert resolve_anchor(TEXT, anchor) == (38, 47)


def test_anchor_follows_text_inserted_before_it():
    anchor = make_anchor(TEXT, 38, 47)  # the second "Zhao said"
    edited = "UPDATE: " + TEXT
    assert resolve_anchor(edited, anchor) == (46, 55)


def test_anchor_picks_the_occurrence_whose_context_matches():
    anchor = make_anchor(TEXT, TEXT.index("shrink"), TEXT.index("shrink") + 6)
    edited = TEXT.replace("Later, ", "")
    start = edited.index("shrink")
    assert resolve_anchor(edited, anchor) == (start, start + 6)


def test_anchor_whose_words_are_gone_is_orphaned():
    anchor = make_anchor(TEXT, TEXT.index("grow"), TEXT.index("grow") + 4)
    assert resolve_anchor(TEXT.replace("grow", "expand"), anchor) is None


def test_ambiguous_anchor_with_no_matching_context_is_orphaned():
    text = "alpha beta gamma"
    anchor = make_anchor(text, 6, 10)
    other = "zzzz beta yyyy xxxx beta wwww"
    assert resolve_anchor(other, anchor) is None


@given(st.text(min_size=1, max_size=80), st.data())
def test_unchanged_text_resolves_every_anchor_to_itself(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        return
    assert resolve_anchor(text, make_anchor(text, start, end)) == (start, end)


@given(st.text(max_size=40), st.text(min_size=1, max_size=40), st.text(max_size=40))
def test_a_resolved_anchor_always_covers_the_quote(before, quote, after):
    text = before + quote + after
    if not quote.strip():
        return
    anchor = make_anchor(text, len(before), len(before) + len(quote))
    edited = "x" + text[: len(before)] + text[len(before):]
    span = resolve_anchor(edited, anchor)
    assert span is None or edited[span[0]:span[1]] == quote


def test_selections_snap_to_whole_words():
    from clipper.core.anchors import snap_to_words

    text = "The United States and China's trade, 中国和日本 and naïve café. 한국 정부"

    def snapped(part, start_off=0, end_off=0):
        start = text.index(part) + start_off
        x, y = snap_to_words(text, start, start + len(part) + end_off)
        return text[x:y]

    assert snapped("United States and Chin") == "United States and China"
    assert snapped("nited St") == "United States"
    assert snapped(" and ") == "and"
    assert snapped("aïv") == "naïve"
    assert snapped("日本") == "日本"  # no spaces between Chinese words: taken as selected
    assert snapped("국 정") == "한국 정부"  # Korean separates its words
    assert snapped("trade,") == "trade,"
    assert snap_to_words(text, 3, 4) == (4, 4)  # white space only: nothing
