"""Shared fixtures: real libraries in temporary folders, the seed, the shared corpora."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clipper.core.library import Library

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_FILE = next(SEEDS.glob("*.txt"))
CORPORA = Path(os.environ.get("CLIPPER_CORPORA", ROOT.parent / "shared" / "corpora"))


@pytest.fixture
def library(tmp_path: Path):
    lib = Library.open(tmp_path / "library")
    yield lib
    lib.close()


@pytest.fixture
def seed_text() -> str:
    return SEED_FILE.read_text(encoding="utf-8")


@pytest.fixture
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip("../shared/corpora is not present")
    return CORPORA
