"""Roster import use case: read an HR file, preview what would change, apply all or nothing.

A file from an HR system (Workday, SAP SuccessFactors, BambooHR, or one a saved mapping
knows) is read through its layout (tracker/services/layout_choice.py), a file in the app's
own columns as it always was; either way the rows reach the planner keyed by field, with
names and teams in NFC, dates parsed and status words translated.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from tracker.collector import collector_paused
from tracker.domain.export_log import IMPORT_LABELS
from tracker.domain.importing import RowError, loose_key, normalise_header
from tracker.domain.layouts import FIELDS, FieldRows, Layout, Recognition, match, to_fields
from tracker.domain.roster import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, RosterPlan, plan_roster
from tracker.io.table_reader import ReadCancelled, Table, TableReadError, read_table
from tracker.services.layout_choice import choose_layout
from tracker.store.roster import apply_roster_plan, roster_accounts, roster_snapshot
from tracker.store.workspace import Workspace

Progress = Callable[[int, str], None]

# The app's own columns, read through the same conversion as a system's export (NFC names,
# one date order per column, status words). No account column: its system would be unknown.
OWN_COLUMNS = Layout(
    key="own_roster", title="Rollout Tracker roster", kind="roster",
    columns={f: (f,) for f in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if f != "account"},
    signature=frozenset(),
    statuses={"status": {"active": "active", "leaver": "leaver", "left": "leaver", "inactive": "leaver",
                         "terminated": "leaver"}},
)


@dataclass
class RosterPreview:
    """What an import would do. `plan.errors` non-empty means it will not be applied."""

    source: Path
    plan: RosterPlan
    rows_read: int = 0
    encoding: str | None = None
    layout_title: str | None = None  # the recognised export or saved mapping; None: own columns
    raw_headers: list[str] = field(default_factory=list)
    missing: list[tuple[str, ...]] = field(default_factory=list)  # required field groups without a column

    @property
    def ok(self) -> bool:
        return self.plan.ok

    def missing_text(self) -> str:
        """One line naming the fields the file has no column for, and the columns it has."""
        labels = FIELDS["roster"].labels
        wanted = "; ".join(" or ".join(labels.get(f, f) for f in group) for group in self.missing)
        return (f"{self.source.name}: no column for {wanted} (the file's columns: "
                f"{', '.join(self.raw_headers)})")

    def report(self, *, max_errors: int | None = None) -> str:
        """The preview as plain text (the command line prints this)."""
        kind = "partial roster" if self.plan.partial else "full roster"
        lines = [f"Recognised: {self.layout_title}"] if self.layout_title else []
        lines.append(f"{self.source.name}: {self.rows_read:,} rows read ({kind})")
        if self.plan.ok:
            lines.append(self.plan.summary())
            if self.plan.mass_deactivation:
                lines.append(f"warning: {self.plan.mass_deactivation_text()}")
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
                   progress: Progress | None = None, cancelled: Callable[[], bool] | None = None,
                   preset: str | None = None, overrides: Mapping[str, str] | None = None,
                   today: dt.date | None = None) -> RosterPreview:
    """Read and check the file against the workspace; writes nothing.

    ``preset``/``overrides`` choose the layout (see choose_layout); a preset or ``--map`` that
    does not fit raises LayoutChoiceError. ``today`` decides which termination dates have
    passed. Raises ReadCancelled when `cancelled()` turns true while reading.
    """
    with collector_paused():
        return _preview(ws, Path(path), partial, progress, cancelled, preset, overrides, today)


def _preview(ws: Workspace, path: Path, partial: bool, progress: Progress | None,
             cancelled: Callable[[], bool] | None, preset: str | None,
             overrides: Mapping[str, str] | None, today: dt.date | None) -> RosterPreview:
    report = (lambda n: progress(n, f"Reading row {n:,}")) if progress else None
    try:
        table = read_table(path, progress=report, cancelled=cancelled)
    except ReadCancelled:
        raise
    except TableReadError as e:
        return RosterPreview(path, RosterPlan(partial=partial, errors=[RowError(None, str(e))]))
    recognition = choose_layout(ws, table.raw_headers, "roster", preset=preset, overrides=overrides)
    preview = RosterPreview(path, RosterPlan(partial=partial), rows_read=len(table.rows) + len(table.problems),
                            encoding=table.encoding, raw_headers=list(table.raw_headers),
                            layout_title=recognition.layout.title if recognition else None)
    if recognition is not None and recognition.missing():
        preview.missing = recognition.missing()
        preview.plan.errors.append(RowError(None, preview.missing_text()))
        return preview
    if progress:
        progress(len(table.rows), "Comparing with the workspace")
    fields, headers, notes = _field_rows(table, recognition)
    people, teams = roster_snapshot(ws)
    system = recognition.layout.account_system if recognition else None
    plan = plan_roster(
        headers,
        fields.rows,
        existing_people=people,
        existing_teams=teams,
        partial=partial,
        row_problems=[(p.row, f"{p.column}: {p.reason}" if p.column else p.reason) for p in table.problems],
        today=today,
        account_system=system if "account" in headers else None,
        existing_accounts=roster_accounts(ws, system) if system and "account" in headers else None,
    )
    plan.errors.extend(fields.errors)
    plan.warnings[:0] = notes
    plan.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
    preview.plan = plan
    return preview


def _field_rows(table: Table, recognition: Recognition | None) -> tuple[FieldRows, list[str], list[str]]:
    """The table's rows keyed by field, the fields the planner sees, and notes for the preview.

    Without a layout the app's own columns are read, and every header is passed on so that
    the planner names the ones it ignores. A second header row of labels under the field ids
    (SAP SuccessFactors writes one: its USERID column says "USERID" again) is skipped.
    """
    notes: list[str] = []
    rows = [(row.number, row.values) for row in table.rows]
    if recognition is None:
        found = match(OWN_COLUMNS, table.raw_headers)
        assert found is not None  # the app's own columns have no signature: they always match
        return to_fields(found, rows), list(table.headers), notes
    id_column = recognition.column_of["employee_id"]
    if rows and loose_key(rows[0][1].get(id_column)) == loose_key(id_column):
        notes.append(f"row {rows[0][0]} holds the columns' labels: skipped")
        rows = rows[1:]
    fields = to_fields(recognition, rows)
    # first_name + last_name are a name to the planner (to_fields joins them, or the planner
    # falls back to them on a row without a preferred name).
    headers = [h for h in recognition.column_of if h not in ("first_name", "last_name")]
    if "name" not in headers and "first_name" in recognition.column_of:
        headers.append("name")
    used = set(recognition.column_of.values())
    ignored = [raw for raw in table.raw_headers if normalise_header(raw) not in used]
    if ignored:
        notes.append("ignored columns: " + ", ".join(ignored))
    return fields, headers, notes


def apply_roster(ws: Workspace, preview: RosterPreview) -> int | None:
    """Apply a checked preview in one transaction; returns the change id (None: nothing to do).

    A full roster that deactivates more than 20% of the active people
    (``preview.plan.mass_deactivation``) is the caller's to confirm first: the command line
    wants --allow-mass-deactivation, the window asks.
    """
    with collector_paused():
        return apply_roster_plan(ws, preview.plan, f"{IMPORT_LABELS['roster']} {preview.source.name}")
