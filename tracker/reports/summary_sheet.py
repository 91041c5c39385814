"""The Summary sheet, first in the workbook: one row per rollout, worst first.

Its columns are fixed (leaders and their own spreadsheets rely on the names), it prints landscape
with its header and the rollout's name on every page (tracker/reports/printing.py), and its
health is a word on a colour. Figures a small group could be worked out from are written as
"hidden" (the same rule as the rollout sheets), never left blank.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.date_text import day_text
from tracker.reports.cells import CellValue, Column, Row, finish_table, note, write_table
from tracker.reports.printing import wrap_note
from tracker.reports.seats_sheet import SUMMARY_COLUMNS as SEAT_COLUMNS
from tracker.reports.seats_sheet import summary_cells as seat_cells

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.reports.context import ReportContext
    from tracker.services.rollout_status import RolloutStatus

HIDDEN = "hidden"
COLUMNS = (
    Column("Rollout", max_width=28), Column("Stage", max_width=11), Column("Health", "status", width=10),
    Column("Reasons", "wrap", width=50), Column("Adoption %", "percent", width=10),
    Column("Target %", "percent", width=9), Column("Target date", "date", width=11),
    Column("Forecast date", "date", width=11), Column("Training %", "percent", width=10),
    Column("Overdue training", "int", width=10), Column("Open signals", "int", width=9),
    Column("High-severity signals", "int", width=14), Column("Blocked dependencies", "int", width=14),
    Column("Overdue dependencies", "int", width=14), Column("Open gate items", "int", width=10),
    *SEAT_COLUMNS,
)
HEADERS = tuple(c.title for c in COLUMNS)
NOTE_COLUMNS = 4  # the note under the table wraps across Rollout to Reasons: the first printed page


def forecast_cell(s: RolloutStatus) -> CellValue:
    """The forecast date, or the forecast's answer when it gives none ("does not reach", "not
    yet predictable"); empty when there is no forecast."""
    outcome = s.facts.adoption.forecast if s.facts is not None else None
    if outcome is None:
        return None
    return s.forecast_date or outcome.short()


def summary_row(ctx: ReportContext, s: RolloutStatus) -> Row:
    # A rollout's signal, adoption or training totals are hidden when the people they are about,
    # all together, are a small group (the status withheld the figures then: the reason of the
    # factor says "suppressed"). The target is the rollout's, not a figure about people.
    signals_hidden, adoption_hidden, training_hidden = s.signals_hidden, s.adoption_hidden, s.training_hidden
    return (
        s.rollout.name, s.rollout.stage.label, (s.health.label, s.health.value),
        "\n".join(s.reasons) if s.reasons else "All factors green.",
        HIDDEN if adoption_hidden else s.adoption_rate, s.target_rate, s.target_date,
        HIDDEN if adoption_hidden else forecast_cell(s), HIDDEN if training_hidden else s.training_percent,
        HIDDEN if training_hidden else s.overdue_training,
        HIDDEN if signals_hidden else s.open_signals, HIDDEN if signals_hidden else s.high_severity_signals,
        s.blocked_dependencies, s.overdue_dependencies, s.open_gate_items,
        *seat_cells(ctx, s.rollout.id),
    )


def write_summary_sheet(sheet: Worksheet, ctx: ReportContext, statuses: list[RolloutStatus]) -> None:
    last = write_table(sheet, 1, COLUMNS, [summary_row(ctx, s) for s in statuses])
    note_row = last + 2
    note(sheet, note_row, f"Status as of {day_text(ctx.as_of)}. Health: red, amber or green by the rule on the "
                          "About sheet, with the reasons of every factor that is not green, worst first. "
                          "Each rollout has a sheet of its own with its teams, charts and tables.")
    if not statuses:
        note(sheet, 2, "No rollouts in this workspace yet.")
    finish_table(sheet, COLUMNS, 1, last, heading="Rollout status: Summary", as_of=ctx.as_of)
    wrap_note(sheet, note_row, NOTE_COLUMNS)
