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

from tracker.charts import BLUE, GREEN, GREY, empty_figure, new_figure, style
from tracker.domain.adoption import AdoptionSummary

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from tracker.charts.fitting import ChartFigure

TEAM_LINES = 8  # more lines than this stop being readable: the worst teams are drawn, faintly
TEAM_LABEL_CHARS = 24  # end labels longer than this are shortened (the teams table has the full name)
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
                          teams: Mapping[str, AdoptionSummary] | None = None, width: float = 7.0,
                          height: float = 4.0) -> ChartFigure:
    """The rollout's (or a team's) adoption; `teams` adds the weakest teams' lines behind it."""
    known = [(p.period_end, p.rate) for p in summary.points if p.rate is not None]
    if not known:
        return empty_figure(f"No adoption figures for {title} yet.\n"
                            "Import a usage log or enter team figures (Import usage…).", width, height)
    from tracker.charts.fitting import date_array, date_position

    fig = new_figure(width, height)
    ax = fig.add_subplot()
    style.tidy(ax)
    dates = [d for d, _ in known]
    rates = [r * 100 for _, r in known]

    if teams:
        ranked = sorted(((s.rate, name, s) for name, s in teams.items() if s.rate is not None), key=lambda t: t[0])
        ends: list[tuple[object, float, str]] = []
        for _rate, name, team in ranked[:TEAM_LINES]:
            pts = [(p.period_end, p.rate * 100) for p in team.points if p.rate is not None]
            if pts:
                ax.plot(date_array([d for d, _ in pts]), [r for _, r in pts], color=GREY, linewidth=0.8, alpha=0.55)
                ends.append((*pts[-1], style.shorten(name, TEAM_LABEL_CHARS)))
        shown_note = _TeamNote(ax, len(ranked))
        style.end_labels(ax, ends, note=shown_note)

    ax.plot(date_array(dates), rates, color=BLUE, linewidth=2.2, label="Adoption (active / eligible)", zorder=4)
    ax.annotate(f"{rates[-1]:.0f}%", xy=(dates[-1], rates[-1]), xytext=(-4, 5), textcoords="offset points",
                ha="right", fontsize=style.BODY, color=BLUE, fontweight="bold")

    if summary.target is not None:
        target = summary.target * 100
        ax.axhline(target, color=GREEN, linewidth=1.2, linestyle="-", alpha=0.8)
        when = f" by {style.day(summary.target_date)}" if summary.target_date else ""
        ax.annotate(f"target {target:.0f}%{when}", xy=(0, target), xycoords=("axes fraction", "data"),
                    xytext=(4, 3), textcoords="offset points", fontsize=style.SMALL, color=GREEN)
        if summary.go_live and summary.target_date and summary.target_date > summary.go_live:
            ax.plot(date_array([summary.go_live, summary.target_date]), [0, target], color=GREY, linestyle="--", linewidth=1,
                    label="Planned path")

    f = summary.forecast
    if f.ok:
        future = _forecast_dates(summary, dates[-1])
        curve = [v * 100 for v in f.curve(future)]
        low, high = f.band(future)
        if low:
            ax.fill_between(date_array(future), [v * 100 for v in low], [v * 100 for v in high], color=BLUE, alpha=0.12,
                            linewidth=0, label="Forecast band (80%)")
        ax.plot(date_array(future), curve, color=BLUE, linestyle=":", linewidth=1.6, label=f"Forecast ({f.model_label})")
        if f.target_date and f.target_date > dates[-1]:  # a date still ahead, not one already passed
            ax.axvline(date_position(f.target_date), color=BLUE, linewidth=0.8, alpha=0.5)
            ax.annotate(f"reaches target {style.day(f.target_date)}", xy=(f.target_date, 2),
                        xytext=(-3, 0), textcoords="offset points", rotation=90, ha="right", va="bottom",
                        fontsize=style.SMALL, color=BLUE)
        sentence = f.sentence(style.day)
        note = sentence[0].upper() + sentence[1:]
    else:
        note = f"No forecast: {f.reason}"
    # The forecast's answer is the subtitle: in the plot it would sit on the lines it describes.
    style.title(fig, f"{title}: adoption against target", note)
    ax.set_ylim(0, 100)
    ax.set_ylabel("% of eligible active")
    style.date_axis(ax)
    style.legend(fig)
    return fig


class _TeamNote:
    """Says in the chart how many team lines carry a name when not all of them fit."""

    def __init__(self, ax: Axes, total: int) -> None:
        self.total = total
        self.artist = ax.text(1.0, 1.0, "", transform=ax.transAxes, ha="left", va="bottom",
                              fontsize=style.SMALL, color=style.MUTED)

    def __call__(self, shown: int, drawn: int) -> None:
        lines = f"{drawn} weakest of {self.total} teams" if self.total > drawn else "Teams"
        self.artist.set_text(lines if shown == drawn else f"{lines}, {shown} named")
