"""``clipper export`` end to end: a real subprocess writing a real PDF from a real library."""

from __future__ import annotations

from pathlib import Path

import pypdf

from clipper.cli import main
from clipper.core.capture.textfile import parse_text_clipping
from clipper.core.library import Library
from tests.cli.test_cli import run
from tests.conftest import SEED_FILE


def seeded(folder: Path) -> Path:
    with Library.open(folder) as library:
        library.add_clipping(parse_text_clipping(SEED_FILE.read_text(encoding="utf-8")))
    return folder


def text_of(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(path).pages).split())


def test_export_a_collection_with_settings_as_defaults(tmp_path):
    lib = seeded(tmp_path / "library")
    with Library.open(lib) as library:
        [clipping_id] = library.list_ids()
        collection = library.create_collection("East Asia", summary="Beijing courts neighbours.")
        library.add_to_collection(collection.id, [clipping_id])
        library.set_setting("briefing.author", "A. Analyst")
        library.set_setting("briefing.organisation", "Policy Unit")
        library.add_tags(clipping_id, ["private-tag"])
    output = tmp_path / "briefing.pdf"
    result = run(lib, "export", "--collection", "east asia", "-o", str(output),
                 "--marking", "Internal", "--full-text", "--paper", "letter", check=True)
    assert f"Wrote {output}: 1 clipping," in result.stdout
    reader = pypdf.PdfReader(output)
    assert reader.metadata.title == "East Asia"
    assert reader.metadata.author == "A. Analyst, Policy Unit"
    assert [round(float(x)) for x in reader.pages[0].mediabox[2:]] == [612, 792]
    text = text_of(output)
    for expected in ("East Asia", "Beijing courts neighbours.", "INTERNAL", "Policy Unit",
                     "private-tag", "Indo\u2011Pacific", "\U0001F79B"):
        assert expected in text, expected

    external = tmp_path / "external.pdf"
    run(lib, "export", "--query", "Zhao", "-o", str(external), "--audience", "external",
        "--title", "For partners", "--author", "", "--order", "date", check=True)
    text = text_of(external)
    assert "For partners" in text and "private-tag" not in text
    assert "A. Analyst" not in text


def test_export_user_errors_exit_2_with_one_line(tmp_path, capsys):
    lib = seeded(tmp_path / "library")
    out = str(tmp_path / "x.pdf")
    for args, message in (
            (["--collection", "Nope"], "There is no collection called 'Nope'."),
            (["--ids", "99"], "There is no clipping 99."),
            (["--query", "zzzqqq"], "No clippings match 'zzzqqq'."),
            (["--ids", "1", "-o", str(tmp_path / "missing" / "x.pdf")],
             f"Cannot write the briefing: the folder {tmp_path / 'missing'} does not exist."),
            (["--ids", "1", "-o", str(tmp_path)],
             f"{tmp_path} is a folder; give a file name for the PDF."),
            (["--ids", "1", "-o", str(tmp_path / "notes.txt")],
             "A briefing is a PDF: give a file name ending in .pdf, not 'notes.txt'."),
    ):
        assert main(["--library", str(lib), "export", "-o", out, *args]) == 2
        assert capsys.readouterr().err.strip() == f"clipper: {message}"
    assert not Path(out).exists()
    result = run(lib, "export", "--ids", "99", "-o", out)  # the same, as a real process
    assert result.returncode == 2
    assert result.stderr.strip() == "clipper: There is no clipping 99."


def test_collections_from_the_command_line_and_their_summary(tmp_path, capsys):
    lib = seeded(tmp_path / "library")

    def clipper(*args):
        status = main(["--library", str(lib), *args])
        out = capsys.readouterr()
        return status, out.out + out.err

    assert clipper("collection", "create", "Asia brief", "--summary", "First draft.")[0] == 0
    assert clipper("collection", "add", "Asia brief", "1") == (0, "Asia brief: 1 clipping.\n")
    assert clipper("collection", "add", "Asia brief", "7") == \
        (2, "clipper: There is no clipping 7.\n")
    assert clipper("collection", "summary", "asia brief", "What Beijing wants.")[0] == 0
    status, listed = clipper("collection", "list")
    assert listed == "Asia brief: 1 clipping — What Beijing wants.\n"
    output = tmp_path / "brief.pdf"
    assert clipper("export", "--collection", "Asia brief", "-o", str(output))[0] == 0
    assert "What Beijing wants." in text_of(output)
    assert clipper("export", "--collection", "Asia brief", "-o", str(output), "--summary",
                   "Said differently.")[0] == 0
    text = text_of(output)
    assert "Said differently." in text and "What Beijing wants." not in text
    assert clipper("collection", "remove", "Asia brief", "1") == (0, "Asia brief: 0 clippings.\n")
    assert clipper("collection", "remove", "Nope", "1") == \
        (2, "clipper: There is no collection called 'Nope'.\n")


def test_export_opens_each_entry_with_the_article_unless_told_not_to(tmp_path):
    lib = tmp_path / "library"
    with Library.open(lib) as library:
        from clipper.core.records import ClippingDraft

        library.add_clipping(ClippingDraft(
            title="Ports reopen", source_name="Harbour Times",
            body="The ports of the region reopened on Monday after a week of strikes that "
                 "had stranded more than two hundred ships. Dock workers accepted a pay offer "
                 "late on Sunday.\n\nOfficials said cargo would move normally by Friday."))
    with_lede, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    run(lib, "export", "--query", "ports", "-o", str(with_lede), check=True)
    run(lib, "export", "--query", "ports", "-o", str(without), "--no-lede", check=True)
    assert "stranded more than two hundred ships" in text_of(with_lede)
    assert "stranded more than two hundred ships" not in text_of(without)
