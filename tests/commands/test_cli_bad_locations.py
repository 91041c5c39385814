"""Every `tracker` subcommand against every bad place a workspace can be: one line, the
documented exit status, and the file exactly as it was.

The subcommands come from the CLI's own registry (tracker/cli.py), and their arguments from
their parsers, so a new subcommand is in the matrix the day it is registered (and this test
names any argument it does not know how to fill). The commands run without root's powers
(tests/powerless.py), so file modes apply. All cases run in one child process to keep this fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from powerless import powerless_prefix

from tracker import cli
from tracker.domain.enums import Impact
from tracker.store import Workspace

REPO = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("cli_matrix_child.py")
ROLLOUT = "Claims triage assistant"
PAGE = 4096

READERS = {"report", "export-data", "rollout list"}  # only read the workspace: work on a read-only file or folder
RECORDERS = {"report", "export-data"}  # record the file they wrote in the history: their one write
CREATORS = {"demo", "new", "pull"}  # make a new file: refuse any existing path (2)
SERVER_ONLY = {"grant", "revoke"}  # take no file at all: only the unreachable server, said in one line
# push and pull's server: one that cannot be reached (push fails on its bad file before asking it).
UNREACHABLE = "postgresql://tracker@/rollouts?host=/nonexistent-tracker-socket-folder"

INPUTS = {  # a valid file for each import kind, for the workspace `good_workspace` makes
    "roster": ("roster.csv", "employee_id,name,email,team\nE1,Ann Claims,ann@example.com,Claims\n"
                             "E2,Bob Billing,bob@example.com,Billing\n"),
    "training": ("training.csv", f"employee_id,module,status,completed_on\nE1,AI-101,completed,{dt.date.today()}\n"),
    "adkar": ("adkar.csv", "team,assessed_on,awareness,desire,knowledge,ability,reinforcement,respondents\n"
                           "Claims,2026-01-15,4,3,4,4,3,6\n"),
    "kpis": ("kpis.csv", "kpi,measured_on,value\nAccuracy,2026-01-31,91\n"),
    "usage": ("usage.csv", f"employee_id,rollout,used_on\nE1,{ROLLOUT},2026-01-05\n"),
    "adoption": ("adoption.csv", f"rollout,team,period_end,eligible,active\n{ROLLOUT},Claims,2026-01-31,4,2\n"),
    "accounts": ("users.csv", "userPrincipalName,displayName,mail,accountEnabled\n"
                              "p1@contoso.com,Person 1,p1@contoso.com,True\n"),
    "seats": ("seats.csv", "employee_id,assigned_on,cost_per_seat,currency\nE1,2026-01-05,30,EUR\n"),
}


def good_workspace(path: Path) -> Path:
    with Workspace.open(path) as ws:
        claims, billing = ws.teams.create("Claims"), ws.teams.create("Billing")
        for i in range(1, 7):
            ws.people.create(employee_id=f"E{i}", name=f"Person {i}", team_id=claims if i % 2 else billing)
        rollout = ws.rollouts.create(name=ROLLOUT, go_live_date=dt.date(2026, 2, 1))
        ws.rollouts.set_impact(rollout, claims, Impact.HIGH)
        ws.training.create_module(rollout, code="AI-101", title="AI basics", team_ids=[claims],
                                  due_date=dt.date(2026, 4, 1))
        ws.delivery.kpis.add(rollout_id=rollout, name="Accuracy", unit="%", target=90,
                             direction="higher_better", tolerance=3)
    return path


def hostile_trigger(path: Path) -> None:
    """The attack of issue 22: a trigger that copies names away and empties the history."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE exfil (name TEXT);
        CREATE TRIGGER steal AFTER INSERT ON people BEGIN
            INSERT INTO exfil VALUES (NEW.name); DELETE FROM audit;
        END;""")
    conn.close()


def bad_locations(root: Path, good: Path) -> dict[str, Path]:
    """name -> the workspace path to give the commands; each in a folder of its own."""
    def place(name: str) -> Path:
        folder = root / name.replace(" ", "-")
        folder.mkdir(parents=True)
        return folder / "org.tracker"

    out = {}
    out["read-only file"] = shutil.copy(good, place("read-only file"))
    out["read-only folder"] = shutil.copy(good, place("read-only folder"))
    out["missing folder"] = place("missing folder").parent / "gone" / "org.tracker"
    out["folder as the file"] = place("folder as the file")
    out["folder as the file"].mkdir()
    out["0-byte file"] = place("0-byte file")
    out["0-byte file"].write_bytes(b"")
    data = good.read_bytes()
    out["truncated file"] = place("truncated file")
    out["truncated file"].write_bytes(data[: len(data) // 2 + 100])
    out["random bytes"] = place("random bytes")
    out["random bytes"].write_bytes(random.Random(22).randbytes(2 * PAGE))
    out["newer schema"] = shutil.copy(good, place("newer schema"))
    conn = sqlite3.connect(out["newer schema"])
    with conn:
        conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                     "VALUES ('tracker', 'm999_from_the_future', '2030-01-01')")
    conn.close()
    out["damaged page"] = place("damaged page")
    with Workspace.open(out["damaged page"]) as ws:
        team = ws.teams.create("Claims")
        with ws.conn:
            ws.conn.executemany("INSERT INTO people (employee_id, name, team_id) VALUES (?, ?, ?)",
                                [(f"E{i:05}", f"Person number {i}", team) for i in range(1500)])
    pages = out["damaged page"].stat().st_size // PAGE
    with open(out["damaged page"], "r+b") as f:
        f.seek(PAGE * (pages // 2))
        f.write(b"\x5a" * PAGE)
    out["hostile schema"] = shutil.copy(good, place("hostile schema"))
    hostile_trigger(out["hostile schema"])
    # A workspace whose last changes are still in its -wal (copied while open): readable in a
    # read-only folder with its -shm, and refused in one line without it.
    with Workspace.open(good) as ws:
        ws.teams.create("Only in the WAL")
        for name in ("read-only folder, live -wal", "read-only folder, -wal without -shm"):
            target = place(name)
            for suffix in ("", "-wal", "-shm"):
                shutil.copy(f"{good}{suffix}", f"{target}{suffix}")
            out[name] = target
    Path(f"{out['read-only folder, -wal without -shm']}-shm").unlink()
    return {name: Path(p) for name, p in out.items()}


def subcommands() -> dict[str, tuple[list[str], object]]:
    """Every subcommand from the CLI's registry: its name -> (argv prefix, its parser); a command
    with actions of its own (`tracker rollout add`, `tracker import roster`) gives one per action."""
    parser = cli.build_parser()
    top = next(a for a in parser._actions if a.dest == "command")
    out = {}
    for name, sub in top.choices.items():
        nested = next((a for a in sub._actions if isinstance(a, argparse._SubParsersAction)), None)
        if nested is None:
            out[name] = ([name], sub)
        else:
            out.update({f"{name} {k}": ([name, k], p) for k, p in nested.choices.items()})
    assert {n.split()[0] for n in out} == set(cli.COMMANDS) | {"import"}
    assert {n.removeprefix("import ") for n in out if n.startswith("import ")} == set(cli.IMPORT_KINDS)
    return out


def argv_for(name: str, prefix: list[str], parser, workspace: Path, inputs: dict[str, Path],
             output: Path) -> list[str]:
    """The command line that makes `name` do its job on `workspace` (writing, where it writes)."""
    values = {"workspace": str(workspace), "path": str(workspace), "employee_id": "E1",
              "output": str(output), "rollout": ROLLOUT, "name": "Email drafting", "address": UNREACHABLE,
              "user": "ann", "role": "viewer"}  # grant and revoke: the server's user, a role
    argv = list(prefix)
    for action in parser._actions:
        if action.dest == "help":
            continue
        if action.dest == "file" and name in ("push", "pull"):  # the file pushed, or the one pulled into
            value = str(workspace)
        elif action.dest == "file":
            value = str(inputs[name.removeprefix("import ").replace("import-data", "data")])
        elif action.option_strings and not action.required:
            continue
        elif action.dest in values:
            value = values[action.dest]
        else:
            raise AssertionError(f"{name}: the matrix does not know what to give for {action.dest}")
        argv += [action.option_strings[0], value] if action.option_strings else [value]
    return argv + {"erase-person": ["--yes"], "retention": ["--months", "6"]}.get(name, [])


READABLE = ("read-only file", "read-only folder", "read-only folder, live -wal")
SAID = {  # what the one line must say, where the place is not a workspace that can be used
    "0-byte file": "empty (0 bytes)", "random bytes": "is not a Rollout Tracker workspace",
    "newer schema": "newer version", "damaged page": "is damaged", "truncated file": "is damaged",
    "hostile schema": "changed outside Rollout Tracker", "folder as the file": "is a folder",
    "read-only folder, -wal without -shm": "can only be read where its folder can be written",
}  # (commands that write say first that the file is read-only)


def expected_status(name: str, location: str, dry_run: bool) -> int:
    if name in CREATORS:
        return 3 if location == "missing folder" else 2  # "already exists" is a usage error
    if (name in READERS or dry_run) and location in READABLE:
        return 0
    return 3


def state(folder: Path) -> dict:
    """Every file in `folder` with its bytes and modification time."""
    if not folder.exists():
        return {}
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) if p.is_file() else "folder"
            for p in sorted(folder.iterdir())}


def matrix(locations: dict[str, Path], healthy: Path, inputs: dict[str, Path], out: Path,
           old_report: Path) -> tuple[list[list[str]], list[tuple[str, str, int]]]:
    """Every subcommand (and its --dry-run or --training-plan variant) in every location; the
    readers also into an output folder they may not write, and every reading variant once on a
    healthy workspace (the inputs are good, and reading writes nothing)."""
    cases, expected = [], []

    def add(argv: list[str], name: str, location: str, status: int) -> None:
        cases.append(argv)
        expected.append((name, location, status))

    for name, (argv_prefix, parser) in subcommands().items():
        if name in SERVER_ONLY:
            add(argv_for(name, argv_prefix, parser, healthy, inputs, out / "unused.xlsx"), name, "no server", 3)
            continue
        variants = [[]]
        variants += [[flag] for dest, flag in (("dry_run", "--dry-run"), ("training_plan", "--training-plan"))
                     if any(a.dest == dest for a in parser._actions)]
        for extra in variants:
            for location, path in locations.items():
                argv = argv_for(name, argv_prefix, parser, path, inputs, out / f"{len(cases)}.xlsx") + extra
                add(argv, name, location, expected_status(name, location, extra == ["--dry-run"]))
            if name in READERS and any(a.dest == "output" for a in parser._actions):
                add(argv_for(name, argv_prefix, parser, healthy, inputs, old_report) + extra,
                    name, "read-only output folder", 1)
            if name in READERS or extra == ["--dry-run"]:
                add(argv_for(name, argv_prefix, parser, healthy, inputs, out / f"{len(cases)}.xlsx") + extra,
                    name, "healthy", 0)
    return cases, expected


def judge(case: tuple[str, str, int], result: dict) -> str | None:
    """What is wrong with how one command line ended, or None."""
    name, location, status = case
    lines = result["stderr"].splitlines()
    said = f"{' '.join(result['argv'][:2])} [{location}] -> {result['status']}: {result['stderr']!r}"
    if result["traceback"]:
        return f"{said} TRACEBACK {result['traceback']}"
    if result["status"] != status:
        return f"{said} (expected {status})"
    # A report or export written from a workspace that cannot be written says, in one line,
    # that the history does not record it (the record is the one write they make).
    noted = status == 0 and name in RECORDERS and location in READABLE
    if len(lines) != (0 if status == 0 and not noted else 1) and location != "healthy":
        return f"{said} (expected {'no line' if status == 0 and not noted else 'one line'} on stderr)"
    if noted and "is not recorded in the workspace's history" not in result["stderr"]:
        return f"{said} (expected it to say the file is not recorded)"
    if status == 0 and not result["stdout"].strip():
        return f"{said} (said nothing of what it did)"
    if "unexpected error" in result["stderr"]:
        return f"{said} (reached the last-resort handler)"
    reading = name in READERS or "--dry-run" in result["argv"]
    if status == 3 and location in SAID and SAID[location] not in result["stderr"] and (
            reading or "-wal" not in location):
        return f"{said} (expected it to say {SAID[location]!r})"
    return None


@pytest.mark.slow  # every subcommand times every place, in a child process: 5 s of CPU. The fast loop
# keeps the common places one command at a time (test_file_access.py, test_workspace_file.py,
# test_export_audit.py)
def test_every_subcommand_in_every_bad_location(tmp_path):
    prefix = powerless_prefix()
    good = good_workspace(tmp_path / "good.tracker")
    inputs = {}
    for kind, (name, text) in INPUTS.items():
        inputs[kind] = tmp_path / name
        inputs[kind].write_text(text, encoding="utf-8")
    from tracker.services.portable_export import export_workbook

    with Workspace.open(good) as ws:
        inputs["data"] = export_workbook(ws, tmp_path / "data.xlsx")
    locations = bad_locations(tmp_path / "places", good)
    (tmp_path / "healthy").mkdir()
    healthy = Path(shutil.copy(good, tmp_path / "healthy" / "org.tracker"))
    out = tmp_path / "out"
    out.mkdir()
    locked_out = tmp_path / "read-only-output"
    locked_out.mkdir()
    old_report = locked_out / "old.xlsx"
    old_report.write_bytes(b"the report from last week")

    cases, expected = matrix(locations, healthy, inputs, out, old_report)

    locations["read-only file"].chmod(0o444)
    for location in ("read-only folder, live -wal", "read-only folder, -wal without -shm"):
        for item in locations[location].parent.iterdir():
            item.chmod(0o444)
    read_only_folders = [locations[name].parent for name in READABLE[1:] + ("read-only folder, -wal without -shm",)]
    for folder in [*read_only_folders, locked_out]:
        folder.chmod(0o555)
    with sqlite3.connect(healthy) as conn:  # the report must count these without storing them
        assert conn.execute("SELECT count(*) FROM training_counts_stale").fetchone()[0] > 0
    conn.close()
    folders = {p.parent for p in locations.values()} | {locked_out}
    before = {folder: state(folder) for folder in folders}
    with sqlite3.connect(healthy) as conn:
        healthy_before = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for (t,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('changes', 'exports')")}
    conn.close()
    cases_file, results_file = tmp_path / "cases.json", tmp_path / "results.json"
    cases_file.write_text(json.dumps(cases), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("TRACKER_TRACEBACK", None)
    try:
        child = subprocess.run([*prefix, sys.executable, str(CHILD), str(cases_file), str(results_file)],
                               cwd=REPO, env=env, capture_output=True, text=True, timeout=600)
    finally:
        for folder in [*read_only_folders, locked_out]:
            folder.chmod(0o755)
    assert child.returncode == 0, child.stderr
    results = json.loads(results_file.read_text(encoding="utf-8"))

    problems = [problem for case, result in zip(expected, results) if (problem := judge(case, result))]
    assert not problems, "\n".join(problems)
    assert len(results) == len(cases) >= 13 * len(locations)

    for folder, files in before.items():
        assert state(folder) == files, f"{folder.name} changed"
    assert not locations["missing folder"].parent.exists()
    # Reading wrote nothing (the training counts were counted in memory); the one write is the
    # record of each report and export written from the healthy workspace.
    with sqlite3.connect(healthy) as conn:
        after = {t: conn.execute(f"SELECT * FROM {t}").fetchall() for t in healthy_before}
        recorded = conn.execute("SELECT COUNT(*) FROM exports").fetchone()[0]
    conn.close()
    assert after == healthy_before
    wrote = sum(1 for (name, location, status) in expected
                if location == "healthy" and name in RECORDERS and status == 0)
    assert recorded == wrote > 0
    assert sorted(p.name for p in healthy.parent.iterdir()) == ["org.tracker"]  # no -wal, -shm left
