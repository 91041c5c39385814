"""A record deleted by someone else while its edit dialog is open: saving gets the conflict dialog
saying who deleted it (not a plain error in the form), offering only "Keep theirs", which closes
the dialog and writes nothing (the record stays deleted)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from conflict_fixtures import answer, context, someone_else  # noqa: F401 - fixtures
from deletable_records import AS_OF, KINDS

from tracker.domain.kpis import Direction
from tracker.ui.dialogs import conflict_dialog
from tracker.ui.dialogs.adkar_dialog import AdkarDialog
from tracker.ui.dialogs.conflict_dialog import ConflictDialog
from tracker.ui.dialogs.decision_dialog import DecisionDialog
from tracker.ui.dialogs.dependency_dialog import DependencyDialog
from tracker.ui.dialogs.gate_item_dialog import GateItemDialog
from tracker.ui.dialogs.kpi_dialog import KpiDialog
from tracker.ui.dialogs.module_dialog import ModuleDialog
from tracker.ui.dialogs.signal_dialog import SignalDialog
from tracker.ui.dialogs.stakeholder_dialog import StakeholderDialog

pytestmark = pytest.mark.gui

#: kind (of deletable_records.KINDS) -> (open its edit dialog on the record, edit a field in it)
DIALOGS: dict[str, tuple[Callable[[Any, dict, int], Any], Callable[[Any], None]]] = {
    "module": (lambda ctx, org, i: ModuleDialog(ctx, org["rollout"], org["ws"].training.module(i)),
               lambda d: d.title_edit.setText("Mine")),
    "stakeholder": (lambda ctx, org, i: StakeholderDialog(
                        ctx, org["rollout"], org["ws"].people.list(), org["ws"].teams.list(),
                        org["ws"].readiness.stakeholders.get(i), as_of=AS_OF),
                    lambda d: d.notes_edit.setPlainText("Mine")),
    "adkar": (lambda ctx, org, i: AdkarDialog(ctx, org["rollout"], org["ws"].teams.list(),
                                              org["ws"].readiness.adkar.get(i), as_of=AS_OF),
              lambda d: d.score_spins[0].setValue(2)),
    "decision": (lambda ctx, org, i: DecisionDialog(ctx, org["rollout"], org["ws"].delivery.decisions.get(i),
                                                    today=AS_OF),
                 lambda d: d.rationale_edit.setPlainText("Mine")),
    "kpi": (lambda ctx, org, i: KpiDialog(ctx, org["rollout"], org["ws"].delivery.kpis.get(i)),
            lambda d: d.tolerance_spin.setValue(4)),
    "gate item": (lambda ctx, org, i: GateItemDialog(ctx, org["rollout"], org["ws"].people.list(),
                                                     org["ws"].delivery.gates.get(i)),
                  lambda d: d.text_edit.setText("Champions named, mine")),
    "signal": (lambda ctx, org, i: SignalDialog(ctx, org["rollout"], org["ws"].people.list(), org["ws"].teams.list(),
                                                org["ws"].readiness.signals.get(i), as_of=AS_OF),
               lambda d: d.mitigation_edit.setPlainText("Mine")),
    "dependency": (lambda ctx, org, i: DependencyDialog(ctx, org["rollout"], org["ws"].people.list(),
                                                        org["ws"].teams.list(), org["ws"].delivery.dependencies.get(i)),
                   lambda d: d.description_edit.setText("Claims history extract, mine")),
}


@pytest.mark.parametrize("name", DIALOGS)
def test_saving_a_record_deleted_since_the_dialog_opened_asks_and_keeps_theirs(context, org, qtbot, answer, name):
    kind, (open_dialog, edit) = KINDS[name], DIALOGS[name]
    ws = org["ws"]
    record = kind.make(org)
    dialog = open_dialog(context, org, record)
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: kind.delete(o, record))
    asked = answer(True)  # even a user who would apply theirs cannot: there is nothing to apply on
    edit(dialog)
    dialog.accept()
    assert len(asked) == 1 and asked[0].current is None and asked[0].changed_by == "bea"
    assert "was deleted by bea" in str(asked[0])
    assert dialog.result() == dialog.DialogCode.Rejected and not dialog.error_label.text()
    assert ws.scalar(f"SELECT COUNT(*) FROM {kind.table}") == 0  # not re-created


def test_the_conflict_dialog_of_a_deleted_record_names_it_and_offers_only_keep_theirs(context, org, qtbot,
                                                                                      monkeypatch):
    ws = org["ws"]
    kid = ws.delivery.kpis.add(rollout_id=org["rollout"], name="Accuracy", unit="%", target=90,
                               direction=Direction.HIGHER_BETTER)
    dialog = KpiDialog(context, org["rollout"], ws.delivery.kpis.get(kid))
    qtbot.addWidget(dialog)
    someone_else(ws, lambda o: o.delivery.kpis.delete(kid))
    shown: list[tuple[str, bool, list]] = []

    def ask(parent, error):  # what the dialog the user would see shows (a child of the edit dialog)
        conflict = ConflictDialog(error, parent)
        shown.append((conflict.message.text(), conflict.apply_mine is None, conflict.rows()))
        return False

    monkeypatch.setattr(conflict_dialog, "ask_conflict", ask)
    dialog.accept()
    [(message, keep_theirs_only, rows)] = shown
    assert message.startswith("This KPI was deleted by bea at ") and keep_theirs_only and rows == []
