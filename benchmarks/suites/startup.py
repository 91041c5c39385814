"""Starting the window on the big workspace: time to the first paint with data, and memory.

Both run the real `tracker WORKSPACE` in a process of its own (benchmarks/probes/gui_probe.py)
and compare it with a bare QMainWindow shown the same way.
"""

from __future__ import annotations

from benchmarks.harness import Bench, Sample, baseline, measurement
from benchmarks.process import probe_cmd, run_process

SETTLE_S = 2.0  # memory is read this long after the first paint, once the window is idle


def _workspace(bench: Bench) -> str:
    """One copy for all the startup processes (each opens and closes it in turn)."""
    return str(bench.shared("startup-workspace", lambda: bench.fixtures.copy_workspace(
        bench.work_dir / "copies" / "startup.tracker")))


def _bare(settle: float) -> Sample:
    wall, out = run_process(probe_cmd("gui_probe.py", "bare", "--settle", str(settle)), probe_out=True)
    mb = out.get("settled_rss_mb") or out.get("rss_mb")
    return Sample(out["t_data_paint"] - out["t0"], mb, {"wall_s": wall})


@baseline("bare_window", "a bare QMainWindow shown, process start to first paint")
def bare_window(bench: Bench) -> Sample:
    return _bare(0)


@baseline("bare_window_settled", "a bare QMainWindow shown, memory once idle")
def bare_window_settled(bench: Bench) -> Sample:
    return _bare(SETTLE_S)


def _app(bench: Bench, settle: float) -> dict:
    # Done when the window is painted with the workspace open: the navigator (Dashboard,
    # Organisation, Rollouts) only shows then. The dashboard's figures follow from a background
    # computation, measured on its own (dashboard.portfolio_status_first).
    min_rows = "3"
    _wall, out = run_process(probe_cmd("gui_probe.py", "app", _workspace(bench), "--min-rows", min_rows,
                                       "--settle", str(settle)), probe_out=True)
    return out


def _phases(out: dict) -> dict:
    t0 = out["t0"]
    phases = {
        "interpreter_s": out["t_probe"] - t0,
        "imports_s": out["t_imported"] - out["t_probe"],
        "qapplication_s": out["t_launch"] - out["t_imported"],
        "window_and_workspace_s": out["t_launched"] - out["t_launch"],
        "to_first_paint_s": out["t_first_paint"] - out["t_launched"],
        "to_data_paint_s": out["t_data_paint"] - out["t_launched"],
    }
    return {k: round(v, 4) for k, v in phases.items()} | {"rows_shown": out.get("rows")}


@measurement("startup.first_paint", "process start to first painted main window, big workspace open",
             target_s=1.0, baseline="bare_window", heavy=True, order=10)
def first_paint(bench: Bench) -> Sample:
    """`tracker WORKSPACE` in a new process: from just before the process starts until the end
    of the first paint of the window with the workspace open (the navigator listing its rollouts,
    the dashboard beside it, whose figures arrive from a background computation measured on its
    own). Window settings from the previous repetition are kept, as on a user's machine."""
    out = _app(bench, 0)
    return Sample(out["t_data_paint"] - out["t0"], out.get("rss_mb"), _phases(out))


@measurement("startup.memory", "window memory (RSS), big workspace open",
             target_mb=600, baseline="bare_window_settled", heavy=True, order=11)
def window_memory(bench: Bench) -> Sample:
    """Resident memory of the `tracker WORKSPACE` process 2 s after the first paint with data
    (the window shown with the workspace open), and its peak (VmHWM) in the details."""
    out = _app(bench, SETTLE_S)
    return Sample(None, out["settled_rss_mb"], {"peak_rss_mb": out.get("peak_rss_mb"),
                                                 "rss_at_first_paint_mb": out.get("rss_mb")})
