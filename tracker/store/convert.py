"""Conversions between stored column values and domain values."""

from __future__ import annotations

import datetime as dt


def to_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def to_day(value: str) -> dt.date:
    """A date of a column that always has one (NOT NULL)."""
    return dt.date.fromisoformat(value)


def from_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None
