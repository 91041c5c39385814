"""Usage logs: the big workspace's three million uses, and importing a log of that size.

The generator writes the usage log the way `tracker/store/adoption.py` stores an import: one
audited `usage_imports` row (the batch) and its `usage_events`, then the weekly figures
recomputed by the store's own roll-up (`adoption_rollup.recompute`) in the same transaction,
so the cached workspace opens with fresh figures, as after a real import. Each rollout's end
users adopt along an S-curve (a logistic around a few weeks after go-live, most but not all of
them); an adopter then uses the tool on about one day in seven up to the day the benchmark
looks from. The total is exactly the scale's `usage_rows`.

`import.usage` times `preview_usage` then `apply_usage` of the same log exported as CSV
(`usage_csv`: employee_id, rollout, used_on) into a copy of the big workspace without its
usage (everything else in place), against the sqlite3 shell's `.import` of the same file into a
bare table.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import shutil
import sqlite3
import time
from pathlib import Path

from benchmarks.generate import _audit_inserts, _start_audit, fixture_file, generator
from benchmarks.harness import Bench, Sample, Scale, baseline, measurement
from benchmarks.suites.dashboard import AS_OF
from benchmarks.suites.roster_import import _remove, _sqlite_cli_import

SOURCE = "usage-export.csv"
OVERSAMPLE = 1.15  # candidate uses drawn per use kept: same-day draws collapse, the rest is trimmed
_CHUNK = 500_000


def _adopters(conn: sqlite3.Connection, rng: random.Random, np):
    """(rollout, person, first use day, days from it to AS_OF) of everyone who adopted by AS_OF."""
    end_user = conn.execute("SELECT id FROM role_types WHERE name = 'End user'").fetchone()[0]
    holders: dict[int, list[int]] = {}
    for rid, pid in conn.execute(
            "SELECT pr.rollout_id, pr.person_id FROM person_roles pr JOIN people p ON p.id = pr.person_id "
            "WHERE pr.role_id = ? AND p.active = 1 ORDER BY pr.rollout_id, pr.person_id", (end_user,)):
        holders.setdefault(rid, []).append(pid)
    limit = AS_OF.toordinal() - 1  # the last day a use can be on
    parts = []
    for rid, start, go_live in conn.execute("SELECT id, start_date, go_live_date FROM rollouts ORDER BY id"):
        people = np.asarray(holders.get(rid, ()), dtype=np.int64)
        if not len(people):
            continue
        draw = np.random.default_rng(rng.getrandbits(64))
        share = rng.uniform(0.55, 0.9)  # who ever adopts
        # Pilots use it before go-live: the S is centred between the start and a few weeks after.
        begin, live = dt.date.fromisoformat(start).toordinal(), dt.date.fromisoformat(go_live).toordinal()
        middle = begin + (live - begin) * rng.uniform(0.4, 0.9) + rng.uniform(0, 45)
        spread = rng.uniform(8, 25)  # days: the steepness of the S
        u = draw.uniform(1e-6, 1 - 1e-6, len(people))
        first = np.floor(middle + spread * np.log(u / (1 - u))).astype(np.int64)
        first = np.maximum(first, begin)
        keep = (draw.random(len(people)) < share) & (first <= limit)
        people, first = people[keep], first[keep]
        parts.append((np.full(len(people), rid, dtype=np.int64), people, first, limit - first + 1))
    if not parts:
        return (np.zeros(0, dtype=np.int64),) * 4
    return tuple(np.concatenate([p[i] for p in parts]) for i in range(4))


def usage_keys(conn: sqlite3.Connection, rng: random.Random, total: int):
    """Exactly `total` distinct uses as sorted int64 keys rollout << 44 | person << 20 | day."""
    import numpy as np

    rollout, person, first, span = _adopters(conn, rng, np)
    if not len(person) or total <= 0:
        return np.zeros(0, dtype=np.int64)
    draw = np.random.default_rng(rng.getrandbits(64))
    rate = min(1.0, total * OVERSAMPLE / span.sum())
    if rate >= 1.0:
        raise ValueError(f"{total:,} uses do not fit into {int(span.sum()):,} adopter-days")
    while True:
        counts = draw.binomial(span, rate)
        who = np.repeat(np.arange(len(person)), counts)
        day = first[who] + np.floor(draw.random(len(who)) * span[who]).astype(np.int64)
        keys = np.unique((rollout[who] << 44) | (person[who] << 20) | day)
        if len(keys) >= total or rate >= 1.0:
            break
        rate = min(1.0, rate * 1.2)
    if len(keys) > total:
        keys = keys[np.sort(draw.choice(len(keys), total, replace=False))]
    return keys


@generator("usage", version=1, order=130)
def generate_usage(conn: sqlite3.Connection, rng: random.Random, scale: Scale) -> None:
    """`usage_rows` uses by the rollouts' end users along S-curves, stored as one usage import."""
    from tracker.store import adoption_rollup

    keys = usage_keys(conn, rng, scale.usage_rows)
    if not len(keys):
        return
    rollout_ids = sorted({int(r) for r in adoption_rollup.unique(keys >> 44)})
    days = keys & adoption_rollup.DAY_MASK
    batch = {"id": 1, "source": SOURCE, "imported_at": dt.datetime(2026, 6, 1, 8, 0).isoformat(timespec="seconds"),
             "rows": len(keys), "uses": len(keys), "unknown_people": 0,
             "first_day": dt.date.fromordinal(int(days.min())).isoformat(),
             "last_day": dt.date.fromordinal(int(days.max())).isoformat(), "rollouts": json.dumps(rollout_ids)}
    columns = list(batch)
    row = [batch[c] for c in columns]
    conn.execute(f"INSERT INTO usage_imports ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", row)
    _audit_inserts(conn, _start_audit(conn, f"Import usage from {SOURCE}"), "usage_imports", columns, [row])
    for start in range(0, len(keys), _CHUNK):  # as the store does: keys as JSON, decoded by SQLite
        conn.execute("INSERT INTO usage_events (rollout_id, person_id, day, import_id) "
                     "SELECT value >> 44, (value >> 20) & 16777215, value & 1048575, 1 FROM json_each(?)",
                     ("[" + ",".join(map(str, keys[start:start + _CHUNK].tolist())) + "]",))
    adoption_rollup.recompute(conn, rollout_ids)  # the weekly figures, as the import leaves them


@fixture_file("usage_csv", suffix=".csv", version=1)
def usage_csv(workspace: Path, rng: random.Random, scale: Scale, path: Path) -> None:
    """The generated workspace's usage log as the AI tool's analytics would export it: one row
    per use, `employee_id,rollout,used_on`, in the export's order (by day)."""
    conn = sqlite3.connect(f"{workspace.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        employee = dict(conn.execute("SELECT id, employee_id FROM people"))
        rollout = dict(conn.execute("SELECT id, name FROM rollouts"))
        iso: dict[int, str] = {}

        def day(n: int) -> str:
            text = iso.get(n)
            if text is None:
                text = iso[n] = dt.date.fromordinal(n).isoformat()
            return text

        with open(path, "w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["employee_id", "rollout", "used_on"])
            rows = conn.execute("SELECT person_id, rollout_id, day FROM usage_events ORDER BY day, rollout_id")
            while chunk := rows.fetchmany(100_000):
                out.writerows((employee[p], rollout[r], day(d)) for p, r, d in chunk)
    finally:
        conn.close()


# ----------------------------------------------------------------------------- measurement
def _without_usage(bench: Bench) -> Path:
    """Once per run: a copy of the big workspace with the usage import taken out (its batch,
    events, figures and audit entries), as it was before the log was first imported."""
    path = bench.fixtures.copy_workspace(bench.work_dir / "copies" / "before-usage.tracker")
    conn = sqlite3.connect(path)
    try:
        with conn:
            change = [r[0] for r in conn.execute("SELECT id FROM changes WHERE label = ?", (f"Import usage from {SOURCE}",))]
            conn.executemany("DELETE FROM audit WHERE change_id = ?", [(c,) for c in change])
            conn.executemany("DELETE FROM changes WHERE id = ?", [(c,) for c in change])
            for table in ("usage_events", "usage_imports", "adoption_weekly", "adoption_stale"):
                conn.execute(f"DELETE FROM {table}")
        conn.execute("VACUUM")
    finally:
        conn.close()
    return path


@baseline("sqlite3_import_usage", "sqlite3 CLI .import of the same CSV into a bare table")
def sqlite3_import_usage(bench: Bench) -> Sample:
    return _sqlite_cli_import(bench, bench.fixtures.files["usage_csv"])


@measurement("import.usage", "usage import of the whole usage log (3,000,000 rows at full scale)",
             target_s=20.0, target_ratio=2.0, baseline="sqlite3_import_usage", heavy=True, order=22)
def import_usage(bench: Bench) -> Sample:
    """`preview_usage` (read the CSV, map every row to a person, rollout and day, compare with
    what is recorded) then `apply_usage` (the batch, its events and the recomputed weekly
    figures in one write) of the whole usage log into a copy of the big workspace that has no
    usage yet; copying and opening it are untimed."""
    from tracker.services.usage_import import apply_usage, preview_usage
    from tracker.store import Workspace

    base = bench.shared("before-usage", lambda: _without_usage(bench))
    path = bench.scratch("usage.tracker")
    shutil.copyfile(base, path)
    file = bench.fixtures.files["usage_csv"]
    with Workspace.open(path) as ws:
        ws.rollouts.list()  # the connection's first query (schema parsing) is not the import's work
        started, cpu = time.perf_counter(), time.process_time()
        preview = preview_usage(ws, file, today=AS_OF)
        previewed = time.perf_counter()
        if not preview.ok:
            raise RuntimeError("the usage log was rejected:\n" + preview.report())
        change = apply_usage(ws, preview)
        done, cpu = time.perf_counter(), time.process_time() - cpu
        weekly = ws.scalar("SELECT COUNT(*) FROM adoption_weekly")
    _remove(path)
    if change is None:
        raise RuntimeError("the usage import found nothing new to write")
    return Sample(done - started, None, {
        "preview_s": round(previewed - started, 3), "apply_s": round(done - previewed, 3), "cpu_s": round(cpu, 3),
        "rows": preview.rows, "uses": preview.uses, "new": preview.new, "unknown_rows": preview.unknown_rows,
        "rollouts": len(preview.rollouts), "weekly_figures": weekly})
