"""One date format for people: "1 Feb 2027", whatever the locale."""

from __future__ import annotations

import datetime as dt
import locale

from tracker.domain.date_text import day_text, month_text, time_text


def test_day_month_and_time_read_the_same_way():
    assert day_text(dt.date(2027, 2, 1)) == "1 Feb 2027"
    assert day_text(dt.date(2026, 12, 31)) == "31 Dec 2026"
    assert day_text(dt.date(2027, 2, 1), weekday=True) == "Mon 1 Feb 2027"
    assert month_text(dt.date(2026, 5, 17)) == "May 2026"
    assert time_text(dt.datetime(2027, 2, 1, 9, 5)) == "1 Feb 2027 09:05"
    assert day_text(None) == month_text(None) == time_text(None) == ""


def test_month_names_do_not_follow_the_machine_locale(monkeypatch):
    for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            assert day_text(dt.date(2027, 3, 1)) == "1 Mar 2027"
        finally:
            locale.setlocale(locale.LC_TIME, "C")
