"""A team library under load: five analysts' desktops on one PostgreSQL server.

    .venv/bin/python -m tests.benchmarks.team_bench [--clients 5] [--seconds 60] [--size 10000]

Starts a PostgreSQL cluster of its own (tests/pgserver.py), makes a team library with an editor
per client, and runs each client in a process of its own, with a desktop cache of its own, for
``--seconds``: capturing clippings (each with a word of its own), highlighting and noting them,
and searching; like the window, each takes its own changes into its own index at most once a
second, not after every write. Each client journals what returned. One more process watches as
a window does (waits for the server to announce a change, at most a second, then takes the
change log into its index) and times how long after a clipping was stored its word is found by
search there.

Then it checks that the server holds exactly what the clients journaled (nothing lost, nothing
twice), and measures a new desktop making a ``--size`` clipping team library searchable.
Prints a table and writes bench-results/team.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WATCH_INTERVAL = 1.0  # the window waits this long for an announcement (gui/following.py)
CLIENT_FLUSH_EVERY = 1.0  # a client takes its own changes into its index this often


def _token(client: int, n: int) -> str:
    """A word no other clipping has (letters only: the analyser keeps it whole)."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    tail, value = "", client * 100000 + n
    while True:
        tail = letters[value % 26] + tail
        value //= 26
        if not value:
            break
    return f"zq{tail}"


def run_client(url: str, client: int, seconds: float, journal: Path, seed: int,
               pace: float) -> None:
    """One analyst: capture, annotate, search, for ``seconds``; journal what returned."""
    from clipper.core.library import Library
    from clipper.core.records import ClippingDraft
    from tests.benchmarks.corpus import make_drafts

    rng = random.Random(seed)
    texts = make_drafts(200, words_per_clipping=250, seed=seed)
    mine: list[int] = []
    done = {"capture": 0, "annotate": 0, "search": 0}
    with Library.open(url, create=False) as library, journal.open("w") as out:
        library.auto_flush = False  # the window indexes on a worker, after a short delay
        end = time.monotonic() + seconds
        flushed = time.monotonic()
        n = 0
        while time.monotonic() < end:
            time.sleep(pace * rng.uniform(0.5, 1.5))
            if time.monotonic() - flushed >= CLIENT_FLUSH_EVERY:
                library.flush_index()
                flushed = time.monotonic()
            roll = rng.random()
            if roll < 0.4 or not mine:
                n += 1
                token = _token(client, n)
                text = texts[n % len(texts)]
                stored = time.time()
                clipping = library.add_clipping(ClippingDraft(
                    title=f"{text.title} ({token})", body=f"{token} {text.body}"))
                mine.append(clipping.id)
                out.write(json.dumps({"kind": "clipping", "id": clipping.id, "token": token,
                                      "stored": stored, "returned": time.time()}) + "\n")
                done["capture"] += 1
            elif roll < 0.7:
                target = rng.choice(mine)
                mark = library.add_annotation(target, 0, 2, note=f"note {client}-{n}")
                out.write(json.dumps({"kind": "annotation", "id": mark.id,
                                      "clipping": target}) + "\n")
                done["annotate"] += 1
            else:
                library.search(rng.choice(["minister", "trade", "talks", "election",
                                           _token(client, max(1, n - 1))]))
                done["search"] += 1
            out.flush()
        out.write(json.dumps({"kind": "done", **done}) + "\n")


def run_watcher(url: str, seconds: float, journals: list[Path], result: Path) -> None:
    """A window's way of following: wait for the server to announce a change (at most a
    second), take the log into the index, then look for the clippings journaled but not yet
    found (one search for all of them)."""
    from clipper.core.library import Library

    latencies: list[float] = []
    found: set[int] = set()
    with Library.open(url, create=False) as library:
        seen = library.data_version()
        end = time.monotonic() + seconds + 10
        while time.monotonic() < end:
            library.wait_for_change(WATCH_INTERVAL)
            version = library.data_version()
            if version == seen:
                continue
            seen = version
            library.flush_index()
            now = time.time()
            waiting = {entry["id"]: entry for entry in _journaled(journals)
                       if entry["id"] not in found}
            if not waiting:
                continue
            query = " OR ".join(entry["token"] for entry in waiting.values())
            for clipping_id in library.matching_ids(query):
                if clipping_id in waiting:
                    found.add(clipping_id)
                    latencies.append(now - waiting[clipping_id]["returned"])
    result.write_text(json.dumps({"latencies": latencies, "found": len(found)}))


def _journaled(journals: list[Path]) -> list[dict[str, Any]]:
    """The clippings the clients have journaled so far (a line being written is skipped)."""
    entries = []
    for path in journals:
        for line in path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry["kind"] == "clipping":
                entries.append(entry)
    return entries


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _check_journals(url: str, journals: list[Path]) -> dict[str, Any]:
    """The server holds exactly what the clients journaled: nothing lost, nothing twice."""
    from sqlalchemy import text

    from clipper.core.address import ServerAddress
    from clipper.core.server import connect

    clippings: dict[int, str] = {}
    annotations: set[int] = set()
    operations: dict[str, int] = {"capture": 0, "annotate": 0, "search": 0}
    for path in journals:
        for line in path.read_text().splitlines():
            entry = json.loads(line)
            if entry["kind"] == "clipping":
                clippings[entry["id"]] = entry["token"]
            elif entry["kind"] == "annotation":
                annotations.add(entry["id"])
            else:
                for key in operations:
                    operations[key] += entry[key]
    engine = connect(ServerAddress.parse(url))
    try:
        with engine.connect() as connection:
            stored = dict(connection.execute(text("SELECT id, body FROM clipping")).all())
            marks = {row[0] for row in connection.execute(text("SELECT id FROM annotation"))}
    finally:
        engine.dispose()
    lost = [i for i, token in clippings.items()
            if i not in stored or not stored[i].startswith(token + " ")]
    extra = [i for i in stored if i not in clippings]
    return {"operations": operations, "clippings_journaled": len(clippings),
            "clippings_stored": len(stored), "clippings_lost": len(lost),
            "clippings_extra": len(extra), "annotations_journaled": len(annotations),
            "annotations_stored": len(marks),
            "annotations_lost": len(annotations - marks),
            "annotations_extra": len(marks - annotations)}


def _new_desktop(pg: Any, size: int, work: Path) -> dict[str, float]:
    """A ``size`` clipping team library (stored by one desktop), then a new desktop builds its
    index from the server: seconds until it is searchable."""
    from clipper.core.library import Library
    from tests.benchmarks.corpus import make_drafts

    pg.psql("CREATE DATABASE bulk")
    from clipper.core.address import ServerAddress
    from clipper.core.team import init_team

    init_team(ServerAddress.parse(pg.url(database="bulk")))
    os.environ["XDG_CACHE_HOME"] = str(work / "filler")
    drafts = make_drafts(size, words_per_clipping=400, seed=3)
    started = time.perf_counter()
    with Library.open(pg.url(database="bulk"), create=False) as library:
        with library.deferred_indexing():
            for start in range(0, size, 500):
                library.add_clippings(drafts[start:start + 500], allow_duplicate=True)
        stored = time.perf_counter() - started
    os.environ["XDG_CACHE_HOME"] = str(work / "newcomer")
    started = time.perf_counter()
    with Library.open(pg.url(database="bulk"), create=False, replay=False) as library:
        opened = time.perf_counter() - started
        first = library.search("minister").total  # searching works before the index is built
        library.flush_index()
        built = time.perf_counter() - started
        assert library.search("minister").total >= first
        assert library.index_status().pending == 0
    return {"clippings": size, "store_seconds": round(stored, 1),
            "open_seconds": round(opened, 2), "searchable_seconds": round(built, 1),
            "clippings_per_second": round(size / built, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--pace", type=float, default=0.5,
                        help="seconds each client rests between operations (an analyst does "
                        "not capture twenty clippings a second); 0: as fast as it can")
    parser.add_argument("--out", default=str(ROOT / "bench-results" / "team.json"))
    parser.add_argument("--role", help=argparse.SUPPRESS)  # client N | watcher (internal)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    parser.add_argument("--journal", help=argparse.SUPPRESS)
    parser.add_argument("--journals", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.role == "watcher":
        run_watcher(args.url, args.seconds, [Path(j) for j in args.journals], Path(args.journal))
        return 0
    if args.role:
        client = int(args.role)
        run_client(args.url, client, args.seconds, Path(args.journal), seed=client,
                   pace=args.pace)
        return 0
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    from clipper.core.address import ServerAddress
    from clipper.core.team import TeamRole, add_user, init_team
    from tests import pgserver

    work = Path(tempfile.mkdtemp(prefix="clipper-team-bench-"))
    with pgserver.running_server() as pg:
        pg.psql("CREATE DATABASE press")
        admin = ServerAddress.parse(pg.url(database="press"))
        init_team(admin)
        journals = [work / f"client{n}.jsonl" for n in range(1, args.clients + 1)]
        processes = []
        for n, journal in enumerate(journals, 1):
            add_user(admin, f"analyst{n}", TeamRole.EDITOR)
            env = {**os.environ, "XDG_CACHE_HOME": str(work / f"desktop{n}")}
            journal.touch()
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "tests.benchmarks.team_bench", "--role", str(n),
                 "--url", pg.url(user=f"analyst{n}", database="press"),
                 "--seconds", str(args.seconds), "--journal", str(journal),
                 "--pace", str(args.pace)],
                cwd=ROOT, env=env))
        watched = work / "watcher.json"
        watcher = subprocess.Popen(
            [sys.executable, "-m", "tests.benchmarks.team_bench", "--role", "watcher",
             "--url", pg.url(database="press"), "--seconds", str(args.seconds),
             "--journal", str(watched), "--journals", *map(str, journals)],
            cwd=ROOT, env={**os.environ, "XDG_CACHE_HOME": str(work / "watcher")})
        failed = sum(p.wait() != 0 for p in [*processes, watcher])
        check = _check_journals(pg.url(database="press"), journals)
        seen = json.loads(watched.read_text()) if watched.exists() else {"latencies": []}
        latencies = seen["latencies"]
        desktop = _new_desktop(pg, args.size, work)
    ops = check["operations"]
    result = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
        "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                 capture_output=True, text=True).stdout.strip(),
        "clients": args.clients, "seconds": args.seconds, "pace_s": args.pace,
        "failed_processes": failed,
        "operations_per_second": round(sum(ops.values()) / args.seconds, 1),
        **check,
        "visible_elsewhere_p50_s": round(_percentile(latencies, 0.5), 2),
        "visible_elsewhere_p95_s": round(_percentile(latencies, 0.95), 2),
        "visible_elsewhere_max_s": round(max(latencies, default=float("nan")), 2),
        "clippings_seen_by_watcher": len(latencies),
        "new_desktop": desktop,
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2))
    print(f"Team library, {args.clients} clients (resting {args.pace} s between operations) "
          f"for {args.seconds:.0f} s on "
          f"{result['machine']} (commit {result['commit']})")
    print(f"  operations/s (all clients)        {result['operations_per_second']}"
          f"  ({ops['capture']} captures, {ops['annotate']} notes, {ops['search']} searches)")
    print(f"  found by another desktop's search  p50 {result['visible_elsewhere_p50_s']} s, "
          f"p95 {result['visible_elsewhere_p95_s']} s (target <= 2 s), "
          f"max {result['visible_elsewhere_max_s']} s, "
          f"{len(latencies)} of {check['clippings_journaled']} clippings")
    print(f"  lost / twice                       clippings {check['clippings_lost']} / "
          f"{check['clippings_extra']}, notes {check['annotations_lost']} / "
          f"{check['annotations_extra']}")
    print(f"  new desktop, {desktop['clippings']:,} clippings   searchable after "
          f"{desktop['searchable_seconds']} s ({desktop['clippings_per_second']}/s; the "
          f"library opened in {desktop['open_seconds']} s, search worked meanwhile)")
    return 0 if not failed and not check["clippings_lost"] and not check["clippings_extra"] \
        else 1


if __name__ == "__main__":
    sys.exit(main())
