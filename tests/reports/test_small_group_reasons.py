"""Issue 22, case 1: a sentence built from figures is a figure. A rollout whose only highly
affected team has 2 people, 2 open severe signals and an ADKAR survey of 2 respondents: the
Summary's Reasons cell and the rollout sheet's "Why:" line must not carry those counts (nor the
barrier), the factors say they are suppressed, and neither factor is green on the hidden data."""

from __future__ import annotations

import datetime as dt

from openpyxl import load_workbook

from tracker.domain.enums import Impact
from tracker.domain.health import Health
from tracker.reports.status_workbook import write_status_report
from tracker.services.rollout_status import portfolio_status

AS_OF = dt.date(2026, 6, 1)


def small_team_rollout(ws, *, big_team: bool = False) -> int:
    small = ws.teams.create("Night desk")
    for n in range(2):
        ws.people.create(employee_id=f"N{n}", name=f"Night {n}", team_id=small)
    rollout = ws.rollouts.create(name="Fraud triage")
    ws.rollouts.set_impact(rollout, small, Impact.HIGH)
    if big_team:  # a large team under low impact: the rollout's total is then released
        big = ws.teams.create("Day desk")
        for n in range(12):
            ws.people.create(employee_id=f"D{n}", name=f"Day {n}", team_id=big)
        ws.rollouts.set_impact(rollout, big, Impact.LOW)
    for day in (3, 4):
        ws.readiness.signals.log(rollout_id=rollout, team_id=small, observed_on=dt.date(2026, 5, day),
                                 type="job_security", severity=5, source="one_to_one", as_of=AS_OF)
    # Desire 2: a barrier at Desire, from 2 respondents.
    ws.readiness.adkar.record(rollout_id=rollout, team_id=small, assessed_on=dt.date(2026, 5, 10),
                              scores=(4, 2, 4, 4, 4), respondents=2, as_of=AS_OF)
    return rollout


def _report_texts(ws, tmp_path) -> tuple[str, str]:
    path = write_status_report(ws, tmp_path / "r.xlsx", as_of=AS_OF)
    book = load_workbook(path)
    summary = book["Summary"]
    header = [c.value for c in summary[1]]
    reasons = summary.cell(row=2, column=header.index("Reasons") + 1).value
    why = book["Fraud triage"]["A3"].value
    return reasons, why


def test_summary_reasons_and_why_line_do_not_carry_a_small_teams_counts(workspace, tmp_path):
    small_team_rollout(workspace)
    reasons, why = _report_texts(workspace, tmp_path)
    for text in (reasons, why):
        assert "2 unresolved" not in text and "severity" not in text, text
        assert "Desire" not in text and "at a barrier" not in text, text
        assert "Resistance: suppressed: fewer than 5 people" in text, text
        assert "ADKAR: suppressed: fewer than 5 people" in text, text


def test_suppressed_factors_are_never_green_and_carry_no_counts(workspace):
    rollout = small_team_rollout(workspace)
    status = next(s for s in portfolio_status(workspace, AS_OF) if s.rollout.id == rollout)
    for key in ("resistance", "adkar"):
        factor = status.factor(key)
        assert factor.health is Health.NO_DATA, factor
        assert "suppressed" in factor.reason and "2" not in factor.reason.replace("(1 assessed", ""), factor
    assert status.open_signals is None and status.high_severity_signals is None
    # The evidence never reached the rule: the facts hold no counts either.
    assert status.facts.resistance.open == 0 and status.facts.adkar.barriers == ()


def test_a_released_total_still_hides_the_small_teams_barrier(workspace, tmp_path):
    """With a big low-impact team, the rollout's signal total covers 14 people and may be shown
    (both teams' own cells are hidden by the complementary rule); the ADKAR survey of 2 may not."""
    rollout = small_team_rollout(workspace, big_team=True)
    status = next(s for s in portfolio_status(workspace, AS_OF) if s.rollout.id == rollout)
    assert status.open_signals == 2  # a total over 14 people
    names = {t.name: t.id for t in workspace.teams.list()}
    assert status.privacy.signals_hidden(names["Night desk"])
    assert status.privacy.signals_hidden(names["Day desk"])  # the next-smallest
    reasons, why = _report_texts(workspace, tmp_path)
    for text in (reasons, why):
        assert "Desire" not in text and "ADKAR: suppressed: fewer than 5 people" in text, text
