"""Add or edit a dependency: which team waits on which, for what, by when, and who owns it.

The teams offered first are those taking part in the rollout, but any team can be chosen:
a rollout often waits on a team it does not change (Legal, Cloud Platform). The reason field
is asked for only when the status is Blocked, and checked as you type.
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

from tracker.domain.dependencies import Dependency, DependencyKind, DependencyStatus, check_dependency
from tracker.domain.models import Person, Team
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.record_dialog import RecordDialog
from tracker.ui.widgets.optional_date_edit import OptionalDateEdit
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


def enum_combo(enum) -> QComboBox:
    combo = QComboBox()
    for member in enum:
        combo.addItem(member.label, member.value)
    return combo


def team_combo(teams: Sequence[Team], first: set[int]) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)  # type to find a team among hundreds
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    ordered = sorted(teams, key=lambda t: (t.id not in first, t.name.casefold()))
    for team in ordered:
        combo.addItem(team.name, team.id)
    combo.setCurrentIndex(-1)
    return combo


class DependencyDialog(RecordDialog):
    def __init__(self, context: AppContext, rollout_id: int, people: Sequence[Person], teams: Sequence[Team],
                 dependency: Dependency | None = None, parent: QWidget | None = None, *,
                 participating: set[int] | frozenset[int] = frozenset()):
        super().__init__(parent)
        self.context, self.rollout_id, self.dependency = context, rollout_id, dependency
        self.expected_version = dependency.version if dependency is not None else None
        self.saved_id: int | None = None
        self.setWindowTitle("Edit dependency" if dependency else "Add dependency")
        self.setMinimumWidth(500)
        self.needer_combo = team_combo(teams, set(participating))
        self.provider_combo = team_combo(teams, set(participating))
        self.description_edit = QLineEdit()
        self.description_edit.setPlaceholderText("What is needed, e.g. 'Claims history extract'")
        self.kind_combo = enum_combo(DependencyKind)
        self.status_combo = enum_combo(DependencyStatus)
        self.reason_edit = QLineEdit()
        self.reason_edit.setPlaceholderText("Why it is blocked, and what would unblock it")
        self.due_edit = OptionalDateEdit("due date")
        self.owner_field = PersonField(label=name_id_and_team, what="owner")
        self.owner_field.set_people(people)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow("&Waiting team:", self.needer_combo)
        form.addRow("&Provided by:", self.provider_combo)
        form.addRow("W&hat:", self.description_edit)
        form.addRow("&Kind:", self.kind_combo)
        form.addRow("&Status:", self.status_combo)
        form.addRow("Blocked &because:", self.reason_edit)
        form.addRow("D&ue:", self.due_edit)
        form.addRow("&Owner:", self.owner_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        if dependency is not None:
            self._load(dependency)
        for sig in (self.needer_combo.currentIndexChanged, self.provider_combo.currentIndexChanged,
                    self.description_edit.textChanged, self.status_combo.currentIndexChanged,
                    self.reason_edit.textChanged, self.owner_field.person_changed, self.due_edit.changed):
            sig.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def _load(self, d: Dependency) -> None:
        self.needer_combo.setCurrentIndex(self.needer_combo.findData(d.needer_team_id))
        self.provider_combo.setCurrentIndex(self.provider_combo.findData(d.provider_team_id))
        self.description_edit.setText(d.description)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(d.kind.value))
        self.status_combo.setCurrentIndex(self.status_combo.findData(d.status.value))
        self.reason_edit.setText(d.blocked_reason)
        self.due_edit.set_date(d.due_date)
        self.owner_field.set_person(d.owner_id)

    @staticmethod
    def _team(combo: QComboBox) -> int | None:
        # An editable combo keeps its index while the text is edited into something else.
        index = combo.findText(combo.currentText())
        return combo.itemData(index) if index >= 0 else None

    def status(self) -> DependencyStatus:
        return DependencyStatus(self.status_combo.currentData())

    def problem(self) -> str | None:
        self.reason_edit.setEnabled(self.status() is DependencyStatus.BLOCKED)
        return self.owner_field.problem() or check_dependency(
            needer_team_id=self._team(self.needer_combo), provider_team_id=self._team(self.provider_combo),
            description=self.description_edit.text(), status=self.status(), blocked_reason=self.reason_edit.text())

    def values(self) -> dict:
        return {
            "rollout_id": self.rollout_id, "needer_team_id": self._team(self.needer_combo),
            "provider_team_id": self._team(self.provider_combo), "description": self.description_edit.text(),
            "kind": DependencyKind(self.kind_combo.currentData()), "status": self.status(),
            "blocked_reason": self.reason_edit.text(), "due_date": self.due_edit.date(),
            "owner_id": self.owner_field.person_id(),
        }

    def save(self) -> int:
        store = self.context.require_workspace().delivery.dependencies
        if self.dependency is None:
            return store.add(**self.values())
        store.update(self.dependency.id, expected_version=self.expected_version, **self.values())
        return self.dependency.id
