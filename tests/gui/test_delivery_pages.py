"""The delivery pages driven like a user would, checked in the stored data and the decision log."""

from __future__ import annotations

import datetime as dt

import pytest
from area_context import pinned_context
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tracker.charts.dependencies import CRITICAL_WIDTH
from tracker.domain.dependencies import DependencyKind, DependencyStatus
from tracker.domain.enums import Stage
from tracker.domain.gates import GateArea, GateTransition, ItemStatus
from tracker.domain.raci import RaciRole
from tracker.services.rollout_lifecycle import create_rollout
from tracker.ui import theme
from tracker.ui.dialogs.dependency_dialog import DependencyDialog
from tracker.ui.dialogs.gate_item_dialog import GateItemDialog
from tracker.ui.dialogs.kpi_dialog import KpiDialog
from tracker.ui.dialogs.kpi_reading_dialog import KpiReadingDialog
from tracker.ui.dialogs.promote_dialog import PromoteDialog
from tracker.ui.pages.dependencies_page import DependenciesPage
from tracker.ui.pages.gates_page import GatesPage
from tracker.ui.pages.kpis_page import KpisPage

pytestmark = pytest.mark.gui

AS_OF = dt.date(2026, 3, 31)
SAVE = QDialogButtonBox.StandardButton.Save


@pytest.fixture
def context(org, qtbot, monkeypatch):
    yield from pinned_context(org["ws"], monkeypatch, AS_OF)


def _page(qtbot, cls, context, org):
    page = cls(context)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()  # pages wait while hidden, as in the window
    page.show_rollout(org["rollout"])
    return page


def test_add_a_dependency_and_see_it_in_the_graph(qtbot, context, org):
    ws = org["ws"]
    ops = ws.teams.create("IT Operations")
    ws.delivery.dependencies.add(rollout_id=org["rollout"], needer_team_id=org["billing"], provider_team_id=ops,
                                 description="Servers", due_date=dt.date(2026, 5, 1))
    page = _page(qtbot, DependenciesPage, context, org)
    assert len(page.graph.figure.dependency_arrows) == 1
    dialog = DependencyDialog(context, org["rollout"], ws.people.list(), ws.teams.list(), parent=page)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(SAVE)
    dialog.show()
    assert not save.isEnabled() and dialog.error_label.text() == ""  # nothing said on opening
    dialog.description_edit.setText("x")
    assert "needs" in dialog.error_label.text()
    dialog.needer_combo.setCurrentIndex(dialog.needer_combo.findText("Claims"))
    dialog.provider_combo.setCurrentIndex(dialog.provider_combo.findText("Billing"))
    dialog.description_edit.setText("Billing history extract")
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DependencyKind.DATA.value))
    dialog.status_combo.setCurrentIndex(dialog.status_combo.findData(DependencyStatus.BLOCKED.value))
    assert not save.isEnabled() and "reason" in dialog.error_label.text()
    dialog.reason_edit.setText("Extract job not scheduled")
    dialog.due_edit.set_date(dt.date(2026, 4, 15))
    dialog.owner_field.setText("Bob Billing (E003)")
    assert save.isEnabled(), dialog.error_label.text()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    stored = [d for d in ws.delivery.dependencies.list(org["rollout"]) if d.description == "Billing history extract"]
    assert len(stored) == 1
    new = stored[0]
    assert (new.needer_name, new.provider_name, new.status, new.owner_name) == (
        "Claims", "Billing", DependencyStatus.BLOCKED, "Bob Billing")
    arrows = page.graph.figure.dependency_arrows
    assert set(arrows) == {d.id for d in ws.delivery.dependencies.list(org["rollout"])}
    # Claims waits on Billing, which waits on IT Operations: the new arrow ends the critical path.
    assert page.analysis.critical.dependency_ids[-1] == new.id
    assert page.analysis.critical.dependency_ids == (1, new.id)
    assert {a.get_linewidth() for a in arrows.values()} == {CRITICAL_WIDTH}  # drawn thick
    # Arrow -> row: picking the arrow selects its row ...
    page.table.clearSelection()
    page.graph.picked.emit(arrows[new.id], None)
    assert [d.id for d in page.table.selected_records()] == [new.id]
    # ... and row -> arrow: the selected row's arrow has a halo, the others none.
    assert arrows[new.id].get_path_effects() and not [a for i, a in arrows.items() if i != new.id
                                                      and a.get_path_effects()]


def test_graph_pick_through_a_real_click(qtbot, context, org):
    ws = org["ws"]
    did = ws.delivery.dependencies.add(rollout_id=org["rollout"], needer_team_id=org["claims"],
                                       provider_team_id=org["billing"], description="x")
    page = _page(qtbot, DependenciesPage, context, org)
    canvas = page.graph.figure.canvas
    canvas.draw()
    arrow = page.graph.figure.dependency_arrows[did]
    start, end = arrow.get_path().vertices[[0, 1]]  # data coordinates
    x, y = arrow.axes.transData.transform((start + end) / 2)
    from matplotlib.backend_bases import MouseEvent

    MouseEvent("button_press_event", canvas, x, y, button=1)._process()
    assert [d.id for d in page.table.selected_records()] == [did]


def test_opening_the_gates_page_writes_nothing_and_offers_the_template(qtbot, context, org):
    ws = org["ws"]
    changes = len(ws.audit.recent_changes())
    page = _page(qtbot, GatesPage, context, org)
    assert ws.delivery.gates.items(org["rollout"]) == [] and len(ws.audit.recent_changes()) == changes
    assert "no readiness checklist yet" in page.gates.progress_label.text()
    assert page.gates.template_items_button.text() == "Add the template's &checklist"
    assert page.gates.template_items_button.isEnabled()
    page.gates.template_items_button.click()
    assert len(ws.delivery.gates.items(org["rollout"])) == 19
    assert page.gates.template_items_button.text() == "Add missing template items"


def test_a_new_rollout_gets_its_checklist_with_it_in_one_undo_step(org):
    ws = org["ws"]
    rollout = create_rollout(ws, name="Email drafting")
    assert len(ws.delivery.gates.items(rollout)) == 19
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert ws.rollouts.get(rollout) is None and ws.scalar("SELECT COUNT(*) FROM gate_items") == 0


def test_promote_with_open_gate_items_needs_confirmation_and_is_logged(qtbot, context, org):
    ws = org["ws"]
    ws.delivery.gates.ensure_gate_items(org["rollout"])
    page = _page(qtbot, GatesPage, context, org)
    items = ws.delivery.gates.items(org["rollout"])
    assert len(items) == 19
    assert {i.id for i in page.gates.table.source_model.rows()} == {
        i.id for i in items if i.transition is GateTransition.PILOT_TO_SCALING}
    dialog = PromoteDialog(context, org["rollout"], page, today=AS_OF)
    qtbot.addWidget(dialog)
    assert dialog.target() is Stage.SCALING and dialog.open_list.count() == 9
    assert not dialog.move_button.isEnabled() and "tick the confirmation" in dialog.error_label.text()
    dialog.decided_by_edit.setText("AI steering committee")
    dialog.rationale_edit.setPlainText("Pilot met its accuracy target")
    dialog.confirm_check.setChecked(True)
    assert dialog.move_button.isEnabled()
    qtbot.mouseClick(dialog.move_button, Qt.MouseButton.LeftButton)
    assert ws.rollouts.get(org["rollout"]).stage is Stage.SCALING
    [decision] = ws.delivery.decisions.list(org["rollout"])
    assert (decision.decided_by, decision.decided_on, decision.to_stage) == ("AI steering committee", AS_OF,
                                                                             Stage.SCALING)
    assert "9 gate item(s) open" in decision.decision and decision.rationale == "Pilot met its accuracy target"
    assert [d.id for d in page.decisions.table.source_model.rows()] == [decision.id]  # the page heard it
    assert page.gates.transition() is GateTransition.SCALING_TO_PRODUCTION  # the gate now ahead
    assert not page.decisions.delete_button.isEnabled() or not page.decisions.table.selected_records()


def test_mark_a_gate_item_done_with_evidence(qtbot, context, org):
    ws = org["ws"]
    ws.delivery.gates.ensure_gate_items(org["rollout"])
    page = _page(qtbot, GatesPage, context, org)
    item = ws.delivery.gates.items(org["rollout"], GateTransition.PILOT_TO_SCALING)[0]
    dialog = GateItemDialog(context, org["rollout"], ws.people.list(), item, page, status=ItemStatus.DONE)
    qtbot.addWidget(dialog)
    dialog.evidence_edit.setText("https://intranet/sponsor-letter")
    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    stored = ws.delivery.gates.get(item.id)
    assert stored.status is ItemStatus.DONE and stored.evidence == "https://intranet/sponsor-letter"
    warning = f"<b style='color:{theme.hex_colour('warning')}'>"  # partly settled: the warning colour
    assert "People 1/3" in page.gates.progress_label.text().replace(warning, "").replace("</b>", "")


def test_raci_cells_set_from_the_grid_and_gaps_flagged(qtbot, context, org):
    ws = org["ws"]
    row = ws.delivery.raci.add_responsibility(org["rollout"], "Model performance")
    page = _page(qtbot, GatesPage, context, org)
    raci = page.raci
    assert raci.grid.item(0, 1).text() == "No A, No R"
    from tracker.domain.raci import Holder

    raci.add_column(Holder(org["ann"], None, "Ann Claims"))
    raci.grid.item(0, 2).setSelected(True)
    qtbot.mouseClick(raci.role_buttons[RaciRole.ACCOUNTABLE], Qt.MouseButton.LeftButton)
    [cell] = ws.delivery.raci.cells(org["rollout"])
    assert (cell.responsibility_id, cell.holder.person_id, cell.role) == (row, org["ann"], RaciRole.ACCOUNTABLE)
    assert raci.grid.item(0, 1).text() == "No R" and "responsible" in raci.problems_label.text()
    assert "1 to fix" in page.tabs.tabText(1)


def test_add_a_kpi_and_a_reading(qtbot, context, org):
    ws = org["ws"]
    page = _page(qtbot, KpisPage, context, org)
    dialog = KpiDialog(context, org["rollout"], parent=page)
    qtbot.addWidget(dialog)
    dialog.name_edit.setText("p95 latency")
    dialog.unit_edit.setText("ms")
    dialog.target_spin.setValue(800)
    dialog.direction_combo.setCurrentIndex(dialog.direction_combo.findData("lower_better"))
    dialog.tolerance_spin.setValue(200)
    assert "amber up to 1000 ms" in dialog.rule_label.text()
    qtbot.mouseClick(dialog.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    [kpi] = ws.delivery.kpis.list(org["rollout"])
    page.table.select_where(lambda k: k.id == kpi.id)
    reading = KpiReadingDialog(context, kpi, page, today=AS_OF)
    qtbot.addWidget(reading)
    reading.value_spin.setValue(950)
    qtbot.mouseClick(reading.buttons.button(SAVE), Qt.MouseButton.LeftButton)
    kpi = ws.delivery.kpis.get(kpi.id)
    assert (kpi.latest_value, kpi.latest_on, kpi.status.value) == (950.0, AS_OF, "amber")
    assert [r.value for r in page.readings.source_model.rows()] == [950.0]
    assert "1 amber" in page.summary_label.text()


def test_deleting_kpi_readings_asks_first(qtbot, context, org, monkeypatch):
    from tracker.ui.dialogs import confirm_action

    kpis = org["ws"].delivery.kpis
    kpi = kpis.add(rollout_id=org["rollout"], name="Accuracy", unit="%", target=90, direction="higher_better",
                   tolerance=5)
    for day, value in ((dt.date(2026, 3, 1), 88), (dt.date(2026, 3, 15), 91)):
        kpis.record(kpi, day, value, today=AS_OF)
    page = _page(qtbot, KpisPage, context, org)
    page.table.select_where(lambda k: k.id == kpi)
    page.readings.select_where(lambda r: r.measured_on == dt.date(2026, 3, 1))
    asked = []
    monkeypatch.setattr(confirm_action, "ask", lambda _p, title, text, *a, **k: asked.append(text) or False)
    page.delete_reading_button.click()
    assert asked == ["Delete the Accuracy reading of 1 Mar 2026?"]
    assert len(kpis.readings(kpi)) == 2  # Cancel keeps them
    monkeypatch.setattr(confirm_action, "ask", lambda *a, **k: True)
    page.delete_reading_button.click()
    assert [r.value for r in kpis.readings(kpi)] == [91.0]


def test_removing_gate_template_items_asks_first(qtbot, context, org, monkeypatch):
    from tracker.domain.gates import GateArea
    from tracker.ui.dialogs import confirm_action
    from tracker.ui.dialogs.gate_template_dialog import GateTemplateDialog

    gates = org["ws"].delivery.gates
    item = gates.add_template_item(GateTransition(list(GateTransition)[0]), GateArea(list(GateArea)[0]),
                                   "Works council informed")
    before = len(gates.template())
    dialog = GateTemplateDialog(context)
    qtbot.addWidget(dialog)
    node = next(n for n in _tree_items(dialog.tree) if n.data(0, 256) == item)
    node.setSelected(True)
    asked = []
    monkeypatch.setattr(confirm_action, "ask", lambda _p, title, text, *a, **k: asked.append(text) or False)
    dialog.remove_button.click()
    assert asked == ["Remove 'Works council informed' from the template?"]
    assert len(gates.template()) == before
    monkeypatch.setattr(confirm_action, "ask", lambda *a, **k: True)
    node = next(n for n in _tree_items(dialog.tree) if n.data(0, 256) == item)
    node.setSelected(True)
    dialog.remove_button.click()
    assert item not in {t.id for t in gates.template()} and len(gates.template()) == before - 1


def _tree_items(tree):
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        for child in range(group.childCount()):
            yield group.child(child)


# ---------------------------------------------------------------------------- evidence from the data
FROM_DATA = 3  # the gate checklist's "From data" column


def _sponsor_row(page):
    model = page.gates.table.source_model
    row = next(n for n, i in enumerate(model.rows()) if i.evidence_rule == "sponsor")
    return row, model


def test_sponsor_evidence_shows_after_assignment_and_ticks_in_one_undoable_change(qtbot, context, org):
    ws, rollout = org["ws"], org["rollout"]
    ws.delivery.gates.ensure_gate_items(rollout)
    page = GatesPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 800)
    page.show()
    page.show_rollout(rollout)
    gates = page.gates
    qtbot.waitUntil(lambda: not gates.loading, timeout=10_000)
    row, model = _sponsor_row(page)
    assert model.index(row, FROM_DATA).data() == "✗ No sponsor set on the rollout"
    gates.table.select_where(lambda i: i.evidence_rule == "sponsor")
    assert not gates.evidence_button.isEnabled()  # the data does not say it is met

    ws.rollouts.update(rollout, sponsor_id=org["boss"])  # the page hears the change
    qtbot.waitUntil(lambda: not gates.loading and _sponsor_row(page)[1].index(
        _sponsor_row(page)[0], FROM_DATA).data().startswith("✓"), timeout=10_000)
    row, model = _sponsor_row(page)
    today = dt.date.today()
    assert model.index(row, FROM_DATA).data() == f"✓ Sponsor: Ada Boss (set {today.day} {today:%b %Y})"
    assert "Mark done from evidence" in model.index(row, FROM_DATA).data(Qt.ItemDataRole.ToolTipRole)
    item = model.rows()[row]
    assert ws.delivery.gates.get(item.id).status is ItemStatus.OPEN  # shown, never ticked silently
    manual = next(i for i in model.rows() if not i.evidence_rule)
    assert model.index(model.rows().index(manual), FROM_DATA).data() == ""

    gates.table.select_where(lambda i: i.id == item.id)
    assert gates.evidence_button.isEnabled()
    changes = len(ws.audit.recent_changes())
    qtbot.mouseClick(gates.evidence_button, Qt.MouseButton.LeftButton)
    stored = ws.delivery.gates.get(item.id)
    assert stored.status is ItemStatus.DONE
    assert stored.evidence == f"Sponsor: Ada Boss (set {today.day} {today:%b %Y}) (from the workspace, 31 Mar 2026)"
    assert len(ws.audit.recent_changes()) == changes + 1
    ws.audit.undo(ws.audit.recent_changes()[0].id)
    assert ws.delivery.gates.get(item.id).status is ItemStatus.OPEN


def test_a_checklist_without_linked_items_reads_no_evidence(qtbot, context, org):
    ws, rollout = org["ws"], org["rollout"]
    ws.delivery.gates.add_item(rollout_id=rollout, transition=GateTransition.PILOT_TO_SCALING, area=GateArea.DATA,
                               text="Data sources audited")
    page = GatesPage(context)
    qtbot.addWidget(page)
    page.show()
    page.show_rollout(rollout)
    assert not page.gates.loading and page.gates.refresh_evidence() is None


def test_an_own_item_can_be_linked_to_evidence_in_its_dialog(qtbot, context, org):
    ws, rollout = org["ws"], org["rollout"]
    dialog = GateItemDialog(context, rollout, ws.people.list(), transition=GateTransition.SCALING_TO_PRODUCTION)
    qtbot.addWidget(dialog)
    dialog.text_edit.setText("No severe resistance open")
    assert dialog.rule_combo.currentData() == ""  # manual unless chosen
    dialog.rule_combo.setCurrentIndex(dialog.rule_combo.findData("severe_signals"))
    dialog.accept()
    [item] = ws.delivery.gates.items(rollout)
    assert item.evidence_rule == "severe_signals"
    edit = GateItemDialog(context, rollout, ws.people.list(), item)
    qtbot.addWidget(edit)
    assert edit.rule_combo.currentData() == "severe_signals"
