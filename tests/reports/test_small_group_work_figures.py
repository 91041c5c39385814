"""Adoption and training figures of small groups in the leaders' workbook and the dashboard: a
rollout whose people are fewer than the minimum shows none of its own figures, a small team's
row says "hidden" (with the next-smallest), and a week with fewer eligible people than the
minimum is left out of the weekly table and its chart."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tracker.domain.enums import Impact
from tracker.domain.health import Health
from tracker.reports.status_workbook import write_status_report
from tracker.services.rollout_status import portfolio_status
from tracker.ui.models.portfolio_model import COLUMNS

AS_OF = dt.date(2026, 6, 1)
WEEKS = [dt.date(2026, 5, 10), dt.date(2026, 5, 17), dt.date(2026, 5, 24), dt.date(2026, 5, 31)]


def rollout_with(ws, teams: dict[str, int], *, late_week_only: str | None = None) -> int:
    """A rollout with a team per entry (its people), hand adoption figures for every week (all
    eligible, all but one active), and one module every team must take, due before AS_OF,
    completed by one person per team. `late_week_only`: that team's figures start in the last week."""
    rollout = ws.rollouts.create(name="Fraud triage", go_live_date=dt.date(2026, 3, 1), target_adoption=0.5,
                                 target_date=dt.date(2026, 9, 1))
    ids, first = {}, {}
    for name, people in teams.items():
        team = ids[name] = ws.teams.create(name)
        first[name] = [ws.people.create(employee_id=f"{name.replace(' ', '-')}{n}", name=f"{name} {n}", team_id=team)
                       for n in range(people)][0]
        ws.rollouts.set_impact(rollout, team, Impact.MEDIUM)
    figures = [ws.adoption.figure_values(rollout, ids[name], week, people, people - 1)
               for name, people in teams.items() for week in WEEKS
               if name != late_week_only or week == WEEKS[-1]]
    ws.adoption.apply_team_figures(figures, "figures")
    module = ws.training.create_module(rollout, code="AI-101", title="Basics", due_date=dt.date(2026, 5, 15),
                                       available_from=dt.date(2026, 4, 1), team_ids=list(ids.values()))
    ws.training.mark_completed(module, list(first.values()), dt.date(2026, 5, 10), today=AS_OF)
    return rollout


def _book(ws, tmp_path):
    return load_workbook(write_status_report(ws, tmp_path / "r.xlsx", as_of=AS_OF))


def _summary(book) -> dict:
    sheet = book["Summary"]
    return dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]]))


def _team_rows(book) -> dict:
    sheet = book["Fraud triage"]
    header = [c.value for c in sheet[5]][:8]
    rows = {}
    for row in sheet.iter_rows(min_row=6, values_only=True):
        if row[0] is None:
            break
        rows[row[0]] = dict(zip(header, row))
    return rows


def test_a_rollout_of_three_people_shows_no_adoption_or_training_figure(workspace, tmp_path):
    rollout_with(workspace, {"Night desk": 3})
    book = _book(workspace, tmp_path)
    summary = _summary(book)
    for column in ("Adoption %", "Forecast date", "Training %", "Overdue training"):
        assert summary[column] == "hidden", column
    assert "Adoption: suppressed: fewer than 5 people" in summary["Reasons"]
    assert "Training: suppressed: fewer than 5 people" in summary["Reasons"]
    team = _team_rows(book)["Night desk"]
    assert [team[k] for k in ("Eligible", "Active", "Adoption %", "Training %")] == ["hidden"] * 4
    sheet = book["Fraud triage"]
    texts = [c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)]
    assert "Hidden: the rollout's eligible people are fewer than 5." in texts
    assert not sheet._charts
    training = [c.value for c in book["Training"]["A"] if c.value]
    assert training[:2] == ["Rollout", "No training figures to show."]
    status = portfolio_status(workspace, AS_OF)[0]
    assert {f.key: f.health for f in status.factors}["adoption"] is Health.NO_DATA
    assert {f.key: f.health for f in status.factors}["training"] is Health.NO_DATA
    columns = {c.header: c for c in COLUMNS}
    assert columns["Adoption"].display(status) == "hidden" and columns["Training"].display(status) == "hidden"


def test_a_small_team_is_hidden_with_the_next_smallest(workspace, tmp_path):
    rollout_with(workspace, {"Night desk": 2, "Day desk": 6, "Main office": 20})
    book = _book(workspace, tmp_path)
    rows = _team_rows(book)
    for name in ("Night desk", "Day desk"):
        assert [rows[name][k] for k in ("Eligible", "Active", "Adoption %", "Training %")] == ["hidden"] * 4
    assert rows["Main office"]["Eligible"] == 20 and rows["Main office"]["Active"] == 19
    summary = _summary(book)
    assert summary["Adoption %"] == 25 / 28 and summary["Overdue training"] == 25
    assert "Training: 10% complete, 1 team overdue" in summary["Reasons"]
    assert "2 more teams not named" in summary["Reasons"]
    note = [c.value for c in book["Fraud triage"]["A"] if isinstance(c.value, str) and c.value.startswith('"hidden"')]
    assert note and "adoption figures of 2 team(s), training progress of 2 team(s)" in note[0]
    trained = {r[1] for r in book["Training"].iter_rows(min_row=2, values_only=True) if r[0] == "Fraud triage"}
    assert trained == {"Main office"}


def test_weeks_with_too_few_eligible_people_are_left_out(workspace, tmp_path):
    rollout_with(workspace, {"Night desk": 3, "Main office": 9}, late_week_only="Main office")
    book = _book(workspace, tmp_path)
    sheet = book["Fraud triage"]
    start = next(c.row for c in sheet["A"] if c.value == "Adoption, week by week") + 1
    weeks = [row for row in sheet.iter_rows(min_row=start + 1, values_only=True) if row[0] is not None]
    dated = [row for row in weeks if isinstance(row[0], dt.datetime)]
    assert [(row[0].date(), row[1], row[2]) for row in dated] == [(WEEKS[-1], 12, 10)]
    assert any("3 week(s) with fewer than 5 eligible people are left out" in str(row[0]) for row in weeks)
    status = portfolio_status(workspace, AS_OF)[0]
    assert [p.period_end for p in status.adoption_points()] == [WEEKS[-1]]


def test_a_module_few_of_a_shown_team_must_take_is_hidden_in_its_row(workspace, tmp_path):
    """Two of Main office's twenty take a second module: that row is a group of two, and the
    team's Training % beside its other row would give it away, so both rows say "hidden"."""
    rollout = rollout_with(workspace, {"Main office": 20, "Back office": 12})
    main = next(p.team_id for p in workspace.rollouts.participation(rollout) if p.team_name == "Main office")
    two = [p.id for p in workspace.people.list(active_only=True) if p.team_id == main][:2]
    champions = workspace.training.create_module(rollout, code="AI-201", title="Champions",
                                                 due_date=dt.date(2026, 5, 15), available_from=dt.date(2026, 4, 1))
    workspace.training.assign(champions, two)
    workspace.training.mark_completed(champions, two[:1], dt.date(2026, 5, 10), today=AS_OF)
    book = _book(workspace, tmp_path)
    rows = {(r[1], r[2]): r[5:] for r in book["Training"].iter_rows(min_row=2, values_only=True)
            if r[0] == "Fraud triage"}
    assert rows[("Main office", "AI-201")] == ("hidden",) * 5
    assert rows[("Main office", "AI-101")] == ("hidden",) * 5  # 20 + 2 released beside it: the cover
    assert rows[("Back office", "AI-101")][:2] == (12, 1)
    notes = [c.value for c in book["Training"]["A"] if isinstance(c.value, str) and c.value.startswith('"hidden" in')]
    assert notes and notes[0].startswith('"hidden" in 2 row(s): fewer than 5 people of the team')
    assert _team_rows(book)["Main office"]["Training %"] == 2 / 22
