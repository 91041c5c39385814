"""Reading dates the way they arrive in HR, LMS and survey exports."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

# Excel's day zero (serial 1 is 1900-01-01, and Excel counts a 29 Feb 1900 that never was).
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_SERIAL_RANGE = (20_000, 80_000)  # 1954 .. 2119: a plausible serial, not a stray number

_FORMATS = (
    "%Y-%m-%d",
    "%Y/%m/%d",
    "%d.%m.%Y",
    "%d %b %Y",
    "%d %B %Y",
    "%b %d, %Y",
    "%B %d, %Y",
    "%d-%b-%Y",
    "%d-%b-%y",
    "%Y%m%d",
)
_SLASHED = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
# SAP SuccessFactors Learning writes "JAN-15-2025 10:00:00 UTC": month name first, then the day.
_MONTH_FIRST = re.compile(r"^([A-Za-z]{3})-(\d{1,2})-(\d{4})(?:[ T].*)?$")
_MONTHS = {name: number for number, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
# A slashed date with a time after it ("01/15/2025 10:00 AM", Moodle's "15/03/24, 10:00"), as
# LMS and HR exports write them.
_SLASHED_WITH_TIME = re.compile(r"^(\d{1,2}/\d{1,2}/(?:\d{2}|\d{4}))(?:,\s*|[ T])\d")
# Moodle's long form: "Friday, 15 March 2024, 10:00 AM" (weekday and time around a day-first date).
_DAY_MONTH_NAME = re.compile(r"^(?:[^\W\d_]+,\s*)?(\d{1,2} [^\W\d_]+ \d{4})(?:,.*)?$")


class DateParseError(ValueError):
    pass


def parse_date(value: object, *, day_first: bool = True, strict: bool = False) -> dt.date:
    """A date from a cell: date/datetime objects, ISO text (with a time, ``Z`` or an offset after
    it), common spreadsheet text forms, ``JAN-15-2025 10:00:00 UTC``, or an Excel serial number
    (as int/float, or digits in text).

    Slashed dates are ambiguous (03/04/2026): `day_first` decides, unless one part is over 12,
    which settles it. With `strict`, the order was settled for the whole column
    (:func:`slashed_order`) and a value that does not fit it is an error, never read the other
    way round. Raises DateParseError with a sentence naming the value.
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise DateParseError(f"'{value}' is not a date")
    if isinstance(value, (int, float)):
        return _from_serial(value)
    text = str(value or "").strip()
    if not text:
        raise DateParseError("the date is empty")
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _from_serial(float(text))
    if "T" in text and re.match(r"^\d{4}-\d{2}-\d{2}T", text):
        text = text.split("T", 1)[0]
    if re.match(r"^\d{4}-\d{2}-\d{2} \d", text):
        text = text.split(" ", 1)[0]
    m = _MONTH_FIRST.match(text)
    if m and m.group(1).lower() in _MONTHS:
        try:
            return dt.date(int(m.group(3)), _MONTHS[m.group(1).lower()], int(m.group(2)))
        except ValueError:
            raise DateParseError(f"'{text}' is not a real date") from None
    with_time = _SLASHED_WITH_TIME.match(text)
    if with_time:
        text = with_time.group(1)
    long_form = _DAY_MONTH_NAME.match(text)
    if long_form:
        text = long_form.group(1)
    m = _SLASHED.match(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2000
        day, month = (a, b) if day_first else (b, a)
        if strict:
            if month > 12:
                order = "DD/MM/YYYY" if day_first else "MM/DD/YYYY"
                raise DateParseError(f"'{text}' is not a {order} date like the rest of its column")
        elif a > 12 >= b:
            day, month = a, b
        elif b > 12 >= a:
            day, month = b, a
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise DateParseError(f"'{text}' is not a real date") from None
    for fmt in _FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise DateParseError(f"'{text}' is not a date (use e.g. 2026-03-31)")


def slashed_order(values: Iterable[object]) -> bool | None:
    """Whether a column's slashed dates are day first (True), month first (False), or cannot
    tell (None: every value fits both, like 05/06/2026).

    One answer for the whole column, so 05/06/2026 in a file of US dates is 6 May, never read
    one way in one row and the other way in the next. Raises DateParseError when the column
    holds both (13/05/2026 and 05/13/2026): no single order reads it.
    """
    day_first = month_first = None
    for value in values:
        if not isinstance(value, str):
            continue
        text = value.strip()
        with_time = _SLASHED_WITH_TIME.match(text)
        m = _SLASHED.match(with_time.group(1) if with_time else text)
        if not m:
            continue
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 >= b and day_first is None:
            day_first = text
        elif b > 12 >= a and month_first is None:
            month_first = text
        if day_first and month_first:
            raise DateParseError(f"the column mixes day-first ('{day_first}') and month-first "
                                 f"('{month_first}') dates")
    if day_first:
        return True
    if month_first:
        return False
    return None


def _from_serial(number: float) -> dt.date:
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise DateParseError(f"{number:g} is not a date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))
