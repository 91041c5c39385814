"""Many writers, nothing lost (PostgreSQL): 4 processes edit the same records based on the
versions they read, hand over RACI accountability and import training records at once; then
no accepted edit is lost, no refused one shows, and the invariants hold. And a writer killed
in the middle of an import leaves nothing of it on the server.

The processes are tests/store/concurrent_writer.py; each logs every attempt and its outcome.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from tracker.domain.raci import RaciRole
from tracker.store import Workspace
from tracker.store.training_status import current_counts, module_counts

WRITER = Path(__file__).with_name("concurrent_writer.py")
FIELD = {"people": "title", "rollouts": "description"}


def _environment() -> dict[str, str]:
    root = str(Path(__file__).resolve().parents[2])  # the worktree's tracker, in the children too
    return {**os.environ, "PYTHONPATH": os.pathsep.join([root, os.environ.get("PYTHONPATH", "")])}


def _seed(address: str) -> None:
    ws = Workspace.open(address)
    with ws:
        teams = [ws.teams.create(f"Team {i}") for i in range(2)]
        people = [ws.people.create(employee_id=f"E{i:03d}", name=f"Person {i}", team_id=teams[i % 2])
                  for i in range(10)]
        rollout = ws.rollouts.create(name="Claims triage assistant", owner_id=people[0])
        for code in ("T1", "T2"):
            ws.training.create_module(rollout, code=code, title=code, team_ids=teams)
        raci = ws.delivery.raci
        for i, what in enumerate(("Approve go-live", "Train champions", "Own the data")):
            responsibility = raci.add_responsibility(rollout, what)
            raci.set_role(responsibility, RaciRole.ACCOUNTABLE, person_id=people[i])


def _run_writers(address: str, tmp_path: Path, seconds: float) -> list[dict]:
    logs = [tmp_path / f"writer{seed}.jsonl" for seed in range(1, 5)]
    writers = [subprocess.Popen([sys.executable, str(WRITER), address, str(seed), str(seconds), str(log)],
                                env=_environment(), stderr=subprocess.PIPE, text=True)
               for seed, log in zip(range(1, 5), logs)]
    for writer in writers:
        _out, err = writer.communicate(timeout=seconds + 120)
        assert writer.returncode == 0, err
    return [json.loads(line) for log in logs for line in log.read_text().splitlines()]


def _check(address: str, attempts: list[dict]) -> None:
    ws = Workspace.open(address)
    with ws:
        edits = [a for a in attempts if a["kind"] == "edit"]
        accepted = [a for a in edits if a["outcome"] == "accepted"]
        refused = [a for a in edits if a["outcome"] == "refused"]
        assert accepted and refused, "the writers never met: the test proved nothing"
        assert all(a["reason"] == "stale" for a in refused), {a["reason"] for a in refused}
        by_record: dict[tuple[str, int], list[dict]] = defaultdict(list)
        for a in accepted:
            by_record[(a["table"], a["id"])].append(a)
        for (table, row_id), done in by_record.items():
            # Each accepted edit made the version after the one it read; two accepted edits
            # based on the same version would be a lost update.
            made = sorted(a["read"] + 1 for a in done)
            assert len(set(made)) == len(made), f"two edits of {table} {row_id} accepted on one version"
            version, value = ws.conn.execute(f"SELECT version, {FIELD[table]} FROM {table} WHERE id = ?",
                                             (row_id,)).fetchone()
            assert made == list(range(2, version + 1)), (table, row_id)
            assert value == max(done, key=lambda a: a["read"])["value"]  # the latest accepted one
            trail = {json.loads(after)[FIELD[table]] for (after,) in ws.conn.execute(
                "SELECT after FROM audit WHERE entity = ? AND entity_id = ? AND action = 'update'",
                (table, row_id))}
            assert {a["value"] for a in done} <= trail
        # A refused edit was reported as refused, and nothing of it was written anywhere.
        written = {json.loads(after).get(FIELD[a["table"]]) for a in refused for (after,) in ws.conn.execute(
            "SELECT after FROM audit WHERE entity = ? AND entity_id = ?", (a["table"], a["id"])) if after}
        assert not {a["value"] for a in refused} & written
        # Imports: each accepted one complete (one change, one audit row per record), each
        # refused one absent.
        for a in attempts:
            if a["kind"] == "import" and a["outcome"] == "accepted":
                assert ws.scalar("SELECT COUNT(*) FROM audit WHERE change_id = ?", (a["change"],)) == len(a["people"])
        assert ws.scalar("SELECT COUNT(*) FROM training_records") == ws.scalar(
            "SELECT COUNT(*) FROM audit WHERE entity = 'training_records' AND action = 'insert'")
        # Invariants: one Accountable per RACI row, no training record without a module, the
        # kept counts equal a fresh count.
        assert [n for (n,) in ws.conn.execute(
            "SELECT COUNT(*) FROM raci_responsibilities r JOIN raci_assignments a "
            "ON a.responsibility_id = r.id AND a.role = 'A' GROUP BY r.id")] == [1, 1, 1]
        assert ws.scalar("SELECT COUNT(*) FROM training_records t LEFT JOIN training_modules m "
                         "ON m.id = t.module_id WHERE m.id IS NULL") == 0
        assert current_counts(ws) == module_counts(ws)
        handovers = [a for a in attempts if a["kind"] == "raci"]
        assert any(a["outcome"] == "accepted" for a in handovers)


def _concurrent_writers(pg_database: str, tmp_path: Path, seconds: float) -> None:
    _seed(pg_database)
    attempts = _run_writers(pg_database, tmp_path, seconds)
    _check(pg_database, attempts)


def test_four_writers_for_five_seconds_lose_nothing(pg_database, tmp_path):
    _concurrent_writers(pg_database, tmp_path, 5)


@pytest.mark.slow
def test_four_writers_for_a_minute_lose_nothing(pg_database, tmp_path):
    _concurrent_writers(pg_database, tmp_path, 60)


def test_a_writer_killed_mid_import_leaves_nothing_of_it(pg_database, tmp_path):
    _seed(pg_database)
    ws = Workspace.open(pg_database)
    with ws:
        people, changes = ws.scalar("SELECT COUNT(*) FROM people"), ws.scalar("SELECT COUNT(*) FROM changes")
    progress = tmp_path / "progress"
    writer = subprocess.Popen([sys.executable, str(WRITER), pg_database, "import", "20000", str(progress)],
                              env=_environment())
    deadline = time.monotonic() + 60
    while not (progress.exists() and progress.read_text() not in ("", "500")):
        assert writer.poll() is None and time.monotonic() < deadline, "the import ended before it was killed"
        time.sleep(0.01)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=30)
    assert progress.read_text() != "done"
    ws = Workspace.open(pg_database)
    with ws:
        deadline = time.monotonic() + 30  # the server notices the lost client and rolls back
        while ws.scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND state <> 'idle'") and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ws.scalar("SELECT COUNT(*) FROM people") == people
        assert ws.scalar("SELECT COUNT(*) FROM changes") == changes
        assert ws.scalar("SELECT COUNT(*) FROM people WHERE employee_id LIKE 'K%'") == 0
        ws.people.create(employee_id="K0000000", name="After the kill")  # the rows are free again
