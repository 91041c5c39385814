"""The rollout's Details form mid-edit while someone else saves the same rollout: their change
shows up (the page reloads the form on the change event) but the typed edits stay based on the
version loaded, so saving asks through the conflict dialog instead of writing the old values
back over theirs. A change the form does not write (the stage) does not count as a conflict."""

from __future__ import annotations

import pytest
from conflict_fixtures import answer, context, someone_else  # noqa: F401 - fixtures

from tracker.ui.dialogs.conflict_dialog import conflicting_fields
from tracker.ui.pages.rollout_details_form import RolloutDetailsForm

pytestmark = pytest.mark.gui


def _form(context, qtbot, rollout) -> RolloutDetailsForm:
    form = RolloutDetailsForm(context)
    qtbot.addWidget(form)
    form.load(rollout)
    return form


@pytest.mark.parametrize("mine", [True, False])
def test_saving_over_someone_elses_newer_edit_asks(context, org, qtbot, answer, mine):
    ws, rollout_id = org["ws"], org["rollout"]
    form = _form(context, qtbot, ws.rollouts.get(rollout_id))
    form.description_edit.setPlainText("Mine")
    someone_else(ws, lambda o: o.rollouts.update(rollout_id, description="Theirs", target_adoption=0.8))
    form.refresh_from_store(ws.rollouts.get(rollout_id))  # what the page does on their change event
    assert form.is_dirty() and form.description_edit.toPlainText() == "Mine"
    asked = answer(mine)
    assert form.save() is mine
    assert len(asked) == 1 and asked[0].changed_by == "bea"
    assert ("description", "Theirs", "Mine") in conflicting_fields(asked[0])
    stored = ws.rollouts.get(rollout_id)
    assert stored is not None and stored.description == ("Mine" if mine else "Theirs")
    assert form.description_edit.toPlainText() == stored.description and not form.is_dirty()


def test_a_stage_moved_by_someone_else_is_no_conflict(context, org, qtbot, answer):
    from tracker.domain.enums import Stage

    ws, rollout_id = org["ws"], org["rollout"]
    form = _form(context, qtbot, ws.rollouts.get(rollout_id))
    form.description_edit.setPlainText("Mine")

    def promote(other):
        with other.write("Promote") as w:
            other.rollouts.set_stage(w, rollout_id, Stage.SCALING)
    someone_else(ws, promote)
    form.refresh_from_store(ws.rollouts.get(rollout_id))
    asked = answer(False)
    assert form.save() and asked == []
    stored = ws.rollouts.get(rollout_id)
    assert stored is not None and (stored.description, stored.stage) == ("Mine", Stage.SCALING)

