"""A real PostgreSQL server for the tests: a cluster in a temporary folder, on 127.0.0.1.

Debian's ``postgresql`` package provides the programs (``.ci/run`` installs it when missing).
PostgreSQL refuses to run as root, and CI runs as root: then the cluster belongs to the
``postgres`` account the package made, and is started through ``runuser``.

Connections over the local socket are trusted (the test superuser uses them to set up);
connections over TCP need a password (scram-sha-256), as a team's server would ask.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "clipper_test"


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def available() -> bool:
    return _bindir() is not None and (os.geteuid() != 0 or _account_exists("postgres"))


def _account_exists(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class PgServer:
    """A running cluster: its folder, port and socket directory."""

    folder: Path
    port: int
    bindir: Path
    as_root: bool

    @property
    def socket_dir(self) -> Path:
        return self.folder / "socket"

    def url(self, user: str = SUPERUSER, database: str = "postgres", tcp: bool = False,
            password: str | None = None) -> str:
        """A ``postgresql://`` address (socket unless ``tcp``)."""
        secret = f":{password}" if password else ""
        if tcp:
            return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"
        return f"postgresql://{user}{secret}@/{database}?host={self.socket_dir}&port={self.port}"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"),
                  "-w", "-t", "60", "-o",
                  f"-p {self.port} -k {self.socket_dir} -h 127.0.0.1 -F", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", mode, "-w", "stop",
                  check=False)

    def kill(self) -> None:
        """kill -9 of the postmaster (its children go when they notice)."""
        pid_file = self.folder / "data" / "postmaster.pid"
        pid = int(pid_file.read_text().split()[0])
        os.kill(pid, 9)
        for _ in range(100):
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)

    def psql(self, sql: str, user: str = SUPERUSER, database: str = "postgres",
             tcp: bool = False, password: str | None = None) -> subprocess.CompletedProcess[str]:
        """``psql`` as a user would run it (not through Clipper): returns the finished
        process (``returncode``, ``stdout``, ``stderr``)."""
        env = {**os.environ, "PGPASSWORD": password or ""}
        host = "127.0.0.1" if tcp else str(self.socket_dir)
        return subprocess.run(
            ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-p", str(self.port),
             "-U", user, "-d", database, "-At", "-c", sql],
            capture_output=True, text=True, env=env)


@contextmanager
def running_server() -> Iterator[PgServer]:
    """A new cluster, started; stopped and removed afterwards."""
    bindir = _bindir()
    if bindir is None:
        raise RuntimeError("PostgreSQL's programs are not installed (Debian: postgresql)")
    as_root = os.geteuid() == 0
    folder = Path(tempfile.mkdtemp(prefix="clipper-pg-"))
    (folder / "socket").mkdir()
    if as_root:
        os.chmod(folder, 0o755)
        shutil.chown(folder, "postgres", "postgres")
        shutil.chown(folder / "socket", "postgres", "postgres")
    server = PgServer(folder, _free_port(), bindir, as_root)
    server._run("initdb", "-D", str(folder / "data"), "-U", SUPERUSER, "--no-sync",
                "-E", "UTF8", "--locale=C.UTF-8", "--auth-local=trust",
                "--auth-host=scram-sha-256")
    with open(folder / "data" / "postgresql.conf", "a") as conf:
        # fsync off: a killed server keeps what the OS holds; synchronous_commit stays on, so
        # a commit that returned is in the WAL (a kill -9 test checks that nothing is lost)
        conf.write("fsync = off\nfull_page_writes = off\n"
                   "max_connections = 200\nshared_buffers = 64MB\n")
    server.start()
    try:
        yield server
    finally:
        server.stop("immediate")
        shutil.rmtree(folder, ignore_errors=True)
