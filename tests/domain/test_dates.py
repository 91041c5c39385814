import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.dates import DateParseError, parse_date

D = dt.date(2026, 3, 4)


@pytest.mark.parametrize("value", [
    D, dt.datetime(2026, 3, 4, 15, 30), "2026-03-04", "2026-03-04T09:00:00", "2026-03-04 09:00",
    "04/03/2026", "4.3.2026", "04 Mar 2026", "4 March 2026", "Mar 4, 2026", "04-Mar-2026", "20260304",
    46085, 46085.0, "46085",
])
def test_common_forms(value):
    assert parse_date(value) == D


def test_slashed_dates_settle_by_the_part_over_12():
    assert parse_date("13/03/2026") == dt.date(2026, 3, 13)
    assert parse_date("03/13/2026") == dt.date(2026, 3, 13)
    assert parse_date("03/04/2026", day_first=False) == dt.date(2026, 3, 4)


@pytest.mark.parametrize("value", ["", "soon", "31/02/2026", 12, True, "2026-13-01"])
def test_rejects_non_dates(value):
    with pytest.raises(DateParseError):
        parse_date(value)


@given(st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_iso_and_serial_round_trip(day):
    assert parse_date(day.isoformat()) == day
    serial = (day - dt.date(1899, 12, 30)).days
    assert parse_date(serial) == day
