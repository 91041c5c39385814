"""A rollout's KPIs and their readings over time; the latest reading is computed in SQL."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.importing import loose_key
from tracker.domain.kpi_import import KpiImportPlan
from tracker.domain.kpis import Direction, Kpi, KpiReading, check_kpi, check_reading
from tracker.store.convert import to_date, to_day
from tracker.store.errors import StaleRecordError, StoreValidationError
from tracker.store.record_versions import missing_record

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

_SELECT = """
    SELECT k.id, k.rollout_id, k.name, k.unit, k.target, k.direction, k.tolerance, k.position,
           (SELECT value FROM kpi_readings r WHERE r.kpi_id = k.id ORDER BY measured_on DESC LIMIT 1),
           (SELECT MAX(measured_on) FROM kpi_readings r WHERE r.kpi_id = k.id),
           (SELECT COUNT(*) FROM kpi_readings r WHERE r.kpi_id = k.id), k.version
    FROM kpis k
"""


class KpiFields(TypedDict):
    """A KPI's fields as add() takes them."""

    rollout_id: int
    name: str
    unit: NotRequired[str]
    target: float
    direction: Direction
    tolerance: NotRequired[float]


class KpiChanges(TypedDict, total=False):
    """The fields update() may change."""

    rollout_id: int
    name: str
    unit: str
    target: float
    direction: Direction
    tolerance: float


class KpiSnapshot(TypedDict):
    """What the import planner compares a file with (tracker/domain/kpi_import.py)."""

    kpis: dict[str, int]  # loose name -> KPI id
    readings: dict[tuple[int, dt.date], float]  # (KPI id, day) -> value


def _kpi(r: tuple[Any, ...]) -> Kpi:
    return Kpi(r[0], r[1], r[2], r[3], r[4], Direction(r[5]), r[6], r[7], r[8], to_date(r[9]), r[10], r[11])


class Kpis:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self, rollout_id: int) -> list[Kpi]:
        rows = self.ws.conn.execute(_SELECT + " WHERE k.rollout_id = ? ORDER BY k.position, k.id", (rollout_id,))
        return [_kpi(r) for r in rows.fetchall()]

    def get(self, kpi_id: int) -> Kpi | None:
        row = self.ws.conn.execute(_SELECT + " WHERE k.id = ?", (kpi_id,)).fetchone()
        return _kpi(row) if row else None

    def all(self, rollout_ids: builtins.list[int] | None = None) -> builtins.list[Kpi]:
        """Every rollout's KPIs with their latest readings, in one query (the portfolio view)."""
        where = "" if rollout_ids is None else \
            f" WHERE k.rollout_id IN ({', '.join(str(int(i)) for i in rollout_ids) or 'NULL'})"  # ints only
        rows = self.ws.conn.execute(_SELECT + where + " ORDER BY k.rollout_id, k.position, k.id")
        return [_kpi(r) for r in rows.fetchall()]

    def readings(self, kpi_id: int) -> builtins.list[KpiReading]:
        rows = self.ws.conn.execute("SELECT id, kpi_id, measured_on, value FROM kpi_readings WHERE kpi_id = ? "
                                    "ORDER BY measured_on", (kpi_id,)).fetchall()
        return [KpiReading(r[0], r[1], to_day(r[2]), r[3]) for r in rows]

    # ---------------------------------------------------------------- KPIs
    def _values(self, *, rollout_id: int, name: str, unit: str = "", target: float, direction: Direction,
                tolerance: float = 0.0, kpi_id: int | None = None) -> dict[str, Any]:
        problem = check_kpi(name=name, target=target, tolerance=tolerance)
        if problem:
            raise StoreValidationError(problem)
        clash = self.ws.scalar("SELECT id FROM kpis WHERE rollout_id = ? AND name = ?", (rollout_id, name.strip()))
        if clash is not None and clash != kpi_id:
            raise StoreValidationError(f"This rollout already has a KPI called '{name.strip()}'.")
        return {"rollout_id": rollout_id, "name": name.strip(), "unit": (unit or "").strip(), "target": float(target),
                "direction": Direction(direction).value, "tolerance": float(tolerance)}

    def add(self, **fields: Unpack[KpiFields]) -> int:
        values = self._values(**fields)
        values["position"] = (self.ws.scalar("SELECT MAX(position) FROM kpis WHERE rollout_id = ?",
                                             (values["rollout_id"],)) or 0) + 1
        with self.ws.write(f"Add KPI {values['name']}") as w:
            return w.insert("kpis", values)

    def update(self, kpi_id: int, *, expected_version: int | None = None, **fields: Unpack[KpiChanges]) -> bool:
        current = self.get(kpi_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "kpis", kpi_id, expected_version, dict(fields),
                                 "That KPI no longer exists.")
        merged: KpiFields = {"rollout_id": current.rollout_id, "name": current.name, "unit": current.unit,
                  "target": current.target, "direction": current.direction, "tolerance": current.tolerance}
        merged.update(fields)
        values = self._values(**merged, kpi_id=kpi_id)
        with self.ws.write(f"Edit KPI {values['name']}") as w:
            return w.update("kpis", kpi_id, values, expected_version=expected_version)

    def delete(self, kpi_id: int) -> None:
        """The KPI and its readings, as one undo step."""
        name = self.ws.scalar("SELECT name FROM kpis WHERE id = ?", (kpi_id,))
        if name is None:
            return
        with self.ws.write(f"Delete KPI {name}") as w:
            for (rid,) in self.ws.conn.execute("SELECT id FROM kpi_readings WHERE kpi_id = ?", (kpi_id,)).fetchall():
                w.delete("kpi_readings", rid)
            w.delete("kpis", kpi_id)

    # ---------------------------------------------------------------- readings
    def reading_versions(self, kpi_id: int) -> dict[dt.date, int]:
        """Day -> the version of the KPI's reading of that day: what a new reading replacing it
        is based on (a day missing here had none)."""
        return {to_day(day): version for day, version in self.ws.conn.execute(
            "SELECT measured_on, version FROM kpi_readings WHERE kpi_id = ?", (kpi_id,))}

    def record(self, kpi_id: int, measured_on: dt.date, value: float, *, today: dt.date | None = None,
               expected_version: int | None = None) -> int:
        """Add a reading, or replace the one of the same day; returns its id. `expected_version`:
        that day's reading's version as the editor read it (0: none); a reading someone else
        recorded, changed or deleted on that day since is refused with StaleRecordError."""
        kpi = self.get(kpi_id)
        if kpi is None:
            raise StoreValidationError("That KPI no longer exists.")
        problem = check_reading(value, measured_on, today or dt.date.today())
        if problem:
            raise StoreValidationError(problem)
        with self.ws.write(f"Record {kpi.name} {value:g}{kpi.unit and ' ' + kpi.unit} on {measured_on.isoformat()}") as w:
            # A day without a reading has no row to carry a version: whoever records a reading
            # of this KPI waits for another's write, then finds the reading they recorded.
            w.lock("kpis", [kpi_id])
            existing: int | None = self.ws.scalar("SELECT id FROM kpi_readings WHERE kpi_id = ? AND measured_on = ?",
                                                  (kpi_id, measured_on.isoformat()))
            if existing is None and expected_version:  # recorded when read, deleted since
                raise StaleRecordError(
                    f"The reading of {measured_on.isoformat()} was deleted by someone else after you opened it; "
                    "your reading was not saved.", table="kpi_readings", row_id=0, expected_version=expected_version,
                    current=None, attempted={"value": float(value)})
            if existing is None:
                return w.insert("kpi_readings", {"rollout_id": kpi.rollout_id, "kpi_id": kpi_id,
                                                 "measured_on": measured_on.isoformat(), "value": float(value)})
            w.update("kpi_readings", existing, {"value": float(value)}, expected_version=expected_version)
            return existing

    def delete_readings(self, reading_ids: builtins.list[int]) -> None:
        if reading_ids:
            with self.ws.write("Delete reading" if len(reading_ids) == 1 else f"Delete {len(reading_ids)} readings") as w:
                for rid in reading_ids:
                    w.delete("kpi_readings", rid)

    # ---------------------------------------------------------------- import
    def snapshot(self, rollout_id: int) -> KpiSnapshot:
        """What the pure import planner compares a file with."""
        kpis = {loose_key(name): kid for kid, name in self.ws.conn.execute(
            "SELECT id, name FROM kpis WHERE rollout_id = ?", (rollout_id,))}
        readings = {(kid, to_day(day)): value for kid, day, value in self.ws.conn.execute(
            "SELECT kpi_id, measured_on, value FROM kpi_readings WHERE rollout_id = ?", (rollout_id,))}
        return {"kpis": kpis, "readings": readings}

    def apply_import(self, rollout_id: int, plan: KpiImportPlan, label: str) -> int | None:
        """Write a checked plan in one transaction; returns the change id (None: nothing to do)."""
        if plan.errors:
            raise StoreValidationError("An import with errors is never applied.")
        if not plan.has_changes:
            return None
        with self.ws.write(label) as w:
            for r in plan.new:
                w.insert("kpi_readings", {"rollout_id": rollout_id, "kpi_id": r.kpi_id,
                                          "measured_on": r.measured_on.isoformat(), "value": r.value})
            for r in plan.changed:
                rid = self.ws.scalar("SELECT id FROM kpi_readings WHERE kpi_id = ? AND measured_on = ?",
                                     (r.kpi_id, r.measured_on.isoformat()))
                w.update("kpi_readings", rid, {"value": r.value})
        return w.change_id
