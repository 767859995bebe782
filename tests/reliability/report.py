"""Run the reliability tests and print the table for docs/RELIABILITY.md.

    .venv/bin/python -m tests.reliability.report [extra pytest arguments]

The figures are the tests' own: each test notes what it tried and what happened
(``tests/reliability/record.py``); this script only runs them and adds the figures up.
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def machine() -> str:
    cpu = "unknown processor"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GiB, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, "
            f"SQLite {sqlite3.sqlite_version}")


def table(rows: list[dict]) -> str:
    merged: dict[tuple[str, str, str], int] = {}
    for row in rows:
        key = (row["fault"], row["outcome"], row["lost"])
        merged[key] = merged.get(key, 0) + int(row["tried"])
    lines = ["| Fault or input | Times | What happened | Lost |", "|---|---:|---|---|"]
    lines += [f"| {fault} | {tried} | {outcome} | {lost} |"
              for (fault, outcome, lost), tried in merged.items()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "log.jsonl"
        env = {**os.environ, "CLIPPER_RELIABILITY_LOG": str(log),
               "QT_QPA_PLATFORM": "offscreen"}
        result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                                 "tests/reliability", *argv], cwd=ROOT, env=env)
        rows = [json.loads(line) for line in log.read_text().splitlines()] \
            if log.exists() else []
    print(f"\nOn {date.today().isoformat()}, on {machine()}; tests "
          f"{'passed' if result.returncode == 0 else 'FAILED'}.\n")
    print(table(rows))
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
