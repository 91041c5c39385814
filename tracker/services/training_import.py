"""LMS import use case: read a learning system's export, preview what changes, apply all or nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tracker.domain.export_log import IMPORT_LABELS
from tracker.domain.importing import RowError
from tracker.domain.training_import import TrainingImportPlan, plan_training_import
from tracker.services.table_reader import ReadCancelled, TableReadError, read_table
from tracker.store.errors import StoreValidationError
from tracker.store.training_import import apply_training_plan, training_snapshot
from tracker.store.workspace import Workspace

Progress = Callable[[int, str], None]


@dataclass
class TrainingPreview:
    """What an import would do. `plan.errors` non-empty means it will not be applied."""

    source: Path
    rollout_name: str
    plan: TrainingImportPlan = field(default_factory=TrainingImportPlan)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return self.plan.ok

    def report(self, *, max_errors: int | None = 50) -> str:
        lines = [f"{self.source.name}: {self.rows_read:,} rows read for {self.rollout_name}"]
        if self.plan.ok:
            lines.append(self.plan.summary())
        lines.extend(f"note: {w}" for w in self.plan.warnings)
        if self.plan.errors:
            lines.append(f"{len(self.plan.errors):,} rows rejected; nothing will be changed:")
            shown = self.plan.errors if max_errors is None else self.plan.errors[:max_errors]
            lines.extend(f"  {e}" for e in shown)
            if len(shown) < len(self.plan.errors):
                lines.append(f"  … and {len(self.plan.errors) - len(shown):,} more")
        return "\n".join(lines)


def preview_training(ws: Workspace, path: str | Path, rollout_id: int, *, today: dt.date | None = None,
                     progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> TrainingPreview:
    """Read and check the file against the rollout's modules and records; writes nothing."""
    path = Path(path)
    rollout = ws.rollouts.get(rollout_id)
    if rollout is None:
        raise StoreValidationError("That rollout no longer exists.")
    report = (lambda n: progress(n, f"Reading row {n:,}")) if progress else None
    try:
        table = read_table(path, progress=report, cancelled=cancelled)
    except ReadCancelled:
        raise
    except TableReadError as e:
        return TrainingPreview(path, rollout.name, TrainingImportPlan(errors=[RowError(None, str(e))]))
    if progress:
        progress(len(table.rows), "Comparing with the workspace")
    plan = plan_training_import(
        table.headers, ((row.number, row.values) for row in table.rows),
        **training_snapshot(ws, rollout_id), today=today or dt.date.today(),
        row_problems=[(p.row, f"{p.column}: {p.reason}" if p.column else p.reason) for p in table.problems],
    )
    if not ws.training.has_modules(rollout_id):
        plan.errors.insert(0, RowError(None, f"{rollout.name} has no training modules yet; add them first."))
    plan.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    return TrainingPreview(path, rollout.name, plan, rows_read=len(table.rows) + len(table.problems))


def apply_training(ws: Workspace, preview: TrainingPreview) -> int | None:
    """Apply a checked preview in one transaction; returns the change id (None: nothing to do)."""
    return apply_training_plan(ws, preview.plan, f"{IMPORT_LABELS['training']} {preview.source.name}")
