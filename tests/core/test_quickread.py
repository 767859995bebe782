"""The ORM-free reading behind `clipper search` gives what the library gives, and steps aside
whenever the library's own care is needed."""

from __future__ import annotations

import argparse
import sqlite3
from datetime import UTC, datetime

import pytest

from clipper.cli import clippings as cli_clippings
from clipper.core import db, quickread
from clipper.core.errors import NotFoundError
from clipper.core.library import Library
from clipper.core.quickread import QuickReader
from clipper.core.records import ClippingDraft


def _library(tmp_path):
    library = Library.open(tmp_path / "lib")
    first = library.add_clipping(ClippingDraft(
        title="Harbour dues rise", body="The harbour authority raised its dues again.",
        source_name="Port Gazette", published=datetime(2026, 3, 1, 9, 30, tzinfo=UTC), tags=["trade", "ports"]))
    second = library.add_clipping(ClippingDraft(title="Quiet day", body="Nothing at the harbour."))
    library.add_annotation(first.id, 4, 11, note="check")
    library.add_bias_note(first.id, library.list_bias_categories()[0].key, "one-sided")
    library.update_clipping(second.id, flagged=True)
    return library, [first.id, second.id]


def test_rows_and_bodies_are_the_librarys(tmp_path):
    library, ids = _library(tmp_path)
    try:
        expected_rows = library.rows([*reversed(ids), 999])
        expected_bodies = library.bodies(ids)
    finally:
        library.close()
    reader = QuickReader.open(tmp_path / "lib")
    assert reader is not None
    try:
        assert reader.rows([*reversed(ids), 999]) == expected_rows
        assert reader.bodies(ids) == expected_bodies
    finally:
        reader.close()


def test_the_newest_ids_are_the_lists_first(tmp_path):
    library, _ids = _library(tmp_path)
    for day in (5, 1, 9, 9, 3):  # ties on the date: the newer id first, as the list
        library.add_clipping(ClippingDraft(title=f"Day {day}", body=f"Text {day} {len(_ids)}.",
                                           published=datetime(2026, 4, day, tzinfo=UTC)),
                             allow_duplicate=True)
    try:
        expected = library.list_ids()
    finally:
        library.close()
    reader = QuickReader.open(tmp_path / "lib")
    assert reader is not None
    try:
        assert reader.newest_ids(4) == expected[:4]
        assert reader.newest_ids(100) == expected
        assert reader.count() == len(expected)
    finally:
        reader.close()


def test_a_clippings_detail_is_the_librarys(tmp_path):
    """`clipper show` reads the folder directly: the same JSON as from the library, marks
    that lost their words (orphaned) included."""
    from clipper.core.serialize import detail_to_json

    library, ids = _library(tmp_path)
    body = "Minister Ana Lima said the harbour dues rise again. Traders object to the rise."
    clipping = library.add_clipping(ClippingDraft(
        title="Lima defends harbour dues", body=body, source_name="Port Gazette",
        authors=["Jo Park", "Li Wen"], wire="Reuters", tags=["ports"],
        published=datetime(2026, 3, 2, tzinfo=UTC), language="en")).id
    library.add_mention(clipping, 9, 17, "Ana Lima", "person")
    library.add_mention(clipping, 0, 4, "Ana Lima", "person", place="title")
    library.add_annotation(clipping, 52, 59, "green", "who?")
    library.add_annotation(clipping, 23, 35, note="the point")
    category = library.list_bias_categories()[0].key
    library.add_bias_note(clipping, category, "one side only")
    library.add_bias_note(clipping, category, "loaded", 40, 44)
    library.add_to_collection(library.create_collection("Monday").id, [clipping])
    library.update_clipping(clipping, body=body.replace("Traders object", "Shippers agree"))
    try:
        expected = {i: detail_to_json(library.get_clipping(i)) for i in [*ids, clipping]}
    finally:
        library.close()
    assert [m["orphaned"] for m in expected[clipping]["annotations"]] == [False, True]
    reader = QuickReader.open(tmp_path / "lib")
    assert reader is not None
    try:
        for clipping_id, data in expected.items():
            assert reader.detail_json(clipping_id) == data
        with pytest.raises(NotFoundError, match="There is no clipping 999"):
            reader.detail_json(999)
    finally:
        reader.close()


def test_steps_aside_when_the_library_must_open_it(tmp_path):
    library, ids = _library(tmp_path)
    library.close()
    folder = tmp_path / "lib"
    with sqlite3.connect(folder / "clipper.db") as connection:  # an index change left queued
        connection.execute("INSERT INTO indexqueue (clipping_id) VALUES (?)", (ids[0],))
    assert QuickReader.open(folder) is None
    assert QuickReader.open(tmp_path / "nowhere") is None
    assert quickread.SCHEMA_HEAD == db.SCHEMA_HEAD


def test_search_answers_alike_both_ways(tmp_path, monkeypatch):
    library, _ids = _library(tmp_path)
    library.close()
    args = argparse.Namespace(library=str(tmp_path / "lib"), query="harbour", limit=20,
                              order="relevance")
    quick = cli_clippings._quick_search(args)
    assert quick is not None
    monkeypatch.setattr(QuickReader, "open", classmethod(lambda cls, folder: None))
    assert cli_clippings._quick_search(args) is None
    with Library.open(tmp_path / "lib", read_only=True) as library:
        results = library.search("harbour", limit=20)
        rows = {row.id: row for row in library.rows([hit.id for hit in results.hits])}
    assert quick[0] == results
    assert quick[1] == rows


def test_the_command_line_searches_without_importing_the_orm(tmp_path):
    """`clipper search` on a folder imports neither SQLAlchemy nor the models (half a second),
    and `clipper --help` neither them nor the PostgreSQL driver."""
    import subprocess
    import sys

    library, _ids = _library(tmp_path)
    library.close()
    probe = ("import sys, io, contextlib\n"
             "from clipper.cli import main\n"
             "out = io.StringIO()\n"
             "with contextlib.redirect_stdout(out):\n"
             "    status = main(sys.argv[1:])\n"
             "heavy = sorted(m for m in ('sqlalchemy', 'sqlmodel', 'clipper.core.models', "
             "'psycopg') if m in sys.modules)\n"
             "print(status, heavy, 'Harbour dues rise' in out.getvalue())\n")
    searched = subprocess.run([sys.executable, "-c", probe, "--library", str(tmp_path / "lib"),
                               "search", "harbour"], capture_output=True, text=True, check=True)
    assert searched.stdout.split("\n")[0] == "0 [] True"
    helped = subprocess.run([sys.executable, "-c", probe.replace("status = main", "status = 0 #"),
                             "--help"], capture_output=True, text=True, check=True)
    assert helped.stdout.startswith("0 []")
