"""Add or edit a readiness gate item: its owner, status, evidence and due date.

Marking an item done is where the evidence belongs (a link or where the proof is), and
waiving one needs its reason: the dialog opens with the status already set for those two
actions and asks for the field that matters, checked as you type. "Answered by data" links
the item to a rule the workspace can answer (the checklist then shows that evidence beside it).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.gate_evidence import EvidenceRule
from tracker.domain.gates import GateArea, GateItem, GateTransition, ItemStatus, check_gate_item
from tracker.domain.models import Person
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.record_dialog import RecordDialog
from tracker.ui.widgets.optional_date_edit import OptionalDateEdit
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


def _combo(enum) -> QComboBox:
    combo = QComboBox()
    for member in enum:
        combo.addItem(member.label, member.value)
    return combo


class GateItemDialog(RecordDialog):
    def __init__(self, context: AppContext, rollout_id: int, people: Sequence[Person], item: GateItem | None = None,
                 parent: QWidget | None = None, *, transition: GateTransition = GateTransition.PILOT_TO_SCALING,
                 status: ItemStatus | None = None):
        super().__init__(parent)
        self.context, self.rollout_id, self.item = context, rollout_id, item
        self.expected_version = item.version if item is not None else None
        self.saved_id: int | None = None
        titles: dict[ItemStatus | None, str] = {ItemStatus.DONE: "Mark item done", ItemStatus.WAIVED: "Waive item"}
        self.setWindowTitle(titles.get(status, "Edit gate item" if item else "Add gate item"))
        self.setMinimumWidth(520)
        self.transition_combo = _combo(GateTransition)
        self.transition_combo.setCurrentIndex(self.transition_combo.findData(GateTransition(transition).value))
        self.area_combo = _combo(GateArea)
        self.text_edit = QLineEdit()
        self.text_edit.setPlaceholderText("What must be true, e.g. 'Rollback plan tested'")
        self.status_combo = _combo(ItemStatus)
        self.rule_combo = QComboBox()
        self.rule_combo.addItem("No: checked by hand", "")
        for rule in EvidenceRule:
            self.rule_combo.addItem(rule.label, rule.value)
        self.rule_combo.setToolTip("The workspace data that answers this item; the checklist shows it beside the item")
        self.owner_field = PersonField(label=name_id_and_team, what="owner")
        self.owner_field.set_people(people)
        self.due_edit = OptionalDateEdit("due date")
        self.evidence_edit = QLineEdit()
        self.evidence_edit.setPlaceholderText("A link, or where the proof is (minutes, test report, ticket)")
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Why this item does not apply, and who agreed")
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow("&Gate:", self.transition_combo)
        form.addRow("&Area:", self.area_combo)
        form.addRow("&Item:", self.text_edit)
        form.addRow("Answered by &data:", self.rule_combo)
        form.addRow("&Status:", self.status_combo)
        form.addRow("&Owner:", self.owner_field)
        form.addRow("&Due:", self.due_edit)
        form.addRow("&Evidence:", self.evidence_edit)
        form.addRow("&Waived because:", self.reason_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        if item is not None:
            self._load(item)
        if status is not None:
            self.status_combo.setCurrentIndex(self.status_combo.findData(ItemStatus(status).value))
            (self.reason_edit if status is ItemStatus.WAIVED else self.evidence_edit).setFocus()
        for sig in (self.text_edit.textChanged, self.status_combo.currentIndexChanged, self.reason_edit.textChanged,
                    self.owner_field.person_changed):
            sig.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def _load(self, i: GateItem) -> None:
        self.transition_combo.setCurrentIndex(self.transition_combo.findData(i.transition.value))
        self.area_combo.setCurrentIndex(self.area_combo.findData(i.area.value))
        self.text_edit.setText(i.text)
        self.rule_combo.setCurrentIndex(max(0, self.rule_combo.findData(i.evidence_rule)))
        self.status_combo.setCurrentIndex(self.status_combo.findData(i.status.value))
        self.owner_field.set_person(i.owner_id)
        self.due_edit.set_date(i.due_date)
        self.evidence_edit.setText(i.evidence)
        self.reason_edit.setText(i.waiver_reason)

    def status(self) -> ItemStatus:
        return ItemStatus(self.status_combo.currentData())

    def problem(self) -> str | None:
        self.reason_edit.setEnabled(self.status() is ItemStatus.WAIVED)
        return self.owner_field.problem() or check_gate_item(text=self.text_edit.text(), status=self.status(),
                                                             waiver_reason=self.reason_edit.text())

    def values(self) -> dict:
        return {
            "rollout_id": self.rollout_id, "transition": GateTransition(self.transition_combo.currentData()),
            "area": GateArea(self.area_combo.currentData()), "text": self.text_edit.text(), "status": self.status(),
            "owner_id": self.owner_field.person_id(), "due_date": self.due_edit.date(),
            "evidence": self.evidence_edit.text(), "waiver_reason": self.reason_edit.text(),
            "evidence_rule": self.rule_combo.currentData(),
        }

    def save(self) -> int:
        gates = self.context.require_workspace().delivery.gates
        if self.item is None:
            return gates.add_item(**self.values())
        gates.update_item(self.item.id, expected_version=self.expected_version, **self.values())
        return self.item.id
