"""Global options (--library, --self-check, --version) work before and after the command,
for every command; counts in messages read right in the singular and the plural."""

from __future__ import annotations

import argparse

import pytest

from clipper.cli import main
from clipper.cli.parser import build_parser, search_words_last
from clipper.cli.words import count
from tests.conftest import SEEDS


def _parsers(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every command's parser with the words that reach it ("entities", "suggest")."""
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def test_every_command_takes_the_global_options_after_it():
    parsers = list(_parsers(build_parser()))
    assert len(parsers) > 30  # the commands and their actions
    for path, parser in parsers:
        options = parser._option_string_actions
        assert {"--library", "--self-check", "--version"} <= set(options), path
        if path and path != ("archive", "import"):  # that one's --library is the new library
            assert options["--library"].default is argparse.SUPPRESS, path
            assert options["--library"].dest == "library", path


@pytest.mark.parametrize("argv", [
    ["import", "a.txt"], ["search", "china"], ["show", "3"], ["list"], ["tag", "3", "x"],
    ["check"], ["reindex"], ["backup"], ["entities", "suggest", "3"],
    ["entities", "accept", "3", "Beijing"], ["collection", "list"],
    ["export", "--ids", "1", "-o", "b.pdf"], ["feed", "list"]])
def test_library_before_or_after_the_command(argv):
    parser = build_parser()
    before = parser.parse_args(search_words_last(["--library", "L1", *argv]))
    after = parser.parse_args(search_words_last([*argv, "--library", "L2"]))
    unset = parser.parse_args(search_words_last(argv))
    assert (before.library, after.library, unset.library) == ("L1", "L2", None)
    assert after.func is before.func
    both = parser.parse_args(search_words_last(["--library", "L1", *argv, "--library=L2"]))
    assert both.library == "L2"  # the one given last wins, as for any repeated option


def test_library_after_search_words_is_not_a_word():
    args = build_parser().parse_args(search_words_last(
        ["search", "china", "-trump", "--library", "L", "--limit", "3"]))
    assert args.library == "L" and args.query == ["china", "-trump"] and args.limit == 3


def test_archive_import_keeps_its_new_library_option():
    args = build_parser().parse_args(["archive", "import", "a.zip", "--library", "NEW"])
    assert args.new_library == "NEW"


def test_import_then_list_with_library_after_the_command(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("CLIPPER_LIBRARY", str(tmp_path / "elsewhere"))
    library = tmp_path / "library"
    assert main(["import", str(SEEDS), "--library", str(library)]) == 0
    assert "Imported 1, duplicates 0, failed 0." in capsys.readouterr().out
    assert main(["list", "--json", "--library", str(library)]) == 0
    assert "China urges joint efforts" in capsys.readouterr().out
    assert not (tmp_path / "elsewhere").exists()
    assert main(["reindex", "--library", str(library)]) == 0
    assert "Reindexed 1 clipping." in capsys.readouterr().out
    assert main(["check", "--library", str(library)]) == 0
    assert "Database: 1 clipping (" in capsys.readouterr().out


def test_version_after_a_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["list", "--version"])
    assert exit_.value.code == 0 and capsys.readouterr().out.startswith("clipper ")


@pytest.mark.parametrize(("n", "noun", "text"), [
    (1, "clipping", "1 clipping"), (0, "clipping", "0 clippings"),
    (2, "clipping", "2 clippings"), (1, "entity", "1 entity"), (3, "entity", "3 entities"),
    (1, "page", "1 page"), (1200, "mention", "1,200 mentions")])
def test_counts_read_right(n, noun, text):
    assert count(n, noun) == text
