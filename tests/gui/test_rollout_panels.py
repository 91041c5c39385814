"""The Rollout page's Teams and People-and-roles tabs, and their dialogs, checked in the store.

The page-level flow (create, add a team, assign a role, undo), the details form, delete and
read-only are in test_rollout_page.py; the fixtures are repeated here to keep each file whole.

Question boxes are not shown: `confirm_action.ask` is replaced by the `confirm` fixture.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from tracker.domain.enums import Impact
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.add_teams_dialog import AddTeamsDialog
from tracker.ui.dialogs.assign_role_dialog import AssignRoleDialog
from tracker.ui.dialogs.role_types_dialog import RoleTypesDialog
from tracker.ui.pages.rollout_page import RolloutPage

pytestmark = pytest.mark.gui


@pytest.fixture
def ctx(org, qtbot):
    context = AppContext()
    context.set_workspace(org["ws"])  # the `workspace` fixture closes it (close() is idempotent)
    return context


@pytest.fixture
def page(ctx, qtbot):
    widget = RolloutPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()  # a hidden page defers its refreshes until it is shown, as in the window
    return widget


@pytest.fixture
def confirm(monkeypatch):
    """Replace the destructive-action question; `answer["value"]` is what the user clicks."""
    asked: list[str] = []
    answer = {"value": True}

    def ask(parent, title, text, action, detail=""):
        asked.append(f"{text} {detail}")
        return answer["value"]

    monkeypatch.setattr(confirm_action, "ask", ask)
    return asked, answer


def _role_id(ws, name):
    return ws.roles.type_by_name(name).id


# ------------------------------------------------------------------ teams
def test_change_impact_of_selected_teams(org, ctx, page):
    ws = org["ws"]
    rid = org["rollout"]
    ws.rollouts.set_impact(rid, org["claims"], Impact.LOW)
    ws.rollouts.set_impact(rid, org["billing"], Impact.LOW)
    ctx.rollout_selected.emit(rid)
    panel = page.teams_panel
    assert panel.row_count() == 2
    panel.table.select_where(lambda p: p.team_id == org["claims"])
    combo = panel.impact_combo
    assert combo.isEnabled() and combo.currentData() == Impact.LOW.value
    combo.activated.emit(combo.findData(Impact.HIGH.value))
    impacts = {p.team_id: p.impact for p in ws.rollouts.participation(rid)}
    assert impacts == {org["claims"]: Impact.HIGH, org["billing"]: Impact.LOW}
    assert [p.team_id for p in panel.table.selected_records()] == [org["claims"]]  # kept
    panel.table.selectAll()
    panel.set_impact_of_selected(Impact.MEDIUM)
    assert {p.impact for p in ws.rollouts.participation(rid)} == {Impact.MEDIUM}
    assert panel.summary_label.text() == "2 teams · 0 high impact · 3 people affected"


def test_remove_team_asks_and_cancel_keeps_it(org, ctx, page, confirm):
    ws = org["ws"]
    rid = org["rollout"]
    ws.rollouts.set_impact(rid, org["claims"], Impact.HIGH)
    ctx.rollout_selected.emit(rid)
    panel = page.teams_panel
    panel.table.selectRow(0)
    asked, answer = confirm
    answer["value"] = False
    panel.remove_button.click()
    assert len(asked) == 1 and "Claims" in asked[0] and "Claims triage assistant" in asked[0]
    assert len(ws.rollouts.participation(rid)) == 1
    answer["value"] = True
    panel.remove_action.trigger()
    assert ws.rollouts.participation(rid) == []
    assert panel.row_count() == 0


def test_add_teams_dialog_offers_only_teams_not_yet_in(org, ctx, qtbot):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], Impact.LOW)
    dialog = AddTeamsDialog(ctx, org["rollout"])
    qtbot.addWidget(dialog)
    names = [dialog.team_list.item(i).text() for i in range(dialog.team_list.count())]
    assert not any(n.startswith("Claims") for n in names) and len(names) == 2
    dialog.filter_edit.setText("bill")
    shown = [dialog.team_list.item(i) for i in range(dialog.team_list.count())
             if not dialog.team_list.item(i).isHidden()]
    assert [i.text().split("  ")[0] for i in shown] == ["Billing"]


def test_ticking_a_parent_team_without_people_ticks_its_sub_teams_instead(org, ctx, qtbot):
    ws = org["ws"]
    group = ws.teams.create("Group functions")  # a division: departments under it, no one of its own
    audit = ws.teams.create("Group audit", parent_id=group)
    legal = ws.teams.create("Group legal", parent_id=group)
    empty = ws.teams.create("Group archive", parent_id=group)  # no people either: not ticked
    ws.people.create(employee_id="E101", name="Ava Audit", team_id=audit)
    ws.people.create(employee_id="E102", name="Leo Legal", team_id=legal)
    dialog = AddTeamsDialog(ctx, org["rollout"])
    qtbot.addWidget(dialog)
    dialog.check_team(group)
    assert sorted(dialog.checked_team_ids()) == sorted([audit, legal])
    assert not dialog.note_label.isHidden()
    assert dialog.note_label.text() == ("Group functions has no people of its own, so its 2 sub-teams with "
                                        "people are ticked instead: Group audit, Group legal.")
    dialog.set_impact(Impact.HIGH)
    dialog.accept()
    assert {p.team_id for p in ws.rollouts.participation(org["rollout"])} == {audit, legal}
    assert empty not in dialog.added_team_ids


def test_a_parent_team_without_people_anywhere_below_is_refused(org, ctx, qtbot):
    ws = org["ws"]
    group = ws.teams.create("Future unit")
    ws.teams.create("Future team", parent_id=group)
    dialog = AddTeamsDialog(ctx, org["rollout"])
    qtbot.addWidget(dialog)
    dialog.check_team(group)
    assert dialog.checked_team_ids() == []
    assert "Future unit has no people of its own" in dialog.note_label.text()
    assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()


# ------------------------------------------------------------------ roles
def test_assign_dialog_validates_person_and_duplicate(org, ctx, qtbot):
    ws = org["ws"]
    ws.roles.assign(org["rollout"], org["ann"], _role_id(ws, "Champion"))
    dialog = AssignRoleDialog(ctx, org["rollout"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    dialog.person_field.setText("Zed Unknown")
    assert not ok.isEnabled() and "No one matches" in dialog.error_label.text()
    dialog.person_field.setText("Ann Claims (E002) – Claims")
    dialog.set_role(_role_id(ws, "Champion"))
    assert not ok.isEnabled() and "already champion" in dialog.error_label.text()
    dialog.set_role(_role_id(ws, "Trainer"))
    assert ok.isEnabled()
    ws.people.set_active([org["cy"]], False)
    dialog2 = AssignRoleDialog(ctx, org["rollout"])
    qtbot.addWidget(dialog2)
    dialog2.person_field.setText("Cy Claims (E004) – Claims")
    assert "deactivated" in dialog2.problem()


def test_remove_role_and_deactivated_people_are_marked(org, ctx, page, confirm):
    ws = org["ws"]
    rid = org["rollout"]
    ws.roles.assign(rid, org["cy"], _role_id(ws, "Trainer"))
    ws.roles.assign(rid, org["bob"], _role_id(ws, "End user"))
    ws.people.set_active([org["cy"]], False)
    ctx.rollout_selected.emit(rid)
    panel = page.roles_panel
    model = panel.table.model()
    texts = sorted(model.index(r, 0).data() for r in range(model.rowCount()))
    assert texts == ["Bob Billing", "Cy Claims (deactivated)"]
    assert "1 deactivated" in panel.summary_label.text()
    panel.filter_edit.setText("trainer")
    assert model.rowCount() == 1
    panel.table.selectRow(0)
    panel.remove_button.click()
    asked, _ = confirm
    assert "Cy Claims" in asked[0]
    assert [a.person_name for a in ws.roles.assignments(rid)] == ["Bob Billing"]


def test_role_types_add_rename_and_remove_in_use(org, ctx, qtbot, monkeypatch, confirm):
    ws = org["ws"]
    ws.roles.assign(org["rollout"], org["ann"], _role_id(ws, "Champion"))
    dialog = RoleTypesDialog(ctx)
    qtbot.addWidget(dialog)
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Super user", True)))
    dialog.add_button.click()
    assert ws.roles.type_by_name("Super user") is not None
    assert "Super user" in dialog.names()
    assert not dialog.add_type("champion")  # duplicate, case-insensitively
    assert "already a role" in dialog.error_label.text()

    dialog.select_name("Super user")
    assert dialog.rename_selected("Power user")
    assert ws.roles.type_by_name("Power user") is not None and ws.roles.type_by_name("Super user") is None

    dialog.select_name("Champion")
    assert not dialog.remove_selected()
    assert "held by 1 people" in dialog.error_label.text() and dialog.error_label.isVisibleTo(dialog)
    assert ws.roles.type_by_name("Champion") is not None

    dialog.select_name("Power user")
    asked, answer = confirm
    answer["value"] = False  # Cancel keeps it
    assert not dialog.remove_selected()
    assert asked[-1].startswith("Remove the role 'Power user'?") and "Edit → Undo brings it back" in asked[-1]
    assert ws.roles.type_by_name("Power user") is not None
    answer["value"] = True
    assert dialog.remove_selected()
    assert ws.roles.type_by_name("Power user") is None and "Power user" not in dialog.names()
