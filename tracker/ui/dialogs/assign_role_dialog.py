"""Giving one person one role in a rollout.

People are found by typing (a name, an employee id, or part of a team name) because a roster
of 100,000 does not fit in a combo box. The dialog checks what the store would refuse before
the user presses Assign: the text must be one active person, who must not already hold the
role in this rollout.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


class AssignRoleDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id = rollout_id
        self.assignment_id: int | None = None
        ws = context.require_workspace()
        rollout = ws.rollouts.get(rollout_id)
        self.setWindowTitle(f"Assign a role in {rollout.name}" if rollout else "Assign a role")
        self.setMinimumWidth(480)
        self._held = {(a.person_id, a.role_id) for a in ws.roles.assignments(rollout_id)}

        self.person_field = PersonField(label=name_id_and_team, required=True)
        self.person_field.set_people(ws.people.list())
        self.role_combo = QComboBox()
        for role in ws.roles.types():
            self.role_combo.addItem(role.name, role.id)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Assign")

        form = QFormLayout()
        form.addRow("&Person:", self.person_field)
        form.addRow("&Role:", self.role_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

        self.person_field.person_changed.connect(self._validate)
        self.role_combo.currentIndexChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._touched = False
        self.person_field.textEdited.connect(self._mark_touched)
        self._validate()

    def _mark_touched(self, *_args) -> None:
        self._touched = True

    # -------------------------------------------------------------- choosing
    def set_role(self, role_id: int) -> None:
        self.role_combo.setCurrentIndex(self.role_combo.findData(role_id))

    def problem(self) -> str | None:
        if self.role_combo.count() == 0:
            return "There are no roles yet; add some with Manage roles…"
        problem = self.person_field.problem()
        if problem:
            return problem
        person = self.person_field.person()
        assert person is not None  # the field is required: problem() names a missing person
        role_id = self.role_combo.currentData()
        if (person.id, role_id) in self._held:
            return f"{person.name} is already {self.role_combo.currentText().lower()} in this rollout."
        return None

    def _validate(self, *_args) -> None:
        problem = self.problem()
        # Do not greet the user with "Choose a person." before they have typed anything.
        shown = problem if (self._touched or self.person_field.text()) else None
        if self.role_combo.count() == 0:
            shown = problem
        self.error_label.setText(shown or "")
        self.error_label.setVisible(bool(shown))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(problem is None and not self.context.readonly)

    # -------------------------------------------------------------- applying
    def accept(self) -> None:
        if self.problem() is not None:
            self._touched = True
            self._validate()
            return
        person_id = self.person_field.person_id()
        assert person_id is not None  # problem() above would have said who is missing
        try:
            self.assignment_id = self.context.require_workspace().roles.assign(
                self.rollout_id, person_id, self.role_combo.currentData())
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.setVisible(True)
            return
        super().accept()
