"""The Training sheet: every rollout's teams x modules, with the share complete and the overdue.

One row per team and module (rather than a matrix per rollout), so one header is frozen and
filtered for the whole sheet and a leader can filter to a rollout, a module or the teams
behind. The share complete leaves exemptions out (tracker.domain.training.percent_complete),
as the application does; a colour scale runs over it, and the number stays in the cell.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.reports.cells import Column, finish_table, write_table

if TYPE_CHECKING:
    from tracker.reports.context import ReportContext

COLUMNS = (
    Column("Rollout", max_width=30), Column("Team", max_width=34), Column("Module", max_width=12),
    Column("Module title", max_width=40), Column("Due", "date"), Column("Required", "int"),
    Column("Completed", "int"), Column("Exempt", "int"), Column("Training %", "percent"), Column("Overdue", "int"),
)


def training_rows(ctx: "ReportContext", rollout_id: int, rollout_name: str) -> list[tuple]:
    """Each module's teams by name (the figures gathered once for the whole report)."""
    rows = []
    for module in ctx.ws.training.modules(rollout_id):
        for t in ctx.training.module(module.id):
            rows.append((rollout_name, t.team_name, module.code, module.title, module.due, t.required,
                         t.completed, t.exempt, t.percent, t.overdue))
    return rows


def write_training_sheet(sheet, ctx: "ReportContext", rows: list[tuple]) -> None:
    from openpyxl.formatting.rule import ColorScaleRule

    last = write_table(sheet, 1, COLUMNS, rows)
    if last > 1:
        sheet.conditional_formatting.add(
            f"I2:I{last}", ColorScaleRule(start_type="num", start_value=0, start_color="F4C7C3",
                                          mid_type="num", mid_value=0.5, mid_color="FCE8B2",
                                          end_type="num", end_value=1, end_color="C8E6C9"))
        sheet.conditional_formatting.add(
            f"J2:J{last}", ColorScaleRule(start_type="num", start_value=0, start_color="FFFFFF",
                                          end_type="max", end_color="F4C7C3"))
    else:
        from tracker.reports.cells import note

        note(sheet, 2, "No training modules in the rollouts of this report.")
    finish_table(sheet, COLUMNS, 1, last)
