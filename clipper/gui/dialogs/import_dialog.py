"""Importing files and folders with a progress bar and Cancel, then the summary: imported,
duplicates and failed with their reasons."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from clipper.core.importer import (
    ImportEvent,
    ImportSummary,
    collect_files,
    describe_skipped,
    import_files,
)
from clipper.core.kinds import ImportStatus
from clipper.core.library import Library
from clipper.gui.worker import Task, Worker


def run_import(library: Library, paths: list[str], task: Task) -> ImportSummary:
    """Worker side: import, reporting progress; stops between files when cancelled."""
    summary = ImportSummary()
    files = collect_files(paths, summary.skipped)
    task.progress(0, len(files))
    for event in import_files(library, files, lambda: task.cancelled):
        summary.add(event)
        # A feed file brings many clippings: progress counts files, never past the last.
        task.progress(min(len(summary.files_done()), len(files)), len(files))
    summary.cancelled = task.cancelled and summary.total < len(files)
    return summary


class ImportDialog(QDialog):
    finished_import = Signal(object)  # ImportSummary
    stored = Signal()  # more clippings were stored: the window shows them (at most each second)

    def __init__(self, library: Library, worker: Worker, paths: list[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import clippings")
        self.summary: ImportSummary | None = None
        self.status = QLabel("Looking for files…")
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.details = QTreeWidget()
        self.details.setHeaderLabels(["File", "Result"])
        self.details.setColumnWidth(0, 320)
        self.details.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self._cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.details, 1)
        layout.addWidget(self.buttons)
        self.resize(620, 180)
        self._done = self._shown = 0
        self._show_stored = QTimer(self, interval=1000)
        self._show_stored.timeout.connect(self._tick)
        self._show_stored.start()
        self._task = worker.run(run_import, library, paths, on_progress=self._on_progress,
                                on_result=self._on_done, on_error=self._on_error)

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self._done = done
        self.status.setText(f"Importing: {done:,} of {total:,} files read…")

    def _tick(self) -> None:
        if self._done != self._shown:
            self._shown = self._done
            self.stored.emit()

    def _cancel(self) -> None:
        if self.summary is None:
            self._task.cancel()
            self.status.setText("Stopping after the current file…")
        else:
            self.accept()

    def _on_error(self, exc: BaseException) -> None:
        self._show_stored.stop()
        self.status.setText(f"The import stopped: {exc}")
        self._finish_buttons()

    def _on_done(self, summary: ImportSummary) -> None:
        self._show_stored.stop()
        self.summary = summary
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        stopped = " (cancelled)" if summary.cancelled else ""
        self.status.setText(f"Imported {len(summary.imported)}, duplicates "
                            f"{len(summary.duplicates)}, failed {len(summary.failed)}{stopped}."
                            + (f" {describe_skipped(summary.skipped)}" if summary.skipped
                               else ""))
        self._fill(summary)
        self._finish_buttons()
        self.finished_import.emit(summary)

    def _fill(self, summary: ImportSummary) -> None:
        groups = (("Failed", summary.failed), ("Duplicates", summary.duplicates),
                  ("Imported", summary.imported))
        for label, events in groups:
            if not events:
                continue
            group = QTreeWidgetItem(self.details, [f"{label} ({len(events)})"])
            for event in events:
                QTreeWidgetItem(group, [Path(event.path).name, _result(event)]).setToolTip(
                    0, str(event.path))
            group.setExpanded(label != "Imported" or len(events) < 20)
        self.details.show()
        self.resize(self.width(), 420)

    def _finish_buttons(self) -> None:
        self.buttons.clear()
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.accept)


def _result(event: ImportEvent) -> str:
    if event.status is ImportStatus.IMPORTED:
        return event.title or ""
    if event.status is ImportStatus.DUPLICATE:
        return f"already stored (clipping {event.clipping_id})"
    return event.reason or "failed"
