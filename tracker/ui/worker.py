"""Run slow work (imports, exports, demo data, copies) off the GUI thread.

A frozen window looks like a crash to users, and a Qt widget touched from another thread can
really crash, so long jobs run as a plain function in Qt's thread pool while the window stays
live. The function never sees a widget; it reports through two keyword arguments and its
outcome comes back as a signal on the GUI thread:

    def import_rows(ws, rows, *, progress, cancelled):
        for n, row in enumerate(rows):
            if cancelled():
                raise WorkCancelled()          # -> Worker.cancelled
            progress(100 * n // len(rows), f"Row {n + 1} of {len(rows)}")
            ...
        return summary                         # -> Worker.finished(summary)

    worker = Worker(import_rows, rows, workspace=context.workspace)
    worker.finished.connect(show_summary)      # every slot runs on the GUI thread
    worker.failed.connect(lambda message, details: ...)
    show_progress(worker, parent, "Importing roster")   # optional modal progress + Cancel
    worker.start()

API
- `Worker(fn, *args, workspace=None, **kwargs)`; `start()`; `cancel()` (cooperative: the
  function polls `cancelled()`); `cancel_requested`; `running`.
- Signals, all delivered on the GUI thread: `progress(int percent, str text)`,
  `finished(object result)`, `failed(str message, str details)` (message is for the user,
  details the traceback), `cancelled()` (the function raised `WorkCancelled`), then `done()`
  after any of the three.
- `workspace=`: the function receives, as first argument, its own connection to that workspace
  (`Workspace.for_thread()`): SQLite connections belong to one thread. The clone is closed
  afterwards, and every change it committed is announced on the GUI thread through
  `publish_events` before the outcome signal, so pages refresh and Undo offers the change,
  also when the function failed after an earlier write.
- `publish_events(workspace, events)`: that announcement, for code that manages its own clone.
- `show_progress(worker, parent, title)`: a window-modal progress dialog wired to the worker.
- `cancel_all()` / `wait_for_all()`: for the main window when it closes.

Workers keep themselves alive until their outcome is delivered, so `Worker(...).start()` with
no reference kept is safe.
"""

from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from tracker.store import Workspace, WorkspaceError
from tracker.store.events import ChangeEvent

log = logging.getLogger(__name__)

_RUNNING: set[Worker] = set()
_PROGRESS_REPEAT_S = 0.1  # a text-only progress update is passed on at most this often


class WorkCancelled(Exception):
    """Raised by a background function that stopped because `cancelled()` said so."""


def publish_events(workspace: Workspace | None, events: Iterable[ChangeEvent]) -> None:
    """Announce changes a worker's connection committed, on the GUI-thread workspace.

    Listeners (the app context, hence every page and the undo stack) only hear the GUI
    workspace; a clone made with `for_thread()` collects its events in `last_events` instead.
    """
    if workspace is None:
        return
    for event in events:
        workspace.notify(event)


def _user_message(error: BaseException) -> str:
    """The store's errors are sentences for users; anything else is named plainly."""
    if isinstance(error, WorkspaceError) and str(error):
        return str(error)
    text = str(error)
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


class _Relay(QObject):
    """Lives on the GUI thread; the pool thread emits through it (queued across threads)."""

    progress = Signal(int, str)
    outcome = Signal(str, object)  # kind, (payload, events)


class _Task(QRunnable):
    def __init__(self, worker: Worker):
        super().__init__()
        self.setAutoDelete(False)  # the Worker holds the Python object; no double ownership
        self._worker = worker
        self._last: tuple[int, str] | None = None
        self._last_at = 0.0

    def _progress(self, percent: int, text: str = "") -> None:
        percent, text = int(percent), str(text)
        now = time.monotonic()
        if self._last is not None:
            if self._last == (percent, text):
                return
            if self._last[0] == percent and now - self._last_at < _PROGRESS_REPEAT_S:
                return  # same percentage, new text: fine to skip, the next one will show
        self._last, self._last_at = (percent, text), now
        self._worker._relay.progress.emit(percent, text)

    def run(self) -> None:
        w = self._worker
        clone: Workspace | None = None
        events: list[ChangeEvent] = []
        try:
            args = w._args
            if w._workspace is not None:
                clone = w._workspace.for_thread()
                args = (clone, *args)
            result = w._fn(*args, progress=self._progress, cancelled=w._cancel.is_set, **w._kwargs)
            kind, payload = "finished", result
        except WorkCancelled:
            kind, payload = "cancelled", None
        except BaseException as e:  # every failure must reach the GUI thread
            if not isinstance(e, WorkspaceError):
                log.exception("Background task %s failed", getattr(w._fn, "__name__", w._fn))
            kind, payload = "failed", (_user_message(e), traceback.format_exc())
        finally:
            if clone is not None:
                events = list(clone.last_events)
                try:
                    clone.close()
                except Exception:  # closing must not hide the outcome
                    log.exception("Closing a worker's workspace connection failed")
        try:
            w._relay.outcome.emit(kind, (payload, events))
        except RuntimeError:  # the window (and the relay with it) closed while this ran
            log.info("Background task %s finished after its window closed",
                     getattr(w._fn, "__name__", w._fn))


class Worker(QObject):
    """One function run once in the thread pool; see the module docstring for the API."""

    progress = Signal(int, str)
    finished = Signal(object)
    failed = Signal(str, str)
    cancelled = Signal()
    done = Signal()

    def __init__(self, fn: Callable[..., Any], *args, workspace: Workspace | None = None,
                 parent: QObject | None = None, **kwargs):
        super().__init__(parent)
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._workspace = workspace
        self._cancel = threading.Event()
        self._relay = _Relay(self)
        self._relay.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._relay.outcome.connect(self._on_outcome, Qt.ConnectionType.QueuedConnection)
        self._task: _Task | None = None
        self.running = False

    def start(self, pool: QThreadPool | None = None) -> None:
        if self.running or self._task is not None:
            raise RuntimeError("A Worker runs once; make a new one.")
        self.running = True
        _RUNNING.add(self)
        self._task = _Task(self)
        (pool or QThreadPool.globalInstance()).start(self._task)

    def cancel(self) -> None:
        """Ask the function to stop; it decides when (at its next `cancelled()` check)."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    @Slot(int, str)
    def _on_progress(self, percent: int, text: str) -> None:
        if self.running:
            self.progress.emit(percent, text)

    @Slot(str, object)
    def _on_outcome(self, kind: str, payload: tuple[object, list[ChangeEvent]]) -> None:
        value, events = payload  # as _Task.run sends it
        self.running = False
        _RUNNING.discard(self)
        try:
            publish_events(self._workspace, events)
        finally:
            if kind == "finished":
                self.finished.emit(value)
            elif kind == "cancelled":
                self.cancelled.emit()
            else:
                assert isinstance(value, tuple)  # (message, details), as _Task.run sends it
                self.failed.emit(*value)
            self.done.emit()


def cancel_all() -> None:
    for worker in list(_RUNNING):
        worker.cancel()


def wait_for_all(timeout_ms: int = 10_000) -> bool:
    """Block until pool threads finish (when the window closes: no write cut off half-way)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def show_progress(worker: Worker, parent: QWidget | None, title: str, *,
                  cancellable: bool = True, show_after_ms: int = 300) -> QProgressDialog:
    """A window-modal progress dialog that follows `worker` and closes itself when it ends.

    It appears only if the work takes longer than `show_after_ms`, so quick jobs do not flash a
    window. Until the first progress report it shows a busy bar. Cancel asks the worker to stop.
    """
    dialog = QProgressDialog(title + "…", "Cancel", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(10**9)  # we decide when it shows, not QProgressDialog's timer
    dialog.setMinimumWidth(360)
    if not cancellable:
        dialog.setCancelButton(None)

    def on_progress(percent: int, text: str) -> None:
        if dialog.maximum() == 0:
            dialog.setRange(0, 100)
        dialog.setValue(max(0, min(100, percent)))
        if text:
            dialog.setLabelText(text)

    def on_cancel() -> None:
        worker.cancel()
        dialog.setLabelText("Cancelling…")

    def on_done() -> None:
        dialog.hide()
        dialog.deleteLater()

    worker.progress.connect(on_progress)
    worker.done.connect(on_done)
    if cancellable:
        dialog.canceled.connect(on_cancel)
    QTimer.singleShot(show_after_ms, dialog, lambda: dialog.show() if worker.running else None)
    return dialog
