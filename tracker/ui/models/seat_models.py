"""The Seats tab's and the dashboard's seat tables: columns over the records the store judged.

Reclaim lines (tracker/domain/seats.py) sort by their raw values (days inactive as a number,
"never used" as the longest, dates as dates); every column's text is searchable, so "never"
or a team's name filters the list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from tracker.domain.date_text import day_text
from tracker.domain.seat_cohorts import TeamFirstUse
from tracker.domain.seat_records import Decision
from tracker.domain.seat_tools import TeamTools
from tracker.domain.seats import Category, ReclaimLine
from tracker.services.seat_overview import LeaveRow, PersonToolsRow
from tracker.services.seat_portfolio import SeatFigures
from tracker.ui.models.record_table_model import Column

VERDICTS = {Category.RECLAIM: "Reclaim", Category.KEEP: "Keep", Category.LEAVER: "Leaver: reclaim at once",
            Category.UNKNOWN_HOLDER: "Check holder"}
NEVER = 10**6  # "never used" sorts as the longest inactive


def line_key(line: ReclaimLine) -> Any:
    """What identifies a seat across reloads: its holder (a rollout has one seat per person or
    account; a seat known from usage gets its stored id only when decided on)."""
    seat = line.seat
    return (seat.person_id, "") if seat.person_id is not None else (None, seat.account.casefold())


def decision_text(line: ReclaimLine) -> str:
    d = line.decision
    if d is None:
        return "Awaiting decision" if line.recommended else ""
    if d.decision is Decision.APPROVED:
        return f"Approved by {d.decided_by}, {day_text(d.decided_on)}"
    return f"Rejected by {d.decided_by}, {day_text(d.decided_on)}: {d.reason}"


def cost_text(line: ReclaimLine) -> str:
    cost = line.seat.monthly_cost
    return "" if cost is None else f"{cost:,.2f} {line.seat.currency}".rstrip()


def _days(line: ReclaimLine) -> str:
    if line.days_inactive is None:
        return "never used"
    return f"{line.days_inactive:,}"


# The reason beside the name and the figures: it is what a change manager reads to decide.
RECLAIM_COLUMNS: tuple[Column[ReclaimLine], ...] = (
    Column("Name or account", lambda ln: ln.name),
    Column("Team", lambda ln: ln.holder.team if ln.holder else "(not in the roster)"),
    Column("Verdict", lambda ln: VERDICTS[ln.category], tooltip="What the reclaim rules say about the seat"),
    Column("Days inactive", _days, lambda ln: ln.days_inactive if ln.days_inactive is not None else NEVER,
           align_right=True, tooltip="Days since the holder last used the tool"),
    Column("Cost / month", cost_text, lambda ln: ln.seat.monthly_cost, align_right=True),
    Column("Why", lambda ln: ln.reason, cell_tooltip=lambda ln: "\n".join(ln.reasons),
           tooltip="Every reason that applies, the deciding one first"),
    Column("Decision", decision_text, cell_tooltip=decision_text),
    Column("Last used", lambda ln: day_text(ln.last_used) if ln.last_used else "", lambda ln: ln.last_used),
    Column("Employee id", lambda ln: ln.holder.employee_id if ln.holder else ""),
)
RECLAIM_WIDTHS = {0: 150, 1: 120, 2: 80, 3: 95, 4: 95, 5: 300, 6: 190, 7: 90, 8: 80}


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def _hidden_or(text: str, figures: SeatFigures) -> str:
    return "hidden" if figures.hidden else text


PORTFOLIO_COLUMNS: tuple[Column[SeatFigures], ...] = (
    Column("Rollout or tool", lambda f: f.name),
    Column("AI tool", lambda f: f.tool if f.rollout_id is not None else ", ".join(f.rollouts),
           tooltip="A rollout's line names its tool; a tool's line names its rollouts"),
    Column("Seats", lambda f: _hidden_or(_count(f.seats), f), lambda f: f.seats, align_right=True,
           tooltip="Seats held today"),
    Column("Inactive", lambda f: _hidden_or(_count(f.inactive), f), lambda f: f.inactive, align_right=True,
           tooltip="Held seats not used within the rollout's inactive days"),
    Column("To decide", lambda f: _hidden_or(_count(f.awaiting), f), lambda f: f.awaiting, align_right=True,
           tooltip="Recommended for reclaim; no change manager has decided yet"),
    Column("Recoverable", lambda f: f.recoverable_text,
           lambda f: sum(f.recoverable.values()) if not f.hidden else None, align_right=True,
           tooltip="Per month: the cost of the recommended seats still held and not kept"),
)
PORTFOLIO_WIDTHS = {0: 150, 1: 120, 2: 50, 3: 60, 4: 65}  # the recoverable cost takes the rest


def _tools(row: TeamTools) -> str:
    if row.hidden:
        return "hidden (small group)"
    return "; ".join(f"{tool}: {held:,} seats, {used:,} using" for tool, (held, used) in sorted(row.tools.items()))


TEAM_TOOLS_COLUMNS: tuple[Column[TeamTools], ...] = (
    Column("Team", lambda t: t.team),
    Column("Seat holders", lambda t: _count(t.people) if not t.hidden else "hidden",
           lambda t: t.people if not t.hidden else None, align_right=True),
    Column("Tools (seats, using)", _tools, cell_tooltip=_tools),
    Column("In several tools", lambda t: "" if t.hidden else f"{t.several:,}",
           lambda t: None if t.hidden else t.several, align_right=True,
           tooltip="Seat holders with seats in more than one AI tool"),
    Column("Crowding out", lambda t: "; ".join(t.crowding), cell_tooltip=lambda t: "\n".join(t.crowding),
           tooltip="Of the people with seats in both tools, at least half use only the one"),
)
TEAM_TOOLS_WIDTHS = {0: 170, 1: 90, 2: 330, 3: 100, 4: 300}


PERSON_TOOLS_COLUMNS: tuple[Column[PersonToolsRow], ...] = (
    Column("Name", lambda p: p.name),
    Column("Employee id", lambda p: p.employee_id),
    Column("Team", lambda p: p.team),
    Column("Seats in", lambda p: ", ".join(p.held), lambda p: len(p.held)),
    Column("Uses", lambda p: ", ".join(p.used) or "none of them", lambda p: len(p.used)),
)
PERSON_TOOLS_WIDTHS = {0: 170, 1: 90, 2: 150, 3: 260, 4: 260}


def _median(days: float | None, people: int, hidden: str) -> str:
    if hidden:
        return "hidden"
    return "" if days is None else f"{days:,.0f} days (of {people:,})"


FIRST_USE_COLUMNS: tuple[Column[TeamFirstUse], ...] = (
    Column("Team", lambda t: t.team),
    Column("Seat holders", lambda t: "hidden" if t.hidden else f"{t.people:,}",
           lambda t: None if t.hidden else t.people, align_right=True),
    Column("Seat to first use", lambda t: _median(t.seat_days, t.seat_people, t.hidden),
           lambda t: t.seat_days, align_right=True,
           tooltip="Median days from the seat's day (seats files only) to first use"),
    Column("Training to first use", lambda t: _median(t.training_days, t.training_people, t.hidden),
           lambda t: t.training_days, align_right=True,
           tooltip="Median days from first completed module of the rollout to first use"),
    Column("Used before training", lambda t: "" if t.hidden else f"{t.used_before_training:,}",
           lambda t: None if t.hidden else t.used_before_training, align_right=True,
           tooltip="Trained people who first used the tool before their training (counted apart)"),
)
FIRST_USE_WIDTHS = {0: 130, 1: 80, 2: 120, 3: 130, 4: 110}


LEAVE_COLUMNS: tuple[Column[LeaveRow], ...] = (
    Column("Name", lambda r: r.name),
    Column("Employee id", lambda r: r.employee_id),
    Column("Team", lambda r: r.team),
    Column("From", lambda r: day_text(r.starts_on), lambda r: r.starts_on),
    Column("Until", lambda r: day_text(r.ends_on) if r.ends_on else "until further notice",
           lambda r: r.ends_on or dt.date.max, tooltip="The last day of leave"),
    Column("Now", lambda r: r.state),
)
LEAVE_WIDTHS = {0: 170, 1: 90, 2: 150, 3: 100, 4: 140}
