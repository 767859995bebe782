"""``clipper --self-check``: does this installation work? Opens a temporary library, imports the
seed, searches, exports a briefing, starts the window offscreen, and exits 0 when all went well.
Made for installers and frozen builds, where a missing file or plugin shows up only at run time.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from clipper import __version__
from clipper.core import paths
from clipper.core.kinds import ImportStatus


def run_self_check(out: Callable[[str], None] = print) -> int:
    out(f"Clipper {__version__} self-check (Python {sys.version.split()[0]})")
    checks = (("resources", _resources), ("seed, import and search", _library),
              ("team library driver", _team_driver), ("window", _window))
    failures = 0
    with tempfile.TemporaryDirectory(prefix="clipper-self-check-") as folder:
        for name, check in checks:
            started = time.perf_counter()
            try:
                detail = check(Path(folder))
            except Exception as exc:  # a self-check reports every failure, whatever it is
                failures += 1
                out(f"  FAIL  {name}: {exc!r}")
            else:
                out(f"  ok    {name}: {detail} ({time.perf_counter() - started:.1f} s)")
    out("All checks passed." if not failures else f"{failures} check(s) failed.")
    return 0 if not failures else 1


def _resources(_folder: Path) -> str:
    fonts = sorted(p.name for p in (paths.resources_dir() / "fonts").glob("*.ttf"))
    if not fonts:
        raise RuntimeError(f"no fonts in {paths.resources_dir() / 'fonts'}")
    seeds = paths.seeds_dir()
    if seeds is None or not any(seeds.glob("*.txt")):
        raise RuntimeError("the sample clippings (seeds) are missing")
    return f"{len(fonts)} fonts, seeds in {seeds}"


def _team_driver(_folder: Path) -> str:
    """psycopg (with its libpq) and SQLAlchemy's dialect for it load: a team library on
    PostgreSQL can be opened (no server is needed to tell)."""
    import psycopg
    from sqlalchemy import create_engine

    from clipper.core.address import ServerAddress

    engine = create_engine(ServerAddress.parse("postgresql://check@/check").url)
    engine.dispose()
    libpq = psycopg.pq.version()
    return f"psycopg {psycopg.__version__}, libpq {libpq // 10000}.{libpq % 100}"


def _library(folder: Path) -> str:
    from clipper.core.briefing import BriefingOptions, export_briefing
    from clipper.core.importer import collect_files, import_files
    from clipper.core.library import Library

    seeds = paths.seeds_dir()
    if seeds is None:
        raise RuntimeError("the sample clippings (seeds) are missing")
    with Library.open(folder / "library") as library:
        events = list(import_files(library, collect_files([seeds])))
        imported = [e for e in events if e.status is ImportStatus.IMPORTED]
        if not imported:
            raise RuntimeError(f"the seed did not import: {events}")
        hits = library.search("Zhao Yiping").total
        if hits < 1:
            raise RuntimeError("search did not find the seed")
        ids = [e.clipping_id for e in imported if e.clipping_id is not None]  # all of them
        result = export_briefing(library, ids,
                                 folder / "briefing.pdf", BriefingOptions(title="Self-check"))
        if not library.check().ok:
            raise RuntimeError("database and index disagree")
    return (f"{len(imported)} imported, {hits} found, briefing of {result.pages} pages "
            f"({result.bytes // 1024} KB)")


def _window(folder: Path) -> str:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from clipper.core.library import Library
    from clipper.gui.main_window import MainWindow
    from clipper.gui.settings import Settings

    app = QApplication.instance() or QApplication([sys.argv[0]])
    assert isinstance(app, QApplication)  # Clipper makes no other kind of application
    with Library.open(folder / "window-library") as library:
        settings = Settings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(library, settings)
        window.show()
        app.processEvents()
        title = window.windowTitle()
        window.close()
        window.worker.wait()
        app.processEvents()
    return f"main window opened on the {app.platformName()} platform ({title!r})"
