"""A date field that may also be left empty.

QDateEdit always holds a date, but a rollout's dates are optional: a pilot often has no go-live
yet. A check box in front says whether the date is set; unticked, the field reads "Not set"
instead of showing a date that means nothing.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QCheckBox, QDateEdit, QHBoxLayout, QWidget

from tracker.domain.date_text import QT_DAY_FORMAT
from tracker.ui.qt_dates import from_qdate, to_qdate

# The lowest date the edit accepts; shown as the "Not set" text while the box is unticked.
_EMPTY = QDate(1900, 1, 1)


class OptionalDateEdit(QWidget):
    changed = Signal()  # the date, or whether there is one, changed

    def __init__(self, what: str = "date", parent: QWidget | None = None):
        super().__init__(parent)
        self._check = QCheckBox(self)
        self._check.setToolTip(f"Set a {what}")
        self._check.setAccessibleName(f"Set a {what}")
        self._edit = QDateEdit(self)
        self._edit.setCalendarPopup(True)
        self._edit.setDisplayFormat(QT_DAY_FORMAT)
        self._edit.setMinimumDate(_EMPTY)
        self._edit.setSpecialValueText("Not set")
        self._edit.setAccessibleName(what.capitalize())
        self._last = QDate.currentDate()  # what ticking the box brings back
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._check)
        layout.addWidget(self._edit, 1)
        self._show_empty()
        self._check.toggled.connect(self._on_toggled)
        self._edit.dateChanged.connect(self._on_date_changed)

    # -------------------------------------------------------------- value
    def date(self) -> dt.date | None:
        if not self._check.isChecked():
            return None
        return from_qdate(self._edit.date())

    def set_date(self, value: dt.date | None) -> None:
        """Show a stored value without announcing a change (loading is not editing)."""
        self.blockSignals(True)
        try:
            if value is None:
                self._check.setChecked(False)
                self._show_empty()
            else:
                self._last = to_qdate(value)
                self._check.setChecked(True)
                self._edit.setEnabled(True)
                self.setFocusProxy(self._edit)
                self._edit.setDate(self._last)
        finally:
            self.blockSignals(False)

    def set_read_only(self, readonly: bool) -> None:
        self._check.setEnabled(not readonly)
        self._edit.setReadOnly(readonly)

    # -------------------------------------------------------------- internals
    def _show_empty(self) -> None:
        self._edit.blockSignals(True)
        self._edit.setDate(_EMPTY)
        self._edit.blockSignals(False)
        self._edit.setEnabled(False)
        self.setFocusProxy(self._check)  # a disabled date cannot take focus; the box can

    def _on_toggled(self, checked: bool) -> None:
        if checked:
            self._edit.setEnabled(True)
            self.setFocusProxy(self._edit)
            self._edit.blockSignals(True)
            self._edit.setDate(self._last)
            self._edit.blockSignals(False)
            if self._check.hasFocus():  # the user ticked it: go on to the date (not on load)
                self._edit.setFocus()
        else:
            self._show_empty()
        self.changed.emit()

    def _on_date_changed(self, date: QDate) -> None:
        if self._check.isChecked() and date != _EMPTY:
            self._last = date
        self.changed.emit()
