"""A line edit for choosing one person, with completion over the active people.

A combo box with 100,000 entries is unusable; typing part of a name or an employee id and
picking from the completer is how people are found in a large roster. The text is what the
user sees, so the field resolves it back to a person (by the exact label, by employee id, or
by a name nobody else has) and says why when it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from tracker.domain.models import Person

_EMPLOYEE_ID = re.compile(r"\(([^()]+)\)")


def name_and_id(person: Person) -> str:
    return f"{person.name} ({person.employee_id})"


def name_id_and_team(person: Person) -> str:
    team = f" – {person.team_name}" if person.team_name else ""
    return f"{person.name} ({person.employee_id}){team}"


class PersonField(QLineEdit):
    """`person_id()` is the chosen person or None; `problem()` says why the text is not one."""

    person_changed = Signal()  # the text changed (the resolved person may or may not have)

    def __init__(self, parent: QWidget | None = None, *,
                 label: Callable[[Person], str] = name_and_id, required: bool = False,
                 what: str = "person"):
        super().__init__(parent)
        self._label = label
        self._required = required
        self._what = what
        self._by_text: dict[str, Person] = {}
        self._by_employee_id: dict[str, Person] = {}
        self._by_name: dict[str, list[Person]] = {}
        self._by_id: dict[int, Person] = {}
        self._allowed_inactive: int | None = None  # the stored choice, kept even after they left
        self._model = QStringListModel(self)
        completer = QCompleter(self._model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.setClearButtonEnabled(True)
        self.setPlaceholderText("Type a name or employee id")
        self.textChanged.connect(lambda _t: self.person_changed.emit())

    # -------------------------------------------------------------- data in
    def set_people(self, people: Sequence[Person]) -> None:
        """All people (active and not); only active ones are offered for completion."""
        self._by_text = {self._label(p).casefold(): p for p in people}
        self._by_employee_id = {p.employee_id.casefold(): p for p in people}
        self._by_id = {p.id: p for p in people}
        self._by_name = {}
        for p in people:
            self._by_name.setdefault(p.name.strip().casefold(), []).append(p)
        self._model.setStringList([self._label(p) for p in people if p.active])

    def set_person(self, person_id: int | None) -> None:
        """Show a stored choice without announcing an edit; a deactivated one stays valid."""
        self._allowed_inactive = person_id
        person = self._find_id(person_id)
        self.blockSignals(True)
        self.setText(self._label(person) if person else "")
        self.blockSignals(False)

    # -------------------------------------------------------------- value
    def person(self) -> Person | None:
        text = self.text().strip()
        if not text:
            return None
        key = text.casefold()
        if key in self._by_text:
            return self._by_text[key]
        if key in self._by_employee_id:
            return self._by_employee_id[key]
        match = _EMPLOYEE_ID.findall(text)
        if match and match[-1].strip().casefold() in self._by_employee_id:
            candidate = self._by_employee_id[match[-1].strip().casefold()]
            if text.casefold().startswith(candidate.name.casefold()):
                return candidate
        named = self._by_name.get(key, [])
        active = [p for p in named if p.active]
        if len(active) == 1:
            return active[0]
        return named[0] if len(named) == 1 else None

    def person_id(self) -> int | None:
        person = self.person()
        return person.id if person else None

    def problem(self) -> str | None:
        text = self.text().strip()
        if not text:
            return f"Choose a {self._what}." if self._required else None
        person = self.person()
        if person is None:
            if len(self._by_name.get(text.casefold(), [])) > 1:
                return f"More than one person is called '{text}'; pick one from the list."
            return f"No one matches '{text}'; pick a person from the list."
        if not person.active and person.id != self._allowed_inactive:
            return f"{person.name} has left (deactivated); choose someone active."
        return None

    def set_read_only(self, readonly: bool) -> None:
        self.setReadOnly(readonly)
        self.setClearButtonEnabled(not readonly)

    def _find_id(self, person_id: int | None) -> Person | None:
        return None if person_id is None else self._by_id.get(person_id)
