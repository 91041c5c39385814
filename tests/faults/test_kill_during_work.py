"""Crash in the middle of work: a child process is SIGKILLed at random moments (seeded).

After every kill the workspace must pass `PRAGMA integrity_check`, hold every edit the child
reported saved, hold all or none of a roster import, and a report being exported over an older
one must leave the older file byte-identical (and the next export sweeps the orphaned temporary).
The lock the killed child left behind is stale, so the next open takes it over: every trial
also proves that a crashed process does not lock its workspace forever.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tracker.store import Workspace
from tracker.store.lock import lock_path_for

pytestmark = pytest.mark.slow

CHILD = Path(__file__).with_name("child.py")
REPO = Path(__file__).resolve().parents[2]
SEED = 20261201
IMPORT_KILLS, EDIT_KILLS, EXPORT_KILLS = 22, 22, 8  # 52 kills in all


def start_child(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(CHILD), *args], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


class Lines:
    """The child's stdout lines as they arrive (read on a thread so the parent can time kills)."""

    def __init__(self, proc: subprocess.Popen, marker: str = "open"):
        self.items: list[str] = []
        self.marker = marker
        self.opened = threading.Event()  # the marker line arrived
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc):
        for line in proc.stdout:
            self.items.append(line.strip())
            if line.strip() == self.marker:
                self.opened.set()

    def join(self):
        self._thread.join(timeout=10)


def run_and_kill(args: list[str], delay: float, after: str = "open") -> tuple[list[str], bool]:
    """Start the child, kill it `delay` seconds after it printed `after` (opened the workspace).

    Returns the lines it printed and whether the kill landed (False: it had already finished).
    """
    proc = start_child(*args)
    lines = Lines(proc, after)
    assert lines.opened.wait(20), proc.stderr.read()
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        pass
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    lines.join()
    killed = proc.returncode == -signal.SIGKILL  # else it finished just before the signal
    if not killed:
        assert proc.returncode == 0, proc.stderr.read()
    proc.stderr.close()
    return lines.items, killed


def timed_run(args: list[str]) -> float:
    """How long the work takes after the child opened the workspace (the window kills aim at)."""
    proc = start_child(*args)
    lines = Lines(proc)
    assert lines.opened.wait(20), proc.stderr.read()
    start = time.perf_counter()
    assert proc.wait(60) == 0, proc.stderr.read()
    lines.join()
    proc.stderr.close()
    return time.perf_counter() - start


def integrity(path: Path) -> str:
    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def copy_workspace(source: Path, destination: Path) -> Path:
    src, dst = sqlite3.connect(str(source)), sqlite3.connect(str(destination))
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return destination


def people_state(path: Path) -> dict:
    with Workspace.open(path, create=False) as ws:  # also takes over the killed child's lock
        return {e: (p["name"], p["active"], p["team_id"]) for e, p in ws.people.snapshot().items()}


def write_roster(path: Path, rows: int, version: int) -> Path:
    lines = ["employee_id,name,email,team,title,manager_id"]
    for i in range(rows):
        if version == 2 and i % 7 == 0:
            continue  # left the company: a full roster deactivates them
        manager = "" if i < 20 else f"E{i % 20}"
        lines.append(f"E{i},Person {i} v{version},p{i}@example.org,Team {(i + version) % 60},"
                     f"Role {version},{manager}")
    if version == 2:
        lines += [f"N{i},Newcomer {i},n{i}@example.org,Team {i % 60},New," for i in range(300)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_kill_during_roster_import_is_all_or_nothing(tmp_path):
    rng = random.Random(SEED)
    base = tmp_path / "base.tracker"
    Workspace.open(base).close()
    first, second = write_roster(tmp_path / "v1.csv", 3000, 1), write_roster(tmp_path / "v2.csv", 3000, 2)
    assert run_and_kill(["import", str(base), str(first)], 30)[0][-1] == "applied"
    before = people_state(base)
    done = copy_workspace(base, tmp_path / "done.tracker")
    work = timed_run(["import", str(done), str(second)])
    after = people_state(done)
    assert before != after and len(after) == 3300

    outcomes = {"none": 0, "all": 0}
    for trial in range(IMPORT_KILLS):
        ws_path = copy_workspace(base, tmp_path / f"trial{trial}.tracker")
        printed, killed = run_and_kill(["import", str(ws_path), str(second)], rng.uniform(0, work * 1.1))
        if killed and "applied" not in printed:
            assert lock_path_for(ws_path).exists()  # the crashed child's lock is left behind
        assert integrity(ws_path) == "ok"
        state = people_state(ws_path)
        assert not lock_path_for(ws_path).exists()  # ...and was taken over and released
        assert state in (before, after), "a partial import survived the kill"
        if "applied" in printed:
            assert state == after
        outcomes["all" if state == after else "none"] += 1
        ws_path.unlink()
    assert outcomes["none"] > 0  # the kills did land during the import


def test_kill_during_a_stream_of_edits_loses_nothing_reported_saved(tmp_path):
    rng = random.Random(SEED + 1)
    ws_path = tmp_path / "edits.tracker"
    Workspace.open(ws_path).close()
    reported: set[str] = set()
    number = 0
    for _trial in range(EDIT_KILLS):
        printed, killed = run_and_kill(["edits", str(ws_path), str(number)], rng.uniform(0.02, 0.3))
        assert killed
        saved = [int(line) for line in printed if line.isdigit()]
        reported |= {f"F{n}" for n in saved}
        assert integrity(ws_path) == "ok"
        with Workspace.open(ws_path, create=False) as ws:
            names = {t.name for t in ws.teams.list()}
        missing = reported - names
        assert not missing, f"edits reported saved but lost: {sorted(missing)[:5]}"
        number = (max(saved) if saved else number) + 2  # +2: the unreported one may have landed
    assert len(reported) > EDIT_KILLS * 5


def test_kill_during_export_keeps_the_previous_report(tmp_path):
    from openpyxl import load_workbook

    from tracker.demo import write_demo_workspace

    rng = random.Random(SEED + 2)
    ws_path = write_demo_workspace(tmp_path / "demo.tracker")
    report = tmp_path / "status.xlsx"
    assert run_and_kill(["export", str(ws_path), str(report)], 60)[0][-1] == "written"
    work = timed_run(["export", str(ws_path), str(report)])
    landed = orphans = 0
    for trial in range(EXPORT_KILLS):
        previous = report.read_bytes()
        if trial % 2:  # while the workbook is being written to its temporary file
            printed, killed = run_and_kill(["export", str(ws_path), str(report)], rng.uniform(0, 0.04),
                                           after="saving")
        else:  # anywhere in the export
            printed, killed = run_and_kill(["export", str(ws_path), str(report)], rng.uniform(0, work))
        assert integrity(ws_path) == "ok"
        orphans = max(orphans, len(list(tmp_path.glob(".status-*.xlsx.part"))))
        if "written" not in printed and report.read_bytes() == previous:
            landed += 1  # killed before the move: the previous report, byte for byte
        else:
            # Finished, or killed after the one-step move but before saying so: a whole workbook.
            assert load_workbook(report, read_only=True).sheetnames[0] == "Summary"
    assert landed > 0 and orphans > 0  # some kills hit the temporary file's lifetime
    # A killed export cannot clean up after itself; the next export removes its temporary.
    assert run_and_kill(["export", str(ws_path), str(report)], 60)[0][-1] == "written"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []
    assert load_workbook(report, read_only=True).sheetnames[0] == "Summary"
