"""The Training sheet: every rollout's teams x modules, with the share complete and the overdue.

One row per team and module (rather than a matrix per rollout), so one header is frozen and
filtered for the whole sheet and a leader can filter to a rollout, a module or the teams
behind. The share complete leaves exemptions out (tracker.domain.training.percent_complete),
as the application does; a colour scale runs over it, and the number stays in the cell.
Teams the small-group rule hides (tracker/reports/context.py) are left out, and counted under
the table; a module few of a shown team must take says "hidden" in that team's row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.reports.cells import Column, finish_table, write_table

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.training_models import TeamProgress
    from tracker.reports.context import ReportContext

HIDDEN = "hidden"
COLUMNS = (
    Column("Rollout", max_width=30), Column("Team", max_width=34), Column("Module", max_width=12),
    Column("Module title", max_width=40), Column("Due", "date"), Column("Required", "int"),
    Column("Completed", "int"), Column("Exempt", "int"), Column("Training %", "percent"), Column("Overdue", "int"),
)


def training_rows(ctx: ReportContext, rollout_id: int, rollout_name: str) -> tuple[list[tuple[Any, ...]], int, int]:
    """Each module's teams by name (the figures gathered once for the whole report); how many of
    the rollout's teams the small-group rule leaves out (all of them when its trainees are too
    few: the same decision as the rollout's sheet and its health reasons); and how many rows of
    the teams shown say "hidden" because few of the team must take that module
    (tracker/domain/rollout_privacy.py `module_suppression`)."""
    from tracker.domain.rollout_privacy import module_suppression

    privacy = ctx.privacy(rollout_id)
    modules = ctx.ws.training.modules(rollout_id)
    teams: dict[int | None, dict[int, TeamProgress]] = {}  # team -> module id -> its progress in that module
    for module in modules:
        for t in ctx.training.module(module.id):
            teams.setdefault(t.team_id, {})[module.id] = t
    small = {team: set(module_suppression({m: t.required for m, t in by_module.items()},
                                          ctx.minimum_group_size).hidden)
             for team, by_module in teams.items()}
    rows, hidden_rows = [], 0
    for module in modules:
        for t in ctx.training.module(module.id):
            if privacy.training_total_hidden or privacy.training_hidden(t.team_id):
                continue
            figures: tuple[object, ...] = (t.required, t.completed, t.exempt, t.percent, t.overdue)
            if module.id in small[t.team_id]:
                figures = (HIDDEN,) * len(figures)
                hidden_rows += 1
            rows.append((rollout_name, t.team_name, module.code, module.title, module.due, *figures))
    hidden = len(teams) if privacy.training_total_hidden else len(teams.keys() & set(privacy.training.hidden))
    return rows, hidden, hidden_rows


def write_training_sheet(sheet: Worksheet, ctx: ReportContext, rows: list[tuple[Any, ...]], hidden_teams: int = 0,
                         hidden_rows: int = 0) -> None:
    from openpyxl.formatting.rule import ColorScaleRule

    from tracker.reports.cells import note

    header = 1
    last = write_table(sheet, header, COLUMNS, rows)
    below = max(last, header + 1) + 2  # under the table, after a blank row: the header stays where filters expect it
    if hidden_teams:
        note(sheet, below, f"The figures of {hidden_teams} team(s) are left out: fewer than {ctx.minimum_group_size} "
                           "people must take training there, or hidden so that a small team cannot be worked "
                           "out from the totals.")
        below += 1
    if hidden_rows:
        note(sheet, below, f"\"{HIDDEN}\" in {hidden_rows} row(s): fewer than {ctx.minimum_group_size} people of "
                           "the team must take that module, or hidden so that such a module cannot be worked out "
                           "from the team's figures.")
    if last > header:
        sheet.conditional_formatting.add(
            f"I{header + 1}:I{last}", ColorScaleRule(  # type: ignore[no-untyped-call]  # unannotated in types-openpyxl
                start_type="num", start_value=0, start_color="F4C7C3",
                                                     mid_type="num", mid_value=0.5, mid_color="FCE8B2",
                                                     end_type="num", end_value=1, end_color="C8E6C9"))
        sheet.conditional_formatting.add(
            f"J{header + 1}:J{last}", ColorScaleRule(  # type: ignore[no-untyped-call]  # (the same)
                start_type="num", start_value=0, start_color="FFFFFF",
                                                     end_type="max", end_color="F4C7C3"))
    else:
        note(sheet, header + 1, "No training figures to show." if hidden_teams else
             "No training modules in the rollouts of this report.")
    finish_table(sheet, COLUMNS, header, last, heading="Rollout status: Training", as_of=ctx.as_of)
