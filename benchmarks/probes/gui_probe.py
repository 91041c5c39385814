"""Started as a separate process by the startup measurements: run the app (or a bare window)
until the first paint, write down when that happened and how much memory the process holds,
then close the window and quit.

    python benchmarks/probes/gui_probe.py app WORKSPACE [--min-rows N] [--settle SECONDS]
    python benchmarks/probes/gui_probe.py bare [--settle SECONDS]

`app` runs the real `tracker WORKSPACE` path (tracker.cli.main → tracker.app.run_gui), with
`tracker.app.launch` wrapped so that an application event filter is installed just before the
window is built. The moment that counts is the end of the first paint of a visible item view
showing at least --min-rows rows: the navigator, shown once the workspace is open. `bare`
shows a plain QMainWindow of the same size the same way (the baseline).

Times are wall-clock (time.time()) so that they can be compared with BENCH_T0, the parent's
clock reading just before it started this process. The result is one JSON object written to
the file named by BENCH_PROBE_OUT. Run by path, not as part of the benchmarks package, so the
process imports nothing the app would not.
"""

import json
import os
import sys
import time

T_PROBE = time.time()


def _memory_mb() -> dict:
    values = {}
    try:
        with open("/proc/self/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024
    except OSError:
        pass
    return {"rss_mb": values.get("VmRSS"), "peak_rss_mb": values.get("VmHWM")}


def _arg(name, default):
    if name in sys.argv:
        return type(default)(sys.argv[sys.argv.index(name) + 1])
    return default


class Probe:
    def __init__(self, min_rows: int, settle: float):
        self.min_rows = min_rows
        self.settle = settle
        self.out = {"t_probe": T_PROBE, "t0": float(os.environ.get("BENCH_T0", T_PROBE))}
        self.window = None
        self.filter = None
        self.finished = False

    def install(self, app):
        from PySide6.QtCore import QEvent, QObject, QTimer
        from PySide6.QtWidgets import QAbstractItemView

        probe = self
        paint = QEvent.Type.Paint

        class PaintWatcher(QObject):
            def eventFilter(self, obj, event):
                if event.type() == paint and not probe.finished:
                    now = time.time()
                    probe.out.setdefault("t_first_paint", now)
                    view = obj.parent() if obj.isWidgetType() else None
                    if (probe.min_rows == 0 or (
                            isinstance(view, QAbstractItemView) and view.viewport() is obj
                            and view.isVisible() and view.model() is not None
                            and view.model().rowCount() >= probe.min_rows)):
                        probe.finished = True
                        probe.out["view"] = type(view).__name__ if view is not None else type(obj).__name__
                        probe.out["rows"] = view.model().rowCount() if probe.min_rows else None
                        # Zero-timer: runs once this paint (the whole backing-store pass) is done.
                        QTimer.singleShot(0, probe.painted)
                return False

        self.filter = PaintWatcher()
        app.installEventFilter(self.filter)
        QTimer.singleShot(120_000, self.timed_out)

    def painted(self):
        from PySide6.QtCore import QTimer

        self.out["t_data_paint"] = time.time()
        self.out.update(_memory_mb())
        if self.settle > 0:
            QTimer.singleShot(int(self.settle * 1000), self.settled)
        else:
            self.quit()

    def settled(self):
        memory = _memory_mb()
        self.out["settled_rss_mb"] = memory["rss_mb"]
        self.out["peak_rss_mb"] = memory["peak_rss_mb"]
        self.quit()

    def timed_out(self):
        if not self.finished:
            self.out["error"] = "no paint with data within 120 s"
            self.quit()

    def quit(self):
        from PySide6.QtWidgets import QApplication

        self.write()
        app = QApplication.instance()
        app.removeEventFilter(self.filter)
        if self.window is not None:
            self.window.close()  # the app's own closing: saves settings, closes the workspace
        app.quit()

    def write(self):
        path = os.environ.get("BENCH_PROBE_OUT")
        if path:
            with open(path, "w") as f:
                json.dump(self.out, f)


def run_app(path: str, probe: Probe) -> int:
    import tracker.app as app_module
    from tracker.cli import main

    probe.out["t_imported"] = time.time()
    original = app_module.launch

    def launch(workspace_path):
        from PySide6.QtWidgets import QApplication

        probe.install(QApplication.instance())
        probe.out["t_launch"] = time.time()
        window = original(workspace_path)
        probe.out["t_launched"] = time.time()
        probe.window = window
        return window

    app_module.launch = launch
    return main([path])


def run_bare(probe: Probe) -> int:
    from PySide6.QtWidgets import QApplication, QMainWindow

    probe.out["t_imported"] = time.time()
    app = QApplication(sys.argv[:1])
    probe.install(app)
    window = QMainWindow()
    window.setWindowTitle("Baseline")
    window.resize(1200, 760)
    probe.window = window
    window.show()
    return app.exec()


def _profiled(func):
    """BENCH_PROFILE names a file: run under cProfile and leave the stats there."""
    path = os.environ.get("BENCH_PROFILE")
    if not path:
        return func()
    import cProfile

    profiler = cProfile.Profile()
    try:
        return profiler.runcall(func)
    finally:
        profiler.dump_stats(path)


def main() -> int:
    mode = sys.argv[1]
    probe = Probe(_arg("--min-rows", 100) if mode == "app" else 0, _arg("--settle", 0.0))
    run = (lambda: run_app(sys.argv[2], probe)) if mode == "app" else (lambda: run_bare(probe))
    status = _profiled(run)
    if "t_data_paint" not in probe.out:
        probe.out.setdefault("error", f"the app exited (status {status}) before a paint with data")
        probe.write()
    return status


if __name__ == "__main__":
    sys.exit(main())
