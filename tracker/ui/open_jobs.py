"""What the window does to a workspace it has just opened, after showing it: the check, the
retention purge and the daily backup, in that order, off the GUI thread.

They used to run inside `open_path` on the GUI thread, seconds on a big workspace before the
window could paint. Now the window shows the workspace first and these follow on a thread of
their own (its own pool, so they never queue behind a long import and a write waiting for the
check can never wait for ever):

1. the deferred `PRAGMA quick_check` (integrity.OpenCheck, on its own read-only connection),
   when `Workspace.open(defer_check=True)` left one. Until it passed, nothing writes the file:
   a user's save waits for the verdict (about a second on the biggest workspaces), and when
   the file is damaged the save is refused, nothing is written to it, the workspace is closed
   and the restore from the latest good backup is offered, exactly as a damaged file was
   refused on open before;
2. the retention purge (before the daily copy, so that has no expired names), on a connection
   of the worker's own (`Workspace.for_thread`); its change is announced on the GUI thread;
3. the daily backup from that same connection (SQLite's backup API reads a snapshot, so edits
   meanwhile are not blocked).

Closing the workspace (another one opened, the window closed) calls `stop()`: a check still
running is interrupted (nothing was written meanwhile, so nothing is lost), a purge or backup
under way is waited for. The caller then makes the daily backup itself if it is still due, as
it did on closing before, so closing never loses a backup that was due.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import QEvent, QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QWidget

from tracker.store import Workspace, WorkspaceError
from tracker.store.errors import DatabaseEngineError
from tracker.store.events import ChangeEvent
from tracker.ui.worker import Worker, publish_events

log = logging.getLogger(__name__)

FIRST_PAINT_WAIT_MS = 1_000  # start anyway when the window has not painted by then


@dataclass
class OpenJobsOutcome:
    problem: WorkspaceError | None = None  # the check did not pass
    purged: str | None = None  # the purge's status line
    backup_failed: bool = False
    events: list[ChangeEvent] = field(default_factory=list)


def run_open_jobs(ws: Workspace, stop: threading.Event, *, progress, cancelled) -> OpenJobsOutcome:
    """On the pool thread: check, then purge and back up through a connection of its own."""
    from tracker.store.backup import make_daily_backup
    from tracker.store.retention import purge_expired

    outcome = OpenJobsOutcome()
    check = ws.pending_check
    if check is not None:
        outcome.problem = check.run()
        if outcome.problem is not None or stop.is_set():
            return outcome
    clone = ws.for_thread()  # only now: nothing opens the file for writing before the verdict
    try:
        if not ws.readonly:
            try:
                result = purge_expired(clone)
            except (WorkspaceError, DatabaseEngineError):
                log.exception("The retention purge of %s failed", ws.path)
                outcome.purged = (f"Names past the retention period could not be erased from "
                                  f"{ws.path.name}; see the log.")
            else:
                if result is not None and result.change_id is not None:
                    outcome.purged = result.summary()
        try:
            made = make_daily_backup(clone)
        except (WorkspaceError, OSError, DatabaseEngineError):
            log.exception("The daily backup of %s failed", ws.path)
            outcome.backup_failed = True
        else:
            if made is not None:
                log.info("Backed up %s to %s", ws.path, made)
    finally:
        # for_thread() gives the clone this list as it is made (Workspace does not declare it)
        outcome.events = list(clone.last_events)
        clone.close()
    return outcome


class _FirstPaint(QObject):
    """Calls `then` once, just after `window`'s next paint (or after a timeout)."""

    def __init__(self, window: QWidget, then: Callable[[], None]):
        super().__init__(window)
        self._window, self._then, self._fired = window, then, False
        window.installEventFilter(self)
        QTimer.singleShot(FIRST_PAINT_WAIT_MS, self, self._fire)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self, self._fire)  # once this paint is done
        return False

    def _fire(self) -> None:
        if self._fired:
            return
        self._fired = True
        self._window.removeEventFilter(self)
        self._then()
        self.deleteLater()


class OpenJobs(QObject):
    """The after-open jobs of one window; one workspace's at a time."""

    status_message = Signal(str)
    check_failed = Signal(object, object)  # workspace, WorkspaceError (DamagedWorkspaceError)
    finished = Signal(object)  # workspace: its jobs are over (whatever the outcome)

    def __init__(self, window: QWidget, current: Callable[[], Workspace | None]):
        super().__init__(window)
        self._window = window
        self._current = current  # the window's workspace now
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._ws: Workspace | None = None
        self._worker: Worker | None = None
        self._stop = threading.Event()
        self._ended = threading.Event()
        self._ended.set()

    @property
    def workspace(self) -> Workspace | None:
        """The workspace whose jobs are queued or running."""
        return self._ws

    @property
    def running(self) -> bool:
        """Jobs started or waiting for the first paint, and not yet reported."""
        return self._ws is not None

    def start(self, ws: Workspace) -> None:
        """Queue the jobs of `ws` (just opened) to start once the window has painted it."""
        self.stop()
        self._ws, self._stop, self._ended = ws, threading.Event(), threading.Event()
        if self._window.isVisible():
            _FirstPaint(self._window, lambda: self._launch(ws))
        else:
            QTimer.singleShot(0, self, lambda: self._launch(ws))

    def _launch(self, ws: Workspace) -> None:
        if self._ws is not ws or self._stop.is_set():
            return
        stop, ended = self._stop, self._ended

        def job(*, progress, cancelled):
            try:
                return run_open_jobs(ws, stop, progress=progress, cancelled=cancelled)
            finally:
                ended.set()

        worker = Worker(job)
        worker.finished.connect(lambda outcome: self._on_finished(ws, outcome))
        worker.failed.connect(lambda message, _details: self._on_failed(ws, message))
        self._worker = worker
        worker.start(self._pool)

    def stop(self) -> None:
        """The workspace is closing: end its jobs now (see the module docstring)."""
        ws, self._ws = self._ws, None
        if ws is None:
            return
        self._stop.set()
        if ws.pending_check is not None:
            ws.pending_check.cancel()  # a running check stops at its next step
        if self._worker is not None:
            self._ended.wait()  # a check stops at once; a purge or backup is let finish
        self._worker = None

    def wait(self, timeout_s: float = 30.0) -> bool:
        """For tests and the benchmarks: block until the current jobs have ended."""
        return self._ended.wait(timeout_s)

    # ------------------------------------------------------------ outcomes (GUI thread)
    def _still_current(self, ws: Workspace) -> bool:
        return self._ws is ws and self._current() is ws

    def _on_finished(self, ws: Workspace, outcome: OpenJobsOutcome) -> None:
        current = self._still_current(ws)
        if self._ws is ws:
            self._ws, self._worker = None, None
        if not current:
            return
        publish_events(ws, outcome.events)
        if outcome.problem is not None:
            self.check_failed.emit(ws, outcome.problem)
        else:
            if outcome.purged:
                self.status_message.emit(outcome.purged)
            if outcome.backup_failed:
                self.status_message.emit(f"The daily backup of {ws.path.name} could not be made; "
                                         "see the log.")
        self.finished.emit(ws)

    def _on_failed(self, ws: Workspace, message: str) -> None:
        current = self._still_current(ws)
        if self._ws is ws:
            self._ws, self._worker = None, None
        if current:
            self.status_message.emit(f"The checks after opening {ws.path.name} failed: {message}")
            self.finished.emit(ws)
