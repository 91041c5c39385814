"""Enter (or correct) one team's adoption figures for a week, for teams without usage logs.

Checked as the user types, with the reason shown under the fields: active may not exceed
eligible, nor proficient active. Eligible starts at the number the workspace derives for the
team (its active members holding the end-user role, or all of them), which is usually right.
Saving goes through the store (validated again, audited, undoable).
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.adoption import week_end
from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.qt_dates import from_qdate, to_qdate

MAX_PEOPLE = 1_000_000


def check_figure(eligible: int, active: int, proficient: int | None) -> str | None:
    """Why these figures cannot be saved, or None (the store checks the same again)."""
    if active > eligible:
        return f"Active people ({active:,}) cannot be more than eligible people ({eligible:,})."
    if proficient is not None and proficient > active:
        return f"Proficient people ({proficient:,}) cannot be more than active people ({active:,})."
    return None


class TeamFigureDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, figure: dict | None = None,
                 parent: QWidget | None = None, today: dt.date | None = None):
        super().__init__(parent)
        self.context, self.rollout_id, self.figure = context, rollout_id, figure
        self.figure_id: int | None = None
        ws = context.require_workspace()
        self._eligible = ws.adoption.eligible_counts(rollout_id)
        self.setWindowTitle("Edit team figures" if figure else "Enter team figures")
        self.team = QComboBox()
        self.team.setAccessibleName("Team")
        for p in sorted(ws.rollouts.participation(rollout_id), key=lambda p: p.team_name.casefold()):
            self.team.addItem(p.team_name, p.team_id)
        self.period = QDateEdit()
        self.period.setCalendarPopup(True)
        self.period.setDisplayFormat(QT_DAY_FORMAT)
        self.period.setAccessibleName("Week ending")
        self.eligible = QSpinBox()
        self.active = QSpinBox()
        self.proficient = QSpinBox()
        for spin, name in ((self.eligible, "Eligible people"), (self.active, "Active people"),
                           (self.proficient, "Proficient people")):
            spin.setRange(0, MAX_PEOPLE)
            spin.setGroupSeparatorShown(True)
            spin.setAccessibleName(name)
        self.has_proficient = QCheckBox("known")
        self.has_proficient.toggled.connect(self.proficient.setEnabled)
        proficient_row = QHBoxLayout()
        proficient_row.addWidget(self.proficient, 1)
        proficient_row.addWidget(self.has_proficient)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet(theme.error_style())
        form = QFormLayout()
        form.addRow("&Team:", self.team)
        form.addRow("&Week ending:", self.period)
        form.addRow("&Eligible people:", self.eligible)
        form.addRow("&Active people:", self.active)
        form.addRow("&Proficient people:", proficient_row)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        if figure:
            self.team.setCurrentIndex(max(self.team.findData(figure["team_id"]), 0))
            # A figure is one team's week: correcting it keeps both; another week is another figure.
            self.team.setEnabled(False)
            self.period.setDate(to_qdate(figure["period_end"]))
            self.period.setEnabled(False)
            self.eligible.setValue(figure["eligible"])
            self.active.setValue(figure["active"])
            self.has_proficient.setChecked(figure["proficient"] is not None)
            self.proficient.setValue(figure["proficient"] or 0)
        else:
            self.period.setDate(to_qdate(week_end((today or dt.date.today()) - dt.timedelta(days=7))))
            self._prefill_eligible()
            self.team.currentIndexChanged.connect(self._prefill_eligible)
        self.proficient.setEnabled(self.has_proficient.isChecked())
        for widget in (self.eligible, self.active, self.proficient):
            widget.valueChanged.connect(self.validate)
        self.has_proficient.toggled.connect(self.validate)
        self.validate()

    def _prefill_eligible(self, *_args) -> None:
        self.eligible.setValue(self._eligible.get(self.team.currentData(), 0))

    def values(self) -> tuple[int, int, int | None]:
        proficient = self.proficient.value() if self.has_proficient.isChecked() else None
        return self.eligible.value(), self.active.value(), proficient

    def validate(self, *_args) -> bool:
        problem = "Choose a team." if self.team.currentData() is None else check_figure(*self.values())
        self.problem.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None)
        return problem is None

    def save(self) -> None:
        if not self.validate():
            return
        eligible, active, proficient = self.values()
        try:
            self.figure_id = self.context.require_workspace().adoption.set_team_figure(
                self.rollout_id, self.team.currentData(), from_qdate(self.period.date()), eligible, active, proficient)
        except WorkspaceError as e:
            self.problem.setText(str(e))
            return
        self.accept()
