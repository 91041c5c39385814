"""Mark a seat holder on leave: from a first day, until a last day or until further notice.

While a mark covers the day the seats are judged on, the person's inactive seats (of every AI
tool) are kept, not recommended for reclaim. The days are checked when the user presses Mark on
leave, not while they type; what the store refuses (a mark overlapping another of theirs) is
said in the dialog too, which stays open to fix it. The dialog writes through `save`, so one
press is one audited change that Edit → Undo takes back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from tracker.domain.date_text import QT_DAY_FORMAT, day_text
from tracker.ui.dialogs.person_dialog import error_label, show_error
from tracker.ui.qt_dates import from_qdate, to_qdate
from tracker.ui.widgets.optional_date_edit import OptionalDateEdit

ENDS_BEFORE_START = "The last day of leave is before its first day: choose a last day on or after {start}."

#: Writes the mark; returns None when saved, else the sentence saying why not.
SaveLeave = Callable[[dt.date, dt.date | None], str | None]


class SeatLeaveDialog(QDialog):
    def __init__(self, name: str, first_day: dt.date, save: SaveLeave, parent: QWidget | None = None):
        super().__init__(parent)
        self._save = save
        self.setWindowTitle(f"Mark {name} on leave")
        text = QLabel(f"While {name} is on leave, their inactive seats of every AI tool are kept, not "
                      "recommended for reclaim.")
        text.setWordWrap(True)
        self.start_edit = QDateEdit(to_qdate(first_day))
        self.start_edit.setCalendarPopup(True)
        self.start_edit.setDisplayFormat(QT_DAY_FORMAT)
        self.start_edit.setAccessibleName("First day of leave")
        self.end_edit = OptionalDateEdit("last day of leave")
        self.end_edit.setToolTip("Leave it unticked for leave until further notice")
        self.error_label = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Mark on leave")
        form = QFormLayout(self)
        form.addRow(text)
        form.addRow("&From:", self.start_edit)
        form.addRow("&Until (last day):", self.end_edit)
        form.addRow(self.error_label)
        form.addRow(self.buttons)
        self.setMinimumWidth(440)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

    def accept(self) -> None:
        start, end = from_qdate(self.start_edit.date()), self.end_edit.date()
        if end is not None and end < start:
            show_error(self.error_label, ENDS_BEFORE_START.format(start=day_text(start)))
            return
        problem = self._save(start, end)
        show_error(self.error_label, problem)
        if problem:
            return
        super().accept()
