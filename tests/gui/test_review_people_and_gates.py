"""The review's gaps in people readiness and gates/RACI, driven through the widgets and checked in
the stored data: "Needs attention" on the rollout page, exported charts that follow the privacy
rule, the RACI grid's remembered widths and filter, filter boxes, and record history."""

from __future__ import annotations

import datetime as dt

import matplotlib
import pytest
from area_context import pinned_context
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tracker.domain.enums import Impact
from tracker.domain.gates import GateTransition
from tracker.domain.kpis import Direction
from tracker.domain.raci import RaciRole
from tracker.domain.readiness import SignalSource, SignalType, SupportLevel
from tracker.services.rollout_lifecycle import promote
from tracker.ui.dialogs.history_dialog import HistoryDialog
from tracker.ui.pages.adkar_page import AdkarPage
from tracker.ui.pages.dependencies_page import DependenciesPage
from tracker.ui.pages.gates_page import GatesPage
from tracker.ui.pages.kpis_page import KpisPage
from tracker.ui.pages.raci_panel import RaciPanel
from tracker.ui.pages.resistance_page import UNRESOLVED, ResistancePage
from tracker.ui.pages.rollout_page import RolloutPage
from tracker.ui.pages.stakeholders_page import StakeholdersPage

pytestmark = pytest.mark.gui

AS_OF = dt.date(2026, 3, 31)


@pytest.fixture
def context(org, qtbot, monkeypatch):
    yield from pinned_context(org["ws"], monkeypatch, AS_OF)


def _widget(qtbot, widget, org=None):
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()  # pages defer refreshes while hidden, as in the window
    if org is not None:
        widget.show_rollout(org["rollout"])
    return widget


@pytest.fixture
def history_seen(monkeypatch):
    """HistoryDialog.exec records (title, the entries it lists) instead of blocking."""
    seen: list[tuple[str, list]] = []

    def exec_(dialog):
        seen.append((dialog.windowTitle(), dialog.changes.source_model.rows()))
        return 0
    monkeypatch.setattr(HistoryDialog, "exec", exec_)
    return seen


def _barrier(ws, org, team, respondents=6):
    ws.readiness.adkar.record(rollout_id=org["rollout"], team_id=team, assessed_on=dt.date(2026, 3, 1),
                              scores=(4, 2.5, 4, 4, 4), respondents=respondents, as_of=AS_OF)


def _signal(ws, org, team, severity=4):
    return ws.readiness.signals.log(rollout_id=org["rollout"], team_id=team, observed_on=dt.date(2026, 3, 10),
                                    type=SignalType.JOB_SECURITY, severity=severity, source=SignalSource.SURVEY,
                                    as_of=AS_OF)


def _big_team(ws, org, name="Underwriting", people=6):
    team = ws.teams.create(name, parent_id=org["root"])
    for n in range(people):
        ws.people.create(employee_id=f"{name[0]}{n:03}", name=f"{name} person {n}", team_id=team)
    return team


# ------------------------------------------------------------------ needs attention
def test_needs_attention_sits_on_the_rollout_page_and_opens_the_evidence(qtbot, context, org):
    ws = org["ws"]
    page = _widget(qtbot, RolloutPage(context))
    context.rollout_selected.emit(org["rollout"])
    layout = page.attention.parentWidget().layout()
    assert layout.indexOf(page.attention) == 1 and layout.indexOf(page.tabs) == 2  # header, attention, tabs
    assert page.attention.isHidden()  # nothing to attend to: no room taken
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    ws.rollouts.set_impact(org["rollout"], org["billing"], Impact.HIGH)
    _barrier(ws, org, org["claims"])
    _signal(ws, org, org["billing"], severity=5)
    assert not page.attention.isHidden()  # refreshed from the change events alone
    lines = page.attention.line_texts()
    assert lines[0].startswith("Billing — 1 unresolved resistance signal of severity 4 or more")
    assert lines[1].startswith("Claims — ADKAR barrier at Desire")
    page.attention.lines.itemClicked.emit(page.attention.lines.item(1))
    adkar = page.areas.pages["adkar"]
    assert page.tabs.currentWidget().objectName() == "area_adkar"
    assert adkar.team_filter.currentData() == org["claims"]
    assert [a.team_id for a in adkar.table.source_model.shown()] == [org["claims"]]
    page.attention.lines.itemClicked.emit(page.attention.lines.item(0))
    resistance = page.areas.pages["resistance"]
    assert page.tabs.currentWidget().objectName() == "area_resistance"
    assert (resistance.team_filter.currentData(), resistance.status_filter.currentData()) == (
        org["billing"], UNRESOLVED)
    # Lowering the impact takes the teams off the list, and the panel away.
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.LOW)
    ws.rollouts.set_impact(org["rollout"], org["billing"], Impact.MEDIUM)
    assert page.attention.isHidden() and page.attention.items == []


def test_needs_attention_follows_the_chosen_rollout(qtbot, context, org):
    ws = org["ws"]
    other = ws.rollouts.create(name="Fraud alert explainer")
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    _barrier(ws, org, org["claims"])
    page = _widget(qtbot, RolloutPage(context))
    context.rollout_selected.emit(org["rollout"])
    assert not page.attention.isHidden() and page.attention.rollout_id == org["rollout"]
    context.rollout_selected.emit(other)
    assert page.attention.isHidden() and page.attention.rollout_id == other


# ------------------------------------------------------------------ exported charts
def _tick_labels(figure) -> set[str]:
    """The first line of each axis label ("Claims\n01 Mar 2026 · n=2" -> "Claims"), as drawn: the
    chart style fits its labels when the figure is drawn (tracker/charts/fitting.py)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if figure.canvas is None or not hasattr(figure.canvas, "get_renderer"):
        FigureCanvasAgg(figure)
    figure.canvas.draw()
    return {t.get_text().split("\n")[0] for ax in figure.axes
            for t in (*ax.get_yticklabels(), *ax.get_xticklabels())}


def _menu_texts(canvas) -> list[str]:
    menu = canvas.build_menu()
    try:
        return [a.text() for a in menu.actions() if not a.isSeparator()]
    finally:
        menu.deleteLater()


def test_saved_adkar_chart_hides_small_groups_outside_leader_view(qtbot, context, org, tmp_path, monkeypatch):
    ws = org["ws"]
    _barrier(ws, org, _big_team(ws, org, "Underwriting"), respondents=6)
    _barrier(ws, org, _big_team(ws, org, "Legal"), respondents=7)
    _barrier(ws, org, org["claims"], respondents=2)  # under the minimum group size (5)
    page = _widget(qtbot, AdkarPage(context), org)
    assert not page.leader_check.isChecked()
    assert {"Underwriting", "Legal", "Claims"} <= _tick_labels(page.heatmap.figure)  # the change manager sees all
    exported = page.heatmap.export_figure()
    # Claims is under 5; Underwriting goes too, or Claims could be worked out from "All teams".
    assert "Legal" in _tick_labels(exported) and not {"Claims", "Underwriting"} & _tick_labels(exported)
    assert "Claims" not in {line.get_label() for ax in page.trend.export_figure().axes for line in ax.get_lines()}
    assert page.heatmap.export_note() == "Saved with groups under 5 hidden"
    assert _menu_texts(page.heatmap)[0] == "Saved with groups under 5 hidden"
    # The file itself: SVG with text kept as text, so the names can be read back.
    monkeypatch.setitem(matplotlib.rcParams, "svg.fonttype", "none")
    svg = page.heatmap.save("svg", str(tmp_path / "heatmap.svg")).read_text()
    assert "Legal" in svg and "Claims" not in svg
    from tracker.store.export_log import exports  # the image that left the app is in the history

    assert [(r.kind, r.file_name, r.rollouts, r.made_with) for r in exports(ws)] == [
        ("chart_image", "heatmap.svg", (ws.rollouts.get(org["rollout"]).name,), "window")]
    page.heatmap.copy_to_clipboard()
    copied = QApplication.clipboard().pixmap()
    assert not copied.isNull() and copied.width() == round(exported.get_figwidth() * 100)
    # In leader view the screen is already suppressed: saved as shown, no note.
    page.leader_check.setChecked(True)
    assert "Claims" not in _tick_labels(page.heatmap.figure) and page.heatmap.export_note() == ""


def test_saved_resistance_charts_hide_small_teams_outside_leader_view(qtbot, context, org, tmp_path, monkeypatch):
    ws = org["ws"]
    big = _big_team(ws, org)
    _signal(ws, org, big)
    # The complementary rule hides the next-smallest team beside the small one (the total minus
    # the others would give Claims away): a third team of 5 is that one, Underwriting (6) stays.
    _signal(ws, org, _big_team(ws, org, name="Operations desk", people=5))
    _signal(ws, org, org["claims"])  # Claims has 2 people
    page = _widget(qtbot, ResistancePage(context), org)
    assert {"Underwriting", "Claims"} <= _tick_labels(page.by_team.figure)
    exported = _tick_labels(page.by_team.export_figure())
    assert "Underwriting" in exported and "Claims" not in exported
    assert "Saved with groups under 5 hidden" in _menu_texts(page.over_time)
    monkeypatch.setitem(matplotlib.rcParams, "svg.fonttype", "none")
    svg = page.by_team.save("svg", str(tmp_path / "by-team.svg")).read_text()
    assert "Underwriting" in svg and "Claims" not in svg


# ------------------------------------------------------------------ RACI grid
def test_raci_grid_remembers_widths_and_filters_rows(qtbot, context, org):
    ws = org["ws"]
    raci = ws.delivery.raci
    raci.add_default_responsibilities(org["rollout"])
    rows = raci.responsibilities(org["rollout"])
    raci.set_role(rows[0].id, RaciRole.ACCOUNTABLE, person_id=org["ann"])
    panel = _widget(qtbot, RaciPanel(context))
    panel.load(org["rollout"])
    panel.grid.horizontalHeader().resizeSection(0, 333)  # the user drags the column
    raci.set_role(rows[1].id, RaciRole.RESPONSIBLE, person_id=org["bob"])  # a refresh keeps it
    panel.load(org["rollout"])
    assert panel.grid.columnWidth(0) == 333
    again = _widget(qtbot, RaciPanel(context))  # next session
    again.load(org["rollout"])
    assert again.grid.columnWidth(0) == 333
    # Filter by responsibility name, or by a holder's name.
    panel.filter_edit.setText(rows[1].name.split()[0].lower())
    assert rows[1] in panel.shown_rows() and len(panel.shown_rows()) < len(rows)
    panel.filter_edit.setText("ann")
    assert panel.shown_rows() == [rows[0]]
    # A hidden row's cells are never changed by the next R/A/C/I press.
    panel.grid.selectAll()
    panel.set_selected(RaciRole.CONSULTED)
    changed = {c.responsibility_id for c in raci.cells(org["rollout"]) if c.role is RaciRole.CONSULTED}
    assert changed == {rows[0].id}
    panel.filter_edit.clear()
    assert len(panel.shown_rows()) == len(rows)


# ------------------------------------------------------------------ filter boxes
def test_filter_boxes_narrow_the_tables(qtbot, context, org):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.HIGH)
    ws.rollouts.set_impact(org["rollout"], org["billing"], Impact.LOW)
    page = _widget(qtbot, RolloutPage(context))
    context.rollout_selected.emit(org["rollout"])
    teams = page.teams_panel
    teams.search.setText("bill")
    assert [p.team_name for p in teams.table.source_model.shown()] == ["Billing"]

    ws.delivery.gates.ensure_gate_items(org["rollout"])
    gates = _widget(qtbot, GatesPage(context), org)
    items = gates.gates.table.source_model
    total = items.rowCount()
    gates.gates.search.setText("data")
    assert 0 < items.rowCount() < total and all("data" in " ".join(
        str(c.display(i)) for c in items.columns).casefold() for i in items.shown())
    promote(ws, org["rollout"], "scaling", confirmed_open_items=True, decided_by="Board")
    ws.delivery.decisions.add(rollout_id=org["rollout"], decided_on=AS_OF, decision="Hire two trainers",
                              decided_by="Ada Boss")
    gates.decisions.search.setText("trainers")
    assert [d.decision for d in gates.decisions.table.source_model.shown()] == ["Hire two trainers"]

    kpis = _widget(qtbot, KpisPage(context), org)
    for name in ("Accuracy", "Latency"):
        ws.delivery.kpis.add(rollout_id=org["rollout"], name=name, unit="%", direction=Direction.HIGHER_BETTER, target=90)
    kpis.search.setText("lat")
    assert [k.name for k in kpis.table.source_model.shown()] == ["Latency"]
    assert kpis.readings_search.placeholderText().startswith("Filter readings")


def test_ctrl_f_focuses_the_panel_filter(qtbot, context, org):
    page = _widget(qtbot, GatesPage(context), org)
    page.show()
    page.activateWindow()
    qtbot.waitActive(page)
    page.gates.table.setFocus()
    qtbot.waitUntil(page.gates.table.hasFocus)
    qtbot.keyClick(page.gates.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.gates.search.hasFocus()
    assert not page.decisions.search.hasFocus()  # each panel's own box
    page.gates.search.setText("data")
    qtbot.keyClick(page.gates.search, Qt.Key.Key_Escape)
    assert page.gates.search.text() == ""


def test_history_dialog_filters_its_changes(qtbot, context, org):
    ws = org["ws"]
    ws.teams.create("Legal")
    dialog = HistoryDialog(context)
    qtbot.addWidget(dialog)
    total = dialog.changes.filter_model.rowCount()
    dialog.search.setText("legal")
    assert dialog.changes.filter_model.rowCount() == 1 < total
    assert "Legal" in dialog.changes.current_record().label  # the fields follow the remaining row


# ------------------------------------------------------------------ record history
def test_rollout_history_from_the_page_header(qtbot, context, org, history_seen):
    ws = org["ws"]
    ws.rollouts.update(org["rollout"], target_adoption=0.7)
    promote(ws, org["rollout"], "scaling", confirmed_open_items=True, decided_by="Board")
    page = _widget(qtbot, RolloutPage(context))
    context.rollout_selected.emit(org["rollout"])
    qtbot.mouseClick(page.history_button, Qt.MouseButton.LeftButton)
    [(title, entries)] = history_seen
    assert title == "History of Claims triage assistant"
    assert [e.label for e in entries][:2] == ["Move Claims triage assistant to scaling",
                                             "Edit rollout Claims triage assistant"]
    assert {e.entity_id for e in entries} == {org["rollout"]}


@pytest.mark.parametrize("kind", ["dependencies", "gate_items", "stakeholders", "resistance_signals"])
def test_history_of_the_selected_row(qtbot, context, org, history_seen, kind):
    ws = org["ws"]
    if kind == "dependencies":
        record_id = ws.delivery.dependencies.add(rollout_id=org["rollout"], needer_team_id=org["billing"],
                                                 provider_team_id=org["claims"], description="Claims data feed",
                                                 due_date=dt.date(2026, 5, 1))
        page = _widget(qtbot, DependenciesPage(context), org)
        ws.delivery.dependencies.update(record_id, description="Claims data feed, daily")
        table, action = page.table, page.history_action
    elif kind == "gate_items":
        ws.delivery.gates.ensure_gate_items(org["rollout"])
        page = _widget(qtbot, GatesPage(context), org)
        record_id = next(i.id for i in ws.delivery.gates.items(org["rollout"])
                         if i.transition is GateTransition.PILOT_TO_SCALING)
        ws.delivery.gates.update_item(record_id, evidence="Signed off")
        table, action = page.gates.table, page.gates.history_action
    elif kind == "stakeholders":
        record_id = ws.readiness.stakeholders.add(rollout_id=org["rollout"], person_id=org["ann"], influence=4,
                                                  interest=5, current_support=SupportLevel.NEUTRAL,
                                                  needed_support=SupportLevel.CHAMPION, as_of=AS_OF)
        page = _widget(qtbot, StakeholdersPage(context), org)
        table, action = page.table, page.history_action
    else:
        record_id = _signal(ws, org, org["claims"])
        page = _widget(qtbot, ResistancePage(context), org)
        table, action = page.table, page.history_action
    assert not action.isEnabled()  # nothing selected
    table.select_where(lambda r: r.id == record_id)
    assert action.isEnabled() and action in table.actions()  # the row's context menu
    action.trigger()
    [(title, entries)] = history_seen
    assert title.startswith("History of ")
    assert entries and {(e.entity, e.entity_id) for e in entries} == {(kind, record_id)}
