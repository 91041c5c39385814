"""The portfolio dashboard: every rollout's health recomputed from the big workspace.

The generators fill the areas the health rule reads, at the issue's sizes (the scale's
`training_assignments`, `resistance_signals`, `dependencies`, `adkar_per_month` x
`adkar_months`), plus readiness-gate items and KPIs with readings: modules required of the
end-user role (and of a few high-impact teams) with progress records, signals, dependencies
between a rollout's teams, monthly ADKAR assessments of its teams, each rollout's copy of the
gate template and four KPIs with a year of monthly readings. Usage data, if an adoption suite
generates it, is read too.

`dashboard.portfolio_status` times `portfolio_status(ws)` for all rollouts after an edit, as the
dashboard recomputes on every change; `dashboard.portfolio_status_first` the first computation
after opening, when no training figures are kept yet (see tracker/store/training_status.py).
"""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import time

from benchmarks.generate import generator
from benchmarks.harness import Bench, Sample, Scale, measurement

AS_OF = dt.date(2026, 6, 1)  # inside every generated rollout's life (starts 2025-01 .. 2026-06)
SIGNAL_TYPES = ("job_security", "role_clarity", "usage_difficulty", "lack_of_awareness", "change_fatigue",
                "distrust", "data_privacy", "other")
SOURCES = ("survey", "one_to_one", "helpdesk_ticket", "usage_data", "meeting", "other")
KINDS = ("data", "infrastructure", "approval", "integration", "training", "other")


def _rollouts(conn: sqlite3.Connection) -> list[tuple[int, dt.date, dt.date]]:
    return [(rid, dt.date.fromisoformat(s), dt.date.fromisoformat(g)) for rid, s, g in conn.execute(
        "SELECT id, start_date, go_live_date FROM rollouts ORDER BY id")]


def _teams_by_rollout(conn: sqlite3.Connection) -> dict[int, list[tuple[int, str]]]:
    out: dict[int, list[tuple[int, str]]] = {}
    for rid, tid, impact in conn.execute("SELECT rollout_id, team_id, impact FROM participation ORDER BY id"):
        out.setdefault(rid, []).append((tid, impact))
    return out


def _day(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return first + dt.timedelta(days=rng.randrange(max(1, (last - first).days + 1)))


@generator("dashboard_training", version=1, order=100)
def generate_training(conn: sqlite3.Connection, rng: random.Random, scale: Scale) -> None:
    """Modules for the end-user role so that the derived assignments total the scale's
    `training_assignments`; about 70 % of them with a record (completed, in progress, exempt)."""
    end_user = conn.execute("SELECT id FROM role_types WHERE name = 'End user'").fetchone()[0]
    holders: dict[int, list[int]] = {}
    for rid, pid in conn.execute("SELECT rollout_id, person_id FROM person_roles WHERE role_id = ?", (end_user,)):
        holders.setdefault(rid, []).append(pid)
    total = sum(len(v) for v in holders.values()) or 1
    per_rollout = max(1, round(scale.training_assignments / total))
    module_rows, rule_rows, records = [], [], []
    module_id = 0
    for rid, start, go_live in _rollouts(conn):
        for n in range(per_rollout):
            module_id += 1
            offset = rng.choice((-30, -7, 0, 14, 45, 90))
            module_rows.append((module_id, rid, f"AI-{rid:02d}-{n + 1}", f"Module {n + 1} of rollout {rid}",
                                rng.choice((0.5, 1, 2, 4)), rng.choice(("e_learning", "e_learning", "workshop")),
                                None, offset, start.isoformat()))
            rule_rows.append((module_id, end_user))
            due = go_live + dt.timedelta(days=offset)
            done_share = 0.85 if due < AS_OF else 0.4
            for pid in holders.get(rid, ()):
                r = rng.random()
                if r < done_share:
                    day = min(AS_OF - dt.timedelta(days=1), _day(rng, start, max(start, due + dt.timedelta(days=30))))
                    records.append((module_id, pid, "completed", day.isoformat(), None, ""))
                elif r < done_share + 0.03:
                    records.append((module_id, pid, "exempt", None, None, "Already certified"))
                elif r < done_share + 0.12:
                    records.append((module_id, pid, "in_progress", None, None, ""))
    conn.executemany("INSERT INTO training_modules (id, rollout_id, code, title, hours, format, due_date, "
                     "due_offset_days, available_from) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", module_rows)
    conn.executemany("INSERT INTO training_role_requirements (module_id, role_id) VALUES (?, ?)", rule_rows)
    conn.executemany("INSERT INTO training_records (module_id, person_id, status, completed_on, score, "
                     "exempt_reason) VALUES (?, ?, ?, ?, ?, ?)", records)


@generator("dashboard_readiness", version=1, order=110)
def generate_readiness(conn: sqlite3.Connection, rng: random.Random, scale: Scale) -> None:
    """Resistance signals (`resistance_signals`) and monthly ADKAR assessments
    (`adkar_per_month` x `adkar_months`) over the rollouts' teams, big rollouts getting more."""
    teams = _teams_by_rollout(conn)
    rollouts = [r for r in _rollouts(conn) if teams.get(r[0])]
    weights = [len(teams[r[0]]) for r in rollouts]
    signals = []
    for rid, start, _go in rng.choices(rollouts, weights, k=scale.resistance_signals):
        tid = rng.choice(teams[rid])[0]
        observed = _day(rng, start, AS_OF - dt.timedelta(days=1))
        status = rng.choices(("open", "mitigating", "resolved"), (0.3, 0.2, 0.5))[0]
        resolved = _day(rng, observed, AS_OF).isoformat() if status == "resolved" else None
        signals.append((rid, tid, observed.isoformat(), rng.choice(SIGNAL_TYPES),
                        rng.choices((1, 2, 3, 4, 5), (0.2, 0.3, 0.3, 0.15, 0.05))[0], rng.choice(SOURCES), status,
                        resolved))
    conn.executemany("INSERT INTO resistance_signals (rollout_id, team_id, observed_on, type, severity, source, "
                     "status, resolved_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", signals)
    assessments, seen = [], set()
    for month in range(scale.adkar_months):
        day = AS_OF - dt.timedelta(days=30 * (scale.adkar_months - month))
        for rid, _start, _go in rng.choices(rollouts, weights, k=scale.adkar_per_month):
            tid = rng.choice(teams[rid])[0]
            if (rid, tid, day) in seen:
                continue
            seen.add((rid, tid, day))
            scores = [round(rng.uniform(1.5, 5.0), 1) for _ in range(5)]
            assessments.append((rid, tid, day.isoformat(), *scores, rng.randrange(5, 40)))
    conn.executemany("INSERT INTO adkar_assessments (rollout_id, team_id, assessed_on, awareness, desire, knowledge, "
                     "ability, reinforcement, respondents) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", assessments)


@generator("dashboard_delivery", version=1, order=120)
def generate_delivery(conn: sqlite3.Connection, rng: random.Random, scale: Scale) -> None:
    """`dependencies` dependencies between each rollout's teams, each rollout's gate items from
    the template with mixed progress, and four KPIs with monthly readings."""
    teams = _teams_by_rollout(conn)
    rollouts = [r for r in _rollouts(conn) if len(teams.get(r[0], ())) >= 2]
    weights = [len(teams[r[0]]) for r in rollouts]
    deps = []
    for rid, start, go_live in rng.choices(rollouts, weights, k=scale.dependencies):
        a, b = rng.sample([t for t, _ in teams[rid]], 2)
        status = rng.choices(("open", "in_progress", "blocked", "done"), (0.3, 0.25, 0.05, 0.4))[0]
        deps.append((rid, a, b, f"Needs {rng.choice(KINDS)} from team {b}", rng.choice(KINDS),
                     _day(rng, start, go_live + dt.timedelta(days=60)).isoformat(), status,
                     "Waiting for budget" if status == "blocked" else ""))
    conn.executemany("INSERT INTO dependencies (rollout_id, needer_team_id, provider_team_id, description, kind, "
                     "due_date, status, blocked_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", deps)
    template = conn.execute("SELECT transition, area, text, position FROM gate_template ORDER BY id").fetchall()
    items, kpis, readings = [], [], []
    kpi_id = 0
    for rid, start, go_live in _rollouts(conn):
        for transition, area, text, position in template:
            status = rng.choices(("open", "done", "waived"), (0.4, 0.55, 0.05))[0]
            items.append((rid, transition, area, text, status, _day(rng, start, go_live).isoformat(),
                          "Accepted risk" if status == "waived" else "", position))
        for name, target, direction in (("Accuracy", 95, "higher_better"), ("p95 latency", 800, "lower_better"),
                                        ("Uptime", 99.5, "higher_better"), ("Cost per case", 1.2, "lower_better")):
            kpi_id += 1
            kpis.append((kpi_id, rid, name, target, direction, target * 0.02))
            for month in range(12):
                day = AS_OF - dt.timedelta(days=30 * (12 - month))
                readings.append((rid, kpi_id, day.isoformat(), target * rng.uniform(0.95, 1.05)))
    conn.executemany("INSERT INTO gate_items (rollout_id, transition, area, text, status, due_date, waiver_reason, "
                     "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", items)
    conn.executemany("INSERT INTO kpis (id, rollout_id, name, target, direction, tolerance) VALUES (?, ?, ?, ?, ?, ?)",
                     kpis)
    conn.executemany("INSERT INTO kpi_readings (rollout_id, kpi_id, measured_on, value) VALUES (?, ?, ?, ?)", readings)


def _open_copy(bench: Bench):
    from tracker.store import Workspace

    path = bench.fixtures.copy_workspace(bench.scratch("dashboard.tracker"))
    ws = Workspace.open(path)
    bench.on_exit(ws.close)
    ws.rollouts.list()  # the connection's first query (schema parsing) is not the dashboard's work
    return ws


def _biggest_rollout(ws) -> int:
    return max(ws.rollouts.list(), key=lambda r: len(ws.roles.assignments(r.id))).id


class _Edits:
    """A workspace copy with the dashboard shown once, and the edits a user makes between two
    recomputes: each repetition resolves a resistance signal and marks a training completion
    in the biggest rollout (so its million-assignment training area has to be counted again)."""

    def __init__(self, bench: Bench):
        from tracker.services.rollout_status import portfolio_status
        from tracker.store.training_queries import Scope

        self.ws = _open_copy(bench)
        self.rollout = _biggest_rollout(self.ws)
        self.pending = self.ws.training.people_modules(Scope(self.rollout, as_of=AS_OF), status="not_started",
                                                       limit=50)
        self.signals = [x.id for r in self.ws.rollouts.list()
                        for x in self.ws.readiness.signals.list(r.id, unresolved_only=True)][:50]
        portfolio_status(self.ws, as_of=AS_OF)  # the dashboard as first shown

    def edit(self) -> None:
        if self.pending:
            item = self.pending.pop()
            self.ws.training.mark_completed(item.module_id, [item.person_id], AS_OF - dt.timedelta(days=1),
                                            today=AS_OF)
        if self.signals:
            self.ws.readiness.signals.resolve([self.signals.pop()], AS_OF, as_of=AS_OF)


@measurement("dashboard.portfolio_status", "dashboard recomputed for all 50 rollouts", target_s=0.5)
def portfolio_status(bench: Bench) -> Sample:
    """After an edit (untimed: a training completion in the biggest rollout and a resolved
    resistance signal), `portfolio_status` for every rollout of the big workspace: health,
    factors, reasons and figures, as the dashboard recomputes them when data changes."""
    from tracker.services.rollout_status import portfolio_status as compute

    edits = bench.shared("dashboard-edits", lambda: _Edits(bench))
    edits.edit()
    started = time.perf_counter()
    statuses = compute(edits.ws, as_of=AS_OF)
    return _sample(time.perf_counter() - started, statuses)


@measurement("dashboard.portfolio_status_first", "dashboard first shown after opening the workspace",
             target_s=0.5)
def portfolio_status_first(bench: Bench) -> Sample:
    """`portfolio_status` for every rollout on a copy of the big workspace opened just before
    (untimed), with nothing kept from an earlier call: the whole training area (a million
    assignments) is counted."""
    from tracker.services.rollout_status import portfolio_status as compute
    from tracker.store.training_status import forget_kept

    forget_kept()
    ws = _open_copy(bench)
    started = time.perf_counter()
    statuses = compute(ws, as_of=AS_OF)
    return _sample(time.perf_counter() - started, statuses)


def _sample(seconds: float, statuses) -> Sample:
    counts: dict[str, int] = {}
    for s in statuses:
        counts[s.health.label] = counts.get(s.health.label, 0) + 1
    return Sample(seconds=seconds, details={"rollouts": len(statuses), **counts})
