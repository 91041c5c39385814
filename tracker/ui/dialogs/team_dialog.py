"""Adding or editing one team: its name, the team it sits under, and its lead.

Checked as you type like the person dialog (required, unique name, a parent and a lead that
exist). Whether a new parent would put the team under one of its own sub-teams is the store's
rule: it refuses on save and the dialog shows its sentence and stays open with the input.
The team itself is not offered as its own parent.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QVBoxLayout

from tracker.domain.models import Person, Team
from tracker.domain.validation import check_required
from tracker.store.errors import DatabaseEngineError, WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.dialogs.person_dialog import (
    PersonPicker,
    TeamCombo,
    choosable_people,
    error_label,
    show_error,
)

TOP_LEVEL = "(None: a top-level team)"


class TeamDialog(QDialog):
    """`TeamDialog(context, teams, people, team=None, parent_id=None)`; exec() saves on OK.

    `team_id` holds the saved team's id after OK.
    """

    def __init__(self, context: AppContext, teams: list[Team], people: list[Person],
                 team: Team | None = None, parent_id: int | None = None, parent=None):
        super().__init__(parent)
        self.context = context
        self.team = team
        self.team_id: int | None = team.id if team else None
        self._touched: set[str] = set()
        self._taken_names = {t.name.casefold() for t in teams if team is None or t.id != team.id}
        self.setWindowTitle(f"Edit team {team.name}" if team else "New team")
        self.setMinimumWidth(460)

        self.name = QLineEdit()
        self.parent_team = TeamCombo([t for t in teams if team is None or t.id != team.id], TOP_LEVEL)
        self.lead = PersonPicker(choosable_people(people, keep=team.lead_id if team else None))
        self.errors = {key: error_label() for key in ("name", "parent", "lead")}
        self.save_error = error_label()

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("", self.errors["name"])
        form.addRow("&Part of:", self.parent_team)
        form.addRow("", self.errors["parent"])
        form.addRow("&Lead:", self.lead)
        form.addRow("", self.errors["lead"])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)

        if team is not None:
            self.name.setText(team.name)
            self.parent_team.set_team_id(team.parent_id)
            self.lead.set_person(next((p for p in people if p.id == team.lead_id), None))
        else:
            self.parent_team.set_team_id(parent_id)

        self.name.textEdited.connect(lambda _t: self._edited("name"))
        self.parent_team.editTextChanged.connect(lambda _t: self._edited("parent"))
        self.lead.textChanged.connect(lambda _t: self._edited("lead"))
        self._validate()

    # -------------------------------------------------------------- checking
    def problems(self) -> dict[str, str | None]:
        name = self.name.text().strip()
        name_problem = check_required(name, "A team name")
        if not name_problem and name.casefold() in self._taken_names:
            name_problem = f"There is already a team called '{name}'."
        return {
            "name": name_problem,
            "parent": self.parent_team.problem("team"),
            "lead": self.lead.problem("lead"),
        }

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _validate(self, show_all: bool = False) -> bool:
        problems = self.problems()
        for key, message in problems.items():
            show_error(self.errors[key], message if (show_all or key in self._touched) else None)
        show_error(self.save_error, None)
        ok = not any(problems.values()) and not self.context.readonly
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def values(self) -> dict:
        return {
            "name": self.name.text().strip(),
            "parent_id": self.parent_team.team_id(),
            "lead_id": self.lead.person_id(),
        }

    # -------------------------------------------------------------- saving
    def accept(self) -> None:
        if not self._validate(show_all=True):
            return
        teams = self.context.require_workspace().teams
        try:
            if self.team is None:
                self.team_id = teams.create(**self.values())
            else:
                team = self.team  # saved onto the version this dialog read (conflict_dialog)
                saved, _changed = save_resolving_conflicts(
                    self, lambda version: teams.update(team.id, expected_version=version, **self.values()),
                    team.version)
                if not saved:  # they kept the other person's version
                    super().reject()
                    return
        except (WorkspaceError, DatabaseEngineError) as e:
            show_error(self.save_error, str(e))
            return
        super().accept()
