"""Giving people seats in one session.

The list offers those who must take the module and still need a seat (not completed, not
exempt, no seat booked in an upcoming session); anyone else can be added by name. The store's
rules decide: a full session or a clash with another session refuses the whole enrolment (the
reasons are shown), and someone who already completed the module is enrolled only after the
user confirms. The enrolment is based on the session as the sessions table showed it: one moved,
resized or deleted by someone else since gets the conflict dialog.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.training import TrainingStatus
from tracker.domain.training_sessions import TrainingSession
from tracker.store.errors import WorkspaceError
from tracker.store.training_queries import Scope
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


class EnrolDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, session: TrainingSession, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.session = context, session
        self.enrolled: list[int] = []
        ws = context.require_workspace()
        self.setWindowTitle(f"Enrol in {session.describe()}")
        self.setMinimumSize(520, 520)
        rows = ws.training.people_modules(Scope(rollout_id, module_id=session.module_id))
        waiting = [r for r in rows if r.status not in (TrainingStatus.COMPLETED, TrainingStatus.EXEMPT)
                   and r.enrolled_on is None]
        self.seats_label = QLabel(f"{session.free} of {session.capacity} seats free · "
                                  f"{len(waiting):,} people still need a seat in {session.module_code}")
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText("Filter by name, employee id or team")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self._filter)
        self.people_list = QListWidget()
        for r in waiting:
            self._add_item(r.person_id, f"{r.person_name} ({r.employee_id}) – {r.team_name}"
                           + ("  · overdue" if r.overdue else ""))
        self.other_field = PersonField(label=name_id_and_team)
        self.other_field.set_people(ws.people.list(active_only=True))
        self.other_field.setPlaceholderText("Someone else: type a name or employee id")
        add_button = QPushButton("Add")
        add_button.clicked.connect(self._add_other)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Enrol")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        other = QHBoxLayout()
        other.addWidget(self.other_field, 1)
        other.addWidget(add_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.seats_label)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.people_list, 1)
        layout.addLayout(other)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def _add_item(self, person_id: int, text: str, checked: bool = False) -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, person_id)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.people_list.addItem(item)
        return item

    def _add_other(self) -> None:
        person = self.other_field.person()
        if person is None:
            self._show(self.other_field.problem() or "Choose a person.")
            return
        self.select_people([person.id]) or self._add_item(person.id, name_id_and_team(person), True)
        self.other_field.clear()

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for i in range(self.people_list.count()):
            item = self.people_list.item(i)
            item.setHidden(not all(w in item.text().casefold() for w in words))

    def select_people(self, person_ids: list[int]) -> bool:
        """Tick these people in the list; False when one of them is not listed."""
        wanted, found = set(person_ids), set()
        for i in range(self.people_list.count()):
            item = self.people_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in wanted:
                item.setCheckState(Qt.CheckState.Checked)
                found.add(item.data(Qt.ItemDataRole.UserRole))
        return found == wanted

    def chosen(self) -> list[int]:
        return [self.people_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.people_list.count())
                if self.people_list.item(i).checkState() == Qt.CheckState.Checked]

    def _show(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def accept(self) -> None:
        people = self.chosen()
        if not people:
            self._show("Tick the people to enrol.")
            return
        sessions = self.context.require_workspace().training.sessions
        try:
            check = sessions.check(self.session.id, people)
            if not check.ok:
                self._show("\n".join(check.refused))
                return
            if check.warnings and not confirm_action.ask(
                    self, "Enrol", "Enrol them anyway?", "Enrol anyway", "\n".join(check.warnings)):
                return
            saved, done = save_resolving_conflicts(
                self, lambda version: sessions.enrol(self.session.id, people, expected_version=version),
                self.session.version)
        except WorkspaceError as e:
            self._show(str(e))
            return
        if not saved or done is None:  # they kept the other person's version of the session
            super().reject()
            return
        self.enrolled = done.accepted
        super().accept()
