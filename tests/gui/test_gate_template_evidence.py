"""The gate template dialog links an item to the evidence that answers it from the data (or
leaves it manual): on adding it, and later for the one item selected; saved at once, undoable."""

from __future__ import annotations

import pytest

from tracker.domain.gate_evidence import EvidenceRule
from tracker.ui.context import AppContext
from tracker.ui.dialogs.gate_template_dialog import MANUAL, GateTemplateDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(org, qtbot):
    context = AppContext()
    context.set_workspace(org["ws"])
    dialog = GateTemplateDialog(context)
    qtbot.addWidget(dialog)
    yield dialog
    context.workspace = None  # the workspace fixture closes it


def _node(dialog, item_id):
    tree = dialog.tree
    for top in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(top)
        for child in range(group.childCount()):
            if group.child(child).data(0, 256) == item_id:
                return group.child(child)
    raise AssertionError(f"template item {item_id} is not listed")


def _choose(combo, rule: EvidenceRule | None) -> None:
    combo.setCurrentIndex(combo.findData(rule.value if rule else ""))
    combo.activated.emit(combo.currentIndex())  # what a user's choice sends


def test_a_new_item_takes_the_evidence_chosen_and_new_checklists_inherit_it(dialog, org):
    gates = org["ws"].delivery.gates
    _choose(dialog.rule_combo, EvidenceRule.SEVERE_SIGNALS)
    dialog.text_edit.setText("No severe resistance open")
    dialog.add_button.click()
    item = next(t for t in gates.template() if t.text == "No severe resistance open")
    assert item.evidence_rule == "severe_signals"
    assert _node(dialog, item.id).text(2) == EvidenceRule.SEVERE_SIGNALS.label
    assert dialog.rule_combo.currentText() == MANUAL  # the next item is manual unless chosen again
    gates.ensure_gate_items(org["rollout"])
    made = next(i for i in gates.items(org["rollout"]) if i.text == "No severe resistance open")
    assert made.evidence_rule == "severe_signals"


def test_the_selected_items_evidence_can_be_changed_to_manual_and_back_by_undo(dialog, org):
    ws = org["ws"]
    gates = ws.delivery.gates
    sponsor = next(t for t in gates.template() if t.evidence_rule == "sponsor")
    assert not dialog.item_rule_combo.isEnabled()  # nothing selected
    _node(dialog, sponsor.id).setSelected(True)
    assert dialog.item_rule_combo.isEnabled()
    assert dialog.item_rule_combo.currentData() == "sponsor"
    _choose(dialog.item_rule_combo, None)
    assert next(t for t in gates.template() if t.id == sponsor.id).evidence_rule == ""
    assert _node(dialog, sponsor.id).text(2) == MANUAL and _node(dialog, sponsor.id).isSelected()
    ws.audit.undo(ws.audit.recent_changes()[0].id)
    assert next(t for t in gates.template() if t.id == sponsor.id).evidence_rule == "sponsor"
    assert _node(dialog, sponsor.id).text(2) == EvidenceRule.SPONSOR.label  # the dialog follows the undo


def test_several_selected_items_are_not_relinked_at_once(dialog, org):
    template = org["ws"].delivery.gates.template()
    for t in template[:2]:
        _node(dialog, t.id).setSelected(True)
    assert not dialog.item_rule_combo.isEnabled()
