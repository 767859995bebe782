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
    """The window started as ``clipper`` starts it (clipper.app.run_gui): the first screen
    from a light read, the library's code loaded behind it, the library opened, the full
    window built; each phase timed."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    import clipper.cli.entry  # noqa: F401 - what `clipper` loads before the window
    from clipper.gui.first_screen import load_while_responsive, show_first_screen
    from clipper.gui.settings import Settings

    app = QApplication.instance() or QApplication(sys.argv)
    settings = Settings(QSettings(str(Path(tempfile.mkdtemp()) / "s.ini"),
                                  QSettings.Format.IniFormat))
    imported = time.perf_counter() - STARTED
    first = show_first_screen(folder, "Clipper", settings)  # shown and painted
    first_screen = time.perf_counter() - STARTED
    start = time.perf_counter()
    typed = []
    if first is not None:  # typing while the rest loads: each key is taken at once
        from PySide6.QtCore import QTimer

        def type_a_key() -> None:  # a key every 50 ms; how late each is taken tells
            first.field.insert("a")
            typed.append(time.perf_counter())

        timer = QTimer()
        timer.timeout.connect(type_a_key)
        timer.start(50)
    from clipper.app import _load_library_code, check_database_later, open_or_recover

    load_while_responsive(_load_library_code)
    if first is not None:
        timer.stop()
        first.field.clear()
    from clipper.gui.main_window import MainWindow

    loaded = time.perf_counter() - start
    start = time.perf_counter()
    library = open_or_recover(folder)  # as the application opens it
    assert library is not None
    opened = time.perf_counter() - start
    start = time.perf_counter()
    window = MainWindow(library, settings)
    if first is not None:
        first.hand_over(window)
    window.show()
    app.processEvents()
    window.list.viewport().repaint()
    built = time.perf_counter() - start
    window.worker.wait()  # the list's ids and the sidebar's counts, read on the worker
    app.processEvents()
    window.list.viewport().repaint()
    full = time.perf_counter() - STARTED
    phases = {"import_qt_and_first_screen_code_s": imported,
              "first_screen_read_and_paint_s": first_screen - imported,
              "load_library_code_s": loaded, "open_library_s": opened,
              "build_and_paint_window_s": built,
              "window_lists_filled_s": full - first_screen - loaded - opened - built}
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
        "start_to_interactive_s": round(first_screen if first is not None else full, 3),
        "start_to_full_window_s": round(full, 3),
        **{name: round(value, 3) for name, value in phases.items()},
        "typing_while_loading_keys": len(typed),
        "typing_while_loading_worst_gap_ms": round(max(
            (b - a for a, b in zip(typed, typed[1:], strict=False)), default=0) * 1000, 1),
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
