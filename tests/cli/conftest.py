"""The command line as a user runs it: the installed `clipper` in a subprocess, on a library
folder of the test's own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

CLIPPER = str(Path(sys.executable).parent / "clipper")


def run(library: Path, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CLIPPER_LIBRARY": str(library)}
    result = subprocess.run([CLIPPER, *args], capture_output=True, text=True, env=env,
                            timeout=120)
    if check:
        assert result.returncode == 0, result.stderr
    return result


@pytest.fixture
def lib(tmp_path: Path) -> Path:
    return tmp_path / "library"
