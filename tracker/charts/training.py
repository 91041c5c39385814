"""Training charts: completion by team, the burn-up against plan, and HR's seat plan by month.

Each function takes domain data and returns a matplotlib Figure (no pyplot, no Qt), so the
page and the report workbook draw the same picture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.charts import AMBER, BLUE, GREEN, GREY, RED, as_x, empty_figure, new_figure
from tracker.domain.training_models import BurnUp, TeamProgress
from tracker.domain.training_sessions import PlanMonth

if TYPE_CHECKING:
    from matplotlib.figure import Figure

MAX_TEAMS = 15  # more bars than this stop being readable; the worst teams are the ones to see

_PARTS = (("Completed", GREEN), ("In progress", BLUE), ("Not started", "#cfd8dc"),
          ("Overdue", RED), ("Exempt", GREY))


def build_completion_by_team_figure(teams: Sequence[TeamProgress], *, width: float = 6.0, height: float = 4.0) -> Figure:
    """Stacked horizontal bars (share of each team's requirements), worst team at the top."""
    rows = [t for t in teams if t.required > 0]
    if not rows:
        return empty_figure("No one in this selection must take a module yet.", width, height)
    rows.sort(key=lambda t: (t.percent if t.percent is not None else 2.0, -t.overdue, t.team_name))
    shown = rows[:MAX_TEAMS]
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    labels = [f"{t.team_name}  {_pct(t.percent)}" for t in shown]
    y = list(range(len(shown)))[::-1]  # worst first, at the top
    left = [0.0] * len(shown)
    for name, colour in _PARTS:
        values = [t.stacked()[name] / t.required * 100 for t in shown]
        ax.barh(y, values, left=left, color=colour, label=name, height=0.7, edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of required modules")
    title = "Completion by team, least complete first"
    if len(rows) > len(shown):
        title += f" ({len(shown)} of {len(rows)} teams)"
    fig.suptitle(title, fontsize=10)
    fig.legend(loc="outside lower center", ncols=5, fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def build_burn_up_figure(burn: BurnUp, *, width: float = 6.0, height: float = 4.0) -> Figure:
    """Cumulative completions (actual) against what should be complete by each due date (plan)."""
    if not burn.plan and not burn.actual:
        return empty_figure("No requirements with due dates, and no completions yet.", width, height)
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    if burn.plan:
        days = [d for d, _ in burn.plan]
        counts = [n for _, n in burn.plan]
        start = min([days[0], *(d for d, _ in burn.actual[:1])])
        ax.step(as_x([start, *days]), [0, *counts], where="post", color=AMBER, linewidth=2,
                label="Plan: due by this date")
    if burn.actual:
        days = [d for d, _ in burn.actual]
        counts = [n for _, n in burn.actual]
        ax.step(as_x(days), counts, where="post", color=GREEN, linewidth=2, label="Completed")
        ax.annotate(f"{counts[-1]:,}", (days[-1], counts[-1]), textcoords="offset points", xytext=(4, 4),
                    fontsize=8, color=GREEN)
    ax.axhline(burn.total, color=GREY, linestyle=":", linewidth=1, label=f"All required ({burn.total:,})")
    ax.axvline(as_x(burn.as_of), color="#555555", linestyle="--", linewidth=1, label="Today")
    ax.set_ylim(0, max(1, burn.total) * 1.08)
    ax.set_ylabel("Modules completed")
    ax.set_title("Completions against plan", fontsize=10)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.autofmt_xdate()
    return fig


def build_seat_plan_figure(months: Sequence[PlanMonth], *, width: float = 6.0, height: float = 3.5) -> Figure:
    """Seats needed (by due month) against seats scheduled, summed over modules, per month."""
    if not months:
        return empty_figure("No classroom, workshop or coaching modules to plan.", width, height)
    # A module's shortfall stays until sessions close it, also after its own last month.
    keys = sorted({m.month for m in months})
    needed = {k: 0 for k in keys}
    scheduled = {k: 0 for k in keys}
    by_module: dict[int, dict[dt.date, int]] = {}
    for m in months:
        needed[m.month] += m.needed
        scheduled[m.month] += m.scheduled
        by_module.setdefault(m.module_id, {})[m.month] = m.shortfall
    shortfall = {}
    for k in keys:
        total = 0
        for rows in by_module.values():
            earlier = [month for month in rows if month <= k]
            total += rows[max(earlier)] if earlier else 0
        shortfall[k] = total
    totals = {k: (needed[k], scheduled[k], shortfall[k]) for k in keys}
    x = list(range(len(keys)))
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    ax.bar([i - 0.2 for i in x], [totals[k][0] for k in keys], width=0.4, color=AMBER, label="Seats needed by then")
    ax.bar([i + 0.2 for i in x], [totals[k][1] for k in keys], width=0.4, color=BLUE, label="Seats scheduled")
    ax.plot(x, [totals[k][2] for k in keys], color=RED, marker="o", linewidth=1.5, label="Shortfall so far")
    ax.set_xticks(x, [f"{k:%b %Y}" for k in keys], fontsize=8, rotation=30 if len(keys) > 6 else 0)
    ax.set_ylabel("Seats")
    fig.suptitle("Seats needed against seats scheduled", fontsize=10)
    fig.legend(loc="outside lower center", ncols=3, fontsize=7, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return fig
