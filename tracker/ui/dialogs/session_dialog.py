"""Adding or editing a training session: module, when, how long, how many seats, where, trainer.

An edit is saved onto the session as the sessions table showed it: one someone else changed or
deleted since gets the conflict dialog (conflict_dialog.save_resolving_conflicts)."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.domain.training_models import TrainingModule
from tracker.domain.training_sessions import TrainingSession
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.qt_dates import from_qdatetime, to_qdatetime
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


class SessionDialog(QDialog):
    def __init__(self, context: AppContext, modules: list[TrainingModule], session: TrainingSession | None = None,
                 module_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.session = context, session
        self.session_id: int | None = session.id if session else None
        self.setWindowTitle("Edit session" if session else "New session")
        self.setMinimumWidth(460)
        self.module_combo = QComboBox()
        for m in modules:
            self.module_combo.addItem(f"{m.code} – {m.title} ({m.format.label})", m.id)
        chosen = session.module_id if session else module_id
        if chosen is not None:
            self.module_combo.setCurrentIndex(max(0, self.module_combo.findData(chosen)))
        start = to_qdatetime(session.starts) if session else QDateTime(
            QDateTime.currentDateTime().date().addDays(14), QTime(9, 0))
        self.start_edit = QDateTimeEdit(start)
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(f"ddd {QT_DAY_FORMAT}  HH:mm")
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(15, 7200)
        self.duration_spin.setSingleStep(30)
        self.duration_spin.setSuffix(" minutes")
        self.duration_spin.setValue(session.duration_minutes if session else 180)
        self.capacity_spin = QSpinBox()
        self.capacity_spin.setRange(1, 10000)
        self.capacity_spin.setValue(session.capacity if session else 12)
        self.place_edit = QLineEdit(session.place if session else "")
        self.place_edit.setPlaceholderText("Room, or the meeting link when online")
        self.online_check = QCheckBox("Online")
        self.online_check.setChecked(bool(session and session.online))
        self.trainer_field = PersonField(label=name_id_and_team, what="trainer")
        self.trainer_field.set_people(context.require_workspace().people.list(active_only=True))
        if session and session.trainer_id:
            self.trainer_field.set_person(session.trainer_id)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Module:", self.module_combo)
        form.addRow("&Starts:", self.start_edit)
        form.addRow("&Duration:", self.duration_spin)
        form.addRow("&Capacity:", self.capacity_spin)
        form.addRow("&Place:", self.place_edit)
        form.addRow("", self.online_check)
        form.addRow("&Trainer:", self.trainer_field)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def values(self) -> dict:
        starts = from_qdatetime(self.start_edit.dateTime()).replace(second=0, microsecond=0)
        return {"module_id": self.module_combo.currentData(), "starts": starts,
                "duration_minutes": self.duration_spin.value(), "capacity": self.capacity_spin.value(),
                "place": self.place_edit.text(), "online": self.online_check.isChecked(),
                "trainer_id": self.trainer_field.person_id()}

    def accept(self) -> None:
        problem = self.trainer_field.problem() if self.trainer_field.text().strip() else None
        sessions = self.context.require_workspace().training.sessions
        try:
            if problem:
                raise WorkspaceError(problem)
            if self.module_combo.currentData() is None:
                raise WorkspaceError("Add a module first.")
            if self.session_id is None:
                self.session_id = sessions.create(**self.values())
            else:
                session_id = self.session_id
                saved, _none = save_resolving_conflicts(
                    self, lambda version: sessions.update(session_id, expected_version=version, **self.values()),
                    self.session.version if self.session is not None else None)
                if not saved:  # they kept the other person's version
                    super().reject()
                    return
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.show()
            return
        super().accept()
