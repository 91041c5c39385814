"""Record one reading of a KPI by hand; a reading on a day that has one replaces it (the one there
when the dialog opened: one recorded by someone else since gets the conflict dialog)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.domain.kpis import Kpi, check_reading
from tracker.store.errors import WorkspaceError
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.dialogs.kpi_dialog import number_spin
from tracker.ui.qt_dates import from_qdate, to_qdate


class KpiReadingDialog(QDialog):
    def __init__(self, context: AppContext, kpi: Kpi, parent: QWidget | None = None, *, today: dt.date):
        super().__init__(parent)
        self.context, self.kpi, self.today = context, kpi, today
        self.saved_id: int | None = None
        #: Each day's reading's version as the dialog opened: a reading of that day recorded or
        #: changed by someone else meanwhile gets the conflict dialog instead of being replaced.
        self._read = context.require_workspace().delivery.kpis.reading_versions(kpi.id)
        self.setWindowTitle(f"Record {kpi.name}")
        self.date_edit = QDateEdit(to_qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.value_spin = number_spin()
        self.value_spin.setSuffix(f" {kpi.unit}" if kpi.unit else "")
        if kpi.latest_value is not None:
            self.value_spin.setValue(kpi.latest_value)
        self.error_label = QLabel()
        self.error_label.setStyleSheet(theme.error_style())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        form = QFormLayout()
        form.addRow("&Measured on:", self.date_edit)
        form.addRow("&Value:", self.value_spin)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addWidget(self.buttons)
        self.date_edit.dateChanged.connect(self._validate)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._validate()

    def _validate(self, *_args) -> None:
        problem = check_reading(self.value_spin.value(), from_qdate(self.date_edit.date()), self.today)
        self.error_label.setText(problem or "")
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(problem is None and not self.context.readonly)

    def accept(self) -> None:
        kpis = self.context.require_workspace().delivery.kpis
        day, value = from_qdate(self.date_edit.date()), self.value_spin.value()
        try:  # onto the day's reading as it was when the dialog opened (none: 0)
            saved, self.saved_id = save_resolving_conflicts(
                self, lambda version: kpis.record(self.kpi.id, day, value, today=self.today, expected_version=version),
                self._read.get(day, 0))
        except WorkspaceError as e:
            self.error_label.setText(str(e))
            return
        if not saved:  # they kept the other person's reading
            super().reject()
            return
        super().accept()
