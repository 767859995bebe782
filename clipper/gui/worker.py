"""The one helper that runs core work off the GUI thread.

``Worker.run(fn, *args, on_result=..., on_error=..., on_progress=...)`` calls ``fn`` on a thread
of the pool and delivers its result, its exception or its progress back on the GUI thread
through queued signals. Worker code never touches a widget. A function that accepts a
``task`` keyword gets the ``Task``: ``task.progress(done, total)`` and ``task.cancelled``.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class _Signals(QObject):
    result = Signal(object)
    error = Signal(object)
    progress = Signal(int, int)
    finished = Signal()


class Task(QRunnable):
    """One call of ``fn`` on the pool. Keep a reference only to cancel it."""

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict) -> None:
        super().__init__()
        self.signals = _Signals()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()
        self.setAutoDelete(False)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def progress(self, done: int, total: int) -> None:
        self.signals.progress.emit(done, total)

    def run(self) -> None:
        try:
            result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # delivered to the GUI thread, which decides what to show
            log.debug("background task failed", exc_info=True)
            self.signals.error.emit(exc)
        else:
            self.signals.result.emit(result)
        finally:
            self.signals.finished.emit()


class Worker(QObject):
    """Runs functions on a thread pool and reports back on the GUI thread."""

    busy_changed = Signal(int)  # the number of tasks still running

    def __init__(self, parent: QObject | None = None, threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._running: set[Task] = set()
        self._open = True  # False once its window closed (close_down)

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        on_progress: Callable[[int, int], None] | None = None,
        on_finished: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> Task:
        task = Task(fn, args, kwargs)
        if _accepts_task(fn):
            task._kwargs["task"] = task
        # An answer that arrives after the window (and this worker) closed reaches nobody:
        # the widgets it would fill are gone.
        if on_result:
            task.signals.result.connect(self._while_open(on_result))
        if on_error:
            task.signals.error.connect(self._while_open(on_error))
        if on_progress:
            task.signals.progress.connect(self._while_open(on_progress))
        task.signals.finished.connect(lambda: self._done(task))
        if on_finished:
            task.signals.finished.connect(self._while_open(on_finished))
        self._running.add(task)
        self.busy_changed.emit(len(self._running))
        self._pool.start(task)
        return task

    @property
    def busy(self) -> int:
        return len(self._running)

    def wait(self, msecs: int = -1) -> bool:
        """Block until every task is done (used on quit and in tests)."""
        return self._pool.waitForDone(msecs)

    def close_down(self) -> None:
        """The window is closing: what is still on its way is not delivered to it."""
        self._open = False

    def _while_open(self, deliver: Callable[..., None]) -> Callable[..., None]:
        def delivered(*values: Any) -> None:
            if isValid(self) and self._open:
                deliver(*values)
        return delivered

    def _done(self, task: Task) -> None:
        self._running.discard(task)
        try:
            self.busy_changed.emit(len(self._running))
        except RuntimeError:  # the window (and this worker) closed while the task ran
            pass


def _accepts_task(fn: Callable[..., Any]) -> bool:
    try:
        return "task" in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
