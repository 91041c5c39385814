"""Issue 22, "stale data is said": usage data whose latest week ends more than 14 days before
the as-of date is called so ("usage data ends DATE (N days old)") on the dashboard, the rollout
page and in the report, and the adoption factor is not green on it."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from tracker.domain.adoption import week_end, week_ends
from tracker.domain.enums import Impact
from tracker.domain.health import Factor, Health, Thresholds
from tracker.domain.usage_freshness import flag_stale_usage, is_stale, stale_note
from tracker.reports.status_workbook import write_status_report
from tracker.services.rollout_status import portfolio_status

LAST_WEEK = week_end(dt.date(2026, 10, 1))  # Sunday 2026-10-04


def test_the_age_limit_is_fourteen_days_and_the_words_are_exact():
    assert not is_stale(LAST_WEEK, LAST_WEEK + dt.timedelta(days=14))
    assert is_stale(LAST_WEEK, LAST_WEEK + dt.timedelta(days=15))
    assert not is_stale(None, LAST_WEEK)
    assert stale_note(LAST_WEEK, dt.date(2026, 11, 1)) == "usage data ends 4 Oct 2026 (28 days old)"
    assert is_stale(LAST_WEEK, LAST_WEEK + dt.timedelta(days=8), Thresholds(usage_stale_days=7))


@pytest.mark.parametrize("before, after", [(Health.GREEN, Health.AMBER), (Health.AMBER, Health.AMBER),
                                           (Health.RED, Health.RED), (Health.NO_DATA, Health.NO_DATA)])
def test_stale_data_never_leaves_adoption_green(before, after):
    factor = Factor("adoption", "Adoption", before, "Adoption: 80% active, at or above the target 70%.")
    flagged = flag_stale_usage(factor, LAST_WEEK, dt.date(2026, 11, 1))
    assert flagged.health is after
    assert flagged.reason == ("Adoption: 80% active, at or above the target 70%; "
                              "usage data ends 4 Oct 2026 (28 days old).")
    assert flag_stale_usage(factor, LAST_WEEK, dt.date(2026, 10, 10)) == factor  # fresh: untouched


def _rollout_with_usage(ws) -> int:
    team = ws.teams.create("Claims")
    for n in range(6):
        ws.people.create(employee_id=f"C{n}", name=f"Claims {n}", team_id=team)
    rollout = ws.rollouts.create(name="Claims triage", target_adoption=0.5, go_live_date=dt.date(2026, 6, 1),
                                 target_date=dt.date(2026, 12, 31), stage="production")
    ws.rollouts.set_impact(rollout, team, Impact.LOW)
    figures = [ws.adoption.figure_values(rollout, team, end, 6, 5)
               for end in week_ends(dt.date(2026, 8, 1), LAST_WEEK)]
    ws.adoption.apply_team_figures(figures, "Add adoption")
    return rollout


def test_status_report_and_dashboard_say_the_data_is_old(workspace, tmp_path):
    from tracker.ui.models.portfolio_model import ADOPTION_COLUMN, COLUMNS, PortfolioModel

    rollout = _rollout_with_usage(workspace)
    fresh = portfolio_status(workspace, LAST_WEEK + dt.timedelta(days=3))[0]
    assert fresh.usage_note is None and fresh.factor("adoption").health is Health.GREEN
    stale = portfolio_status(workspace, dt.date(2026, 11, 1))[0]
    note = "usage data ends 4 Oct 2026 (28 days old)"
    assert stale.usage_note == note and stale.rollout.id == rollout
    adoption = stale.factor("adoption")
    assert adoption.health is Health.AMBER and note in adoption.reason  # 83% active, above target
    assert any(note in r for r in stale.reasons)
    # The dashboard: its Reasons cell and the Adoption cell's tooltip.
    assert note in COLUMNS[3].display(stale)
    model = PortfolioModel()
    model.set_rows([stale])
    from PySide6.QtCore import Qt

    assert note in model.data(model.index(0, ADOPTION_COLUMN), Qt.ItemDataRole.ToolTipRole)
    # The report: the Summary's Reasons and the rollout sheet's status line and "Why:".
    book = load_workbook(write_status_report(workspace, tmp_path / "r.xlsx", as_of=dt.date(2026, 11, 1)))
    header = [c.value for c in book["Summary"][1]]
    assert note in book["Summary"].cell(row=2, column=header.index("Reasons") + 1).value
    sheet = book["Claims triage"]
    assert "Usage data ends 4 Oct 2026 (28 days old)" in sheet["B2"].value
    assert note in sheet["A3"].value


@pytest.mark.gui
def test_the_rollout_page_says_the_data_is_old(workspace, qtbot, monkeypatch):
    from tracker.ui.context import AppContext
    from tracker.ui.pages.rollout_page import RolloutPage

    rollout = _rollout_with_usage(workspace)
    monkeypatch.setattr(RolloutPage, "today", staticmethod(lambda: dt.date(2026, 11, 1)))
    context = AppContext()
    context.set_workspace(workspace)
    page = RolloutPage(context)
    qtbot.addWidget(page)
    page.show()
    context.rollout_selected.emit(rollout)
    assert page.usage_label.isVisible()
    assert page.usage_label.text().startswith("Usage data ends 4 Oct 2026 (28 days old)")
    monkeypatch.setattr(RolloutPage, "today", staticmethod(lambda: dt.date(2026, 10, 10)))
    page.refresh()
    assert not page.usage_label.isVisible()
