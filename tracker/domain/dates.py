"""Reading dates the way they arrive in HR, LMS and survey exports."""

from __future__ import annotations

import datetime as dt
import re

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


class DateParseError(ValueError):
    pass


def parse_date(value: object, *, day_first: bool = True) -> dt.date:
    """A date from a cell: date/datetime objects, ISO text, common spreadsheet text forms, or an
    Excel serial number (as int/float, or digits in text).

    Slashed dates are ambiguous (03/04/2026): `day_first` decides, unless one part is over 12,
    which settles it. Raises DateParseError with a sentence naming the value.
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
    m = _SLASHED.match(text)
    if m:
        a, b, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2000
        day, month = (a, b) if day_first else (b, a)
        if a > 12 >= b:
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


def _from_serial(number: float) -> dt.date:
    if not _SERIAL_RANGE[0] <= number <= _SERIAL_RANGE[1]:
        raise DateParseError(f"{number:g} is not a date")
    return _EXCEL_EPOCH + dt.timedelta(days=int(number))
