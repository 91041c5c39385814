"""Started as a separate process by the command-line measurements: run `tracker ARGS...` and
write down when the first SQLite connection was opened (the first query follows it at once),
which heavy modules were loaded by then and by the exit, and the process's peak memory.

    python benchmarks/probes/cli_probe.py ARGS...

The moment comes from Python's audit hook ("sqlite3.connect"), so the probe imports nothing
itself (not even sqlite3) and the command's own imports are what is measured. Times are
wall-clock so the parent can compare them with BENCH_T0, its clock reading just before it
started this process. The result is written as JSON to the file named by BENCH_PROBE_OUT.
"""

import os
import sys
import time

T_PROBE = time.time()
HEAVY = ("PySide6", "matplotlib", "openpyxl", "numpy", "PIL")
out = {"t_probe": T_PROBE, "t0": float(os.environ.get("BENCH_T0", T_PROBE))}


def _heavy_loaded() -> list:
    return [name for name in HEAVY if name in sys.modules]


def _hook(event, _args):
    if event == "sqlite3.connect" and "t_first_query" not in out:
        out["t_first_query"] = time.time()
        out["heavy_at_first_query"] = _heavy_loaded()


# Peak memory. Not getrusage's ru_maxrss: Linux carries a process's high-water mark over exec
# from the memory it replaces, and Python starts children with vfork/fork + exec, so a child's
# ru_maxrss is at least its parent's peak at the moment it was started (this probe reported the
# benchmark runner's 1.7 GB). /proc/PID/status VmHWM belongs to the program's own memory.
def _hwm_mb(pid="self"):
    """VmHWM of a process in MB (None when it is gone, or off Linux)."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


_children_peak = {}  # pid -> highest VmHWM seen


def _watch_children(interval=0.05):
    """Poll the command's child processes (the report's chart helper) for their VmHWM until
    the probe exits. The mark only rises, so the last reading before a child exits is its peak
    to within what it grew in its last `interval`."""
    while True:
        try:
            tasks = os.listdir("/proc/self/task")
        except OSError:
            return
        for tid in tasks:
            try:
                with open(f"/proc/self/task/{tid}/children") as f:
                    pids = f.read().split()
            except OSError:
                continue
            for pid in pids:
                mb = _hwm_mb(pid)
                if mb is not None and mb > _children_peak.get(pid, 0.0):
                    _children_peak[pid] = mb
        time.sleep(interval)


def _write():
    out["t_exit"] = time.time()
    out["heavy_at_exit"] = _heavy_loaded()
    peak = _hwm_mb()
    if peak is None:  # not Linux: getrusage, in kB on Linux and bytes on macOS
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    out["peak_rss_mb"] = peak
    out["children_peak_rss_mb"] = max(_children_peak.values(), default=0.0)  # the largest child
    path = os.environ.get("BENCH_PROBE_OUT")
    if path:
        import json

        with open(path, "w") as f:
            json.dump(out, f)


def main() -> int:
    sys.addaudithook(_hook)
    if os.path.exists("/proc/self/task"):
        import threading

        threading.Thread(target=_watch_children, daemon=True).start()
    profile = os.environ.get("BENCH_PROFILE")  # a file: run under cProfile, stats there
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    try:
        from tracker.cli import main as tracker_main

        status = tracker_main(sys.argv[1:])
    except SystemExit as e:  # argparse's --help and usage errors
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        if profiler is not None:
            profiler.disable()
            profiler.dump_stats(profile)
    sys.stdout.flush()
    _write()
    return status


if __name__ == "__main__":
    sys.exit(main())
