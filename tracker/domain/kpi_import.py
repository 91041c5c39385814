"""Planning a KPI readings import (`kpi, measured_on, value`): rows and a snapshot in, plan out.

Pure, like every importer's planner: each row is matched to one of the rollout's KPIs by name
(loosely: case and spacing do not matter), its date and number are read, and it is compared
with the stored reading of that KPI on that date. A file with one bad row plans nothing to
apply; the same file twice plans no change the second time.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.domain.dates import DateParseError, parse_date
from tracker.domain.importing import RowError, cell_text, loose_key

ALIASES = {
    "kpi": ("kpi", "kpi_name", "name", "metric", "measure", "indicator"),
    "measured_on": ("measured_on", "date", "measured", "measurement_date", "as_of", "period", "day"),
    "value": ("value", "reading", "result", "measurement", "actual"),
}


@dataclass(frozen=True, slots=True)
class PlannedReading:
    row: int
    kpi_id: int
    measured_on: dt.date
    value: float
    before: float | None  # None: a new reading


@dataclass
class KpiImportPlan:
    new: list[PlannedReading] = field(default_factory=list)
    changed: list[PlannedReading] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed)

    def summary(self) -> str:
        return f"{len(self.new):,} new readings, {len(self.changed):,} changed, {self.unchanged:,} unchanged"


def _value(cell: object) -> float:
    if isinstance(cell, bool):
        raise ValueError
    if isinstance(cell, (int, float)):
        number = float(cell)
    else:
        text = cell_text(cell).replace("\u00a0", "").replace(" ", "").rstrip("%")
        if text.count(",") == 1 and "." not in text:
            text = text.replace(",", ".")  # 12,5 from a European spreadsheet
        number = float(text.replace(",", ""))
    if not math.isfinite(number):
        raise ValueError
    return number


def plan_kpi_import(headers: list[str], rows: Iterable[tuple[int, dict[str, object]]], *, kpis: dict[str, int],
                    readings: dict[tuple[int, dt.date], float], today: dt.date,
                    row_problems: Iterable[tuple[int, str]] = ()) -> KpiImportPlan:
    """`kpis` maps loose_key(name) to KPI id; `readings` the stored (kpi id, date) -> value."""
    plan = KpiImportPlan()
    plan.errors.extend(RowError(n, reason) for n, reason in row_problems)
    found = {want: next((h for h in names if h in headers), None) for want, names in ALIASES.items()}
    column = {want: have for want, have in found.items() if have is not None}
    missing = [want for want in found if want not in column]
    if missing:
        plan.errors.append(RowError(None, f"The file needs the column(s) {', '.join(missing)} "
                                          "(kpi, measured_on, value)."))
        return plan
    seen: dict[tuple[int, dt.date], int] = {}
    for number, values in rows:
        name = cell_text(values.get(column["kpi"]))
        kpi_id = kpis.get(loose_key(name))
        if not name:
            plan.errors.append(RowError(number, "the kpi is empty"))
            continue
        if kpi_id is None:
            plan.errors.append(RowError(number, f"there is no KPI called '{name}' in this rollout"))
            continue
        try:
            day = parse_date(values.get(column["measured_on"]))
        except DateParseError as e:
            plan.errors.append(RowError(number, f"measured_on: {e}"))
            continue
        if day > today:
            plan.errors.append(RowError(number, f"measured_on {day.isoformat()} is in the future"))
            continue
        try:
            value = _value(values.get(column["value"]))
        except ValueError:
            plan.errors.append(RowError(number, f"value '{cell_text(values.get(column['value']))}' is not a number"))
            continue
        key = (kpi_id, day)
        if key in seen:
            plan.errors.append(RowError(number, f"'{name}' on {day.isoformat()} is also on row {seen[key]}"))
            continue
        seen[key] = number
        before = readings.get(key)
        if before is None:
            plan.new.append(PlannedReading(number, kpi_id, day, value, None))
        elif before != value:
            plan.changed.append(PlannedReading(number, kpi_id, day, value, before))
        else:
            plan.unchanged += 1
    plan.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    return plan
