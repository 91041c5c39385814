"""The roster import preview as table rows: every rejected row, or every change it would make.

A preview of a 100,000-person roster is too long to read as text, so it becomes one table the
user sorts and searches (by name, employee id, "Deactivated", a row number). When the file has
errors, only the rejected rows are listed: nothing else will happen until they are fixed.
The lines are built in the worker thread (`preview_lines` is plain Python), the model on the
GUI thread.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.roster import RosterPlan
from tracker.ui.models.record_table_model import Column, RecordTableModel

# The order kinds are listed in when sorted by "What": problems first, then the big changes.
KINDS = ("Rejected", "Deactivated", "New", "Changed", "Reactivated", "New team", "Team moved")


@dataclass(frozen=True, slots=True)
class PreviewLine:
    id: int
    row: int | None  # the file's row number (header is row 1); None: the whole file, or not in it
    kind: str  # one of KINDS
    who: str  # "Ann Claims (E002)" or a team name
    detail: str


def _changes(fields: dict[str, tuple[object, object]]) -> str:
    return "; ".join(f"{name.replace('_', ' ')}: {old or '(none)'} → {new or '(none)'}"
                     for name, (old, new) in fields.items())


def preview_lines(plan: RosterPlan) -> list[PreviewLine]:
    """One line per rejected row when the plan has errors, else one per change."""
    lines: list[PreviewLine] = []

    def add(row, kind, who, detail) -> None:
        lines.append(PreviewLine(len(lines), row, kind, who, detail))

    if plan.errors:
        for e in plan.errors:
            add(e.row, "Rejected", "" if e.row is not None else "(the whole file)", e.reason)
        return lines
    for team, parent in plan.new_teams:
        add(None, "New team", team, f"under {parent}" if parent else "at the top level")
    for team, old, new in plan.moved_teams:
        add(None, "Team moved", team, f"parent: {old or '(none)'} → {new or '(none)'}")
    for p in plan.new:
        add(p.row, "New", f"{p.name} ({p.employee_id})", f"in {p.team}" + (f", {p.title}" if p.title else ""))
    for change in plan.changed:
        p = change.person
        detail = _changes(change.fields)
        if change.reactivated:
            detail = "back from the leavers" + (f"; {detail}" if detail else "")
        add(p.row, "Reactivated" if change.reactivated else "Changed", f"{p.name} ({p.employee_id})", detail)
    for employee_id, name in plan.deactivated:
        if employee_id in plan.left_in_file:
            add(plan.left_in_file[employee_id], "Deactivated", f"{name} ({employee_id})",
                "the file says they have left: kept, marked as a leaver")
        else:
            add(None, "Deactivated", f"{name} ({employee_id})", "not in the file: kept, marked as a leaver")
    return lines


PREVIEW_COLUMNS: tuple[Column[PreviewLine], ...] = (
    Column("Row", lambda line: "" if line.row is None else f"{line.row:,}", sort_key=lambda line: line.row,
           align_right=True, tooltip="Row number in the file (the header is row 1)"),
    Column("What", lambda line: line.kind, sort_key=lambda line: KINDS.index(line.kind)),
    Column("Person or team", lambda line: line.who),
    Column("Details", lambda line: line.detail),
)


def make_preview_model(parent=None) -> RecordTableModel[PreviewLine]:
    return RecordTableModel(PREVIEW_COLUMNS, parent)
