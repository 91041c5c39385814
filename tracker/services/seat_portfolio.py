"""Seats across the portfolio: per rollout and per AI tool, the seats held, the inactive ones,
those awaiting a decision and the monthly cost recoverable (the dashboard's seats view).

Figures are the reclaim lists' (tracker/domain/seats.py, read through the store), so the
dashboard, the Seats tab and the status report's Summary columns agree. Like the Summary, a
rollout (or tool) whose held seats are fewer than the workspace's minimum group size is marked
``hidden``; its figures are then not given. Rollouts naming the same tool (ignoring case) are
one tool: a person holding seats through both counts once. Looking never writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from tracker.domain.seats import ReclaimLine, ReclaimList
from tracker.store.workspace import Workspace


def money_text(amounts: Mapping[str, float]) -> str:
    """"1,200.00 EUR + 300.00 USD" (one amount per currency); "" when nothing is priced."""
    return " + ".join(f"{amount:,.2f} {currency}".rstrip() for currency, amount in sorted(amounts.items()))


@dataclass(frozen=True)
class SeatFigures:
    """One line of the portfolio. ``rollout_id`` None: a tool's line (over ``rollouts``).

    ``hidden``: fewer held seats than the minimum group size (then every count is None)."""

    tool: str
    rollouts: tuple[str, ...]
    rollout_id: int | None
    seats: int | None
    inactive: int | None
    awaiting: int | None  # recommended, nobody decided yet
    recoverable: Mapping[str, float] = field(default_factory=dict)
    unpriced: int = 0
    hidden: bool = False

    @property
    def name(self) -> str:
        return self.rollouts[0] if self.rollout_id is not None and self.rollouts else self.tool

    @property
    def recoverable_text(self) -> str:
        if self.hidden:
            return "hidden"
        text = money_text(self.recoverable)
        if self.unpriced:
            text += (" + " if text else "") + f"{self.unpriced:,} unpriced"
        return text


@dataclass(frozen=True)
class SeatPortfolio:
    as_of: dt.date
    rollouts: list[SeatFigures]
    tools: list[SeatFigures]
    minimum: int


def _holder_key(line: ReclaimLine) -> tuple[str, object]:
    seat = line.seat
    return ("person", seat.person_id) if seat.person_id is not None else ("account", seat.account.casefold())


def seat_portfolio(ws: Workspace, as_of: dt.date | None = None) -> SeatPortfolio:
    """Every rollout's seat figures on ``as_of`` (today by default), and each tool's."""
    day = as_of or dt.date.today()
    minimum = ws.settings.minimum_group_size
    tools = ws.seats.tools()
    rollouts = sorted(ws.rollouts.list(), key=lambda r: r.name.casefold())
    per_rollout: list[SeatFigures] = []
    by_tool: dict[str, list[tuple[str, ReclaimList]]] = {}
    for rollout in rollouts:
        listed = ws.seats.reclaim_list(rollout.id, day)
        tool = tools.get(rollout.id, rollout.name)
        by_tool.setdefault(tool.casefold(), []).append((tool, listed))
        per_rollout.append(_figures(tool, (rollout.name,), rollout.id, listed, minimum))
    per_tool = []
    for key in sorted(by_tool):
        group = by_tool[key]
        rollout_names = tuple(f.rollouts[0] for f in per_rollout if f.tool.casefold() == key)
        per_tool.append(_tool_figures(group[0][0], rollout_names, [listed for _t, listed in group], minimum))
    return SeatPortfolio(day, per_rollout, per_tool, minimum)


def _figures(tool: str, rollouts: tuple[str, ...], rollout_id: int, listed: ReclaimList, minimum: int) -> SeatFigures:
    held = listed.held_seats
    if 0 < held < minimum:
        return SeatFigures(tool, rollouts, rollout_id, None, None, None, hidden=True)
    awaiting = sum(1 for line in listed.pending)
    return SeatFigures(tool, rollouts, rollout_id, held, listed.inactive_seats, awaiting,
                       dict(listed.recoverable), listed.unpriced)


def _tool_figures(tool: str, rollouts: tuple[str, ...], lists: list[ReclaimList], minimum: int) -> SeatFigures:
    """One tool over its rollouts: each holder once (active if active in any of them)."""
    held: dict[tuple[str, object], bool] = {}
    awaiting: set[tuple[str, object]] = set()
    money: dict[str, float] = {}
    unpriced = 0
    for listed in lists:
        for line in listed.lines:
            if line.reclaimed:
                continue
            key = _holder_key(line)
            held[key] = held.get(key, False) or line.active
            if line.recommended and line.decision is None:
                awaiting.add(key)
        for currency, amount in listed.recoverable.items():
            money[currency] = money.get(currency, 0.0) + amount
        unpriced += listed.unpriced
    if 0 < len(held) < minimum:
        return SeatFigures(tool, rollouts, None, None, None, None, hidden=True)
    inactive = sum(1 for active in held.values() if not active)
    return SeatFigures(tool, rollouts, None, len(held), inactive, len(awaiting), money, unpriced)
