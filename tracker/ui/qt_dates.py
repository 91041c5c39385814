"""Dates and times between Python and Qt's date widgets.

PySide6 converts a `datetime.date` implicitly and gives one back from `toPython()`, but its type
annotations know neither (`toPython()` is typed `object`). These few functions do the same
conversion with types the checker can follow.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QDateTime, QTime


def to_qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def to_qdatetime(moment: dt.datetime) -> QDateTime:
    """A naive (local) time, as the app stores them."""
    return QDateTime(to_qdate(moment.date()),
                     QTime(moment.hour, moment.minute, moment.second, moment.microsecond // 1000))


def from_qdatetime(moment: QDateTime) -> dt.datetime:
    day, time = moment.date(), moment.time()
    return dt.datetime(day.year(), day.month(), day.day(),
                       time.hour(), time.minute(), time.second(), time.msec() * 1000)
