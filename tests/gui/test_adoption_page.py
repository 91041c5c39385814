"""The rollout's Adoption tab: the headline and team table agree with the store, a team's own
curve shows when it is selected, and a usage log imports through the preview dialog."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.charts.style import title_text
from tracker.demo import write_demo_workspace
from tracker.store import Workspace
from tracker.ui.dialogs.import_preview_dialog import ImportPreviewDialog
from tracker.ui.pages.adoption_page import AdoptionPage, headline, team_figures_kind, usage_kind
from tracker.ui.pages.rollout_area_page import RolloutAreaPage

pytestmark = pytest.mark.gui
AS_OF = dt.date(2026, 11, 30)


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    return write_demo_workspace(tmp_path_factory.mktemp("sample") / "sample.tracker")


@pytest.fixture
def adoption(window, sample_path, tmp_path, monkeypatch, qtbot):
    path = tmp_path / "copy.tracker"
    shutil.copy(sample_path, path)
    monkeypatch.setattr(RolloutAreaPage, "today", staticmethod(lambda: AS_OF))
    assert window.files.open_path(path)
    ws = window.context.workspace
    rollout = max(ws.rollouts.list(), key=lambda r: len(ws.adoption.team_summaries(r.id, AS_OF)))
    window.navigator.choose_rollout(rollout.id)
    page = window.rollout_page.areas.show("adoption")
    assert isinstance(page, AdoptionPage)
    qtbot.waitUntil(lambda: not page.loading, timeout=20_000)  # the forecasts are fitted in the background
    return window, page, rollout


def test_headline_and_team_table_agree_with_the_store(adoption):
    window, page, rollout = adoption
    ws = window.context.workspace
    summary = ws.adoption.summary(rollout.id, AS_OF)
    assert summary.has_data  # the sample has usage for its rollouts
    assert page.headline.text() == headline(summary)
    assert f"{summary.rate * 100:.0f}%" in page.headline.text()
    teams = ws.adoption.team_summaries(rollout.id, AS_OF)
    shown = {row.team_id: row.summary for row in page.model.rows()}
    assert shown.keys() == teams.keys()
    for team_id, team in teams.items():
        assert (shown[team_id].eligible, shown[team_id].active) == (team.eligible, team.active)


def test_selecting_a_team_shows_its_own_curve(adoption):
    _window, page, rollout = adoption
    assert rollout.name in title_text(page.chart.figure)
    page.table.selectRow(0)
    team = page.table.current_record()
    assert title_text(page.chart.figure).startswith(team.team_name)


def test_a_usage_log_imports_through_the_preview_and_undo_takes_it_back(adoption, qtbot, tmp_path):
    window, page, rollout = adoption
    ws = window.context.workspace
    # A leaver's use before the sample's usage starts: certainly not recorded yet.
    person = next(p for p in ws.people.list() if not p.active)
    before = ws.adoption.summary(rollout.id, AS_OF)
    log = tmp_path / "usage.csv"
    log.write_text("employee_id,rollout,used_on\n"
                   f"{person.employee_id},{rollout.name},2024-03-05\n"
                   f"{person.employee_id},{rollout.name},2024-03-05\n"
                   f"NOBODY-1,{rollout.name},2026-11-21\n", encoding="utf-8")
    dialog = ImportPreviewDialog(window.context, usage_kind(), page)
    qtbot.addWidget(dialog)
    worker = dialog.load(log)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    report = dialog.report_view.toPlainText()
    assert "NOBODY-1" in report and "duplicate" in report
    imports_before = len(ws.adoption.imports())
    assert dialog.apply_button.isEnabled(), report
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.apply()
    assert len(ws.adoption.imports()) == imports_before + 1
    window.menu.undo.trigger()
    assert len(ws.adoption.imports()) == imports_before
    after = ws.adoption.summary(rollout.id, AS_OF)
    assert (after.active, after.eligible) == (before.active, before.eligible)
    del worker


def test_a_team_figure_entered_by_hand_is_checked_as_typed_and_stored(adoption, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    from tracker.ui.dialogs.team_figure_dialog import TeamFigureDialog

    window, page, rollout = adoption
    ws = window.context.workspace
    dialog = TeamFigureDialog(window.context, rollout.id, None, page, today=AS_OF)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    team_id = dialog.team.currentData()
    assert dialog.eligible.value() == ws.adoption.eligible_counts(rollout.id).get(team_id, 0)
    dialog.eligible.setValue(10)
    dialog.active.setValue(12)
    assert not save.isEnabled() and "cannot be more than eligible" in dialog.problem.text()
    dialog.active.setValue(7)
    dialog.has_proficient.setChecked(True)
    dialog.proficient.setValue(8)
    assert not save.isEnabled() and "Proficient" in dialog.problem.text()
    dialog.proficient.setValue(3)
    assert save.isEnabled() and dialog.problem.text() == ""
    save.click()
    stored = [f for f in ws.adoption.team_figures(rollout.id) if f["id"] == dialog.figure_id]
    assert [(f["team_id"], f["eligible"], f["active"], f["proficient"]) for f in stored] == [(team_id, 10, 7, 3)]
    qtbot.waitUntil(lambda: any(f["id"] == dialog.figure_id for f in page.figures_model.rows()), timeout=3000)


def test_the_sample_rollouts_headlines_give_the_forecasts_answer_and_the_curve_used(sample_path):
    with Workspace.open(sample_path) as ws:
        lines = {r.name: headline(ws.adoption.summary(r.id, AS_OF)).splitlines() for r in ws.rollouts.list()}
    fraud, underwriting = lines["Fraud alert explainer"], lines["Underwriting copilot"]
    assert fraud[2].startswith("Forecast: Not yet predictable: the curve has not turned (about ")
    assert "Ultimate utilisation: —" in fraud[1]  # no plateau to show before the turn
    assert underwriting[2].startswith("Forecast: Reaches the target on ") and "(80% band " in underwriting[2]
    assert underwriting[2].endswith("days after the target date.")
    for name, text in lines.items():
        assert text[-1].startswith("Curve: S-curve (logistic)") or text[-1].startswith("Curve: Bass diffusion"), name


def test_a_usage_report_without_a_rollout_column_imports_into_the_pages_rollout(adoption, qtbot, tmp_path):
    window, page, rollout = adoption
    ws = window.context.workspace
    person = next(p for p in ws.people.list() if p.active)
    report = tmp_path / "github.csv"
    report.write_text("Report Time,Login,Last Authenticated At,Last Activity At,Last Surface Used\n"
                      "2024-03-10T06:00:00Z,octo-cat,2024-03-09T08:00:00Z,2024-03-05T17:00:00Z,vscode\n"
                      "2024-03-10T06:00:00Z,nobody-here,2024-03-09T08:00:00Z,None,None\n", encoding="utf-8")
    ws.accounts.link("github", [(person.id, "Octo-Cat")], "GitHub logins")
    page.show_rollout(rollout.id)
    dialog = ImportPreviewDialog(window.context, usage_kind(page._rollout_name()), page)
    qtbot.addWidget(dialog)
    worker = dialog.load(report)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    text = dialog.report_view.toPlainText()
    assert text.startswith("Recognised: GitHub Copilot activity report"), text
    assert f"every use is for {rollout.name}" in text and "nobody-here" in text
    assert dialog.apply_button.isEnabled(), text
    imports_before = len(ws.adoption.imports())
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        dialog.apply()
    assert len(ws.adoption.imports()) == imports_before + 1
    del worker


def test_team_figures_import_from_the_page_previews_the_file(adoption, qtbot, tmp_path):
    """Import team figures… (and a dropped figures file) reads the file through the preview
    dialog; it once failed on an argument the reader does not take, then on a field its
    preview does not have."""
    window, page, rollout = adoption
    ws = window.context.workspace
    team = ws.rollouts.participation(rollout.id)[0].team_name
    path = tmp_path / "figures.csv"
    path.write_text("rollout,team,period_end,eligible,active,proficient\n"
                    f"{rollout.name},{team},2026-11-28,40,12,\n", encoding="utf-8")
    dialog = ImportPreviewDialog(window.context, team_figures_kind(), page)
    qtbot.addWidget(dialog)
    dialog.load(path)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    assert dialog.preview.ok and len(dialog.preview.new) == 1, dialog.report_view.toPlainText()
    assert dialog.apply_button.isEnabled()  # a new figure is a change to apply
