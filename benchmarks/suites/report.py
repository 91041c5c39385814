"""The leaders' status workbook of every rollout, written by `tracker report` on the big workspace.

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


def _report(bench: Bench, output: Path) -> tuple[float, dict]:
    wall, out = run_process(probe_cmd("cli_probe.py", "report", _workspace(bench), "-o", str(output),
                                      "--as-of", AS_OF.isoformat()), probe_out=True, timeout=900)
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


def _workbook_size(bench: Bench) -> dict:
    """Once per run: the workbook written once (untimed, it also warms the file cache) and
    counted, so the baseline knows how many cells to write before the first repetition."""
    output = bench.scratch("status-count.xlsx")
    _report(bench, output)
    cells, sheets = count_cells(output)
    size = output.stat().st_size
    output.unlink()
    return {"cells": cells, "sheets": sheets, "file_mb": round(size / 2**20, 1)}


@baseline("openpyxl_write_only", "openpyxl write-only mode writing the same number of cells")
def openpyxl_write_only(bench: Bench) -> Sample:
    size = bench.shared("report-size", lambda: _workbook_size(bench))
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
