"""How dates are written for people: "1 Feb 2027", one format in the window, charts and reports.

Leaders read the same dates in the window, the charts and the workbook; "2026-05", "2027-02-01"
and "1 Feb 2027" for one day make them wonder whether they are the same. Day, month and
abbreviated month name, no leading zero, English month names whatever the machine's locale
(strftime's %b follows the locale, so it is not used). Files are named with ISO dates still:
those sort.
"""

from __future__ import annotations

import datetime as dt

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
# The same format for Qt's date edits (QDateEdit.setDisplayFormat) and QDate.toString.
QT_DAY_FORMAT = "d MMM yyyy"


def day_text(day: dt.date | None, *, weekday: bool = False) -> str:
    """ "1 Feb 2027" ("Mon 1 Feb 2027" with `weekday`); "" for no date."""
    if day is None:
        return ""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]} {text}" if weekday else text


def month_text(day: dt.date | None) -> str:
    """ "Feb 2027", for figures per month; "" for no date."""
    return "" if day is None else f"{MONTHS[day.month - 1]} {day.year}"


def time_text(moment: dt.datetime | None, *, weekday: bool = False) -> str:
    """ "1 Feb 2027 14:05": a day and the time of day, for backups and sessions."""
    if moment is None:
        return ""
    return f"{day_text(moment.date(), weekday=weekday)} {moment:%H:%M}"
