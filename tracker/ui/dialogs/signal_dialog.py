"""Log, edit or resolve a resistance signal.

The team is required and a person is optional: most resistance is about a group, and naming
someone is sensitive (their name shows only in this log, never in an aggregate). The
resolution date is asked for only when the status is Resolved, and checked as you type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.domain.models import Person, Team
from tracker.domain.readiness import ResistanceSignal, SignalSource, SignalStatus, SignalType
from tracker.store.resistance import check_signal
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.record_dialog import RecordDialog
from tracker.ui.qt_dates import from_qdate, to_qdate
from tracker.ui.widgets.person_field import PersonField, name_id_and_team


def _combo(enum) -> QComboBox:
    combo = QComboBox()
    for member in enum:
        combo.addItem(member.label, member.value)
    return combo


class SignalDialog(RecordDialog):
    def __init__(self, context: AppContext, rollout_id: int, people: Sequence[Person], teams: Sequence[Team],
                 signal: ResistanceSignal | None = None, parent: QWidget | None = None, *, as_of: dt.date,
                 resolve: bool = False):
        super().__init__(parent)
        self.context = context
        self.rollout_id = rollout_id
        self.signal = signal
        self.expected_version = signal.version if signal is not None else None
        self.as_of = as_of
        self.saved_id: int | None = None
        self.setWindowTitle("Resolve signal" if resolve else "Edit signal" if signal else "Log resistance signal")
        self.setMinimumWidth(480)

        self.team_combo = QComboBox()
        for team in teams:
            self.team_combo.addItem(team.name, team.id)
        self.team_combo.setCurrentIndex(-1)
        self.person_field = PersonField(label=name_id_and_team, what="person")
        self.person_field.setPlaceholderText("Optional: only when it is about one person")
        self.person_field.set_people(people)
        self.observed_edit = QDateEdit(to_qdate(as_of))
        self.resolved_edit = QDateEdit(to_qdate(as_of))
        for edit in (self.observed_edit, self.resolved_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(QT_DAY_FORMAT)
        self.type_combo = _combo(SignalType)
        self.severity_spin = QSpinBox()
        self.severity_spin.setRange(1, 5)
        self.severity_spin.setValue(3)
        self.severity_spin.setToolTip("1 = a grumble, 5 = the rollout is at risk in this team")
        self.source_combo = _combo(SignalSource)
        self.description_edit = QPlainTextEdit()
        self.description_edit.setFixedHeight(60)
        self.owner_field = PersonField(label=name_id_and_team, what="owner")
        self.owner_field.set_people(people)
        self.mitigation_edit = QPlainTextEdit()
        self.mitigation_edit.setFixedHeight(50)
        self.status_combo = _combo(SignalStatus)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.addRow("&Team:", self.team_combo)
        form.addRow("Pe&rson:", self.person_field)
        form.addRow("&Observed on:", self.observed_edit)
        form.addRow("T&ype:", self.type_combo)
        form.addRow("Se&verity (1–5):", self.severity_spin)
        form.addRow("&Source:", self.source_combo)
        form.addRow("&Description:", self.description_edit)
        form.addRow("O&wner:", self.owner_field)
        form.addRow("&Mitigation:", self.mitigation_edit)
        form.addRow("St&atus:", self.status_combo)
        form.addRow("Resolved o&n:", self.resolved_edit)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if signal is not None:
            self._load(signal)
        if resolve:
            self.status_combo.setCurrentIndex(self.status_combo.findData(SignalStatus.RESOLVED.value))
            self.mitigation_edit.setFocus()
        for sig in (self.team_combo.currentIndexChanged, self.person_field.person_changed,
                    self.observed_edit.dateChanged, self.resolved_edit.dateChanged,
                    self.status_combo.currentIndexChanged, self.owner_field.person_changed):
            sig.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def _load(self, s: ResistanceSignal) -> None:
        self.team_combo.setCurrentIndex(self.team_combo.findData(s.team_id))
        self.person_field.set_person(s.person_id)
        self.observed_edit.setDate(to_qdate(s.observed_on))
        self.type_combo.setCurrentIndex(self.type_combo.findData(s.type.value))
        self.severity_spin.setValue(s.severity)
        self.source_combo.setCurrentIndex(self.source_combo.findData(s.source.value))
        self.description_edit.setPlainText(s.description)
        self.owner_field.set_person(s.owner_id)
        self.mitigation_edit.setPlainText(s.mitigation)
        self.status_combo.setCurrentIndex(self.status_combo.findData(s.status.value))
        if s.resolved_on:
            self.resolved_edit.setDate(to_qdate(s.resolved_on))

    def status(self) -> SignalStatus:
        return SignalStatus(self.status_combo.currentData())

    def problem(self) -> str | None:
        resolved = self.status() is SignalStatus.RESOLVED
        self.resolved_edit.setEnabled(resolved)
        if self.team_combo.currentData() is None:
            return "Choose the team the signal is about."
        problem = self.person_field.problem() or self.owner_field.problem()
        if problem:
            return problem
        return check_signal(observed_on=from_qdate(self.observed_edit.date()), severity=self.severity_spin.value(),
                            status=self.status(), resolved_on=from_qdate(self.resolved_edit.date()) if resolved else None,
                            as_of=self.as_of)

    def values(self) -> dict:
        resolved = self.status() is SignalStatus.RESOLVED
        return {
            "rollout_id": self.rollout_id, "team_id": self.team_combo.currentData(),
            "person_id": self.person_field.person_id(), "observed_on": from_qdate(self.observed_edit.date()),
            "type": SignalType(self.type_combo.currentData()), "severity": self.severity_spin.value(),
            "source": SignalSource(self.source_combo.currentData()),
            "description": self.description_edit.toPlainText(), "owner_id": self.owner_field.person_id(),
            "mitigation": self.mitigation_edit.toPlainText(), "status": self.status(),
            "resolved_on": from_qdate(self.resolved_edit.date()) if resolved else None, "as_of": self.as_of,
        }

    def save(self) -> int:
        store = self.context.require_workspace().readiness.signals
        if self.signal is None:
            return store.log(**self.values())
        store.update(self.signal.id, expected_version=self.expected_version, **self.values())
        return self.signal.id
