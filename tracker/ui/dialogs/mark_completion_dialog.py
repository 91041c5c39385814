"""Marking one or many (person, module) assignments completed, with a date and optional score.

Used for a single person and for a selection (everyone who attended a session): one write, so
one Undo takes the whole marking back. The date cannot be in the future, and the store refuses
a date before the module existed; the refusal is shown here and the dialog stays open.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_many_resolving_conflicts
from tracker.ui.qt_dates import from_qdate, to_qdate


class MarkCompletionDialog(QDialog):
    def __init__(self, context: AppContext, pairs: list[tuple[int, int]], description: str,
                 parent: QWidget | None = None, *, versions: Mapping[tuple[int, int], int],
                 completed_on: dt.date | None = None):
        """`completed_on`: the date to offer (a session's day); today when None or later.
        `versions`: each pair's record version as the page showed it (0: none yet), not read
        again here: a record someone changed after the page showed it gets the conflict dialog."""
        super().__init__(parent)
        self.context = context
        self.pairs = pairs
        self.versions = versions
        self.setWindowTitle("Mark completed")
        self.setMinimumWidth(380)
        today = QDate.currentDate()
        offered = to_qdate(completed_on) if completed_on else today
        self.date_edit = QDateEdit(min(offered, today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setMaximumDate(today)
        self.date_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.score_check = QCheckBox("Score")
        self.score_spin = QDoubleSpinBox()
        self.score_spin.setRange(0, 100)
        self.score_spin.setDecimals(1)
        self.score_spin.setSuffix(" %")
        self.score_spin.setValue(80)
        self.score_spin.setEnabled(False)
        self.score_check.toggled.connect(self.score_spin.setEnabled)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.error_label.setWordWrap(True)
        self.error_label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Mark completed")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        score_row = QHBoxLayout()
        score_row.addWidget(self.score_check)
        score_row.addWidget(self.score_spin, 1)
        form = QFormLayout()
        form.addRow("Completed on:", self.date_edit)
        form.addRow("", score_row)
        layout = QVBoxLayout(self)
        what = QLabel(description)
        what.setWordWrap(True)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def completed_on(self) -> dt.date:
        return from_qdate(self.date_edit.date())

    def score(self) -> float | None:
        return self.score_spin.value() if self.score_check.isChecked() else None

    def accept(self) -> None:
        training = self.context.require_workspace().training
        try:
            saved, _count = save_many_resolving_conflicts(
                self, lambda versions: training.mark_pairs_completed(
                    self.pairs, self.completed_on(), self.score(), expected_versions=versions),
                self.versions, lambda: training.record_versions(self.pairs))
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            self.error_label.show()
            return
        if not saved:  # they kept the other person's version
            super().reject()
            return
        super().accept()
