"""Adding or editing one person, checked as you type, saved through the store.

Each field says what is wrong right under it (in red) and OK stays disabled until the form is
valid, using the same rule functions the store and the roster import use. Uniqueness of the
employee id is checked against the list the page already holds (no query per keystroke); the
store checks again on save, and anything it refuses is shown in the dialog, which stays open
with the input intact.

The two pickers below (a team combo and a person field) are shared with the team dialog. With
2,000 teams and 100,000 people a plain dropdown is unusable, so both complete on any part of
what is typed.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.models import Person, Team
from tracker.domain.validation import check_email, check_employee_id, check_required
from tracker.store.errors import DatabaseEngineError, WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.models.people_model import person_label


def _contains_completer(parent: QWidget, model=None) -> QCompleter:
    completer = QCompleter(parent)
    if model is not None:
        completer.setModel(model)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


def error_label() -> QLabel:
    """A red line under a field; hidden while the field is fine."""
    label = QLabel()
    label.setStyleSheet(theme.error_style())
    label.setWordWrap(True)
    label.hide()
    return label


def show_error(label: QLabel, message: str | None) -> None:
    label.setText(message or "")
    label.setVisible(bool(message))


class TeamCombo(QComboBox):
    """Choose a team by typing any part of its name; the first entry means "no team"."""

    def __init__(self, teams: Iterable[Team], none_label: str = "(No team)", parent=None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(20)
        self._none_label = none_label
        self.addItem(none_label, None)
        self._by_name: dict[str, int] = {}
        for team in sorted(teams, key=lambda t: t.name.casefold()):
            self.addItem(team.name, team.id)
            self._by_name[team.name.casefold()] = team.id
        self.setCompleter(_contains_completer(self, self.model()))
        line = self.lineEdit()
        assert line is not None  # an editable combo box always has its line edit
        line.setPlaceholderText(none_label)
        self.setCurrentIndex(0)

    def set_team_id(self, team_id: int | None) -> None:
        index = self.findData(team_id) if team_id is not None else 0
        self.setCurrentIndex(max(index, 0))

    def team_id(self) -> int | None:
        """The chosen team's id; None for no team (or text that names no team, see problem)."""
        text = self.currentText().strip()
        if not text or text == self._none_label:
            return None
        return self._by_name.get(text.casefold())

    def problem(self, what: str = "team") -> str | None:
        text = self.currentText().strip()
        if text and text != self._none_label and text.casefold() not in self._by_name:
            return f"There is no {what} called '{text}'. Pick one from the list."
        return None


class PersonPicker(QLineEdit):
    """Choose a person as "Name (employee id)"; a bare employee id or unique name also works."""

    def __init__(self, people: Iterable[Person], parent=None):
        super().__init__(parent)
        self._by_label: dict[str, int] = {}
        self._by_eid: dict[str, int] = {}
        by_name: dict[str, list[int]] = {}
        labels = []
        for person in people:
            label = person_label(person)
            labels.append(label)
            self._by_label[label.casefold()] = person.id
            self._by_eid[person.employee_id.casefold()] = person.id
            by_name.setdefault(person.name.casefold(), []).append(person.id)
        self._by_name = {name: ids[0] for name, ids in by_name.items() if len(ids) == 1}
        self.setCompleter(_contains_completer(self, QStringListModel(labels, self)))
        self.setClearButtonEnabled(True)
        self.setPlaceholderText("Type a name or employee id")

    def set_person(self, person: Person | None) -> None:
        self.setText(person_label(person) if person is not None else "")

    def person_id(self) -> int | None:
        key = self.text().strip().casefold()
        if not key:
            return None
        return self._by_label.get(key) or self._by_eid.get(key) or self._by_name.get(key)

    def problem(self, what: str) -> str | None:
        if self.text().strip() and self.person_id() is None:
            return f"No active person matches '{self.text().strip()}'. Pick the {what} from the list."
        return None


def choosable_people(people: Iterable[Person], exclude: int | None = None,
                     keep: int | None = None) -> list[Person]:
    """Active people (plus `keep`, the current choice, even if deactivated), minus `exclude`."""
    return [p for p in people if (p.active or p.id == keep) and p.id != exclude]


class PersonDialog(QDialog):
    """`PersonDialog(context, teams, people, person=None, team_id=None)`; exec() saves on OK.

    `teams` and `people` are the lists the page already fetched; `person_id` holds the saved
    person's id after OK.
    """

    def __init__(self, context: AppContext, teams: list[Team], people: list[Person],
                 person: Person | None = None, team_id: int | None = None, parent=None):
        super().__init__(parent)
        self.context = context
        self.person = person
        self.person_id: int | None = person.id if person else None
        self._touched: set[str] = set()
        self._taken_ids = {p.employee_id for p in people if person is None or p.id != person.id}
        self.setWindowTitle(f"Edit {person.name}" if person else "New person")
        self.setMinimumWidth(440)

        self.employee_id = QLineEdit()
        self.name = QLineEdit()
        self.email = QLineEdit()
        self.email.setPlaceholderText("name@example.com (optional)")
        self.title = QLineEdit()
        self.team = TeamCombo(teams)
        keep = person.manager_id if person else None
        self.manager = PersonPicker(choosable_people(people, exclude=person.id if person else None, keep=keep))
        self.errors = {key: error_label() for key in ("employee_id", "name", "email", "team", "manager")}
        self.save_error = error_label()  # what the store refused on save

        form = QFormLayout()
        for key, label, field in (
            ("employee_id", "&Employee id:", self.employee_id), ("name", "&Name:", self.name),
            ("email", "Em&ail:", self.email), (None, "&Title:", self.title),
            ("team", "Tea&m:", self.team), ("manager", "Manage&r:", self.manager),
        ):
            form.addRow(label, field)
            if key:
                form.addRow("", self.errors[key])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_error)
        layout.addWidget(self.buttons)

        if person is not None:
            self.employee_id.setText(person.employee_id)
            self.name.setText(person.name)
            self.email.setText(person.email)
            self.title.setText(person.title)
            self.team.set_team_id(person.team_id)
            manager = next((p for p in people if p.id == person.manager_id), None)
            self.manager.set_person(manager)
        else:
            self.team.set_team_id(team_id)

        for key, signal in (
            ("employee_id", self.employee_id.textEdited), ("name", self.name.textEdited),
            ("email", self.email.textEdited), ("team", self.team.editTextChanged),
            ("manager", self.manager.textChanged),
        ):
            signal.connect(lambda _text, key=key: self._edited(key))
        self.title.textEdited.connect(lambda _text: self._validate())
        self._validate()

    # -------------------------------------------------------------- checking
    def problems(self) -> dict[str, str | None]:
        eid = self.employee_id.text().strip()
        eid_problem = check_employee_id(eid)
        if not eid_problem and eid in self._taken_ids:
            eid_problem = f"Employee id {eid} is already used by someone else."
        return {
            "employee_id": eid_problem,
            "name": check_required(self.name.text(), "Name"),
            "email": check_email(self.email.text()),
            "team": self.team.problem(),
            "manager": self.manager.problem("manager"),
        }

    def _edited(self, key: str) -> None:
        self._touched.add(key)
        self._validate()

    def _validate(self, show_all: bool = False) -> bool:
        """Show the problems of the fields the user has touched; OK only when there are none.

        A blank new form is not shouted at: its fields show their message once edited.
        """
        problems = self.problems()
        for key, message in problems.items():
            show_error(self.errors[key], message if (show_all or key in self._touched) else None)
        show_error(self.save_error, None)
        ok = not any(problems.values()) and not self.context.readonly
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        return ok

    def values(self) -> dict:
        return {
            "employee_id": self.employee_id.text().strip(),
            "name": self.name.text().strip(),
            "email": self.email.text().strip(),
            "title": self.title.text().strip(),
            "team_id": self.team.team_id(),
            "manager_id": self.manager.person_id(),
        }

    # -------------------------------------------------------------- saving
    def accept(self) -> None:
        if not self._validate(show_all=True):
            return
        people = self.context.require_workspace().people
        person = self.person
        try:
            if person is None:
                self.person_id = people.create(**self.values())
            else:
                # Only the fields edited here, based on the version this dialog was opened with:
                # someone else's edit since is shown (conflict_dialog), never silently
                # overwritten, and applying this edit on top keeps their other fields.
                edited = {k: v for k, v in self.values().items() if getattr(person, k) != v}
                if not edited:  # nothing to save, so nothing to be refused either
                    super().accept()
                    return
                saved, _changed = save_resolving_conflicts(
                    self, lambda version: people.update(person.id, expected_version=version, **edited),
                    person.version)
                if not saved:  # they kept the other person's version: nothing of this edit is saved
                    super().reject()
                    return
        except (WorkspaceError, DatabaseEngineError) as e:
            # Refused (or the file is busy): say why and keep everything typed.
            show_error(self.save_error, str(e))
            return
        super().accept()
