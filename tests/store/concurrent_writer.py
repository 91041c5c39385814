"""One writer of the concurrency test (test_concurrent_writers.py), run as its own process:

    python concurrent_writer.py ADDRESS SEED SECONDS LOG          random edits and imports
    python concurrent_writer.py ADDRESS import ROWS PROGRESS      one long import, to be killed

Random edits, each based on the version it read (a person's title, the rollout's description),
RACI hand-overs of the Accountable (one write: the current holder becomes Responsible, based on
the version read, and the new one Accountable) and small training imports (one write each), for
SECONDS. Every attempt is logged as a JSON line with what it read and whether the store accepted
or refused it, for the test to check against the final state and the audit trail.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

from tracker.store import Workspace
from tracker.store.errors import StaleRecordError, StoreValidationError, WorkspaceError


def _edit(ws: Workspace, rng: random.Random, name: str, n: int) -> dict[str, Any]:
    value = f"{name}-{n}"
    if rng.random() < 0.6:
        table, field = "people", "title"
        row_id = rng.choice([p for (p,) in ws.conn.execute("SELECT id FROM people")])
        read = ws.people.get(row_id)
        assert read is not None
        time.sleep(rng.uniform(0, 0.004))  # the time a person takes: others may write meanwhile
        ws.people.update(row_id, expected_version=read.version, title=value)
    else:
        table, field = "rollouts", "description"
        row_id = ws.scalar("SELECT MIN(id) FROM rollouts")
        rollout = ws.rollouts.get(row_id)
        assert rollout is not None
        read = rollout
        time.sleep(rng.uniform(0, 0.004))
        ws.rollouts.update(row_id, expected_version=read.version, description=value)
    return {"table": table, "id": row_id, "field": field, "value": value, "read": read.version}


def _hand_over(ws: Workspace, rng: random.Random) -> dict[str, Any]:
    """The Accountable of a responsibility passes to another person, in one write."""
    responsibility = rng.choice([r for (r,) in ws.conn.execute("SELECT id FROM raci_responsibilities")])
    cells = ws.conn.execute("SELECT id, person_id, role, version FROM raci_assignments "
                            "WHERE responsibility_id = ?", (responsibility,)).fetchall()
    person = rng.choice([p for (p,) in ws.conn.execute("SELECT id FROM people")])
    rollout = ws.scalar("SELECT rollout_id FROM raci_responsibilities WHERE id = ?", (responsibility,))
    time.sleep(rng.uniform(0, 0.004))
    with ws.write("Hand over accountability") as w:
        for cell_id, holder, role, version in cells:
            if role == "A" and holder != person:
                w.update("raci_assignments", cell_id, {"role": "R"}, expected_version=version)
        mine = [(cell_id, version) for cell_id, holder, _role, version in cells if holder == person]
        if mine:
            w.update("raci_assignments", mine[0][0], {"role": "A"}, expected_version=mine[0][1])
        else:
            w.insert("raci_assignments", {"rollout_id": rollout, "responsibility_id": responsibility,
                                          "person_id": person, "team_id": None, "role": "A"})
    return {"responsibility": responsibility, "person": person}


def _import(ws: Workspace, rng: random.Random) -> dict[str, Any]:
    """A small training import: records for a few people, all of them or none."""
    module = rng.choice([m for (m,) in ws.conn.execute("SELECT id FROM training_modules")])
    people = rng.sample([p for (p,) in ws.conn.execute("SELECT id FROM people")], rng.randint(1, 4))
    with ws.write("Import training records") as w:
        w.insert_many("training_records", [{"module_id": module, "person_id": p, "status": "in_progress"}
                                           for p in people])
        change = w.change_id
    return {"module": module, "people": people, "change": change}


def run(address: str, seed: int, seconds: float, log: Path) -> None:
    rng = random.Random(seed)
    name = f"w{seed}"
    ws = Workspace.open(address)
    deadline = time.monotonic() + seconds
    n = 0
    with ws, log.open("w", encoding="utf-8") as out:
        while time.monotonic() < deadline:
            n += 1
            kind = rng.choices(("edit", "raci", "import"), (6, 2, 2))[0]
            entry: dict[str, Any] = {"kind": kind, "n": n}
            try:
                if kind == "edit":
                    try:
                        entry.update(_edit(ws, rng, name, n))
                    except StaleRecordError as e:
                        entry.update({"table": e.table, "id": e.row_id, "value": f"{name}-{n}",
                                      "read": e.expected_version, "outcome": "refused",
                                      "reason": "stale", "by": e.changed_by})
                        raise
                elif kind == "raci":
                    entry.update(_hand_over(ws, rng))
                else:
                    entry.update(_import(ws, rng))
                entry.setdefault("outcome", "accepted")
            except (StaleRecordError, StoreValidationError, sqlite3.Error, WorkspaceError) as e:
                entry["outcome"] = "refused"
                entry.setdefault("reason", type(e).__name__)
            out.write(json.dumps(entry) + "\n")
            out.flush()


def long_import(address: str, rows: int, progress: Path) -> None:
    """One import of `rows` people in batches, saying after each batch how far it got; the
    test kills this process half-way."""
    ws = Workspace.open(address)
    team = ws.scalar("SELECT MIN(id) FROM teams")
    with ws.write("Import a big roster") as w:
        for start in range(0, rows, 500):
            w.insert_many("people", [{"employee_id": f"K{i:07d}", "name": f"Killed {i}", "team_id": team,
                                      "active": 1} for i in range(start, min(rows, start + 500))])
            progress.write_text(str(start + 500))
            time.sleep(0.05)
    progress.write_text("done")


if __name__ == "__main__":
    if sys.argv[2] == "import":
        long_import(sys.argv[1], int(sys.argv[3]), Path(sys.argv[4]))
    else:
        run(sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4]))
