"""A small organisation for the adoption tests: two teams in one rollout, end users named."""

from __future__ import annotations

import datetime as dt

GO_LIVE = dt.date(2026, 1, 5)  # a Monday


def small_org(ws):
    """Returns (rollout id, {team name: id}, {employee id: person id})."""
    sales = ws.teams.create("Sales")
    ops = ws.teams.create("Ops")
    people = {}
    for i in range(10):
        people[f"S{i}"] = ws.people.create(employee_id=f"S{i}", name=f"Sales {i}", team_id=sales)
    for i in range(4):
        people[f"O{i}"] = ws.people.create(employee_id=f"O{i}", name=f"Ops {i}", team_id=ops)
    rollout = ws.rollouts.create(name="Copilot", go_live_date=GO_LIVE, target_adoption=0.8,
                                 target_date=dt.date(2026, 6, 30))
    from tracker.domain.enums import Impact

    ws.rollouts.set_impact(rollout, sales, Impact.HIGH)
    ws.rollouts.set_impact(rollout, ops, Impact.MEDIUM)
    end_user = ws.roles.type_by_name("End user").id
    for eid, pid in people.items():
        if eid != "S9":  # S9 is in Sales but not an end user: not eligible
            ws.roles.assign(rollout, pid, end_user)
    return rollout, {"Sales": sales, "Ops": ops}, people


def write_csv(path, rows, header=("employee_id", "rollout", "used_on")):
    import csv

    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path
