"""Whether a rollout's usage data is recent enough to judge adoption on, and the words for it.

A usage export imported six weeks ago still draws a fine adoption line, and a leader reading
"62% active" takes it for this week's figure. When the latest week with usage figures ends
more than `Thresholds.usage_stale_days` (14) days before the as-of date, the dashboard, the
rollout page and the report say "usage data ends DATE (N days old)", and the adoption factor
is not green on such data: a green verdict would vouch for weeks nobody has seen.

Kept apart from the adoption factor itself (tracker/domain/health_factors.py) so the rule reads
as one small step applied to that factor's verdict. Pure: dates in, words out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tracker.domain.date_text import day_text
from tracker.domain.health import DEFAULT, Factor, Health, Thresholds


def days_old(data_ends: dt.date | None, as_of: dt.date) -> int | None:
    """Days from the end of the latest usage week to `as_of` (None without usage data)."""
    return None if data_ends is None else (as_of - data_ends).days


def is_stale(data_ends: dt.date | None, as_of: dt.date, t: Thresholds = DEFAULT) -> bool:
    age = days_old(data_ends, as_of)
    return age is not None and age > t.usage_stale_days


def stale_text(data_ends: dt.date, as_of: dt.date) -> str:
    """"usage data ends 2026-10-25 (36 days old)"."""
    age = days_old(data_ends, as_of)
    return f"usage data ends {day_text(data_ends)} ({age:,} day{'' if age == 1 else 's'} old)"


def stale_note(data_ends: dt.date | None, as_of: dt.date, t: Thresholds = DEFAULT) -> str | None:
    """The sentence to show beside adoption figures, or None when the data is recent."""
    return stale_text(data_ends, as_of) if data_ends is not None and is_stale(data_ends, as_of, t) else None


def flag_stale_usage(factor: Factor, data_ends: dt.date | None, as_of: dt.date, t: Thresholds = DEFAULT) -> Factor:
    """The adoption factor with its reason extended by the data's age when the data is stale; a
    green verdict becomes amber (red and "No data" keep their colour)."""
    note = stale_note(data_ends, as_of, t)
    if note is None:
        return factor
    health = Health.AMBER if factor.health is Health.GREEN else factor.health
    return dataclasses.replace(factor, health=health, reason=f"{factor.reason.rstrip('.')}; {note}.")
