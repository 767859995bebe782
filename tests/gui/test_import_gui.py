"""A large import in the window: the list fills while it runs, and the search index catches up
afterwards with its progress in the status bar."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from clipper.core.records import ClippingDraft


def test_the_list_fills_while_an_import_runs(window, qtbot, gui_library, tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    for n in range(30):
        (folder / f"{n:02}.txt").write_text(f"Story {n}\n\nBody of story {n}.\n")
    dialog = window.import_paths([str(folder)])
    emitted = []
    dialog.stored.connect(lambda: emitted.append(window.model.rowCount()))
    qtbot.waitUntil(lambda: dialog.summary is not None, timeout=20000)
    dialog._on_progress(10, 30)  # what the worker reports while files are read
    dialog._tick()
    dialog._tick()  # nothing new since: no second refresh
    assert len(emitted) >= 1 and dialog._shown == 10
    count = len(emitted)
    dialog._tick()
    assert len(emitted) == count
    qtbot.waitUntil(lambda: window.model.rowCount() == 30, timeout=5000)


def test_after_a_large_import_the_index_catches_up_with_progress(window, qtbot, gui_library):
    gui_library.add_clippings([ClippingDraft(title=f"Clipping {n}", body=f"word{n} text")
                               for n in range(250)])  # queued: the window does not auto-flush
    assert gui_library.pending_index_changes() == 250
    window._imported(None)
    labels = [w for w in window.statusBar().findChildren(QLabel)
              if "search index" in w.text()]
    assert labels and "of 250 clippings" in labels[0].text()
    qtbot.waitUntil(lambda: gui_library.pending_index_changes() == 0, timeout=60000)
    qtbot.waitUntil(lambda: "up to date" in window.statusBar().currentMessage(), timeout=5000)
    assert gui_library.search("word249").total == 1
