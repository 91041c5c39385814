"""The leaders' status workbook, written by `tracker report` on the big workspace: of every
rollout, and of the one rollout with the most teams (`--rollout NAME`, issue 19: a leader's
one-rollout report must not pay for the others).

Run as a user runs it, in a process of its own (benchmarks/probes/cli_probe.py), timed from
just before the process starts until it has exited, with its peak memory. The baseline is
openpyxl's write-only mode writing as many cells as the produced workbook holds, also in a
process of its own (so both pay the interpreter and openpyxl's import): the floor for getting
that many cells into an .xlsx file with this stack.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Bench, Sample, baseline, measurement
from benchmarks.process import probe_cmd, run_process
from benchmarks.suites.dashboard import AS_OF

# Writes `cells` cells, twelve to a row of text, whole numbers, fractions and dates (what the
# status workbook holds), then prints its peak memory (MB) as JSON: VmHWM, its own memory's
# high-water mark (getrusage's ru_maxrss would start at the runner's peak: see cli_probe.py).
BASELINE_SCRIPT = r"""
import datetime, json, sys
from openpyxl import Workbook
cells, path = int(sys.argv[1]), sys.argv[2]
wb = Workbook(write_only=True)
ws = wb.create_sheet("Cells")
day = datetime.date(2026, 6, 1)
row = ["Claims Team North 0123", 1234, 0.875, day, "on track", 17, "Benchmark text", 0.5, 42, day, "x", 3]
for _ in range(cells // len(row)):
    ws.append(row)
if cells % len(row):
    ws.append(row[: cells % len(row)])
wb.save(path)
hwm = [line for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print(json.dumps({"peak_rss_mb": int(hwm[0].split()[1]) / 1024}))
"""


def _workspace(bench: Bench) -> str:
    return str(bench.shared("report-workspace", lambda: bench.fixtures.copy_workspace(
        bench.work_dir / "copies" / "report.tracker")))


def _biggest_rollout_name(bench: Bench) -> str:
    """The rollout with the most teams taking part: the longest rollout sheet."""
    import sqlite3

    conn = sqlite3.connect(f"{bench.fixtures.workspace.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return str(conn.execute("""SELECT r.name FROM rollouts r JOIN participation p ON p.rollout_id = r.id
                                   GROUP BY r.id ORDER BY COUNT(*) DESC, r.id LIMIT 1""").fetchone()[0])
    finally:
        conn.close()


def _report(bench: Bench, output: Path, *options: str) -> tuple[float, dict]:
    wall, out = run_process(probe_cmd("cli_probe.py", "report", _workspace(bench), "-o", str(output),
                                      "--as-of", AS_OF.isoformat(), *options), probe_out=True, timeout=900)
    if out["returncode"] != 0 or not output.exists():
        raise RuntimeError(f"tracker report exited {out['returncode']}: {out['stderr_tail']}")
    return wall, out


def count_cells(path: Path) -> tuple[int, int]:
    """(cells holding a value, sheets) of a workbook."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        cells = sum(1 for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
                    for value in row if value is not None)
        return cells, len(book.worksheets)
    finally:
        book.close()


def _workbook_size(bench: Bench, *options: str) -> dict:
    """Once per run: the workbook written once (untimed, it also warms the file cache) and
    counted, so the baseline knows how many cells to write before the first repetition."""
    output = bench.scratch("status-count.xlsx")
    _report(bench, output, *options)
    cells, sheets = count_cells(output)
    size = output.stat().st_size
    output.unlink()
    return {"cells": cells, "sheets": sheets, "file_mb": round(size / 2**20, 1)}


def _one_rollout(bench: Bench) -> tuple[str, ...]:
    return ("--rollout", bench.shared("report-one-rollout", lambda: _biggest_rollout_name(bench)))


@baseline("openpyxl_write_only", "openpyxl write-only mode writing the same number of cells")
def openpyxl_write_only(bench: Bench) -> Sample:
    return _write_only(bench, bench.shared("report-size", lambda: _workbook_size(bench)))


@baseline("openpyxl_write_only_one", "openpyxl write-only mode writing as many cells as the one-rollout workbook")
def openpyxl_write_only_one(bench: Bench) -> Sample:
    return _write_only(bench, bench.shared("report-one-size", lambda: _workbook_size(bench, *_one_rollout(bench))))


def _write_only(bench: Bench, size: dict) -> Sample:
    output = bench.scratch("baseline.xlsx")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", BASELINE_SCRIPT, str(size["cells"]), str(output)],
                          capture_output=True, text=True, timeout=900, check=True)
    seconds = time.perf_counter() - started
    output.unlink(missing_ok=True)
    return Sample(seconds, json.loads(done.stdout)["peak_rss_mb"], {"cells": size["cells"]})


@measurement("report.status_workbook", "full status workbook, all rollouts", target_s=20.0, target_mb=400,
             baseline="openpyxl_write_only", heavy=True, order=25, scale_targets={"xl": 10.0})
def status_workbook(bench: Bench) -> Sample:
    """`tracker report BIG -o FILE.xlsx --as-of DATE` (every rollout) in a new process, from
    just before it starts until it has exited; the memory figure is its peak resident memory
    plus the peak of its chart-drawing helper process (polled while it runs; an upper bound of
    the two together)."""
    size = bench.shared("report-size", lambda: _workbook_size(bench))
    output = bench.scratch("status.xlsx")
    wall, out = _report(bench, output)
    file_mb = round(output.stat().st_size / 2**20, 1)
    output.unlink()
    main, helper = out.get("peak_rss_mb") or 0.0, out.get("children_peak_rss_mb") or 0.0
    return Sample(wall, main + helper, {
        **size, "file_mb": file_mb, "peak_rss_mb": round(main, 1), "helper_peak_rss_mb": round(helper, 1),
        "to_first_query_s": round(out["t_first_query"] - out["t0"], 4) if "t_first_query" in out else None})


@measurement("report.one_rollout", "status workbook of one rollout (--rollout, the one with most teams)",
             target_s=2.0, baseline="openpyxl_write_only_one", heavy=True, order=26)
def one_rollout(bench: Bench) -> Sample:
    """`tracker report BIG -o FILE.xlsx --as-of DATE --rollout NAME` for the rollout with the
    most teams, in a new process, from just before it starts until it has exited (its Change
    load sheet still covers every rollout: a team's load is everything it carries)."""
    options = _one_rollout(bench)
    size = bench.shared("report-one-size", lambda: _workbook_size(bench, *options))
    output = bench.scratch("status-one.xlsx")
    wall, out = _report(bench, output, *options)
    output.unlink()
    return Sample(wall, out.get("peak_rss_mb"), {**size, "rollout": options[1]})
