"""KPI readings import: read a file of `kpi, measured_on, value`, preview, apply all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.domain.importing import RowError
from tracker.domain.kpi_import import KpiImportPlan, plan_kpi_import
from tracker.io.table_reader import ReadCancelled, TableReadError, read_table
from tracker.store.errors import StoreValidationError
from tracker.store.workspace import Workspace


@dataclass
class KpiPreview:
    """What an import would do. `plan.errors` non-empty means it will not be applied."""

    source: Path
    rollout_id: int
    rollout_name: str
    plan: KpiImportPlan = field(default_factory=KpiImportPlan)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return self.plan.ok

    def report(self, *, max_errors: int | None = 50) -> str:
        lines = [f"{self.source.name}: {self.rows_read:,} rows read for {self.rollout_name}"]
        if self.plan.ok:
            lines.append(self.plan.summary())
        if self.plan.errors:
            lines.append(f"{len(self.plan.errors):,} rows rejected; nothing will be changed:")
            shown = self.plan.errors if max_errors is None else self.plan.errors[:max_errors]
            lines.extend(f"  {e}" for e in shown)
            if len(shown) < len(self.plan.errors):
                lines.append(f"  … and {len(self.plan.errors) - len(shown):,} more")
        return "\n".join(lines)


def preview_kpis(ws: Workspace, path: str | Path, rollout_id: int, *, today: dt.date | None = None,
                 cancelled: Callable[[], bool] | None = None) -> KpiPreview:
    """Read and check the file against the rollout's KPIs and readings; writes nothing."""
    path = Path(path)
    rollout = ws.rollouts.get(rollout_id)
    if rollout is None:
        raise StoreValidationError("That rollout no longer exists.")
    try:
        table = read_table(path, cancelled=cancelled)
    except ReadCancelled:
        raise
    except TableReadError as e:
        return KpiPreview(path, rollout_id, rollout.name, KpiImportPlan(errors=[RowError(None, str(e))]))
    snapshot = ws.delivery.kpis.snapshot(rollout_id)
    plan = plan_kpi_import(
        table.headers, ((row.number, row.values) for row in table.rows), **snapshot, today=today or dt.date.today(),
        row_problems=[(p.row, f"{p.column}: {p.reason}" if p.column else p.reason) for p in table.problems],
    )
    if not snapshot["kpis"]:
        plan.errors.insert(0, RowError(None, f"{rollout.name} has no KPIs yet; add them first."))
    return KpiPreview(path, rollout_id, rollout.name, plan, rows_read=len(table.rows) + len(table.problems))


def apply_kpis(ws: Workspace, preview: KpiPreview) -> int | None:
    """Apply a checked preview in one transaction; returns the change id (None: nothing to do)."""
    return ws.delivery.kpis.apply_import(preview.rollout_id, preview.plan, f"Import KPI readings {preview.source.name}")
