"""In-process window measurements: one main window on a copy of the big workspace per run,
and a clock that stops when the screen shows the result.

`time_until_painted(action, watch)` starts the clock, runs `action` (a click, a key press),
runs the event loop (so debounce timers, queued signals and repaints happen as they would for
a user) and stops the clock when the first paint of a watched widget has finished, after the
`armed_by` signals (e.g. the proxy model's layoutChanged: the rows changed) if any are given.

While it runs, a `Heartbeat` (a 1-ms timer on the GUI thread) notes the longest gap between two
turns of the event loop: the longest the window could not answer a click during the measured
interaction. It is handed to the harness (`record_gap`), which shows the longest of a
repetition in its own column; nested clocks (time_until_shown around time_until_painted) count
once, as one interaction.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from benchmarks.harness import Bench, record_gap


@dataclass
class Gui:
    app: object  # QApplication
    window: object  # tracker.ui.main_window.MainWindow
    workspace_path: Path

    @property
    def context(self):
        return self.window.context

    @property
    def ws(self):
        return self.window.context.workspace


def gui(bench: Bench) -> Gui:
    """The run's main window (built on first use, closed at the end of the run)."""

    def make() -> Gui:
        from PySide6.QtCore import QSettings

        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope,
                          str(bench.work_dir / "home" / "qt-settings"))
        from tracker.app import create_application, launch

        _quiet_offscreen_warnings()
        app = create_application()
        path = bench.fixtures.copy_workspace(bench.work_dir / "copies" / "gui.tracker")
        window = launch(str(path))
        if window.context.workspace is None:
            raise RuntimeError(f"the window did not open {path}")
        settle(1.0)
        bench.on_exit(lambda: _close(window))
        return Gui(app, window, path)

    return bench.shared("gui", make)


def _quiet_offscreen_warnings() -> None:
    """The offscreen platform warns on every new top-level window that it "does not support
    propagateSizeHints()"; drop that line, pass everything else on."""
    import sys

    from PySide6.QtCore import qInstallMessageHandler

    def handler(_kind, _context, message: str) -> None:
        if "propagateSizeHints" not in message:
            print(message, file=sys.stderr)

    qInstallMessageHandler(handler)


def _close(window) -> None:
    window.close()
    settle(0.2)


def settle(seconds: float = 0.2) -> None:
    """Run the event loop for a while: pending timers, signals and repaints are done."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()


def all_widgets(root) -> list:
    from PySide6.QtWidgets import QWidget

    return [root, *root.findChildren(QWidget)]


class Heartbeat:
    """The longest the GUI thread went without turning its event loop: a timer asks to run every
    millisecond and the largest gap between two of its runs is the longest pause a user felt.

    `cpu` is how much of the GUI thread's own CPU time went into the gap that was `longest`
    (the rest it waited: for the interpreter, held by another thread, or for a CPU, on a
    machine other programs share), `process_cpu` the whole process's (all its threads: near
    the gap, another thread held the interpreter; far below, the machine was busy elsewhere),
    and `most_cpu` the most GUI-thread CPU time in any gap: work the window itself did in one go."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.longest = 0.0
        self.cpu = self.process_cpu = 0.0
        self.most_cpu = 0.0
        self._last = time.perf_counter()
        self._last_cpu = time.thread_time()
        self._last_process = time.process_time()
        self._timer = QTimer()
        self._timer.setInterval(1)
        self._timer.timeout.connect(self._beat)

    def reset(self) -> None:
        self.longest = self.cpu = self.process_cpu = self.most_cpu = 0.0

    def _beat(self) -> None:
        now, cpu, process = time.perf_counter(), time.thread_time(), time.process_time()
        if now - self._last > self.longest:
            self.longest, self.cpu = now - self._last, cpu - self._last_cpu
            self.process_cpu = process - self._last_process
        self.most_cpu = max(self.most_cpu, cpu - self._last_cpu)
        self._last, self._last_cpu, self._last_process = now, cpu, process

    def __enter__(self) -> Heartbeat:
        self._last, self._last_cpu, self._last_process = time.perf_counter(), time.thread_time(), time.process_time()
        self._timer.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._timer.stop()
        self._beat()



_watching = [0]  # depth of nested measured interactions


@contextlib.contextmanager
def measured_interaction() -> Iterator[None]:
    """Around one measured interaction: its longest event-loop gap goes to the harness."""
    if _watching[0]:
        yield
        return
    _watching[0] += 1
    try:
        with Heartbeat() as beat:
            yield
        record_gap(beat.longest)
    finally:
        _watching[0] -= 1


def time_until_painted(action: Callable[[], None], watch: Iterable, *, armed_by: Iterable = (),
                       timeout: float = 60.0) -> float:
    """Seconds from `action()` until a watched widget has been painted (see the module doc)."""
    with measured_interaction():
        return _time_until_painted(action, watch, armed_by, timeout)


def _time_until_painted(action: Callable[[], None], watch: Iterable, armed_by: Iterable, timeout: float) -> float:
    from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer

    loop = QEventLoop()
    armed_by = list(armed_by)
    state = {"armed": not armed_by, "end": None, "pending": False}
    paint = QEvent.Type.Paint

    def finish() -> None:
        state["end"] = time.perf_counter()
        loop.quit()

    class Watcher(QObject):
        def eventFilter(self, obj, event):
            if event.type() == paint and state["armed"] and not state["pending"]:
                state["pending"] = True
                QTimer.singleShot(0, finish)  # runs once this paint pass is over
            return False

    def arm(*_args) -> None:
        state["armed"] = True

    watcher = Watcher()
    widgets = list(watch)
    for w in widgets:
        w.installEventFilter(watcher)
    for signal in armed_by:
        signal.connect(arm)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(int(timeout * 1000))
    try:
        start = time.perf_counter()
        action()
        if state["end"] is None:
            loop.exec()
    finally:
        guard.stop()
        for w in widgets:
            try:
                w.removeEventFilter(watcher)
            except RuntimeError:  # deleted meanwhile (a page replaced a chart): nothing to remove
                pass
        for signal in armed_by:
            signal.disconnect(arm)
    if state["end"] is None:
        raise TimeoutError(f"nothing was painted within {timeout:.0f} s")
    return state["end"] - start
