"""LMS import use case: read a learning system's export, preview what changes, apply all or nothing.

The file is read as it is: a recognised export (Cornerstone, SAP SuccessFactors Learning,
LinkedIn Learning, Moodle; see tracker/domain/layouts/lms.py), a mapping saved for its header
row, `--map` choices, or else the app's own columns (employee_id, module, status, ...).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tracker.domain.export_log import IMPORT_LABELS
from tracker.domain.importing import RowError
from tracker.domain.layouts import FIELDS, to_fields
from tracker.domain.training_import import (
    TrainingImportPlan,
    find_columns,
    irrelevant_rows,
    plan_training_import,
)
from tracker.io.table_reader import ReadCancelled, TableReadError, read_table
from tracker.services.layout_choice import LayoutChoiceError, choose_layout
from tracker.store.errors import StoreValidationError
from tracker.store.training_import import apply_training_plan, training_snapshot
from tracker.store.workspace import Workspace

Progress = Callable[[int, str], None]
KIND = "training"


@dataclass
class TrainingPreview:
    """What an import would do. `plan.errors` non-empty means it will not be applied.

    ``refusal``: the file as a whole cannot be read this way (the chosen preset does not fit,
    a required field has no column): one sentence, and the whole report.
    """

    source: Path
    rollout_name: str
    plan: TrainingImportPlan = field(default_factory=TrainingImportPlan)
    rows_read: int = 0
    layout_title: str | None = None
    raw_headers: list[str] = field(default_factory=list)
    missing: list[tuple[str, ...]] = field(default_factory=list)
    refusal: str | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None and self.plan.ok

    def report(self, *, max_errors: int | None = 50) -> str:
        if self.refusal:
            return f"{self.source.name}: {self.refusal}"
        lines = [f"Recognised: {self.layout_title}"] if self.layout_title else []
        lines.append(f"{self.source.name}: {self.rows_read:,} rows read for {self.rollout_name}")
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
                     progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                     preset: str | None = None, overrides: Mapping[str, str] | None = None) -> TrainingPreview:
    """Read and check the file against the rollout's modules and records; writes nothing.

    ``preset``: a saved mapping's name or a layout's key; ``overrides``: field -> column
    (``--map``). Without them the layout is recognised from the header row.
    """
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
    preview = TrainingPreview(path, rollout.name, raw_headers=list(table.raw_headers),
                              rows_read=len(table.rows) + len(table.problems))
    try:
        recognition = choose_layout(ws, table.raw_headers, KIND, preset=preset, overrides=overrides)
    except LayoutChoiceError as e:
        preview.refusal = str(e)
        return preview
    if progress:
        progress(len(table.rows), "Comparing with the workspace")
    row_problems = [(p.row, f"{p.column}: {p.reason}" if p.column else p.reason) for p in table.problems]
    raw_rows = ((row.number, row.values) for row in table.rows)
    if recognition is None:  # the app's own columns
        columns, header_errors = find_columns(table.headers)
        if header_errors:
            preview.plan = TrainingImportPlan(errors=header_errors)
            return preview
        preview.plan = plan_training_import(columns, raw_rows, **training_snapshot(ws, rollout_id),
                                            today=today or dt.date.today(), row_problems=row_problems)
    else:
        layout = recognition.layout
        preview.layout_title = layout.title
        preview.missing = recognition.missing()
        if preview.missing:
            labels = FIELDS[KIND].labels
            wanted = "; ".join(" or ".join(labels.get(f, f) for f in group) for group in preview.missing)
            preview.refusal = (f"read as {layout.title}, but no column gives {wanted} "
                               f"(its columns: {', '.join(table.raw_headers)}); name one with --map FIELD=COLUMN")
            return preview
        fields = to_fields(recognition, raw_rows)
        snapshot = training_snapshot(ws, rollout_id, account_system=layout.account_system)
        # A row the layout could not read is an error only if it is for one of the rollout's modules.
        unread = irrelevant_rows(fields.errors, {r.number: r.values for r in table.rows} if fields.errors else {},
                                 [recognition.column_of.get(f) for f in ("module", "module_title")],
                                 snapshot["modules"])
        preview.plan = plan_training_import(
            {f: f for f in recognition.column_of}, fields.rows, **snapshot, today=today or dt.date.today(),
            lenient_statuses=True, skipped_before=Counter(unread.values()),
            row_problems=row_problems + [(e.row, e.reason) for e in fields.errors
                                         if e.row is not None and e.row not in unread])
        preview.plan.errors[:0] = [e for e in fields.errors if e.row is None]
    if not ws.training.has_modules(rollout_id):
        preview.plan.errors.insert(0, RowError(None, f"{rollout.name} has no training modules yet; add them first."))
    preview.plan.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    return preview


def apply_training(ws: Workspace, preview: TrainingPreview) -> int | None:
    """Apply a checked preview in one transaction; returns the change id (None: nothing to do)."""
    return apply_training_plan(ws, preview.plan, f"{IMPORT_LABELS['training']} {preview.source.name}")
