"""Choose a person or a team to add as a column of the RACI matrix.

People are found by typing (a roster has thousands), teams from a list; the column appears
in the matrix at once and is saved with its first cell.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from tracker.domain.models import Person, Team
from tracker.domain.raci import Holder
from tracker.ui import theme
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


class RaciHolderDialog(QDialog):
    def __init__(self, people: Sequence[Person] | None, teams: Sequence[Team] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.holder: Holder | None = None
        self._people = {p.id: p for p in people or ()}
        self.setWindowTitle("Add a person" if people is not None else "Add a team")
        self.setMinimumWidth(420)
        form = QFormLayout()
        self.person_field: PersonField | None = None
        self.team_combo: QComboBox | None = None
        if people is not None:
            self.person_field = PersonField(label=name_id_and_team, required=True)
            self.person_field.set_people(people)
            self.person_field.person_changed.connect(self._validate)
            form.addRow("&Person:", self.person_field)
        else:
            self.team_combo = QComboBox()
            self.team_combo.setEditable(True)
            self.team_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            for team in sorted(teams or (), key=lambda t: t.name.casefold()):
                self.team_combo.addItem(team.name, team.id)
            self.team_combo.currentTextChanged.connect(self._validate)
            form.addRow("&Team:", self.team_combo)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def chosen(self) -> Holder | None:
        if self.person_field is not None:
            pid = self.person_field.person_id()
            return Holder(pid, None, self._people[pid].name, self._people[pid].active) if pid else None
        assert self.team_combo is not None  # the dialog holds a person field or a team list
        index = self.team_combo.findText(self.team_combo.currentText())
        return Holder(None, self.team_combo.itemData(index), self.team_combo.itemText(index)) if index >= 0 else None

    def _validate(self, *_args) -> None:
        problem = self.person_field.problem() if self.person_field is not None else (
            None if self.chosen() else "Choose a team from the list.")
        self.error_label.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(problem is None and self.chosen() is not None)

    def accept(self) -> None:
        self.holder = self.chosen()
        if self.holder is not None:
            super().accept()
