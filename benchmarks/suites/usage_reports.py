"""Usage reports (snapshots): weekly Microsoft 365 Copilot usage reports of every licensed user,
imported in turn, as a change manager catching up on a quarter (twelve at full scale) or on a
year (52 of 300,000 people at xl: 15.6 million rows, issue 19) would.

Each file is the Graph report's CSV (getMicrosoft365CopilotUsageUserDetail, v1 columns): one row
per person of the generated workspace (100,000 at full scale), their work email as the user
principal name, the last activity date overall and in eight apps, blank when none. The weeks
come from one simulated history: each person has a weekly chance of using each app (some never
do), and a report shows the last day of each app up to its refresh date, so consecutive reports
repeat most dates, as real ones do.

`import.usage_reports` times `preview_usage` + `apply_usage` of the scale's
`usage_report_weeks` files into a copy of the generated workspace (which already holds the
three-million-use log), the rollout chosen with `rollout=` as `--rollout` does; copying and
opening are untimed. Issue 15's target: 20 s for the twelve of the full scale; issue 19's: 60 s
for the 52 of xl.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sqlite3
import time
from functools import partial
from pathlib import Path

from benchmarks.generate import fixture_file
from benchmarks.harness import Bench, Sample, Scale, measurement
from benchmarks.suites.dashboard import AS_OF
from benchmarks.suites.roster_import import _remove

WEEKS = 52  # the most any scale imports (Scale.usage_report_weeks); the weeks end on the same day
APPS = ("Copilot Chat", "Microsoft Teams Copilot", "Word Copilot", "Excel Copilot", "PowerPoint Copilot",
        "Outlook Copilot", "OneNote Copilot", "Loop Copilot")
HEADER = (["Report Refresh Date", "User Principal Name", "Display Name", "Last Activity Date"]
          + [f"{app} Last Activity Date" for app in APPS] + ["Report Period"])
APP_SHARE = (1.0, 0.9, 0.6, 0.4, 0.3, 0.7, 0.1, 0.05)  # how often an active person uses each app
LAST_REFRESH = AS_OF - dt.timedelta(days=AS_OF.isoweekday())  # the Sunday before the benchmark's today
_history: dict[tuple[str, int], list] = {}


def _refresh(week: int, weeks: int) -> dt.date:
    """The refresh date of report `week` (0-based) of `weeks`: the last one is LAST_REFRESH."""
    return LAST_REFRESH - dt.timedelta(weeks=weeks - 1 - week)


def _weekly_last_days(workspace: Path, scale: Scale) -> list:
    """Per week, the (people × apps) array of last-activity day ordinals (0: never), computed once
    per workspace for all the scale's files (int32: 52 weeks of 300,000 people stay under 600 MB)."""
    import numpy as np

    weeks = scale.usage_report_weeks
    key = (str(workspace), scale.people, weeks)
    if key not in _history:
        _history.clear()  # one scale's history at a time
        draw = np.random.default_rng(15)
        n = scale.people
        rate = draw.choice([0.0, 0.1, 0.3, 0.6, 0.9], size=n)  # a person's weekly chance of using it at all
        last = np.zeros((n, len(APPS)), dtype=np.int32)
        history = []
        for week in range(weeks):
            monday = (_refresh(week, weeks) - dt.timedelta(days=6)).toordinal()
            used = draw.random((n, len(APPS))) < rate[:, None] * np.asarray(APP_SHARE)[None, :]
            days = monday + draw.integers(0, 7, size=(n, len(APPS)), dtype=np.int32)
            last = np.where(used, days, last)
            history.append(last)
        _history[key] = history
    return _history[key]


def _write_week(week: int, workspace: Path, rng: random.Random, scale: Scale, path: Path) -> None:
    conn = sqlite3.connect(f"{workspace.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        people = conn.execute("SELECT email, name FROM people ORDER BY id").fetchall()
    finally:
        conn.close()
    last = _weekly_last_days(workspace, scale)[week]
    iso = {0: ""}
    for day in set(last.ravel().tolist()) - {0}:
        iso.setdefault(day, dt.date.fromordinal(day).isoformat())
    overall = last.max(axis=1).tolist()
    refresh = _refresh(week, scale.usage_report_weeks).isoformat()
    with open(path, "w", newline="", encoding="utf-8-sig") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for (email, name), top, apps in zip(people, overall, last.tolist()):
            out.writerow([refresh, email, name, iso[top], *map(iso.__getitem__, apps), "7"])


def _has_week(week: int, scale: Scale) -> bool:
    return week < scale.usage_report_weeks


for _week in range(WEEKS):
    fixture_file(f"copilot_report_{_week + 1:02d}", suffix=".csv", version=2,
                 when=partial(_has_week, _week))(partial(_write_week, _week))


@measurement("import.usage_reports", "weekly Microsoft 365 Copilot usage reports of every licensed user "
             "(12 × 100,000 at full scale, 52 × 300,000 at xl), imported in turn", target_s=20.0,
             scale_targets={"xl": 60.0}, heavy=True, order=23)
def import_usage_reports(bench: Bench) -> Sample:
    """`preview_usage` + `apply_usage` of the scale's weekly Copilot usage reports (snapshots) into
    a copy of the generated workspace, the rollout chosen for them; copying and opening are untimed."""
    from tracker.services.usage_import import apply_usage, preview_usage
    from tracker.store import Workspace

    path = bench.fixtures.copy_workspace(bench.scratch("usage-reports.tracker"))
    files = [bench.fixtures.files[f"copilot_report_{week + 1:02d}"] for week in range(bench.scale.usage_report_weeks)]
    with Workspace.open(path) as ws:
        rollout = ws.rollouts.list()[0].name  # also the connection's first query, untimed
        started, cpu = time.perf_counter(), time.process_time()
        previewed = new = rows = 0.0
        for file in files:
            began = time.perf_counter()
            preview = preview_usage(ws, file, rollout=rollout, today=AS_OF)
            previewed += time.perf_counter() - began
            if not preview.ok:
                raise RuntimeError(f"{file.name} was rejected:\n" + preview.report())
            apply_usage(ws, preview)
            new += preview.new
            rows += preview.rows
        done, cpu = time.perf_counter(), time.process_time() - cpu
        unknown = preview.unknown_rows
    _remove(path)
    return Sample(done - started, None, {"preview_s": round(previewed, 3), "apply_s": round(done - started - previewed, 3),
                                         "cpu_s": round(cpu, 3), "files": len(files), "rows": int(rows), "new_uses": int(new),
                                         "unmatched_rows_last_file": unknown})
