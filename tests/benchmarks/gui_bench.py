"""How the desktop application behaves on a large library: start to interactive window, time to
show a clipping, the cost of scrolling the list, peak memory. Prints JSON.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.benchmarks.gui_bench LIBRARY_DIR
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.memory import peak_rss_mb

STARTED = time.perf_counter()  # as early as this module runs: imports count as start-up


def measure(folder: Path) -> dict[str, float]:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from clipper.app import check_database_later, open_or_recover
    from clipper.gui.main_window import MainWindow
    from clipper.gui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv)
    library = open_or_recover(folder)  # as the application opens it
    assert library is not None
    settings = Settings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"),
                                  QSettings.Format.IniFormat))
    window = MainWindow(library, settings)
    window.show()
    app.processEvents()
    window.list.viewport().repaint()
    interactive = time.perf_counter() - STARTED
    check_database_later(window, library, [])  # every page read on the worker, as the app does

    ids = window.model.ids()
    shows = []
    for clipping_id in ids[:: max(1, len(ids) // 40)][:40]:
        start = time.perf_counter()
        window.open_clipping(clipping_id)
        window.reader.viewport().repaint()
        shows.append(time.perf_counter() - start)

    start = time.perf_counter()
    window.changed(None)  # what every edit that changes lists or counts costs the GUI thread
    refresh = time.perf_counter() - start
    window.worker.wait()

    bar = window.list.verticalScrollBar()
    steps = []
    for value in range(0, bar.maximum(), max(1, bar.maximum() // 400)):
        start = time.perf_counter()
        bar.setValue(value)
        window.list.viewport().repaint()
        steps.append(time.perf_counter() - start)
    window.close()
    library.close()
    return {
        "clippings": len(ids),
        "start_to_interactive_s": round(interactive, 3),
        "show_clipping_median_ms": round(statistics.median(shows) * 1000, 1),
        "show_clipping_max_ms": round(max(shows) * 1000, 1),
        "refresh_after_edit_ms": round(refresh * 1000, 1),
        "scroll_steps": len(steps),
        "scroll_step_median_ms": round(statistics.median(steps) * 1000, 2),
        "scroll_step_max_ms": round(max(steps) * 1000, 1),
        "scroll_stalls_over_100ms": sum(1 for s in steps if s > 0.1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }



if __name__ == "__main__":
    print(json.dumps(measure(Path(sys.argv[1])), indent=2))
