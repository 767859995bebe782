"""Catching the search index up with the database (after a crash, a lost index or a large
import) on the worker, with its progress in the status bar."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QStatusBar

from clipper.core.library import Library
from clipper.gui.worker import Task, Worker


def catch_up_index(library: Library, worker: Worker, status_bar: QStatusBar,
                   report: Callable[[str], None],
                   report_unexpected: Callable[[BaseException], None]) -> None:
    """Index what is queued; the library can be read meanwhile, and search finds more as it
    goes."""
    label = QLabel()
    status_bar.addWidget(label)
    reason = library.index_status().reason or ""
    why = {"missing": "The search index was missing: rebuilding it",
           "damaged": "The search index was damaged: rebuilding it"}.get(
        reason, "Updating the search index")
    if library.address is not None and reason == "missing":
        why = "Building this computer's search index of the team library"

    def progress(done: int, total: int) -> None:
        label.setText(f"{why}: {done:,} of {total:,} clippings…")

    def finished() -> None:
        status_bar.removeWidget(label)
        report("The search index is up to date.")

    progress(0, library.pending_index_changes())
    worker.run(_flush_with_progress, library, on_progress=progress, on_error=report_unexpected,
               on_finished=finished)


def _flush_with_progress(library: Library, task: Task) -> int:
    """Worker side of ``catch_up_index``: progress goes back through the task's signal."""
    return library.flush_index(progress=task.progress)
