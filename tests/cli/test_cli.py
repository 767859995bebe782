"""The command line end to end: real subprocesses on real files and a real library folder."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from tests.cli.conftest import CLIPPER, run
from tests.conftest import SEEDS


def test_import_seed_search_show_and_duplicate(lib):
    imported = run(lib, "import", str(SEEDS), check=True)
    assert "Imported 1, duplicates 0, failed 0." in imported.stdout

    found = json.loads(run(lib, "search", "Zhao Yiping", "--json", check=True).stdout)
    assert found["total"] == 1
    [hit] = found["results"]
    assert "<b class=" in hit["snippet"]

    shown = json.loads(run(lib, "show", str(hit["id"]), "--json", check=True).stdout)
    assert shown["title"] == ("China urges joint efforts with Japan, South Korea, ASEAN in "
                              "science and tech")
    assert shown["source"]["name"] == "The Straits Times"
    assert shown["url"].startswith("https://www.straitstimes.com/")
    assert [(n["category"], n["span"]) for n in shown["bias_notes"]] == [
        ("summary-of-another", None), ("editorial-commentary", None)]
    assert "This publication" not in shown["body"] and "Read the Full" not in shown["body"]

    again = run(lib, "import", str(SEEDS))
    assert again.returncode == 0
    assert "Imported 0, duplicates 1, failed 0." in again.stdout


def test_a_query_may_start_with_a_dash_and_options_may_follow_it(lib):
    run(lib, "import", str(SEEDS), check=True)
    left_out = json.loads(run(lib, "search", "-zhao", "--json", check=True).stdout)
    assert left_out["total"] == 0 and left_out["query"] == "-zhao"
    kept = json.loads(run(lib, "search", "-tokyo", "ASEAN", "--limit", "5", "--json",
                          check=True).stdout)
    assert kept["total"] == 1 and kept["query"] == "-tokyo ASEAN"
    around = json.loads(run(lib, "search", "china", "-hamas", "ASEAN", "--json",
                            check=True).stdout)
    assert around["total"] == 1 and around["query"] == "china -hamas ASEAN"
    empty = run(lib, "search")
    assert empty.returncode == 2 and "give the words" in empty.stderr
    assert "Traceback" not in empty.stderr
    mistyped = run(lib, "search", "--limt", "5", "china")
    assert mistyped.returncode == 2 and "--limt" in mistyped.stderr


def test_a_bad_file_fails_alone_and_sets_the_exit_status(lib, tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Good title\n\nGood body.", encoding="utf-8")
    (folder / "sub" / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "nested.txt").write_text("Nested title\n\nAnother body.", encoding="utf-8")
    result = run(lib, "import", str(folder), "--json")
    assert result.returncode == 1
    summary = json.loads(result.stdout)
    assert len(summary["imported"]) == 2
    reasons = {Path(f["path"]).name: f["reason"] for f in summary["failed"]}
    assert set(reasons) == {"binary.txt", "empty.txt"}
    assert "binary" in reasons["binary.txt"] and "empty" in reasons["empty.txt"]
    assert "Traceback" not in result.stderr


def test_tag_list_check_reindex(lib):
    run(lib, "import", str(SEEDS), check=True)
    [row] = json.loads(run(lib, "list", "--json", check=True).stdout)
    assert run(lib, "tag", str(row["id"]), "asia", "tech", check=True).stdout.strip().endswith(
        "asia, tech")
    assert json.loads(run(lib, "search", "tag:tech", "--json").stdout)["total"] == 1
    check = run(lib, "check", check=True)
    assert "agree" in check.stdout
    assert "Reindexed 1" in run(lib, "reindex", check=True).stdout
    assert json.loads(run(lib, "check", "--json", check=True).stdout)["ok"] is True


def test_user_errors_exit_2_without_traceback(lib):
    run(lib, "import", str(SEEDS), check=True)
    missing = run(lib, "show", "999")
    assert missing.returncode == 2
    assert missing.stderr.strip() == "clipper: There is no clipping 999."
    bad_query = run(lib, "search", "((( title:", "--json")
    assert bad_query.returncode == 0
    for args, message in ((("search", "zhao", "--limit", "0"), "0 is too small"),
                          (("list", "--limit", "-1"), "-1 is too small"),
                          (("tag", "1", " "), "clipper: A tag needs a name."),
                          (("import", str(SEEDS), "/no/such/folder"),
                           "There is no file or folder /no/such/folder; nothing was imported")):
        result = run(lib, *args)
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr


def test_check_fails_when_index_and_database_differ(lib):
    run(lib, "import", str(SEEDS), check=True)
    db = sqlite3.connect(lib / "clipper.db")
    db.execute("UPDATE clipping SET revision = revision + 7")
    db.commit()
    db.close()
    # Opening the library replays nothing (the queue is empty), so check sees the stale doc.
    result = run(lib, "check")
    assert result.returncode == 1
    assert "Out of date in the index: 1" in result.stdout


@pytest.mark.slow
def test_kill_9_during_a_large_import_leaves_a_consistent_library(lib, tmp_path):
    folder = tmp_path / "many"
    folder.mkdir()
    words = ("trade ministry summit tariff export growth policy minister said week "
             "agreement energy bank fund technology regional").split()
    for n in range(3000):
        body = " ".join(words[(n * 7 + k) % len(words)] for k in range(400))
        (folder / f"{n:05}.txt").write_text(f"Clipping number {n}\n\n{body} {n}", "utf-8")
    env = {**os.environ, "CLIPPER_LIBRARY": str(lib)}
    process = subprocess.Popen([CLIPPER, "import", str(folder)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        try:
            with sqlite3.connect(lib / "clipper.db", timeout=1) as db:
                stored = db.execute("SELECT count(*) FROM clipping").fetchone()[0]
        except sqlite3.Error:
            continue
        if stored >= 300:
            break
    assert process.poll() is None, "the import finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert 300 <= stored < 3000
    result = run(lib, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "agree" in result.stdout
    listed = json.loads(run(lib, "list", "--json", check=True).stdout)
    assert len(listed) >= stored
    # The interrupted import can be run again: what is stored is reported as duplicates.
    again = run(lib, "import", str(folder))
    assert again.returncode == 0
    assert json.loads(run(lib, "check", "--json").stdout)["clippings"] == 3000
    shutil.rmtree(folder)


def test_output_into_a_closed_pipe_is_not_an_error(lib):
    run(lib, "import", str(SEEDS), check=True)
    env = {**os.environ, "CLIPPER_LIBRARY": str(lib)}
    shell = f"'{CLIPPER}' show 1 --json | head -c 10"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", shell], capture_output=True,
                            text=True, env=env, timeout=60)
    assert "Traceback" not in result.stderr
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("args, message", [
    (("add", "http://[::1"), "clipper: 'http://[::1' is not a valid web address"),
    (("add", "http://a..b/"), "clipper: 'http://a..b/' is not a valid web address"),
    (("feed", "add", "http://[::1"), "clipper: 'http://[::1' is not a valid web address"),
    (("add", "ftp://example.org/x"), "clipper: 'ftp://example.org/x' is not a web address"),
])
def test_malformed_addresses_are_user_errors(lib, args, message):
    result = run(lib, *args)
    assert result.returncode == 2 and result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.stderr


def test_a_library_path_that_cannot_be_one_and_reading_creates_nothing(tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a library")
    for args in (("list",), ("import", str(SEEDS))):
        result = run(a_file, *args)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.strip() == f"clipper: {a_file} is a file, not a Clipper library folder."
    assert a_file.read_text() == "not a library"
    typo = tmp_path / "librray"
    for args in (("search", "zhao"), ("tag", "1", "x"), ("collection", "create", "Brief"),
                 ("reindex",)):  # only the commands that bring clippings in make a library
        result = run(typo, *args)
        assert result.returncode == 2 and "There is no Clipper library" in result.stderr
        assert "clipper import" in result.stderr and not typo.exists()


def test_show_prints_highlights_entities_collections_and_the_summary(lib):
    from clipper.core.library import Library
    from clipper.core.records import ClippingDraft

    with Library.open(lib) as library:
        cid = library.add_clipping(ClippingDraft(
            title="Fund talks", body="Zhao Yiping spoke about the fund.",
            summary="Beijing offers money.")).id
        library.add_annotation(cid, 0, 11, note="who spoke")
        library.add_mention(cid, 0, 11, "Zhao Yiping", "person")
        library.add_to_collection(library.create_collection("Monday brief").id, [cid])
    shown = run(lib, "show", str(cid), check=True).stdout
    assert "Highlight:   “Zhao Yiping” — who spoke" in shown
    assert "Entities:    Zhao Yiping (person)" in shown
    assert "Collections: Monday brief" in shown
    assert "Summary:\nBeijing offers money." in shown
