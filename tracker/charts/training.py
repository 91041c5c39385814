"""Training charts: completion by team, the burn-up against plan, and HR's seat plan by month.

Each function takes domain data and returns a matplotlib Figure (no pyplot, no Qt), so the
page and the report workbook draw the same picture.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.charts import AMBER, BLUE, GREEN, GREY, RED, empty_figure, new_figure, style
from tracker.domain.training_models import BurnUp, TeamProgress
from tracker.domain.training_sessions import PlanMonth

if TYPE_CHECKING:
    from tracker.charts.fitting import ChartFigure

MAX_TEAMS = 15  # more bars than this stop being readable; the worst teams are the ones to see
LABEL_CHARS = 22  # team names longer than this are shortened (the table beside has them whole)

_PARTS = (("Completed", GREEN), ("In progress", BLUE), ("Not started", "#cfd8dc"),
          ("Overdue", RED), ("Exempt", GREY))


def build_completion_by_team_figure(teams: Sequence[TeamProgress], *, width: float = 6.0,
                                    height: float = 4.0) -> ChartFigure:
    """Stacked horizontal bars (share of each team's requirements), worst team at the top."""
    rows = [t for t in teams if t.required > 0]
    if not rows:
        return empty_figure("No one in this selection must take a module yet.", width, height)
    rows.sort(key=lambda t: (t.percent if t.percent is not None else 2.0, -t.overdue, t.team_name))
    shown = rows[:MAX_TEAMS]
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    style.tidy(ax)
    labels = [f"{style.shorten(t.team_name, LABEL_CHARS)}  {_pct(t.percent)}" for t in shown]
    y = list(range(len(shown)))  # worst first, at the top
    left = [0.0] * len(shown)
    for name, colour in _PARTS:
        values = [t.stacked()[name] / t.required * 100 for t in shown]
        ax.barh(y, values, left=left, color=colour, label=name, height=0.7, edgecolor="white", linewidth=0.5)
        left = [a + b for a, b in zip(left, values)]
    ax.set_yticks(y, labels, fontsize=style.SMALL)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of required modules")
    style.title(fig, "Completion by team, least complete first", f"{len(rows)} of {len(rows)} teams")
    # As many bars as the chart's height holds (the worst first); the title says how many.
    style.fit_rows(ax, len(shown), note=lambda n, _total: style.rows_note(fig, "teams")(n, len(rows)))
    style.legend(fig)
    return fig


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


def build_burn_up_figure(burn: BurnUp, *, width: float = 6.0, height: float = 4.0) -> ChartFigure:
    """Cumulative completions (actual) against what should be complete by each due date (plan)."""
    if not burn.plan and not burn.actual:
        return empty_figure("No requirements with due dates, and no completions yet.", width, height)
    from tracker.charts.fitting import date_array, date_position

    fig = new_figure(width, height)
    ax = fig.add_subplot()
    style.tidy(ax)
    first_days = [burn.as_of]
    last_days = [burn.as_of]
    if burn.plan:
        days = [d for d, _ in burn.plan]
        counts = [n for _, n in burn.plan]
        start = min([days[0], *(d for d, _ in burn.actual[:1])])
        ax.step(date_array([start, *days]), [0, *counts], where="post", color=AMBER, linewidth=2,
                label="Plan: due by this date")
        first_days.append(start)
        last_days.append(days[-1])
    if burn.actual:
        days = [d for d, _ in burn.actual]
        counts = [n for _, n in burn.actual]
        ax.step(date_array(days), counts, where="post", color=GREEN, linewidth=2, label="Completed")
        ax.annotate(f"{counts[-1]:,}", (days[-1], counts[-1]), textcoords="offset points", xytext=(-3, 4),
                    ha="right", fontsize=style.SMALL, color=GREEN)
        first_days.append(days[0])
        last_days.append(days[-1])
    ax.axhline(burn.total, color=GREY, linestyle=":", linewidth=1, label=f"All required ({burn.total:,})")
    ax.axvline(date_position(burn.as_of), color="#555555", linestyle="--", linewidth=1, label="Today")
    # The axis spans the plan and the completions (and today), nothing more: one module's
    # chart must not stretch over years where nothing happens.
    lo, hi = min(first_days), max(last_days)
    pad = max(dt.timedelta(days=3), (hi - lo) * 0.03)
    ax.set_xlim(date_position(lo - pad), date_position(hi + pad))
    ax.set_ylim(0, max(1, burn.total) * 1.08)
    ax.set_ylabel("Modules completed")
    style.date_axis(ax)
    style.count_axis(ax)
    style.title(fig, "Completions against plan")
    style.legend(fig)
    return fig


def build_seat_plan_figure(months: Sequence[PlanMonth], *, width: float = 6.0, height: float = 3.5) -> ChartFigure:
    """Seats needed (by due month) against seats scheduled, summed over modules, per month."""
    if not months:
        return empty_figure("No classroom, workshop or coaching modules to plan.", width, height)
    # A module's shortfall stays until sessions close it, also after its own last month.
    keys = sorted({m.month for m in months})
    needed = {k: 0 for k in keys}
    scheduled = {k: 0 for k in keys}
    by_module: dict[int, dict[dt.date, int]] = {}  # module -> its shortfall by month
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
    from tracker.charts.fitting import date_array, date_position

    fig = new_figure(width, height)
    ax = fig.add_subplot()
    style.tidy(ax)
    # Bars on real dates (the month's first day, where its tick label is): a date axis shows
    # as many month labels as fit.
    needed_at = [k - dt.timedelta(days=6) for k in keys]
    scheduled_at = [k + dt.timedelta(days=6) for k in keys]
    ax.bar(date_array(needed_at), [totals[k][0] for k in keys], width=11, color=AMBER, label="Seats needed by then")
    ax.bar(date_array(scheduled_at), [totals[k][1] for k in keys], width=11, color=BLUE, label="Seats scheduled")
    ax.plot(date_array(keys), [totals[k][2] for k in keys], color=RED, marker="o", linewidth=1.5, label="Shortfall so far")
    ax.set_xlim(date_position(keys[0] - dt.timedelta(days=20)), date_position(keys[-1] + dt.timedelta(days=20)))
    style.date_axis(ax)
    style.count_axis(ax)
    ax.set_ylabel("Seats")
    style.title(fig, "Seats needed against seats scheduled")
    style.legend(fig)
    return fig
