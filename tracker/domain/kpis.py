"""Rollout KPIs (accuracy, p95 latency, uptime, cost per transaction, ...) and their status rule.

A KPI has a target, a direction (is higher or lower better?) and an amber tolerance in the
KPI's own unit: within the tolerance on the wrong side of the target is amber, further is red.
The same rule colours the table, the chart's band and the report, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.domain.enums import LabelledEnum


class Direction(LabelledEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"

    @property
    def label(self) -> str:
        return "Higher is better" if self is Direction.HIGHER_BETTER else "Lower is better"


class Rag(LabelledEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    NO_DATA = "no_data"


@dataclass(frozen=True, slots=True)
class Kpi:
    id: int
    rollout_id: int
    name: str
    unit: str
    target: float
    direction: Direction
    tolerance: float = 0.0
    position: int = 0
    latest_value: float | None = None  # filled by the store from the newest reading
    latest_on: dt.date | None = None
    readings: int = 0
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def status(self) -> Rag:
        return kpi_status(self.target, self.direction, self.tolerance, self.latest_value)

    def band(self) -> tuple[float, float]:
        """(amber edge, target): values between them are amber."""
        edge = self.target - self.tolerance if self.direction is Direction.HIGHER_BETTER else self.target + self.tolerance
        return edge, self.target


@dataclass(frozen=True, slots=True)
class KpiReading:
    id: int
    kpi_id: int
    measured_on: dt.date
    value: float


def kpi_status(target: float, direction: Direction, tolerance: float, value: float | None) -> Rag:
    """Green at or beyond the target; amber within `tolerance` of it on the wrong side; else red."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Rag.NO_DATA
    gap = (target - value) if Direction(direction) is Direction.HIGHER_BETTER else (value - target)
    if gap <= 0:
        return Rag.GREEN
    return Rag.AMBER if gap <= tolerance else Rag.RED


def check_kpi(*, name: str, target: float | None, tolerance: float | None) -> str | None:
    if not (name or "").strip():
        return "A KPI needs a name."
    if target is None or not math.isfinite(target):
        return "A KPI needs a target number."
    if tolerance is None or not math.isfinite(tolerance) or tolerance < 0:
        return "The amber tolerance must be zero or more (in the KPI's unit)."
    return None


def check_reading(value: float | None, measured_on: dt.date | None, today: dt.date) -> str | None:
    if measured_on is None:
        return "A reading needs the date it was measured."
    if measured_on > today:
        return "A reading cannot be measured in the future."
    if value is None or not math.isfinite(value):
        return "A reading needs a number."
    return None


def trend(readings: Sequence[KpiReading]) -> list[tuple[dt.date, float]]:
    """Readings as (date, value) in date order, for charts."""
    return [(r.measured_on, r.value) for r in sorted(readings, key=lambda r: r.measured_on)]
