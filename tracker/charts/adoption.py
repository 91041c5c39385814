"""Adoption over time against the target, with the S-curve forecast and its uncertainty band.

What a leader asks of this chart: are we on the path, and when will we get there? So it shows
the measured rate (solid), the planned path from go-live to the target (dashed grey), the
target itself (a green line with its date), and, when the fit is trustworthy, the forecast
(dotted, the median of the plausible curves) with its 80 % band, carried on until the forecast
reaches the target or a few months past the target date, and the forecast's answer in words
(reaches on a date, does not reach, not yet predictable). When there is no forecast, the chart
says why in words instead of drawing a confident line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from tracker.charts import BLUE, GREEN, GREY, as_x, empty_figure, new_figure
from tracker.domain.adoption import AdoptionSummary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

TEAM_LINES = 8  # more lines than this stop being readable: the worst teams are drawn, faintly
FORECAST_STEP_DAYS = 7


def _forecast_dates(summary: AdoptionSummary, start: dt.date) -> list[dt.date]:
    f = summary.forecast
    ends = [start + dt.timedelta(days=120)]
    if summary.target_date:
        ends.append(summary.target_date + dt.timedelta(days=60))
    if f.target_date:
        ends.append(f.target_date + dt.timedelta(days=30))
    end = min(max(ends), start + dt.timedelta(days=730))
    days = (end - start).days
    return [start + dt.timedelta(days=d) for d in range(0, days + 1, FORECAST_STEP_DAYS)]


def build_adoption_figure(summary: AdoptionSummary, title: str,
                          teams: Mapping[str, AdoptionSummary] | None = None, width: float = 7.0, height: float = 4.0) -> Figure:
    """The rollout's (or a team's) adoption; `teams` adds the weakest teams' lines behind it."""
    known = [(p.period_end, p.rate) for p in summary.points if p.rate is not None]
    if not known:
        return empty_figure(f"No adoption figures for {title} yet.\n"
                            "Import a usage log or enter team figures (Import usage…).", width, height)
    fig = new_figure(width, height)
    ax = fig.add_subplot()
    dates = [d for d, _ in known]
    rates = [r * 100 for _, r in known]

    if teams:
        rated = [(name, s, s.rate) for name, s in teams.items() if s.rate is not None]
        ranked = [(name, s) for name, s, _rate in sorted(rated, key=lambda item: item[2])]
        for name, team in ranked[:TEAM_LINES]:
            pts = [(p.period_end, p.rate * 100) for p in team.points if p.rate is not None]
            if pts:
                ax.plot(as_x([d for d, _ in pts]), [r for _, r in pts], color=GREY, linewidth=0.8, alpha=0.55)
                ax.annotate(name, xy=pts[-1], xytext=(3, 0), textcoords="offset points", fontsize=7, color="#757575",
                            va="center")

    ax.plot(as_x(dates), rates, color=BLUE, linewidth=2.2, label="Adoption (active / eligible)", zorder=4)
    ax.annotate(f"{rates[-1]:.0f}%", xy=(dates[-1], rates[-1]), xytext=(4, 4), textcoords="offset points",
                fontsize=9, color=BLUE, fontweight="bold")

    if summary.target is not None:
        target = summary.target * 100
        ax.axhline(target, color=GREEN, linewidth=1.2, linestyle="-", alpha=0.8)
        when = f" by {summary.target_date:%d %b %Y}" if summary.target_date else ""
        ax.annotate(f"target {target:.0f}%{when}", xy=(0, target), xycoords=("axes fraction", "data"),
                    xytext=(4, 3), textcoords="offset points", fontsize=8, color=GREEN)
        if summary.go_live and summary.target_date and summary.target_date > summary.go_live:
            ax.plot(as_x([summary.go_live, summary.target_date]), [0, target], color=GREY, linestyle="--", linewidth=1,
                    label="Planned path")

    f = summary.forecast
    if f.ok:
        future = _forecast_dates(summary, dates[-1])
        curve = [v * 100 for v in f.curve(future)]
        low, high = f.band(future)
        if low:
            ax.fill_between(as_x(future), [v * 100 for v in low], [v * 100 for v in high], color=BLUE, alpha=0.12,
                            linewidth=0, label="Forecast band (80%)")
        ax.plot(as_x(future), curve, color=BLUE, linestyle=":", linewidth=1.6, label=f"Forecast ({f.model_label})")
        if f.target_date and f.target_date > dates[-1]:  # a date still ahead, not one already passed
            ax.axvline(as_x(f.target_date), color=BLUE, linewidth=0.8, alpha=0.5)
            ax.annotate(f"forecast reaches target {f.target_date:%d %b %Y}", xy=(f.target_date, 2),
                        xytext=(-4, 0), textcoords="offset points", rotation=90, ha="right", va="bottom",
                        fontsize=7, color=BLUE)
        sentence = f.sentence(lambda d: f"{d:%d %b %Y}")
        note = sentence[0].upper() + sentence[1:]
    else:
        note = f"No forecast: {f.reason}"
    ax.set_title(f"{title}: adoption against target", fontsize=10, loc="left")
    ax.text(0.99, 0.02, note, transform=ax.transAxes, ha="right", va="bottom", fontsize=8, color="#424242")
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of eligible people active")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="upper left", fontsize=7, frameon=False)
    fig.autofmt_xdate()
    return fig
