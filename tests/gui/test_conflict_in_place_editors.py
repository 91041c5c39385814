"""Edits made in place, without a dialog (a RACI cell, a responsibility's name, a person's
training status, a seat's reclaim sign-off), are saved onto what the page showed: when someone
else changed it since, the conflict dialog asks, and nothing is silently overwritten."""

from __future__ import annotations

import pytest
from conflict_fixtures import answer, context, someone_else  # noqa: F401 - fixtures

from tracker.domain.raci import Holder, RaciRole
from tracker.ui.pages.raci_panel import RaciPanel

pytestmark = pytest.mark.gui


def _raci_panel(context, qtbot, rollout_id: int) -> RaciPanel:
    panel = RaciPanel(context)
    qtbot.addWidget(panel)
    panel.set_read_only(False)
    panel.load(rollout_id)
    return panel


def _ann_role(ws, rollout_id) -> RaciRole | None:
    found = [c.role for c in ws.delivery.raci.cells(rollout_id) if c.holder.person_id is not None]
    return found[0] if found else None


@pytest.mark.parametrize("mine", [True, False])
def test_a_raci_cell_set_by_someone_else_since_the_grid_showed_it(context, org, qtbot, answer, mine):
    ws = org["ws"]
    row = ws.delivery.raci.add_responsibility(org["rollout"], "Model performance")
    panel = _raci_panel(context, qtbot, org["rollout"])
    panel.add_column(Holder(org["ann"], None, "Ann Claims"))  # the grid shows Ann's cell, empty
    someone_else(ws, lambda o: o.delivery.raci.set_role(row, "R", person_id=org["ann"]))
    asked = answer(mine)
    panel.grid.item(0, 2).setSelected(True)
    panel.role_buttons[RaciRole.ACCOUNTABLE].click()
    assert len(asked) == 1 and asked[0].changed_by == "bea"
    assert _ann_role(ws, org["rollout"]) is (RaciRole.ACCOUNTABLE if mine else RaciRole.RESPONSIBLE)
    if mine:  # a second press before the grid reloads is based on my own save: nothing asked
        panel.role_buttons[RaciRole.CONSULTED].click()
        assert len(asked) == 1 and _ann_role(ws, org["rollout"]) is RaciRole.CONSULTED


def test_a_responsibility_renamed_by_someone_else_since(context, org, qtbot, answer, monkeypatch):
    ws = org["ws"]
    row = ws.delivery.raci.add_responsibility(org["rollout"], "Model performance")
    panel = _raci_panel(context, qtbot, org["rollout"])
    someone_else(ws, lambda o: o.delivery.raci.rename_responsibility(row, "Model quality"))
    asked = answer(False)
    monkeypatch.setattr("tracker.ui.pages.raci_panel.QInputDialog.getText", lambda *_a, **_k: ("Model accuracy", True))
    panel.grid.item(0, 0).setSelected(True)
    panel.rename_row()
    assert len(asked) == 1
    assert [r.name for r in ws.delivery.raci.responsibilities(org["rollout"])] == ["Model quality"]
