"""Add or edit a stakeholder: a person or a team, where they stand, and who keeps in touch.

Checked as you type (the Save button stays off and the reason shows); the store checks again
on save, so a concurrent change still gets a clear message rather than bad data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.models import Person, Team
from tracker.domain.readiness import Stakeholder, SupportLevel, quadrant
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.record_dialog import RecordDialog
from tracker.ui.widgets.optional_date_edit import OptionalDateEdit
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


def support_combo() -> QComboBox:
    combo = QComboBox()
    for level in SupportLevel:
        combo.addItem(level.label, level.value)
    return combo


class StakeholderDialog(RecordDialog):
    def __init__(self, context: AppContext, rollout_id: int, people: Sequence[Person], teams: Sequence[Team],
                 stakeholder: Stakeholder | None = None, parent: QWidget | None = None, *, as_of: dt.date):
        super().__init__(parent)
        self.context = context
        self.rollout_id = rollout_id
        self.stakeholder = stakeholder
        self.expected_version = stakeholder.version if stakeholder is not None else None
        self.as_of = as_of
        self.saved_id: int | None = None
        self.setWindowTitle("Edit stakeholder" if stakeholder else "Add stakeholder")
        self.setMinimumWidth(480)

        self.person_radio = QRadioButton("&Person")
        self.team_radio = QRadioButton("&Team")
        kinds = QButtonGroup(self)
        kinds.addButton(self.person_radio)
        kinds.addButton(self.team_radio)
        self.person_field = PersonField(label=name_id_and_team, what="person")
        self.person_field.set_people(people)
        self.team_combo = QComboBox()
        self.team_combo.setEditable(True)
        self.team_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for team in teams:
            self.team_combo.addItem(team.name, team.id)
        self.team_combo.setCurrentIndex(-1)
        self.influence_spin, self.interest_spin = QSpinBox(), QSpinBox()
        for spin in (self.influence_spin, self.interest_spin):
            spin.setRange(1, 5)
            spin.setValue(3)
        self.quadrant_label = QLabel()
        self.current_combo, self.needed_combo = support_combo(), support_combo()
        self.current_combo.setCurrentIndex(SupportLevel.NEUTRAL.rank)
        self.needed_combo.setCurrentIndex(SupportLevel.SUPPORTIVE.rank)
        self.owner_field = PersonField(label=name_id_and_team, what="relationship owner")
        self.owner_field.set_people(people)
        self.contact_edit = OptionalDateEdit("last contact date")
        self.plan_edit = QLineEdit()
        self.plan_edit.setPlaceholderText("e.g. Monthly one-to-one; demo at each release")
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setFixedHeight(70)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)

        kind_row = QHBoxLayout()
        kind_row.addWidget(self.person_radio)
        kind_row.addWidget(self.team_radio)
        kind_row.addStretch(1)
        position = QHBoxLayout()
        position.addWidget(QLabel("Influence"))
        position.addWidget(self.influence_spin)
        position.addWidget(QLabel("Interest"))
        position.addWidget(self.interest_spin)
        position.addWidget(self.quadrant_label, 1)
        form = QFormLayout()
        form.addRow("Stakeholder is a:", kind_row)
        form.addRow("Pe&rson:", self.person_field)
        form.addRow("Tea&m:", self.team_combo)
        form.addRow("Position (1–5):", position)
        form.addRow("Support &now:", self.current_combo)
        form.addRow("Support n&eeded:", self.needed_combo)
        form.addRow("Relationship &owner:", self.owner_field)
        form.addRow("&Last contact:", self.contact_edit)
        form.addRow("Engagement &plan:", self.plan_edit)
        form.addRow("Notes:", self.notes_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if stakeholder is not None:
            self._load(stakeholder)
        else:
            self.person_radio.setChecked(True)
        for signal in (self.person_radio.toggled, self.person_field.person_changed, self.team_combo.currentTextChanged,
                       self.influence_spin.valueChanged, self.interest_spin.valueChanged,
                       self.owner_field.person_changed, self.contact_edit.changed):
            signal.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def _load(self, s: Stakeholder) -> None:
        (self.person_radio if s.person_id is not None else self.team_radio).setChecked(True)
        self.person_field.set_person(s.person_id)
        self.team_combo.setCurrentIndex(self.team_combo.findData(s.team_id) if s.team_id else -1)
        self.influence_spin.setValue(s.influence)
        self.interest_spin.setValue(s.interest)
        self.current_combo.setCurrentIndex(s.current_support.rank)
        self.needed_combo.setCurrentIndex(s.needed_support.rank)
        self.owner_field.set_person(s.owner_id)
        self.contact_edit.set_date(s.last_contact)
        self.plan_edit.setText(s.engagement_plan)
        self.notes_edit.setPlainText(s.notes)

    # -------------------------------------------------------------- values
    def team_id(self) -> int | None:
        index = self.team_combo.findText(self.team_combo.currentText().strip())
        return self.team_combo.itemData(index) if index >= 0 else None

    def problem(self) -> str | None:
        is_person = self.person_radio.isChecked()
        self.person_field.setEnabled(is_person)
        self.team_combo.setEnabled(not is_person)
        if is_person:
            if not self.person_field.text().strip():
                return "Choose the person."
            problem = self.person_field.problem()
            if problem:
                return problem
        elif self.team_id() is None:
            text = self.team_combo.currentText().strip()
            return f"There is no team called '{text}'." if text else "Choose the team."
        problem = self.owner_field.problem()
        if problem:
            return problem
        contact = self.contact_edit.date()
        if contact and contact > self.as_of:
            return "The last contact cannot be in the future."
        return None

    def values(self) -> dict:
        is_person = self.person_radio.isChecked()
        return {
            "rollout_id": self.rollout_id,
            "person_id": self.person_field.person_id() if is_person else None,
            "team_id": None if is_person else self.team_id(),
            "influence": self.influence_spin.value(), "interest": self.interest_spin.value(),
            "current_support": SupportLevel(self.current_combo.currentData()),
            "needed_support": SupportLevel(self.needed_combo.currentData()),
            "owner_id": self.owner_field.person_id(), "last_contact": self.contact_edit.date(),
            "engagement_plan": self.plan_edit.text(), "notes": self.notes_edit.toPlainText(),
            "as_of": self.as_of,
        }

    def _validate(self, *_args) -> None:
        self.quadrant_label.setText("→ " + quadrant(self.influence_spin.value(), self.interest_spin.value()).label)
        problem = self.problem()
        self.error_label.setText(problem or "")
        self.error_label.setVisible(bool(problem))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(problem is None and not self.context.readonly)

    def save(self) -> int:
        store = self.context.require_workspace().readiness.stakeholders
        if self.stakeholder is None:
            return store.add(**self.values())
        store.update(self.stakeholder.id, expected_version=self.expected_version, **self.values())
        return self.stakeholder.id
