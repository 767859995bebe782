"""Capture from the command line, end to end: real subprocesses, a real library folder, and a
real HTTP server on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.cli.conftest import run
from tests.webserver import Route, serve

DATA = Path(__file__).resolve().parent.parent / "data" / "capture"


def test_import_a_folder_of_pages_messages_and_feeds(lib, tmp_path):
    folder = tmp_path / "in"
    (folder / "mail").mkdir(parents=True)
    for name in ("article.html", "latin1.html", "rss.xml", "atom.xml"):
        shutil.copy(DATA / name, folder / name)
    for name in ("newsletter.eml", "plain_koi8r.eml"):
        shutil.copy(DATA / name, folder / "mail" / name)
    (folder / "catalog.xml").write_text("<?xml version='1.0'?><catalog><book/></catalog>")

    result = run(lib, "import", str(folder), "--json")
    assert result.returncode == 1  # the catalog is not a feed
    summary = json.loads(result.stdout)
    titles = sorted(entry["title"] for entry in summary["imported"])
    assert titles == sorted([
        "Digues : trois communes s’unissent",
        "Digues : trois communes s'unissent à Saint-Malô",
        "Ferry timetable changes from April",
        "Harbour towns agree to share flood defences",
        "Les digues seront entretenues en commun",
        "Ремонт набережной",
    ])
    # The page and the feed entry about the harbour have the same address: one of them
    # is reported as a duplicate of the other.
    assert [Path(d["path"]).name for d in summary["duplicates"]] == ["rss.xml"]
    assert [Path(f["path"]).name for f in summary["failed"]] == ["catalog.xml"]
    assert "not an RSS or Atom feed" in summary["failed"][0]["reason"]

    page_id = next(e["id"] for e in summary["imported"] if e["path"].endswith("article.html"))
    shown = json.loads(run(lib, "show", str(page_id), "--json", check=True).stdout)
    assert shown["source"]["name"] == "The Coastal Courier"
    assert shown["authors"] == ["Mara Lindqvist"]
    assert shown["published"].startswith("2024-03-14")
    assert "\n\nA decade of disputes\n\n" in shown["body"]
    found = json.loads(run(lib, "search", "набережной", "--json", check=True).stdout)
    assert found["total"] == 1


def test_add_a_web_address(lib):
    routes = {"/article": Route((DATA / "article.html").read_bytes())}
    with serve(routes) as base:
        added = json.loads(run(lib, "add", base + "/article", "--json", check=True).stdout)
        assert added["status"] == "imported"
        assert added["title"] == "Harbour towns agree to share flood defences"
        again = run(lib, "add", base + "/article", check=True)
        assert f"already stored as {added['id']}" in again.stdout
        missing = run(lib, "add", base + "/missing")
    assert missing.returncode == 2
    assert "was not found" in missing.stderr and "Traceback" not in missing.stderr
    shown = json.loads(run(lib, "show", str(added["id"]), "--json", check=True).stdout)
    assert shown["url"] == "https://courier.example.org/news/2024/03/harbour-flood-defences"


def test_feed_add_list_refresh_remove(lib, tmp_path):
    path = tmp_path / "courier.xml"
    shutil.copy(DATA / "rss.xml", path)
    added = run(lib, "feed", "add", str(path), "--every", "15", check=True)
    assert added.stdout.startswith("Feed 1: The Coastal Courier: News")

    refreshed = json.loads(run(lib, "feed", "refresh", "--json", check=True).stdout)
    assert len(refreshed[0]["new"]) == 2 and refreshed[0]["error"] is None
    again = run(lib, "feed", "refresh", "1", check=True)
    assert "new 0, duplicates 0, already captured 2, failed 0" in again.stdout

    [listed] = json.loads(run(lib, "feed", "list", "--json", check=True).stdout)
    assert (listed["title"], listed["unread"], listed["clippings"], listed["interval_minutes"],
            listed["mode"]) == ("The Coastal Courier: News", 2, 2, 15, "content")

    path.unlink()
    broken = run(lib, "feed", "refresh")
    assert broken.returncode == 1 and "no longer exists" in broken.stdout
    assert "last error: The feed file" in run(lib, "feed", "list", check=True).stdout

    run(lib, "feed", "remove", "1", check=True)
    assert json.loads(run(lib, "feed", "list", "--json", check=True).stdout) == []
    assert len(json.loads(run(lib, "list", "--json", check=True).stdout)) == 2
    gone = run(lib, "feed", "remove", "1")
    assert gone.returncode == 2 and "There is no feed 1" in gone.stderr


def test_reextract_puts_back_the_text_of_the_saved_original_and_keeps_marked_words(lib):
    from clipper.core.library import Library

    run(lib, "import", str(DATA / "article.html"), check=True)
    with Library.open(lib) as library:
        body = library.get_clipping(1).clipping.body
        library.update_clipping(1, body=body + "\n\nRelated: another story")
    dry = run(lib, "reextract", "--all", "--dry-run", check=True)
    assert "would change" in dry.stdout
    with Library.open(lib) as library:
        changed = library.get_clipping(1).clipping.body
        assert changed.endswith("another story")  # a dry run changes nothing
        start = changed.index("another story")
        library.add_annotation(1, start, start + len("another story"))
    kept = run(lib, "reextract", "1", check=True)
    assert "kept: 1 mark would no longer find its words" in kept.stdout
    forced = run(lib, "reextract", "1", "--force", check=True)
    assert "extracted again" in forced.stdout and "1 mark loses its words" in forced.stdout
    with Library.open(lib) as library:
        assert library.get_clipping(1).clipping.body == body
    assert run(lib, "reextract").returncode == 2


def test_reextract_fills_the_wire_of_a_clipping_captured_before_it_was_kept(lib, tmp_path):
    from clipper.core.library import Library
    from tests.core.test_wire import PAGE

    page = tmp_path / "wire-story.html"
    page.write_text(PAGE, encoding="utf-8")
    run(lib, "import", str(page), check=True)
    with Library.open(lib) as library:
        library.update_clipping(1, wire=None)
    done = run(lib, "reextract", "--all", check=True)
    assert "1  text unchanged; via Associated Press" in done.stdout
    with Library.open(lib) as library:
        assert library.get_clipping(1).clipping.wire == "Associated Press"
    assert "1  unchanged" in run(lib, "reextract", "1", check=True).stdout
