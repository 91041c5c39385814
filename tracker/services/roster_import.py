"""Roster import use case: read an HR file, preview what would change, apply all or nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.export_log import IMPORT_LABELS
from tracker.collector import collector_paused
from tracker.domain.roster import RosterPlan, RowError, plan_roster
from tracker.services.table_reader import ReadCancelled, TableReadError, read_table
from tracker.store.roster import apply_roster_plan, roster_snapshot
from tracker.store.workspace import Workspace

Progress = Callable[[int, str], None]


@dataclass
class RosterPreview:
    """What an import would do. `plan.errors` non-empty means it will not be applied."""

    source: Path
    plan: RosterPlan
    rows_read: int = 0
    encoding: str | None = None

    @property
    def ok(self) -> bool:
        return self.plan.ok

    def report(self, *, max_errors: int | None = None) -> str:
        """The preview as plain text (the command line prints this)."""
        kind = "partial roster" if self.plan.partial else "full roster"
        lines = [f"{self.source.name}: {self.rows_read:,} rows read ({kind})"]
        if self.plan.ok:
            lines.append(self.plan.summary())
        for warning in self.plan.warnings:
            lines.append(f"note: {warning}")
        if self.plan.errors:
            lines.append(f"{len(self.plan.errors):,} rows rejected; nothing will be changed:")
            shown = self.plan.errors if max_errors is None else self.plan.errors[:max_errors]
            lines.extend(f"  {e}" for e in shown)
            if len(shown) < len(self.plan.errors):
                lines.append(f"  … and {len(self.plan.errors) - len(shown):,} more")
        return "\n".join(lines)


def preview_roster(ws: Workspace, path: str | Path, *, partial: bool = False,
                   progress: Progress | None = None, cancelled: Callable[[], bool] | None = None) -> RosterPreview:
    """Read and check the file against the workspace; writes nothing.

    Raises ReadCancelled when `cancelled()` turns true while reading.
    """
    with collector_paused():
        return _preview(ws, Path(path), partial, progress, cancelled)


def _preview(ws: Workspace, path: Path, partial: bool, progress: Progress | None,
             cancelled: Callable[[], bool] | None) -> RosterPreview:
    report = (lambda n: progress(n, f"Reading row {n:,}")) if progress else None
    try:
        table = read_table(path, progress=report, cancelled=cancelled)
    except ReadCancelled:
        raise
    except TableReadError as e:
        return RosterPreview(path, RosterPlan(partial=partial, errors=[RowError(None, str(e))]))
    if progress:
        progress(len(table.rows), "Comparing with the workspace")
    people, teams = roster_snapshot(ws)
    plan = plan_roster(
        table.headers,
        ((row.number, row.values) for row in table.rows),
        existing_people=people,
        existing_teams=teams,
        partial=partial,
        row_problems=[(p.row, f"{p.column}: {p.reason}" if p.column else p.reason) for p in table.problems],
    )
    plan.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    return RosterPreview(path, plan, rows_read=len(table.rows) + len(table.problems), encoding=table.encoding)


def apply_roster(ws: Workspace, preview: RosterPreview) -> int | None:
    """Apply a checked preview in one transaction; returns the change id (None: nothing to do)."""
    with collector_paused():
        return apply_roster_plan(ws, preview.plan, f"{IMPORT_LABELS['roster']} {preview.source.name}")
