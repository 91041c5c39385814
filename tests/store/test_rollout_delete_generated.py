"""Deleting a rollout of a generated workspace that holds every kind of record a rollout can
have (every table of `rollout_record_tables()`, several rows each, with random values), beside a
second rollout with the same kinds: nothing of the deleted one remains, nothing of the other is
touched, and one undo brings all of it back. A table added to an area's `rollout_records`
makes this test fail until the generator below writes rows to it."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store import Workspace
from tracker.store.areas import AREAS, rollout_record_tables, rollout_rows

_DAY = dt.date(2026, 1, 5)


def _records(ws: Workspace) -> dict[str, list[tuple]]:
    """Every audited record table's rows (derived ones and the history aside)."""
    tables = {t for area in AREAS if area.name != "history" for t in area.tables if t not in area.derived}
    return {t: sorted(ws.conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in sorted(tables)}


def _day(rng: random.Random) -> str:
    return (_DAY + dt.timedelta(days=rng.randrange(300))).isoformat()


def _fill_rollout(w, rng: random.Random, name: str, teams: list[int], people: list[int], roles: list[int]) -> int:
    """One rollout with rows in every table a rollout owns."""
    rollout = w.insert("rollouts", {"name": name, "stage": "pilot", "owner_id": rng.choice(people)})
    for team in teams:
        w.insert("participation", {"rollout_id": rollout, "team_id": team,
                                   "impact": rng.choice(["low", "medium", "high"])})
    for person in rng.sample(people, 3):
        w.insert("person_roles", {"rollout_id": rollout, "person_id": person, "role_id": rng.choice(roles)})
    for m in range(2):
        module = w.insert("training_modules", {"rollout_id": rollout, "code": f"AI-{m}", "title": f"Module {m}",
                                               "available_from": _day(rng)})
        w.insert("training_role_requirements", {"module_id": module, "role_id": roles[m]})
        w.insert("training_team_requirements", {"module_id": module, "team_id": teams[m]})
        for person in rng.sample(people, 3):
            status = rng.choice(["not_started", "in_progress", "completed", "exempt"])
            w.insert("training_records", {
                "module_id": module, "person_id": person, "status": status, "assigned": rng.randrange(2),
                "completed_on": _day(rng) if status == "completed" else None,
                "score": rng.choice([None, rng.uniform(0, 100)]),
                "exempt_reason": "on leave" if status == "exempt" else ""})
        session = w.insert("training_sessions", {"module_id": module, "starts_on": _day(rng), "duration_minutes": 90,
                                                 "capacity": 12, "place": f"Room {m}", "trainer_id": people[0]})
        for person in rng.sample(people, 2):
            w.insert("training_enrolments", {"session_id": session, "person_id": person})
    support = ["active_resistor", "resistant", "neutral", "supportive", "champion"]
    w.insert("stakeholders", {"rollout_id": rollout, "person_id": rng.choice(people), "influence": rng.randint(1, 5),
                              "interest": rng.randint(1, 5), "current_support": rng.choice(support),
                              "needed_support": rng.choice(support), "notes": "keep close"})
    w.insert("stakeholders", {"rollout_id": rollout, "team_id": teams[0], "influence": 3, "interest": 4,
                              "current_support": "neutral", "needed_support": "supportive"})
    for team in teams:
        w.insert("adkar_assessments", {"rollout_id": rollout, "team_id": team, "assessed_on": _day(rng),
                                       "respondents": rng.randint(1, 20),
                                       **{e: rng.uniform(1, 5) for e in ("awareness", "desire", "knowledge",
                                                                         "ability", "reinforcement")}})
        w.insert("resistance_signals", {"rollout_id": rollout, "team_id": team, "person_id": rng.choice(people),
                                        "observed_on": _day(rng), "type": "change_fatigue",
                                        "severity": rng.randint(1, 5), "source": "survey"})
        w.insert("adoption_figures", {"rollout_id": rollout, "team_id": team, "period_end": _day(rng),
                                      "eligible": 10, "active": rng.randint(0, 10)})
    w.insert("dependencies", {"rollout_id": rollout, "needer_team_id": teams[0], "provider_team_id": teams[1],
                              "description": "Data feed", "owner_id": rng.choice(people)})
    w.insert("gate_items", {"rollout_id": rollout, "transition": "pilot_to_scaling", "area": "people",
                            "text": "Champions named", "owner_id": rng.choice(people)})
    for r in range(2):
        responsibility = w.insert("raci_responsibilities", {"rollout_id": rollout, "name": f"Task {r}", "position": r})
        w.insert("raci_assignments", {"rollout_id": rollout, "responsibility_id": responsibility,
                                      "person_id": rng.choice(people), "role": rng.choice("RACI")})
        w.insert("raci_assignments", {"rollout_id": rollout, "responsibility_id": responsibility,
                                      "team_id": rng.choice(teams), "role": "I"})
    w.insert("decisions", {"rollout_id": rollout, "decided_on": _day(rng), "decision": "Go",
                           "decided_by": "Steering group"})
    kpi = w.insert("kpis", {"rollout_id": rollout, "name": "Hours saved", "target": 100.0,
                            "direction": "higher_better"})
    for _ in range(3):
        w.insert("kpi_readings", {"rollout_id": rollout, "kpi_id": kpi, "measured_on": _day(rng),
                                  "value": rng.uniform(0, 200)})
    w.insert("seat_settings", {"rollout_id": rollout, "inactive_days": rng.randint(7, 90),
                               "grace_days": rng.randint(0, 60), "tool": name})
    for person in rng.sample(people, 2):
        seat = w.insert("seats", {"rollout_id": rollout, "person_id": person, "assigned_on": _day(rng),
                                  "monthly_cost": rng.choice([None, 30.0]), "currency": "EUR"})
        w.insert("seat_decisions", {"seat_id": seat, "decision": rng.choice(["approved", "rejected"]),
                                    "decided_by": "Change manager", "decided_on": _day(rng)})
    w.insert("seats", {"rollout_id": rollout, "account": f"contractor-{rng.randrange(1000)}@example.com"})
    return rollout


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_rollout_with_every_kind_of_record_deletes_completely_and_one_undo_restores_it(workspace, seed):
    ws = workspace
    rng = random.Random(seed)
    with ws.write("Generated") as w:
        teams = [w.insert("teams", {"name": f"Team {t}"}) for t in range(3)]
        people = [w.insert("people", {"employee_id": f"E{p:03d}", "name": f"Person {p}", "team_id": rng.choice(teams)})
                  for p in range(8)]
        roles = [r for (r,) in ws.conn.execute("SELECT id FROM role_types ORDER BY id")]
        first, second = (_fill_rollout(w, rng, name, teams, people, roles) for name in ("First", "Second"))
    for rollout in (first, second):
        owned = {table for table, _id in rollout_rows(ws.conn, rollout)}
        assert owned == set(rollout_record_tables()), "the generator misses a kind of record"
    before = _records(ws)
    kept = sorted(rollout_rows(ws.conn, second))

    delete_rollout(ws, first)
    assert ws.rollouts.get(first) is None
    assert list(rollout_rows(ws.conn, first)) == []
    for table in rollout_record_tables():
        if "rollout_id" in {c[1] for c in ws.conn.execute(f"PRAGMA table_info({table})")}:
            assert ws.scalar(f"SELECT count(*) FROM {table} WHERE rollout_id = ?", (first,)) == 0, table
    assert sorted(rollout_rows(ws.conn, second)) == kept

    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert _records(ws) == before
