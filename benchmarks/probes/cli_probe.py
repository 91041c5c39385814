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


def _write():
    out["t_exit"] = time.time()
    out["heavy_at_exit"] = _heavy_loaded()
    import resource  # after the command: its peak resident memory, in kB on Linux

    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["children_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest
    path = os.environ.get("BENCH_PROBE_OUT")
    if path:
        import json

        with open(path, "w") as f:
            json.dump(out, f)


def main() -> int:
    sys.addaudithook(_hook)
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
