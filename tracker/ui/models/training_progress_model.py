"""Columns of the Training page's progress tables: teams, and the people/modules drill-down.

Percentages sort by their number (no figure sorts last), and overdue rows say so in words, not
only in colour.
"""

from __future__ import annotations

from tracker.domain.date_text import day_text
from tracker.domain.training_models import PersonModule, TeamProgress
from tracker.ui.models.record_table_model import Column, RecordTableModel


def percent_text(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"



TEAM_COLUMNS: tuple[Column[TeamProgress], ...] = (
    Column("Team", lambda t: t.team_name),
    Column("Required", lambda t: f"{t.required:,}", sort_key=lambda t: t.required, align_right=True),
    Column("Completed", lambda t: f"{t.completed:,}", sort_key=lambda t: t.completed, align_right=True),
    Column("In progress", lambda t: f"{t.in_progress:,}", sort_key=lambda t: t.in_progress, align_right=True),
    Column("Overdue", lambda t: f"{t.overdue:,}", sort_key=lambda t: t.overdue, align_right=True,
           tooltip="Not completed nor exempt, and past the module's due date"),
    Column("Exempt", lambda t: f"{t.exempt:,}", sort_key=lambda t: t.exempt, align_right=True),
    Column("% complete", lambda t: percent_text(t.percent),
           sort_key=lambda t: -1.0 if t.percent is None else t.percent, align_right=True,
           tooltip="Completed ÷ (required − exempt)"),
)
TEAM_PERCENT = len(TEAM_COLUMNS) - 1


def status_text(r: PersonModule) -> str:
    text = r.status.label
    if r.overdue:
        text += " (overdue)"
    if r.status.value == "exempt" and r.exempt_reason:
        text += f": {r.exempt_reason}"
    return text


PERSON_MODULE_COLUMNS: tuple[Column[PersonModule], ...] = (
    Column("Person", lambda r: r.person_name),
    Column("Employee id", lambda r: r.employee_id),
    Column("Team", lambda r: r.team_name),
    Column("Manager", lambda r: r.manager_name),
    Column("Module", lambda r: r.module_code + (" (by hand)" if r.assigned_by_hand else "")),
    Column("Status", status_text),
    Column("Due", lambda r: day_text(r.due), sort_key=lambda r: r.due),
    Column("Completed on", lambda r: day_text(r.completed_on), sort_key=lambda r: r.completed_on),
    Column("Score", lambda r: "" if r.score is None else f"{r.score:g}", sort_key=lambda r: r.score,
           align_right=True),
    Column("Seat booked", lambda r: day_text(r.enrolled_on), sort_key=lambda r: r.enrolled_on),
)


def make_team_progress_model(parent=None) -> RecordTableModel[TeamProgress]:
    return RecordTableModel(TEAM_COLUMNS, parent)


def make_person_module_model(parent=None) -> RecordTableModel[PersonModule]:
    return RecordTableModel(PERSON_MODULE_COLUMNS, parent, muted=lambda r: r.status.value == "exempt")
