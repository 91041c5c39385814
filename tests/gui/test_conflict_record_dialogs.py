"""The conflict dialog in the edit dialogs of modules, stakeholders, ADKAR assessments, decisions,
KPIs and KPI readings: someone else changes the record while the dialog is open; saving asks,
"Apply mine on top" saves on their version, "Keep theirs" saves nothing of mine."""

from __future__ import annotations

import datetime as dt

import pytest
from conflict_fixtures import answer, context, someone_else  # noqa: F401 - fixtures

from tracker.domain.kpis import Direction
from tracker.domain.readiness import SupportLevel
from tracker.ui.dialogs.adkar_dialog import AdkarDialog
from tracker.ui.dialogs.decision_dialog import DecisionDialog
from tracker.ui.dialogs.kpi_dialog import KpiDialog
from tracker.ui.dialogs.kpi_reading_dialog import KpiReadingDialog
from tracker.ui.dialogs.module_dialog import ModuleDialog
from tracker.ui.dialogs.stakeholder_dialog import StakeholderDialog

pytestmark = pytest.mark.gui

D = dt.date
AS_OF = D(2026, 3, 31)


@pytest.mark.parametrize("mine", [True, False])
def test_module_dialog(context, org, qtbot, answer, mine):
    ws = org["ws"]
    module = ws.training.create_module(org["rollout"], code="T1", title="Basics")
    dialog = ModuleDialog(context, org["rollout"], ws.training.module(module))
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: o.training.update_module(module, code="T1", title="Basics", hours=3))
    asked = answer(mine)
    dialog.title_edit.setText("Basics, mine")
    dialog.hours_spin.setValue(3)  # the dialog saves every field: mine on top writes their hours as well
    dialog.accept()
    assert len(asked) == 1 and asked[0].changed_by == "bea"
    stored = ws.training.module(module)
    assert stored is not None and stored.hours == 3
    assert (stored.title, stored.version) == (("Basics, mine", 3) if mine else ("Basics", 2))
    assert dialog.result() == (dialog.DialogCode.Accepted if mine else dialog.DialogCode.Rejected)


def test_stakeholder_dialog(context, org, qtbot, answer):
    ws = org["ws"]
    store = ws.readiness.stakeholders
    sid = store.add(rollout_id=org["rollout"], person_id=org["ann"], influence=4, interest=4,
                    current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.CHAMPION)
    dialog = StakeholderDialog(context, org["rollout"], ws.people.list(), ws.teams.list(), store.get(sid),
                               as_of=AS_OF)
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: o.readiness.stakeholders.update(sid, interest=5))
    asked = answer(True)
    dialog.notes_edit.setPlainText("Mine")
    dialog.accept()
    assert len(asked) == 1
    stored = store.get(sid)
    # Mine on top: the dialog writes what it shows, so their interest goes back to what I read.
    assert stored is not None and (stored.notes, stored.version) == ("Mine", 3)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_adkar_dialog(context, org, qtbot, answer):
    ws = org["ws"]
    store = ws.readiness.adkar
    aid = store.record(rollout_id=org["rollout"], team_id=org["claims"], assessed_on=D(2026, 3, 1),
                       scores=(4, 4, 4, 4, 4), respondents=8, as_of=AS_OF)
    dialog = AdkarDialog(context, org["rollout"], ws.teams.list(), store.get(aid), as_of=AS_OF)
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: o.readiness.adkar.update(aid, respondents=9, as_of=AS_OF))
    asked = answer(True)
    dialog.score_spins[0].setValue(2)
    dialog.accept()
    assert len(asked) == 1
    stored = store.get(aid)
    assert stored is not None and (stored.awareness, stored.version) == (2, 3)


def test_decision_dialog(context, org, qtbot, answer):
    ws = org["ws"]
    store = ws.delivery.decisions
    did = store.add(rollout_id=org["rollout"], decided_on=D(2026, 1, 5), decision="Use vendor model",
                    decided_by="Ada Boss")
    dialog = DecisionDialog(context, org["rollout"], store.get(did), today=AS_OF)
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: o.delivery.decisions.update(did, links="ticket 7"))
    asked = answer(True)
    dialog.rationale_edit.setPlainText("Mine")
    dialog.accept()
    assert len(asked) == 1
    stored = store.get(did)
    assert stored is not None and (stored.rationale, stored.version) == ("Mine", 3)


def test_kpi_dialog(context, org, qtbot, answer):
    ws = org["ws"]
    store = ws.delivery.kpis
    kid = store.add(rollout_id=org["rollout"], name="Accuracy", unit="%", target=90,
                    direction=Direction.HIGHER_BETTER, tolerance=2)
    dialog = KpiDialog(context, org["rollout"], store.get(kid))
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: o.delivery.kpis.update(kid, unit="percent"))
    asked = answer(True)
    dialog.tolerance_spin.setValue(4)
    dialog.accept()
    assert len(asked) == 1
    stored = store.get(kid)
    assert stored is not None and (stored.tolerance, stored.version) == (4, 3)


def test_kpi_reading_dialog(context, org, qtbot, answer):
    ws = org["ws"]
    store = ws.delivery.kpis
    kid = store.add(rollout_id=org["rollout"], name="Accuracy", unit="%", target=90,
                    direction=Direction.HIGHER_BETTER, tolerance=2)
    dialog = KpiReadingDialog(context, store.get(kid), today=AS_OF)
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: o.delivery.kpis.record(kid, AS_OF, 91.0))
    asked = answer(False)
    dialog.value_spin.setValue(88)
    dialog.accept()
    assert len(asked) == 1 and [r.value for r in store.readings(kid)] == [91.0]
