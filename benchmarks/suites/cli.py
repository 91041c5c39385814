"""The command line starts fast: no Qt, matplotlib or openpyxl before they are needed."""

from __future__ import annotations

import sys

from benchmarks.harness import Bench, Sample, baseline, measurement
from benchmarks.process import probe_cmd, run_process


@baseline("python_pass", "python -c pass")
def python_pass(bench: Bench) -> float:
    wall, _out = run_process([sys.executable, "-c", "pass"])
    return wall


def _cli(bench: Bench, *args: str) -> tuple[float, dict]:
    wall, out = run_process(probe_cmd("cli_probe.py", *args), probe_out=True)
    if out["returncode"] not in (0,):
        raise RuntimeError(f"tracker {' '.join(args)} exited {out['returncode']}: {out['stderr_tail']}")
    return wall, out


# Loading these before they are needed is a miss (the rule); numpy (which sqlite-utils
# imports when it is installed) is only reported in the details.
MUST_NOT_LOAD = ("PySide6", "matplotlib", "openpyxl")


def _heavy(out: dict, key: str) -> list[str]:
    return [f"imported {name}" for name in out.get(key) or [] if name in MUST_NOT_LOAD]


@measurement("cli.help", "`tracker --help`, start to exit", target_s=0.3, baseline="python_pass",
             heavy=True, order=1)
def tracker_help(bench: Bench) -> Sample:
    """`tracker --help` in a new process, from just before it starts until it has exited; a
    miss as well if it imported PySide6, matplotlib or openpyxl."""
    wall, out = _cli(bench, "--help")
    return Sample(wall, None, {"heavy_modules": out.get("heavy_at_exit")}, _heavy(out, "heavy_at_exit"))


@measurement("cli.import_help", "`tracker import --help`, start to exit", target_s=0.3,
             baseline="python_pass", heavy=True, order=2)
def tracker_import_help(bench: Bench) -> Sample:
    """`tracker import --help` (builds every import kind's parser), start to exit; a miss as
    well if it imported PySide6, matplotlib or openpyxl."""
    wall, out = _cli(bench, "import", "--help")
    return Sample(wall, None, {"heavy_modules": out.get("heavy_at_exit")}, _heavy(out, "heavy_at_exit"))


def _tiny_roster(bench: Bench) -> str:
    def write():
        path = bench.work_dir / "copies" / "tiny-roster.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("employee_id,name,team\nE000001,Ann Example,Benchmark team\n", encoding="utf-8")
        return str(path)

    return bench.shared("tiny-roster", write)


@measurement("cli.first_query", "`tracker import roster BIG FILE --dry-run`, start to first query",
             target_s=0.3, baseline="python_pass", heavy=True, order=3)
def first_query(bench: Bench) -> Sample:
    """A headless command on the big workspace, from just before the process starts until it
    opens the workspace's SQLite connection (the first query follows at once); a miss as well
    if PySide6, matplotlib or openpyxl were imported by then."""
    workspace = bench.shared("cli-workspace", lambda: bench.fixtures.copy_workspace(
        bench.work_dir / "copies" / "cli.tracker"))
    wall, out = _cli(bench, "import", "roster", str(workspace), _tiny_roster(bench), "--dry-run")
    return Sample(out["t_first_query"] - out["t0"], None,
                  {"wall_s": round(wall, 4), "heavy_modules": out.get("heavy_at_first_query")},
                  _heavy(out, "heavy_at_first_query"))


NO_SUCH_ROLLOUT = "(no rollout has this name)"


@measurement("cli.report_first_query", "`tracker report` start to first query", target_s=0.3,
             baseline="python_pass", heavy=True, order=4)
def report_first_query(bench: Bench) -> Sample:
    """`tracker report BIG -o FILE.xlsx --rollout NAME` in a new process, from just before it
    starts until it opens the workspace's SQLite connection; a miss as well if PySide6,
    matplotlib or openpyxl were imported by then. The rollout name matches none, so the command
    stops right after its first query (exit 2) instead of writing the workbook, which
    report.status_workbook times; everything up to the first query is the same."""
    workspace = bench.shared("cli-workspace", lambda: bench.fixtures.copy_workspace(
        bench.work_dir / "copies" / "cli.tracker"))
    output = bench.scratch("first-query.xlsx")
    wall, out = run_process(probe_cmd("cli_probe.py", "report", str(workspace), "-o", str(output),
                                      "--rollout", NO_SUCH_ROLLOUT), probe_out=True)
    if out["returncode"] != 2 or "t_first_query" not in out:
        raise RuntimeError(f"tracker report exited {out['returncode']} (expected 2, no such rollout): "
                           f"{out['stderr_tail']}")
    return Sample(out["t_first_query"] - out["t0"], None,
                  {"wall_s": round(wall, 4), "heavy_modules": out.get("heavy_at_first_query")},
                  _heavy(out, "heavy_at_first_query"))
