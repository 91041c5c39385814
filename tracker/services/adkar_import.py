"""ADKAR survey import: read a survey export, preview what it adds or corrects, apply all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.adkar_survey import AdkarPlan, plan_adkar
from tracker.domain.importing import RowError
from tracker.io.table_reader import ReadCancelled, TableReadError, read_table
from tracker.store.workspace import Workspace


@dataclass
class AdkarPreview:
    """What an import would do for one rollout. Errors mean it will not be applied."""

    source: Path
    rollout_id: int | None
    rollout_name: str
    plan: AdkarPlan
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return self.plan.ok and self.rollout_id is not None

    def report(self, *, max_errors: int | None = 50) -> str:
        layout = "one row per respondent, averaged per team and date" if self.plan.per_respondent \
            else "one row per team"
        lines = [f"{self.source.name}: {self.rows_read:,} rows read ({layout}) for '{self.rollout_name}'"]
        if self.plan.ok:
            lines.append(self.plan.summary())
        if self.plan.errors:
            lines.append(f"{len(self.plan.errors):,} rows rejected; nothing will be changed:")
            shown = self.plan.errors if max_errors is None else self.plan.errors[:max_errors]
            lines.extend(f"  {e}" for e in shown)
            if len(shown) < len(self.plan.errors):
                lines.append(f"  … and {len(self.plan.errors) - len(shown):,} more")
        return "\n".join(lines)


def preview_adkar(ws: Workspace, path: str | Path, rollout: str | int, *,
                  cancelled: Callable[[], bool] | None = None) -> AdkarPreview:
    """Read and check the file against the rollout (by name or id); writes nothing."""
    path = Path(path)
    found = ws.rollouts.get(rollout) if isinstance(rollout, int) else ws.rollouts.by_name(str(rollout))
    if found is None:
        plan = AdkarPlan(errors=[RowError(None, f"there is no rollout called '{rollout}'")])
        return AdkarPreview(path, None, str(rollout), plan)
    try:
        table = read_table(path, cancelled=cancelled)
    except ReadCancelled:
        raise
    except TableReadError as e:
        return AdkarPreview(path, found.id, found.name, AdkarPlan(errors=[RowError(None, str(e))]))
    teams = {name.lower(): (tid, name) for tid, name in ws.teams.names().items()}
    plan = plan_adkar(
        table.headers, ((row.number, row.values) for row in table.rows), teams=teams,
        stored=ws.readiness.adkar.snapshot(found.id),
        row_problems=[(p.row, f"{p.column}: {p.reason}" if p.column else p.reason) for p in table.problems],
    )
    return AdkarPreview(path, found.id, found.name, plan, rows_read=len(table.rows) + len(table.problems))


def apply_adkar(ws: Workspace, preview: AdkarPreview) -> int | None:
    """Apply a checked preview in one transaction; the change id, or None when nothing changes."""
    if not preview.ok or preview.rollout_id is None:  # (no rollout is an error of the preview)
        raise ValueError("a survey preview with errors is never applied")
    return ws.readiness.adkar.apply_plan(preview.rollout_id, preview.plan,
                                         f"Import ADKAR survey {preview.source.name}")
