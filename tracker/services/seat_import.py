"""Seats import use case: read the licence admin's list of a rollout's seats, preview, apply all
or nothing.

The file is read like every other import (tracker/io/table_reader.py, then
tracker/services/layout_choice.py: a preset, a mapping saved for its header row, or `--map`
choices), else in the app's own columns with the usual spellings
(tracker/domain/seat_import.py COLUMNS). The plan is made in the domain and written by the store
in one audited change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tracker.collector import collector_paused
from tracker.domain.importing import RowError
from tracker.domain.layouts import FIELDS, Layout, match, to_fields
from tracker.domain.seat_import import COLUMNS, SeatImportPlan, SeatImportSnapshot, plan_seats
from tracker.io.table_reader import ReadCancelled, TableReadError, read_table
from tracker.services.accounts_import import people_index
from tracker.services.layout_choice import choose_layout
from tracker.store.workspace import Workspace

KIND = "seats"
MAX_LISTED = 20
OWN_COLUMNS = Layout(key="own_seats", title="Rollout Tracker seats", kind=KIND, columns=COLUMNS,
                     signature=frozenset())


@dataclass
class SeatsPreview:
    """What a seats import would do. ``errors`` non-empty means it will not be applied."""

    source: Path
    rollout_name: str
    plan: SeatImportPlan
    rows_read: int = 0
    layout_title: str | None = None
    raw_headers: list[str] = field(default_factory=list)
    missing: list[tuple[str, ...]] = field(default_factory=list)

    @property
    def errors(self) -> list[RowError]:
        return self.plan.errors

    @property
    def ok(self) -> bool:
        return not self.plan.errors and not self.missing

    def missing_text(self) -> str:
        labels = FIELDS[KIND].labels
        wanted = "; ".join(" or ".join(labels.get(f, f) for f in group) for group in self.missing)
        return f"{self.source.name}: no column for {wanted} (the file's columns: {', '.join(self.raw_headers)})"

    def report(self, *, max_errors: int | None = MAX_LISTED) -> str:
        lines = [f"Recognised: {self.layout_title}"] if self.layout_title else []
        lines.append(f"{self.source.name}: {self.rows_read:,} rows read for the seats of {self.rollout_name}")
        if self.missing:
            return "\n".join([*lines, self.missing_text()])
        if self.errors:
            lines.append(f"{len(self.errors):,} rows rejected; nothing will be changed:")
            shown = self.errors if max_errors is None else self.errors[:max_errors]
            lines.extend(f"  {e}" for e in shown)
            if len(shown) < len(self.errors):
                lines.append(f"  … and {len(self.errors) - len(shown):,} more")
            return "\n".join(lines)
        p = self.plan
        lines.append(f"{len(p.new):,} new seats, {len(p.changed):,} changed, {p.unchanged:,} unchanged")
        if p.unmatched:
            lines.append(f"{len(p.unmatched):,} held by accounts matching no one in the roster (kept as account "
                         "seats: check them on the reclaim list):")
            lines.extend(f"  row {row}: {account}" for row, account in p.unmatched[:MAX_LISTED])
            if len(p.unmatched) > MAX_LISTED:
                lines.append(f"  … and {len(p.unmatched) - MAX_LISTED:,} more")
        return "\n".join(lines)


def preview_seats(ws: Workspace, path: str | Path, rollout_id: int, *, preset: str | None = None,
                  overrides: Mapping[str, str] | None = None, today: dt.date | None = None,
                  cancelled: Callable[[], bool] | None = None) -> SeatsPreview:
    """Read the file and plan the rollout's seats; writes nothing.

    Raises LayoutChoiceError (a preset or --map that does not fit); ReadCancelled when
    ``cancelled()`` turns true.
    """
    with collector_paused():
        return _preview(ws, Path(path), rollout_id, preset, overrides, today or dt.date.today(), cancelled)


def _preview(ws: Workspace, path: Path, rollout_id: int, preset: str | None, overrides: Mapping[str, str] | None,
             today: dt.date, cancelled: Callable[[], bool] | None) -> SeatsPreview:
    rollout = ws.rollouts.get(rollout_id)
    preview = SeatsPreview(path, rollout.name if rollout else "?", SeatImportPlan(rollout_id))
    if rollout is None:
        preview.plan.errors.append(RowError(None, "that rollout no longer exists"))
        return preview
    try:
        table = read_table(path, cancelled=cancelled)
    except ReadCancelled:
        raise
    except TableReadError as e:
        preview.plan.errors.append(RowError(None, str(e)))
        return preview
    preview.raw_headers = list(table.raw_headers)
    preview.rows_read = len(table.rows) + len(table.problems)
    recognition = choose_layout(ws, table.raw_headers, KIND, preset=preset, overrides=overrides)
    if recognition is None:
        recognition = match(OWN_COLUMNS, table.raw_headers)
        assert recognition is not None  # no signature: the app's own columns always match
    else:
        preview.layout_title = recognition.layout.title
    preview.missing = recognition.missing()
    if preview.missing:
        return preview
    fields = to_fields(recognition, [(row.number, row.values) for row in table.rows])
    plan = plan_seats(fields.rows, _snapshot(ws, rollout_id, today))
    plan.errors[:0] = [RowError(p.row, f"{p.column}: {p.reason}" if p.column else p.reason) for p in table.problems]
    plan.errors.extend(fields.errors)
    plan.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    preview.plan = plan
    return preview


def _snapshot(ws: Workspace, rollout_id: int, today: dt.date) -> SeatImportSnapshot:
    by_employee_id, by_email = people_index(ws)  # an email two people share names neither
    return SeatImportSnapshot(rollout_id, by_employee_id, by_email, ws.accounts.owners_in_any_system(),
                              ws.seats.stored_for_import(rollout_id), today)


def apply_seats(ws: Workspace, preview: SeatsPreview) -> int | None:
    """Write the previewed seats in one audited change; the change id, or None when nothing changes."""
    if not preview.ok:
        raise ValueError("A seats file with errors is never applied.")
    return ws.seats.apply_import(preview.plan, f"Import seats of {preview.rollout_name} from {preview.source.name}")
