"""``clipper team ...`` and the ordinary commands on a team library, run as a user runs them
(a process per command, real server): clear messages, no tracebacks, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests import pgserver
from tests.team.conftest import address


def clipper(*args: str, env: dict[str, str] | None = None,
            stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "clipper", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, input=stdin,
                          timeout=180)


def test_init_users_import_search_as_a_user_would(pg, tmp_path: Path):
    pg.psql('CREATE DATABASE "press office"')
    url = address(pg, "press office")
    try:
        done = clipper("team", "init", url)
        assert done.returncode == 0, done.stderr
        assert "created" in done.stdout and "press office_editor" in done.stdout
        assert clipper("team", "init", url).returncode == 0  # again: up to date, nothing lost
        done = clipper("--library", url, "team", "add-user", "alice", "--role", "editor",
                       "--password-stdin", stdin="horse battery\n")
        assert done.returncode == 0, done.stderr
        assert "horse" not in done.stdout + done.stderr
        done = clipper("--library", url, "team", "add-user", "rita", "--role", "reader")
        assert done.returncode == 0, done.stderr
        users = json.loads(clipper("--library", url, "team", "users", "--json").stdout)
        assert [(u["name"], u["role"]) for u in users] == [("alice", "editor"),
                                                          ("rita", "reader")]

        story = tmp_path / "story.txt"
        story.write_text("Ferry strike\n\nThe ferry crews of Calais struck on Friday.",
                         encoding="utf-8")
        alice = {"CLIPPER_LIBRARY": pg.url(user="alice", database="press office", tcp=True),
                 "PGPASSWORD": "horse battery", "XDG_CACHE_HOME": str(tmp_path / "alice")}
        done = clipper("import", str(story), env=alice)
        assert done.returncode == 0, done.stderr
        found = clipper("search", "ferry", "--json", env=alice)
        assert found.returncode == 0 and json.loads(found.stdout)["total"] == 1

        rita = {"CLIPPER_LIBRARY": pg.url(user="rita", database="press office"),
                "XDG_CACHE_HOME": str(tmp_path / "rita")}
        found = clipper("search", "calais", "--json", env=rita)
        assert found.returncode == 0 and json.loads(found.stdout)["total"] == 1
        refused = clipper("tag", "1", "transport", env=rita)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert "read and export" in refused.stderr

        wrong = {**alice, "PGPASSWORD": "wrong"}
        refused = clipper("search", "ferry", env=wrong)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
        assert "password" in refused.stderr and "wrong" not in refused.stderr.replace(
            "wrong password", "")
        refused = clipper("backup", env=alice)
        assert refused.returncode == 2 and "pg_dump" in refused.stderr

        done = clipper("--library", url, "team", "remove-user", "rita")
        assert done.returncode == 0
        refused = clipper("search", "calais", env=rita)
        assert refused.returncode == 2 and "Traceback" not in refused.stderr
    finally:
        pg.psql('DROP DATABASE "press office" WITH (FORCE)')
        for role in ("reader", "editor", "admin"):
            pg.psql(f'DROP ROLE IF EXISTS "press office_{role}"')


def test_upload_command_reports_duplicates(pg, team_db, tmp_path: Path):
    story = tmp_path / "story.txt"
    story.write_text("Ferry strike\n\nThe ferry crews of Calais struck on Friday.",
                     encoding="utf-8")
    mine = str(tmp_path / "mine")
    assert clipper("--library", mine, "import", str(story)).returncode == 0
    archive = tmp_path / "mine.zip"
    assert clipper("--library", mine, "archive", "export", str(archive)).returncode == 0
    env = {"CLIPPER_LIBRARY": address(pg, team_db), "XDG_CACHE_HOME": str(tmp_path / "c")}
    done = clipper("team", "upload", mine, env=env)
    assert done.returncode == 0, done.stderr
    assert "Uploaded 1 clipping" in done.stdout
    done = clipper("team", "upload", str(archive), env=env)
    assert done.returncode == 0, done.stderr
    assert "Uploaded 0 clippings" in done.stdout and "Ferry strike" in done.stdout
    refused = clipper("team", "users", env={"CLIPPER_LIBRARY": mine})
    assert refused.returncode == 2 and "postgresql://" in refused.stderr


def test_no_team_commands_without_a_server_address():
    refused = clipper("team", "init", "/tmp/not-a-server")
    assert refused.returncode == 2 and "not a PostgreSQL address" in refused.stderr
    assert pgserver.SUPERUSER  # the fixture module is importable without a server


def test_a_server_away_is_one_clear_line_and_a_non_zero_exit(pg, team_db, tmp_path: Path):
    env = {"CLIPPER_LIBRARY": address(pg, team_db), "XDG_CACHE_HOME": str(tmp_path / "c")}
    assert clipper("search", "anything", env=env).returncode == 0
    pg.stop()
    try:
        for args in (("search", "anything"), ("list",), ("team", "users")):
            refused = clipper(*args, env={**env, "CLIPPER_LIBRARY": env["CLIPPER_LIBRARY"]}
                              if args[0] != "team" else
                              {**env, "CLIPPER_LIBRARY": address(pg, team_db)})
            assert refused.returncode == 2, refused.stderr
            lines = refused.stderr.strip().splitlines()
            assert len(lines) == 1 and "Cannot reach" in lines[0] and "Traceback" not in lines[0]
    finally:
        pg.start()
