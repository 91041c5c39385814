"""Seats in the status workbook: the Summary's seat columns and the Seats sheet.

The Summary gives each rollout's held seats, inactive seats and the monthly cost recoverable
(tracker/domain/seats.py); the Seats sheet one row per rollout and team, with the training
uplift's sentence under the table. A rollout whose seat holders are fewer than the minimum
group size says "hidden" in all three Summary columns and has no rows; a team hidden by the
small-group rule (small, or the next-smallest a rollout's total would give away) is left out
and counted under the table. The uplift is suppressed by its own rule (tracker/domain/seat_uplift.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tracker.domain.privacy import suppress
from tracker.domain.seats import Category
from tracker.reports.cells import Column, finish_table, note, write_table
from tracker.reports.printing import wrap_note

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from tracker.domain.seats import ReclaimList
    from tracker.reports.context import ReportContext

HIDDEN = "hidden"
SUMMARY_COLUMNS = (Column("Seats", "int", width=8), Column("Inactive seats", "int", width=10),
                   Column("Recoverable / month", width=14))
COLUMNS = (
    Column("Rollout", max_width=30), Column("Tool", max_width=26), Column("Team", max_width=34),
    Column("Seats", "int"), Column("Active", "int"), Column("Inactive", "int"),
    Column("Recommended for reclaim", "int", width=14), Column("Leavers' seats", "int", width=10),
    Column("Recoverable / month", width=16),
)


def seats_hidden(ctx: ReportContext, listed: ReclaimList) -> bool:
    """A rollout's seat figures are hidden when its seat holders are a small group."""
    return 0 < listed.held_seats < ctx.minimum_group_size


def summary_cells(ctx: ReportContext, rollout_id: int) -> tuple[Any, Any, Any]:
    """The Summary's "Seats", "Inactive seats", "Recoverable / month" of one rollout."""
    listed = ctx.seats(rollout_id)
    if not listed.held_seats:
        return None, None, None
    if seats_hidden(ctx, listed):
        return HIDDEN, HIDDEN, HIDDEN
    return listed.held_seats, listed.inactive_seats, listed.recoverable_text() or None


def seat_rows(ctx: ReportContext, rollout_id: int, rollout: str, tool: str) -> tuple[list[tuple[Any, ...]], int]:
    """One row per team of the rollout's held seats; and how many teams the rule leaves out."""
    listed = ctx.seats(rollout_id)
    teams: dict[int | None, list[Any]] = {}
    for line in listed.lines:
        if line.reclaimed:
            continue
        team = (line.holder.team_id, line.holder.team) if line.holder else (None, "(not in the roster)")
        teams.setdefault(team[0], [team[1], 0, 0, 0, 0, 0, {}])
        row = teams[team[0]]
        row[1] += 1
        row[2 if line.active else 3] += 1
        row[5] += line.category is Category.LEAVER
        if line.recoverable:
            row[4] += 1
            if line.seat.monthly_cost is not None:
                row[6][line.seat.currency] = row[6].get(line.seat.currency, 0.0) + line.seat.monthly_cost
    if not teams:
        return [], 0
    if seats_hidden(ctx, listed):
        return [], len(teams)
    hidden = suppress({t: r[1] for t, r in teams.items()}, ctx.minimum_group_size, total=listed.held_seats).hidden
    rows = []
    for team_id, (name, seats, active, inactive, recommended, leavers, money) in sorted(
            teams.items(), key=lambda kv: str(kv[1][0]).casefold()):
        if team_id in hidden:
            continue
        cost = " + ".join(f"{amount:,.2f} {currency}".rstrip() for currency, amount in sorted(money.items()))
        rows.append((rollout, tool, name or "(no team)", seats, active, inactive, recommended, leavers, cost or None))
    return rows, len(hidden)


def write_seats_sheet(sheet: Worksheet, ctx: ReportContext, rollouts: list[tuple[int, str]]) -> None:
    """The Seats sheet for these (rollout id, name) pairs."""
    from tracker.services.seat_insights import seat_uplift

    tools = ctx.ws.seats.tools()
    rows: list[tuple[Any, ...]] = []
    hidden_teams = 0
    uplifts: list[str] = []
    for rollout_id, name in rollouts:
        found, hidden = seat_rows(ctx, rollout_id, name, tools.get(rollout_id, name))
        rows += found
        hidden_teams += hidden
        if ctx.seats(rollout_id).held_seats:
            uplifts.append(f"{name}: {seat_uplift(ctx.ws, rollout_id, ctx.as_of).sentence()}")
    header = 1
    last = write_table(sheet, header, COLUMNS, rows)
    below = max(last, header + 1) + 2
    note(sheet, below, "Seats held on the report's day. Active: used the tool within the rollout's inactive days "
                       "(30 unless set). Recommended for reclaim: inactive seats nothing protects (new starters, "
                       "new seats, training not done, leave) and leavers' seats, unless a change manager kept them.")
    below += 1
    if hidden_teams:
        note(sheet, below, f"The figures of {hidden_teams} team(s) are left out: fewer than {ctx.minimum_group_size} "
                           "seat holders, or hidden so that a small team cannot be worked out from the totals.")
        below += 1
    for sentence in uplifts:
        note(sheet, below, sentence)
        below += 1
    finish_table(sheet, COLUMNS, header, max(last, header), heading="Rollout status: Seats", as_of=ctx.as_of)
    for row in range(max(last, header + 1) + 2, below):  # after the widths are fitted: notes wrap to them
        wrap_note(sheet, row, len(COLUMNS))
