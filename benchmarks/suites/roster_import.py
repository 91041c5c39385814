"""Roster import of the enterprise's HR file (CSV): read, validate, preview and apply.

Three cases, each against a raw `executemany` of the same rows into a bare table in one
transaction (the rows parsed from the file beforehand, untimed: the floor for putting those
rows into SQLite from Python at all; issue 19's target is 5x it):

- the first import: every row is a new person, into a new workspace;
- the weekly re-import: the same organisation a week later (1 % new titles, 0.5 % moved to
  another team, 0.5 % leavers, new joiners), into the big workspace;
- the first import of the same organisation as a Workday worker report (its own column names,
  US dates, a status and termination date per worker), read through its layout.
"""

from __future__ import annotations

import csv
import os
import random
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

from benchmarks.generate import fixture_file
from benchmarks.harness import Bench, Sample, Scale, baseline, measurement

COLUMNS = ["employee_id", "name", "email", "title", "team", "manager_id", "parent_team"]


def _read_org(workspace: Path):
    conn = sqlite3.connect(f"{workspace.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        teams = {tid: (name, parent) for tid, name, parent in conn.execute("SELECT id, name, parent_id FROM teams")}
        people = conn.execute(
            """SELECT p.employee_id, p.name, p.email, p.title, p.team_id, m.employee_id, p.active
               FROM people p LEFT JOIN people m ON m.id = p.manager_id ORDER BY p.id""").fetchall()
    finally:
        conn.close()
    return teams, people


def _row(teams, employee_id, name, email, title, team_id, manager) -> list:
    team, parent = teams[team_id]
    return [employee_id, name, email, title, team, manager or "", teams[parent][0] if parent else ""]


def _write(path: Path, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        out.writerows(rows)


@fixture_file("roster_new", suffix=".csv", version=1)
def roster_new(workspace: Path, rng: random.Random, scale: Scale, path: Path) -> None:
    """The whole organisation as an HR export: `roster_rows` people, all new to an empty workspace."""
    teams, people = _read_org(workspace)
    _write(path, (_row(teams, *p[:6]) for p in people[: scale.roster_rows]))


@fixture_file("roster_update", suffix=".csv", version=1)
def roster_update(workspace: Path, rng: random.Random, scale: Scale, path: Path) -> None:
    """The next week's export of the generated workspace's organisation, `roster_rows` rows."""
    teams, people = _read_org(workspace)
    active = [list(p) for p in people if p[6]]
    managers = {p[5] for p in people if p[5]}
    team_ids = list(teams)
    rows = []
    for p in active:
        if p[0] not in managers and rng.random() < 0.005:
            continue  # a leaver: not in the file, deactivated by the import
        r = rng.random()
        if r < 0.01:
            p[3] = f"{p[3]} (acting)"
        elif r < 0.015:
            p[4] = rng.choice(team_ids)
        rows.append(_row(teams, *p[:6]))
    leads = [p[0] for p in people if p[0] in managers]
    n = 0
    while len(rows) < scale.roster_rows:
        n += 1
        rows.append(_row(teams, f"J{n:06d}", f"New Joiner {n}", f"joiner.{n}@example.com", "Analyst",
                         rng.choice(team_ids), rng.choice(leads)))
    _write(path, rows[: scale.roster_rows])


WORKDAY_COLUMNS = ["Employee_ID", "Preferred_Name", "Email_Address", "Supervisory_Organization", "Division",
                   "Business_Title", "Manager_ID", "Hire_Date", "Worker_Status", "Termination_Date",
                   "Cost_Center", "Location"]


@fixture_file("workday_report", suffix=".csv", version=1)
def workday_report(workspace: Path, rng: random.Random, scale: Scale, path: Path) -> None:
    """The organisation as a Workday custom worker report: `roster_rows` workers, US dates, a
    few on leave, leavers as Terminated with a past termination date, some leaving next year."""
    teams, people = _read_org(workspace)
    with open(path, "w", newline="", encoding="utf-8-sig") as f:  # Workday's CSV starts with a BOM
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(WORKDAY_COLUMNS)
        for employee_id, name, email, title, team_id, manager, active in people[: scale.roster_rows]:
            team, parent = teams[team_id]
            hired = f"{rng.randint(1, 12):02d}/{rng.randint(1, 28):02d}/{rng.randint(1995, 2025)}"
            r = rng.random()
            status, ended = ("Terminated", "03/31/2025") if not active else (
                ("On Leave", "") if r < 0.02 else ("Active", "06/30/2099") if r < 0.03 else ("Active", ""))
            out.writerow([employee_id, name, email, team, teams[parent][0] if parent else "", title, manager or "",
                          hired, status, ended, f"CC{team_id % 500:04d}", rng.choice(("Chicago", "Dublin", "Remote"))])


# ----------------------------------------------------------------------------- baselines
def _parsed(bench: Bench, file: Path) -> list[list[str]]:
    """The file's records (header first), parsed once per run: the baselines' untimed input."""

    def parse() -> list[list[str]]:
        with open(file, newline="", encoding="utf-8-sig") as f:
            return list(csv.reader(f))

    return bench.shared(f"parsed:{file}", parse)


def _executemany(bench: Bench, records: list[list[str]], how: str) -> Sample:
    """Rows already in memory into a bare table of a new database: one executemany, one
    transaction, with the connection's defaults (the floor of putting rows into SQLite from Python)."""
    db = bench.scratch("baseline.db")
    header = records[0]
    started, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(db)
    conn.execute(f"CREATE TABLE rows ({', '.join(f'c{i}' for i in range(len(header)))})")
    with conn:
        conn.executemany(f"INSERT INTO rows VALUES ({', '.join('?' * len(header))})", records[1:])
    conn.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    db.unlink(missing_ok=True)
    return Sample(seconds, None, {"baseline": how, "rows": len(records) - 1, "cpu_s": round(cpu, 3)})


def _sqlite_cli_import(bench: Bench, file: Path) -> Sample:
    """The same file into a bare table of a new database with the sqlite3 shell's `.import`;
    without the shell, Python's sqlite3 executemany of the rows parsed beforehand (untimed), as
    the details say."""
    exe = shutil.which("sqlite3")
    if exe is None:
        return _executemany(bench, _parsed(bench, file),
                            "python sqlite3 executemany of rows parsed beforehand (no sqlite3 CLI on this machine)")
    db = bench.scratch("baseline.db")
    started, before = time.perf_counter(), os.times()
    subprocess.run([exe, str(db), f".import --csv {file} rows"], check=True, capture_output=True)
    seconds, after = time.perf_counter() - started, os.times()
    cpu = after.children_user + after.children_system - before.children_user - before.children_system
    db.unlink(missing_ok=True)
    return Sample(seconds, None, {"baseline": "sqlite3 CLI .import", "cpu_s": round(cpu, 3)})


def _roster_baseline(bench: Bench, name: str) -> Sample:
    return _executemany(bench, _parsed(bench, bench.fixtures.files[name]),
                        "python sqlite3 executemany of the rows parsed beforehand")


@baseline("executemany_roster_new", "executemany of the same rows (parsed beforehand) into a bare table")
def executemany_roster_new(bench: Bench) -> Sample:
    return _roster_baseline(bench, "roster_new")


@baseline("executemany_roster_update", "executemany of the same rows (parsed beforehand) into a bare table")
def executemany_roster_update(bench: Bench) -> Sample:
    return _roster_baseline(bench, "roster_update")


@baseline("executemany_workday_report", "executemany of the same rows (parsed beforehand) into a bare table")
def executemany_workday_report(bench: Bench) -> Sample:
    return _roster_baseline(bench, "workday_report")


# ----------------------------------------------------------------------------- measurements
def _import(ws, file: Path) -> Sample:
    from tracker.services.roster_import import apply_roster, preview_roster

    started, cpu = time.perf_counter(), time.process_time()
    preview = preview_roster(ws, file)
    previewed = time.perf_counter()
    if not preview.ok:
        raise RuntimeError("the roster was rejected:\n" + preview.report(max_errors=5))
    change = apply_roster(ws, preview)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    plan = preview.plan
    return Sample(done - started, None, {
        "preview_s": round(previewed - started, 3), "apply_s": round(done - previewed, 3), "cpu_s": round(cpu, 3),
        "rows": preview.rows_read, "new": len(plan.new), "changed": len(plan.changed),
        "deactivated": len(plan.deactivated), "unchanged": plan.unchanged, "new_teams": len(plan.new_teams),
        "change_id": change,
    })


@measurement("import.roster_new", "roster import, CSV of the whole organisation into a new workspace",
             target_s=5.0, target_ratio=5.0, baseline="executemany_roster_new", heavy=True, order=20)
def import_roster_new(bench: Bench) -> Sample:
    """`preview_roster` (read the CSV, validate every row, plan against the workspace) then
    `apply_roster` (one audited transaction) of the whole organisation, into a workspace just
    created (untimed). The row count is the scale's `roster_rows`."""
    from tracker.store import Workspace

    path = bench.scratch("new.tracker")
    with Workspace.open(path) as ws:
        sample = _import(ws, bench.fixtures.files["roster_new"])
    _remove(path)
    return sample


@measurement("import.roster_update", "roster re-import, next week's CSV into the big workspace",
             target_s=5.0, target_ratio=5.0, baseline="executemany_roster_update", heavy=True, order=21)
def import_roster_update(bench: Bench) -> Sample:
    """`preview_roster` then `apply_roster` of next week's HR file into a copy of the big
    workspace (copying and opening it untimed): about 1,000 title changes, 500 team moves, 500
    leavers deactivated and 2,000 joiners; the rest unchanged."""
    from tracker.store import Workspace

    path = bench.fixtures.copy_workspace(bench.scratch("update.tracker"))
    with Workspace.open(path) as ws:
        sample = _import(ws, bench.fixtures.files["roster_update"])
    _remove(path)
    return sample


@measurement("import.workday_report", "Workday worker report import, the whole organisation into a new workspace",
             target_s=5.0, target_ratio=5.0, baseline="executemany_workday_report", heavy=True, order=22)
def import_workday_report(bench: Bench) -> Sample:
    """`preview_roster` (read, recognise the Workday layout, convert every row's fields: NFC
    names, US dates, statuses; plan) then `apply_roster` of the organisation's Workday report,
    into a workspace just created (untimed)."""
    from tracker.store import Workspace

    path = bench.scratch("workday.tracker")
    with Workspace.open(path) as ws:
        sample = _import(ws, bench.fixtures.files["workday_report"])
    _remove(path)
    return sample


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(str(path) + suffix).unlink(missing_ok=True)
