"""The Dependencies, Gate checklist, RACI and KPIs sheets: each area of every rollout of the
report on a sheet of its own, rollout after rollout under the rollout's name.

They used to sit under the teams on each rollout's sheet, where a sheet has one width per
column: the dependencies' 45-character "What" widened column C under the teams' "Eligible", so
printed numbers sat under the wrong header. On a sheet of their own, each area's tables share
their columns only with tables of the same columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from tracker.reports import rollout_tables as tables
from tracker.reports.cells import fit_widths

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.models import Rollout
    from tracker.reports.cells import Table
    from tracker.reports.context import ReportContext

# Sheet name -> the function writing one rollout's section of it: (sheet, row, context, rollout
# id, heading) -> (the next free row, the tables written).
DELIVERY_SHEETS: dict[str, Callable[[Worksheet, int, ReportContext, int, str], tuple[int, tuple[Table, ...]]]] = {
    "Dependencies": tables.dependencies,
    "Gate checklist": tables.gates,
    "RACI": tables.raci,
    "KPIs": tables.kpis,
}


def write_delivery_sheet(sheet: Worksheet, ctx: ReportContext, rollouts: list[Rollout]) -> None:
    """Fill `sheet` (titled one of DELIVERY_SHEETS) with that area of each of `rollouts`."""
    from tracker.reports.cells import note, title
    from tracker.reports.printing import set_print

    write = DELIVERY_SHEETS[sheet.title]
    title(sheet, 1, f"{sheet.title} of each rollout")
    row = 3
    finished: list[Table] = []
    for rollout in rollouts:
        row, done = write(sheet, row, ctx, rollout.id, rollout.name)
        finished += done
    if not rollouts:
        note(sheet, row, "No rollouts in this report.")
    for columns, header, end in finished:
        fit_widths(sheet, columns, header, end)
    set_print(sheet, heading=f"Rollout status: {sheet.title}", as_of=ctx.as_of)
