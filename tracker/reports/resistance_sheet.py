"""The Resistance sheet: open and resolved signals by rollout, team and type. No person named.

Only counts leave the application: no descriptions, mitigations, owners or people (a signal's
text often names someone). Teams whose figures the minimum group size hides are left out
entirely, with the same groups hidden as on the rollout sheets (tracker/reports/context.py),
and the sheet says how many were left out.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.domain.readiness import SignalType
from tracker.reports.cells import Column, finish_table, note, title, write_table
from tracker.reports.printing import wrap_note

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.reports.context import ReportContext

HEADER_ROW = 3
COLUMNS = (
    Column("Rollout", max_width=30), Column("Team", max_width=34), Column("Signal type", max_width=26),
    Column("Open", "int"), Column("Resolved", "int"), Column("Worst open severity", "int"),
)


def resistance_rows(ctx: ReportContext, rollout_id: int, rollout_name: str) -> tuple[list[tuple[Any, ...]], int]:
    """The rows of one rollout, and how many of its teams are hidden: all of them, with signals or
    without (counting only those with signals would tell that the others have none)."""
    privacy = ctx.privacy(rollout_id)
    counts: dict[tuple[str, SignalType], list[int | None]] = {}  # [open, resolved, worst open severity]
    for s in ctx.signals(rollout_id):
        if privacy.signals_hidden(s.team_id):
            continue
        entry = counts.setdefault((s.team_name, s.type), [0, 0, None])
        if s.unresolved:
            entry[0] = (entry[0] or 0) + 1
            entry[2] = max(entry[2] or 0, s.severity)
        else:
            entry[1] = (entry[1] or 0) + 1
    order = list(SignalType)
    rows = [(rollout_name, team, kind.label, n_open, n_resolved, worst)
            for (team, kind), (n_open, n_resolved, worst)
            in sorted(counts.items(), key=lambda kv: (kv[0][0].casefold(), order.index(kv[0][1])))]
    return rows, len(privacy.signals.hidden)


def write_resistance_sheet(sheet: Worksheet, ctx: ReportContext, rows: list[tuple[Any, ...]], hidden_teams: int) -> None:
    title(sheet, 1, "Resistance signals by team and type")
    if hidden_teams:
        note(sheet, 2, f"The signals of {hidden_teams} team(s) are left out, whether they have any or not: "
                       f"fewer than {ctx.minimum_group_size} people, or hidden so that a small team cannot be "
                       "worked out from the totals.")
    else:
        note(sheet, 2, f"Counts only; no person is named. Teams under {ctx.minimum_group_size} people "
                       "would be left out (there are none).")
    last = write_table(sheet, HEADER_ROW, COLUMNS, rows)
    if not rows:
        note(sheet, HEADER_ROW + 1, "No resistance signals to show.")
    finish_table(sheet, COLUMNS, HEADER_ROW, last, heading="Rollout status: Resistance", as_of=ctx.as_of)
    wrap_note(sheet, 2, len(COLUMNS))
