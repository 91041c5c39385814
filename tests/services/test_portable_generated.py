"""Round trip of small generated workspaces: export, import into an empty one, export again."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from property_budget import examples
from test_portable_roundtrip import workbook_cells

from tracker.services.portable_export import export_workbook
from tracker.services.portable_import import apply_portable, preview_portable
from tracker.store import Workspace

_text = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=12).filter(
    lambda s: s.strip() == s and s.strip())
_day = st.dates(dt.date(2024, 1, 1), dt.date(2027, 12, 31))


@st.composite
def workspaces(draw):
    teams = draw(st.lists(_text, min_size=1, max_size=4, unique_by=str.casefold))
    people = draw(st.lists(st.tuples(st.integers(0, len(teams) - 1), _text, st.booleans()),
                           max_size=6))
    impacts = draw(st.lists(st.sampled_from(["none", "low", "medium", "high"]), min_size=len(teams),
                            max_size=len(teams)))
    records = draw(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["not_started", "in_progress",
                                                                          "completed", "exempt"]),
                                      _day, st.one_of(st.none(), st.floats(0, 100))), max_size=6))
    figures = draw(st.lists(st.tuples(st.integers(0, len(teams) - 1), _day, st.integers(0, 50),
                                      st.integers(0, 50)), max_size=4))
    usage = draw(st.lists(st.tuples(st.integers(0, 5), _day), max_size=8))
    return teams, people, impacts, records, figures, usage


def _build(ws: Workspace, data) -> None:
    teams, people, impacts, records, figures, usage = data
    with ws.write("Generated") as w:
        team_ids = []
        for i, name in enumerate(teams):
            team_ids.append(w.insert("teams", {"name": name, "parent_id": team_ids[0] if i else None}))
        person_ids = []
        for i, (team, name, active) in enumerate(people):
            person_ids.append(w.insert("people", {
                "employee_id": f"E{i:03d}", "name": name, "team_id": team_ids[team], "active": int(active),
                "manager_id": person_ids[0] if person_ids else None, "email": f"p{i}@example.org"}))
        rollout = w.insert("rollouts", {"name": "Assistant", "stage": "scaling", "target_adoption": 0.5,
                                        "go_live_date": "2025-01-01", "owner_id": person_ids[0] if person_ids else None})
        for team_id, impact in zip(team_ids, impacts):
            w.insert("participation", {"rollout_id": rollout, "team_id": team_id, "impact": impact})
        module = w.insert("training_modules", {"rollout_id": rollout, "code": "AI-1", "title": "Basics",
                                               "available_from": "2025-01-01"})
        w.insert("training_team_requirements", {"module_id": module, "team_id": team_ids[0]})
        seen = set()
        for who, status, day, score in records:
            if who >= len(person_ids) or who in seen:
                continue
            seen.add(who)
            w.insert("training_records", {
                "module_id": module, "person_id": person_ids[who], "status": status, "score": score,
                "completed_on": day.isoformat() if status == "completed" else None,
                "exempt_reason": "manager" if status == "exempt" else ""})
        done = set()
        for team, day, a, b in figures:
            if (team, day) in done:
                continue
            done.add((team, day))
            w.insert("adoption_figures", {"rollout_id": rollout, "team_id": team_ids[team],
                                          "period_end": day.isoformat(), "eligible": max(a, b), "active": min(a, b)})
        keys = [(rollout << 44) | (person_ids[who] << 20) | day.toordinal()
                for who, day in usage if who < len(person_ids)]
        if keys:
            ws.adoption.record_usage(w, keys, source="generated", rows=len(keys))


@settings(max_examples=examples(20), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces())
def test_generated_workspaces_survive_the_round_trip(data):
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Workspace.open(tmp / "a.tracker") as ws:
            _build(ws, data)
            export_workbook(ws, tmp / "a.xlsx")
            summary_a = {r: (s.rate if s else None) for r, s in ws.adoption.summaries().items()}
        with Workspace.open(tmp / "b.tracker") as ws:
            preview = preview_portable(ws, tmp / "a.xlsx")
            assert preview.ok, preview.report()
            apply_portable(ws, preview)
            export_workbook(ws, tmp / "b.xlsx")
            summary_b = {r: (s.rate if s else None) for r, s in ws.adoption.summaries().items()}
        assert workbook_cells(tmp / "a.xlsx") == workbook_cells(tmp / "b.xlsx")
        assert summary_a == summary_b
