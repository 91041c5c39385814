"""The Change load sheet: teams x months, the sum of the impact weights of the rollouts under way
for each team in each month (tracker.domain.change_load), as numbers in cells with a colour scale.

Cells rather than a picture: the leader can sort, filter and read exact values, and the colour
scale shows saturation at a glance. Cells above the workspace's saturation threshold are also
bold (never colour alone), and a "Months over" column counts them per team.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.reports.cells import Column, Row, finish_table, note, put, title, write_table
from tracker.reports.printing import wrap_note

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.change_load import ChangeLoad
    from tracker.reports.context import ReportContext

MONTHS_BEFORE = 0  # months shown before the as-of month (the dashboard starts at this month too)
MONTHS_SHOWN = 12
HEADER_ROW = 4


def change_load_for(ctx: ReportContext) -> ChangeLoad:
    """Teams x twelve months from the as-of month, over *every* rollout of the workspace (not
    only the report's): a team's saturation is everything it carries at once. The same
    computation as the dashboard's heatmap (tracker.services.rollout_status.change_load)."""
    from tracker.domain.change_load import add_months, month_start
    from tracker.services.rollout_status import change_load

    load: ChangeLoad = change_load(ctx.ws, MONTHS_SHOWN, first=add_months(month_start(ctx.as_of), -MONTHS_BEFORE))
    return load


def write_change_load_sheet(sheet: Worksheet, ctx: ReportContext) -> None:
    from openpyxl.formatting.rule import ColorScaleRule
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    load = change_load_for(ctx)
    title(sheet, 1, "Change load: how much change each team carries, month by month")
    weights = ", ".join(f"{impact.label.lower()} {w:g}" for impact, w in load.weights.items())
    note(sheet, 2, f"Each cell adds up the impact weights ({weights}) of the rollouts under way for the team "
                   f"that month. Above {load.threshold:g} the team is saturated: bold, and counted in "
                   "\"Months over\". Teams are listed worst first.")
    columns = (Column("Team", max_width=34), Column("Peak", "int", width=7), Column("Months over", "int", width=8),
               *(Column(m.strftime("%b %Y"), "int", width=9) for m in load.months))
    rows: list[Row] = [(t.team_name, t.peak, t.months_over, *t.loads) for t in load.teams]
    last = write_table(sheet, HEADER_ROW, columns, rows)
    first_month_col = 4
    if rows:
        span = (f"{get_column_letter(first_month_col)}{HEADER_ROW + 1}:"
                f"{get_column_letter(first_month_col + len(load.months) - 1)}{last}")
        high = max(max(t.peak for t in load.teams), load.threshold + 1)
        sheet.conditional_formatting.add(span, ColorScaleRule(  # type: ignore[no-untyped-call]  # unannotated in types-openpyxl
            start_type="num", start_value=0, start_color="FFFFFF",
            mid_type="num", mid_value=load.threshold, mid_color="FCE8B2",
            end_type="num", end_value=high, end_color="E57373"))
        bold = Font(bold=True)
        for r, t in enumerate(load.teams, start=HEADER_ROW + 1):
            for c, value in enumerate(t.loads, start=first_month_col):
                if value > load.threshold:
                    sheet.cell(row=r, column=c).font = bold
    else:
        note(sheet, HEADER_ROW + 1, "No team has a rollout under way in these months.")
    row = last + 2
    if load.undated:
        put(sheet, row, 1, "Not placed in time (no start, go-live or target date): " + ", ".join(load.undated))
    finish_table(sheet, columns, HEADER_ROW, last, heading="Rollout status: Change load", as_of=ctx.as_of)
    wrap_note(sheet, 2, len(columns))
