"""The core never imports Qt (DESIGN.md, rule 1)."""

import re
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "clipper" / "core"


def test_core_sources_do_not_import_qt():
    offenders = [
        str(path) for path in CORE.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+(PySide6|shiboken6)", path.read_text(), re.M)
    ]
    assert offenders == []


def test_importing_the_core_loads_no_qt():
    code = (
        "import sys, pkgutil, importlib, clipper.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'clipper.core.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
