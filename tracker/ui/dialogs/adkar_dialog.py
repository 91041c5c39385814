"""Record (or correct) one team's ADKAR assessment: five scores, a date, how many answered.

Scores take decimals because they are usually survey averages. The barrier point and its
suggested action update as the scores change, so the user sees what the numbers will mean.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.domain.models import Team
from tracker.domain.readiness import ADKAR, AdkarAssessment, barrier_point, suggested_action
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.record_dialog import RecordDialog
from tracker.ui.qt_dates import from_qdate, to_qdate


class AdkarDialog(RecordDialog):
    def __init__(self, context: AppContext, rollout_id: int, teams: Sequence[Team],
                 assessment: AdkarAssessment | None = None, parent: QWidget | None = None, *, as_of: dt.date):
        super().__init__(parent)
        self.context = context
        self.rollout_id = rollout_id
        self.assessment = assessment
        self.expected_version = assessment.version if assessment is not None else None
        self.as_of = as_of
        self.saved_id: int | None = None
        self.setWindowTitle("Edit ADKAR assessment" if assessment else "Record ADKAR assessment")
        self.setMinimumWidth(420)
        self._headcount = {t.id: t.headcount for t in teams}

        self.team_combo = QComboBox()
        for team in teams:
            self.team_combo.addItem(team.name, team.id)
        self.team_combo.setCurrentIndex(-1)
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.date_edit.setDate(to_qdate(as_of))
        self.score_spins: list[QDoubleSpinBox] = []
        for _ in ADKAR:
            spin = QDoubleSpinBox()
            spin.setRange(1.0, 5.0)
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.setValue(3.0)
            self.score_spins.append(spin)
        self.respondents_spin = QSpinBox()
        self.respondents_spin.setRange(1, 1_000_000)
        self.barrier_label = QLabel()
        self.barrier_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)

        form = QFormLayout()
        form.addRow("&Team:", self.team_combo)
        form.addRow("&Assessed on:", self.date_edit)
        for element, spin in zip(ADKAR, self.score_spins):
            form.addRow(f"{element.label}:", spin)
        form.addRow("&Respondents:", self.respondents_spin)
        form.addRow("Barrier point:", self.barrier_label)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)

        if assessment is not None:
            self.team_combo.setCurrentIndex(self.team_combo.findData(assessment.team_id))
            d = assessment.assessed_on
            self.date_edit.setDate(to_qdate(d))
            for spin, score in zip(self.score_spins, assessment.scores):
                spin.setValue(score)
            self.respondents_spin.setValue(assessment.respondents)
        self.team_combo.currentIndexChanged.connect(self._team_chosen)
        self.date_edit.dateChanged.connect(self._validate)
        for spin in self.score_spins:
            spin.valueChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def _team_chosen(self, _index: int) -> None:
        if self.assessment is None:  # a sensible default: the team's head count
            self.respondents_spin.setValue(max(1, self._headcount.get(self.team_combo.currentData(), 1)))
        self._validate()

    def scores(self) -> tuple[float, ...]:
        return tuple(spin.value() for spin in self.score_spins)

    def problem(self) -> str | None:
        if self.team_combo.currentData() is None:
            return "Choose the team assessed."
        if from_qdate(self.date_edit.date()) > self.as_of:
            return "An assessment cannot be dated in the future."
        return None

    def _validate(self, *_args) -> None:
        barrier = barrier_point(self.scores())
        self.barrier_label.setText(f"{barrier.label}: {suggested_action(barrier)}" if barrier
                                   else "None: every element scores above 3")
        problem = self.problem()
        self.error_label.setText(problem or "")
        self.error_label.setVisible(bool(problem))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None and not self.context.readonly)

    def save(self) -> int:
        store = self.context.require_workspace().readiness.adkar
        values = {"rollout_id": self.rollout_id, "team_id": self.team_combo.currentData(),
                  "assessed_on": from_qdate(self.date_edit.date()), "scores": self.scores(),
                  "respondents": self.respondents_spin.value(), "as_of": self.as_of}
        if self.assessment is None:
            return store.record(**values)
        store.update(self.assessment.id, expected_version=self.expected_version, **values)
        return self.assessment.id
