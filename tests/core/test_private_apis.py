"""The private parts of libraries that Clipper relies on, pinned one contract at a time.

Clipper reaches past the public API of three libraries on hot paths (and of argparse):

- Whoosh's codec, in clipper/core/postings.py and scoring.py (bulk ranking of plain-word queries);
- ReportLab's font, PDF document, canvas and paragraph internals, in
  clipper/core/briefing/fonts.py, layout.py and bidi.py (ToUnicode fix, "page x of y",
  right-to-left lines);
- python-bidi's Rust binding ``get_display_inner`` (its debug report) and its legacy pure-Python
  steps, in clipper/core/briefing/bidi.py.

pyproject.toml bounds these libraries from above. When one of these tests fails after an
upgrade, the message names the library, its version and the contract that changed: adapt the
code it names (or keep the old version), then raise the bound. These tests check the contract
on a tiny real input; they do not re-run the features (the feature tests do that).
"""

from __future__ import annotations

import argparse
import inspect
import re
from importlib.metadata import version
from io import BytesIO
from itertools import accumulate
from math import log

import pytest


def _message(distribution: str, what: str, where: str, check: str) -> str:
    return (f"{distribution} {version(distribution)}: {what} changed. Clipper relies on it in "
            f"{where}. {check} Then adapt the upper bound of {distribution} in pyproject.toml.")


# --- Whoosh (whoosh-reloaded): clipper/core/scoring.py -------------------------------------

WHOOSH = "whoosh-reloaded"
SCORING = "clipper/core/postings.py and scoring.py"


def _whoosh(what: str, check: str) -> str:
    return _message(WHOOSH, what, SCORING, check)


@pytest.fixture(scope="module")
def whoosh_index(tmp_path_factory):
    from clipper.core.search import IndexDocument, SearchIndex

    index = SearchIndex(tmp_path_factory.mktemp("index"))
    # 300 documents with "tariff" (more than one postings block of 128), in two segments
    for start in (0, 150):
        index.apply([IndexDocument(id=n, revision=0, title=f"steel {n}",
                                   body=" ".join(["tariff"] * (1 + n % 3) + ["port"] * (n % 7)))
                     for n in range(start, start + 150)], [])
    yield index
    index.close()


@pytest.fixture
def segment_readers(whoosh_index):
    with whoosh_index._searching() as searcher:
        yield searcher, [(reader, base) for reader, base in searcher.reader().leaf_readers()]


def test_whoosh_lengths_are_a_per_document_column_of_one_byte(segment_readers):
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
    from whoosh.util.numeric import byte_to_length

    assert _lenfield("body") == "_body_len", _whoosh(
        "whoosh.codec.whoosh3._lenfield (the name of a field's lengths column)",
        "LengthCache.lengths reads each field's lengths from that column.")
    _searcher, readers = segment_readers
    for reader, _base in readers:
        column = reader._perdoc._cached_reader(_lenfield("body"), LENGTHS_COLUMN)
        assert column is not None, _whoosh(
            "SegmentReader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)",
            "It must give the reader of the field-length column.")
        assert (column._typecode, column._fixedlen) == ("B", 1), _whoosh(
            "the length column's reader (_typecode 'B', _fixedlen 1)",
            "_all_bytes reads all lengths at once only from such a column; else one by one "
            "(slow at 50,000 clippings).")
        count = reader.doc_count_all()
        raw = column._dbfile.get(column._basepos, min(count, column._count))
        stored = [byte_to_length(b) for b in raw] + [0] * (count - len(raw))
        expected = [reader.doc_field_length(d, "body") for d in range(count)]
        assert stored == expected, _whoosh(
            "the layout of the length column (_dbfile.get(_basepos, _count): one length byte "
            "per document, from document 0)", "BM25F scores would be wrong.")


def _postings(searcher, fieldname: str, word: str):
    from clipper.core.scoring import LengthCache, _look_up

    term = _look_up(searcher, fieldname, word, 1.0, LengthCache())
    assert term is not None and term.segments, _whoosh(
        "SegmentReader._terms (W3TermsReader.term_info, _postfile) or the field's format",
        "_look_up must find a term's postings in each segment; else Whoosh ranks (slowly).")
    return term


def test_whoosh_postings_read_a_block_at_a_time(segment_readers):
    from whoosh.reading import TermNotFound

    searcher, readers = segment_readers
    schema = searcher.schema
    with pytest.raises(TermNotFound):
        readers[0][0]._terms.term_info("body", schema["body"].to_bytes("absent"))
    term = _postings(searcher, "body", "tariff")
    blocks = 0
    for segment, (reader, _base, _terms, info) in enumerate(term.segments):
        assert not info.is_inlined()
        for values in (False, True):  # the ids and weights alone (cut pickle), then all
            read = term.postings[segment].blocks(None, values=values)
            assert read is not None, _whoosh(
                "W3TermInfo.extent() or the postings' layout (WHOOSH3_HEADER_MAGIC, then "
                "blocks: a signed int length, a pickled info tuple, the block's data)",
                "TermBlocks.blocks must read them; else Whoosh ranks (slowly).")
            ours = [(d, float(w)) for ids, weights, _v in read
                    for d, w in zip(ids, weights, strict=True)]
            public = list(reader.postings("body", term.tbytes).items_as("weight"))
            assert ours == [(int(d), float(w)) for d, w in public], _whoosh(
                "W3PostingsWriter's block data (a protocol 2 pickle of delta-coded ids, "
                "weights, values as bytes; zlib-compressed when the info says so)",
                "TermBlocks.blocks must give every posting (document, term frequency) once, in order.")
            blocks += len(read)
    assert blocks > 2 * len(readers), "the index should have several blocks per term"


@pytest.mark.parametrize("count", [1, 2, 3, 4, 200])
@pytest.mark.parametrize("weights", ["ones", "same", "varied"])
def test_whoosh_block_data_is_read_without_its_values(count, weights):
    """Blocks of every size (three values or fewer are pickled without a MARK) and every kind
    of weights (None for all 1.0, one float, a tuple), as W3PostingsWriter._write_block makes
    them: the cut pickle gives the same ids and weights as the whole one."""
    import zlib

    from whoosh.compat import dumps
    from whoosh.formats import Positions

    from clipper.core.postings import _ids_and_weights

    ids = tuple(range(0, count * 3, 3))
    kept = {"ones": None, "same": 2.0, "varied": tuple(float(1 + n % 4) for n in ids)}[weights]
    values = tuple(Positions().encode(list(range(n % 5 + 1))) for n in ids)
    data = dumps((ids, kept, values), 2)
    for compressed in (0, 3):
        stored = zlib.compress(data, compressed) if compressed else data
        assert _ids_and_weights(stored, compressed, count) == (ids, kept), _whoosh(
            "the pickle of a postings block (protocol 2: ids, weights, then values as bytes "
            "via _codecs.encode)", "scoring._ids_and_weights must read the first two.")


def test_whoosh_positions_are_read_a_block_at_a_time(segment_readers):
    from clipper.core.postings import decode_block_positions, decode_positions

    searcher, _readers = segment_readers
    term = _postings(searcher, "body", "port")
    for segment, (reader, _base, _terms, _info) in enumerate(term.segments):
        read = term.postings[segment].blocks(None, values=True)
        assert read is not None
        ours = [(d, decode_positions(v)) for ids, _w, values in read
                for d, v in zip(ids, values, strict=True)]
        together = [(d, list(accumulate(deltas))) for ids, _w, values in read
                    for d, deltas in zip(ids, decode_block_positions(values), strict=True)]
        public = [(int(d), positions)
                  for d, positions in reader.postings("body", term.tbytes).items_as("positions")]
        assert ours == public == together and ours, _whoosh(
            "the Positions format's value (a 4-byte count, then the pickled position deltas, "
            "protocol 2)",
            "Phrases ranked in bulk must find the words where Whoosh's phrase matcher does.")


def test_whoosh_bm25f_as_scoring_computes_it(segment_readers):
    from whoosh import scoring

    assert scoring.BM25F()._field_B == {} and scoring.BM25F(body_B=0.5)._field_B == {
        "body": 0.5}, _whoosh("BM25F._field_B (per-field B values)",
                              "rank_plain_words uses one B for all fields, only when it is empty.")
    b, k1 = scoring.BM25F().B, scoring.BM25F().K1
    ours = 2.0 * ((3 * (k1 + 1)) / (3 + k1 * ((1 - b) + b * 7 / 5)))
    assert scoring.bm25(2.0, 3, 7, 5, b, k1) == pytest.approx(ours), _whoosh(
        "whoosh.scoring.bm25", "_look_up and _score_term copy its formula.")
    searcher, readers = segment_readers
    frequency = sum(r.doc_frequency("body", "tariff") for r, _ in readers)
    assert searcher.idf("body", "tariff") == pytest.approx(
        log(searcher.doc_count_all() / (frequency + 1)) + 1), _whoosh(
        "WeightingModel.idf", "_look_up copies its formula.")


def test_whoosh_the_bulk_ranking_is_taken(whoosh_index):
    from clipper.core.scoring import LengthCache, plain_word_groups, rank_plain_words

    groups = plain_word_groups(whoosh_index.parse("tariff port")[0])
    with whoosh_index._searching() as searcher:
        ranking = rank_plain_words(searcher, groups, 0, 10, LengthCache())
    assert ranking is not None and ranking.total > 0, _whoosh(
        "something rank_plain_words checks (it gave up and left the query to Whoosh)",
        "See which of its checks returns None.")


# --- ReportLab: clipper/core/briefing/fonts.py, layout.py, bidi.py --------------------------

REPORTLAB = "reportlab"


def _reportlab(what: str, where: str, check: str) -> str:
    return _message(REPORTLAB, what, f"clipper/core/briefing/{where}", check)


@pytest.fixture
def font_registry(monkeypatch):
    """ReportLab's font registries, restored after the test (fonts registered here stay here)."""
    from reportlab.pdfbase import pdfmetrics

    monkeypatch.setattr(pdfmetrics, "_fonts", dict(pdfmetrics._fonts))
    # Empty, not a copy: a briefing made earlier in the run has registered these faces already.
    monkeypatch.setattr(pdfmetrics, "_dynFaceNames", {})
    return pdfmetrics


def _font_file() -> str:
    from clipper.core.briefing.fonts import font_dir

    return str(font_dir() / "DejaVuSans.ttf")


def test_reportlab_registers_truetype_faces_by_name(font_registry):
    from reportlab.pdfbase.ttfonts import TTFont

    first = TTFont("GuardFirst", _font_file())
    font_registry.registerFont(first)
    assert isinstance(first.face.name, bytes) and font_registry._dynFaceNames.get(
        first.face.name) is first, _reportlab(
        "pdfmetrics._dynFaceNames (registered TrueType fonts by face name, bytes)",
        "fonts.py (load)", "load() looks there for a plain TTFont of the same face.")
    second = TTFont("GuardSecond", _font_file())
    font_registry.registerFont(second)
    assert font_registry.getFont("GuardSecond") is first, _reportlab(
        "registerFont sharing fonts by face name", "fonts.py (load)",
        "If a face is no longer shared, load() need not rename ours.")
    glyphs = first.face.charToGlyph
    assert glyphs.get(ord("A")) and not glyphs.get(0x4E2D), _reportlab(
        "TTFont.face.charToGlyph (code point -> glyph)", "fonts.py (load)",
        "Each font's coverage is read from it.")


def test_reportlab_font_objects_can_be_replaced_after_add_objects(font_registry):
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    seen = {}

    class Probe(TTFont):
        def addObjects(self, doc):  # noqa: N802 - ReportLab's name
            state = self.state.get(doc)
            seen["subsets"] = [list(subset) for subset in state.subsets]
            seen["name"] = self.getSubsetInternalName(0, doc)[1:]
            super().addObjects(doc)
            pdf_font = doc.idToObject["BasicFonts"].dict[seen["name"]]
            seen["base"] = pdf_font.BaseFont
            stream = doc.idToObject[pdf_font.ToUnicode.name]
            seen["cmap"] = stream.content
            stream.content = "GUARD-CMAP"

    font = Probe("GuardProbe", _font_file())
    font_registry.registerFont(font)
    out = BytesIO()
    canvas = Canvas(out, pageCompression=0)
    canvas.setFont("GuardProbe", 10)
    canvas.drawString(10, 10, "Ab\u2192")
    canvas.save()
    where = "fonts.py (UnicodeTTFont.addObjects)"
    assert seen.get("subsets") and ord("\u2192") in seen["subsets"][0], _reportlab(
        "TTFont.state[doc].subsets (the code points of each subset, before addObjects)",
        where, "The ToUnicode CMap is rebuilt from them.")
    assert isinstance(seen["base"], str) and "beginbfchar" in seen["cmap"], _reportlab(
        "the PDF font objects (doc.idToObject['BasicFonts'].dict[subset name], its BaseFont "
        "and ToUnicode reference)", where, "")
    assert b"GUARD-CMAP" in out.getvalue(), _reportlab(
        "when the ToUnicode stream is written (no longer after TTFont.addObjects)", where,
        "The replaced CMap must be the one in the file.")


def test_reportlab_canvas_page_code_and_number():
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(BytesIO())
    fresh = (list(canvas._code), canvas._pageNumber)
    canvas.drawString(10, 10, "x")
    drawn = bool(canvas._code)
    canvas.showPage()
    assert (fresh, drawn, canvas._code, canvas._pageNumber) == (([], 1), True, [], 2), _reportlab(
        "Canvas._code (this page's operators) or Canvas._pageNumber (1 + pages shown)",
        "layout.py (BriefingCanvas.save)", "'Page x of y' counts the pages from them.")


def _paragraph(text: str, cls: type | None = None):  # noqa: ANN202
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    return (cls or Paragraph)(text, ParagraphStyle("guard", fontName="Helvetica", fontSize=10,
                                                   leading=12))


def test_reportlab_paragraph_lines_are_there_to_reorder():
    where = "bidi.py (_visual_lines, _visual_frags)"
    plain = _paragraph("one two three four five six seven eight")
    plain.wrap(60, 500)
    lines = plain.blPara.lines
    assert plain.blPara.kind == 0 and all(
        isinstance(words, list) for _extra, words in lines) and len(lines) > 1, _reportlab(
        "Paragraph.blPara of one style (kind 0, lines of (extra space, words))", where, "")
    styled = _paragraph("one <b>two</b> three four five six seven eight")
    assert [frag.text for frag in styled.frags][:2] == ["one ", "two"], _reportlab(
        "Paragraph.frags (fragments with .text, when made)", "bidi.py (BidiParagraph)", "")
    styled.wrap(60, 500)
    line = styled.blPara.lines[0]
    assert styled.blPara.kind == 1 and [f.text for f in line.words][:2] == ["one ", "two"], \
        _reportlab("Paragraph.blPara of several styles (kind 1, lines with .words: frags)",
                   where, "")
    clone = line.clone(words=[line.words[0].clone(text="eno ")])
    assert clone.words[0].text == "eno " and line.words[0].text == "one ", _reportlab(
        "clone(**changes) of lines and fragments", where, "")


def test_reportlab_draw_para_draws_bl_para():
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph

    assert "debug" in inspect.signature(Paragraph.drawPara).parameters
    para = _paragraph("alpha beta")
    para.wrap(200, 100)
    para.blPara = para.blPara.clone(lines=[(extra, ["ahpla", "ateb"])
                                           for extra, _words in para.blPara.lines])
    canvas = Canvas(BytesIO(), pageCompression=0)
    para.drawOn(canvas, 0, 0)
    assert "ahpla ateb" in "".join(canvas._code), _reportlab(
        "Paragraph.drawPara drawing the lines of self.blPara", "bidi.py (BidiParagraph.drawPara)",
        "Right-to-left lines are swapped into blPara just before drawing.")


def test_reportlab_split_paragraphs_are_of_the_same_class():
    from reportlab.platypus import Paragraph

    class Sub(Paragraph):
        pass

    para = _paragraph(" ".join(["word"] * 60), Sub)
    para.wrap(100, 1000)
    parts = para.split(100, 30)
    assert len(parts) == 2 and all(type(p) is Sub for p in parts), _reportlab(
        "Paragraph.split making its halves with self.__class__", "bidi.py (BidiParagraph.split)",
        "The halves must keep their direction.")


# --- python-bidi: clipper/core/briefing/bidi.py ----------------------------------------------

BIDI = "python-bidi"


def _bidi(what: str, check: str) -> str:
    return _message(BIDI, what, "clipper/core/briefing/bidi.py (embedding_levels)", check)


def test_bidi_debug_report_gives_a_level_per_utf8_byte():
    from bidi.bidi import get_display_inner

    text = "ab \u05d0\u05d1 (c)"  # Latin, Hebrew, a bracket pair
    report = get_display_inner(text, "R", True)
    levels = re.findall(r"Level\(\s*(\d+)",
                        report.rsplit("levels:", 1)[-1].split("paragraphs:", 1)[0])
    per_byte = [level for char in text for level in [2 if char in "abc" else 1]
                * len(char.encode("utf-8"))]
    assert [int(level) for level in levels] == per_byte, _bidi(
        "the debug report of bidi.bidi.get_display_inner(text, base_dir, True) (unicode-bidi's "
        "BidiInfo: 'levels: [Level(n), ...]' one per UTF-8 byte, before 'paragraphs:')",
        "Without it the levels come from the slower pure-Python algorithm (older bracket "
        "rules).")


def test_bidi_the_rust_levels_are_the_ones_used(monkeypatch):
    from clipper.core.briefing import bidi

    def fallback(text: str, level: int) -> list[int]:
        raise AssertionError(_bidi("the debug report of get_display_inner",
                                   "embedding_levels could not read it and fell back."))

    monkeypatch.setattr(bidi, "_python_levels", fallback)
    assert bidi.embedding_levels("\u05d0 (a) b", 1) == [1, 1, 1, 2, 1, 1, 2]


def test_bidi_legacy_algorithm_steps():
    from bidi import algorithm as uba

    text = "ab \u05d0\u05d1"
    try:
        assert uba.get_base_level(text) == 0 and uba.get_base_level(text[3:]) == 1
        storage = uba.get_empty_storage()
        storage["base_level"], storage["base_dir"] = 0, "L"
        uba.get_embedding_levels(text, storage)
        for index, char in enumerate(storage["chars"]):
            char["index"] = index
        uba.explicit_embed_and_overrides(storage)
        uba.resolve_weak_types(storage)
        uba.resolve_neutral_types(storage, False)
        uba.resolve_implicit_levels(storage, False)
        levels = [char["level"] for char in storage["chars"]]
    except (AttributeError, TypeError, KeyError) as error:
        raise AssertionError(_bidi(
            f"bidi.algorithm (the legacy pure-Python steps and their storage): {error!r}",
            "_python_levels and base_level call them.")) from error
    assert levels == [0, 0, 0, 1, 1], _bidi("the levels of bidi.algorithm's steps", "")


def test_bidi_mirrored_brackets():
    from bidi.mirror import MIRRORED

    assert (MIRRORED.get("("), MIRRORED.get("]"), MIRRORED.get("a")) == (")", "[", None), \
        _message(BIDI, "bidi.mirror.MIRRORED (mirrored characters)",
                 "clipper/core/briefing/bidi.py (visual_order)", "")


# --- argparse (the standard library; no bound: a new Python shows here) ----------------------

def test_argparse_actions_and_subparsers():
    parser = argparse.ArgumentParser(prog="guard")
    parser.add_argument("--library")
    commands = parser.add_subparsers()
    add = commands.add_parser("add", aliases=["a"])
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    ok = ("--library" in parser._option_string_actions and len(subparsers) == 1
          and list(dict.fromkeys(subparsers[0].choices.values())) == [add])
    assert ok, (f"Python {'.'.join(map(str, __import__('sys').version_info[:3]))}: argparse's "
                "_option_string_actions, _actions or _SubParsersAction.choices changed. Clipper "
                "relies on them in clipper/cli/parser.py (_add_global_options, "
                "_global_options_everywhere) to accept --library after a command.")
