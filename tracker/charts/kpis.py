"""A KPI's readings against its target band.

The background says what each value means under the KPI's own rule (tracker.domain.kpis):
green beyond the target, amber within the tolerance, red further away; each point is
coloured by the same rule and the latest one is labelled with its status word, so the chart
reads without colour too.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.charts import AMBER, GREEN, GREY, RED, empty_figure, new_figure, style
from tracker.domain.kpis import Direction, Kpi, KpiReading, Rag, kpi_status, trend

if TYPE_CHECKING:
    from tracker.charts.fitting import ChartFigure

RAG_COLOURS = {Rag.GREEN: GREEN, Rag.AMBER: AMBER, Rag.RED: RED, Rag.NO_DATA: GREY}


def build_kpi_figure(kpi: Kpi, readings: Sequence[KpiReading]) -> ChartFigure:
    points = trend(readings)
    if not points:
        return empty_figure(f"No readings of {kpi.name} yet.\nAdd one, or import a file of readings.")
    from tracker.charts.fitting import date_array

    fig = new_figure(6.0, 3.6)
    ax = fig.add_subplot()
    style.tidy(ax)
    dates = [d for d, _v in points]
    values = [v for _d, v in points]
    edge, target = kpi.band()
    lo = min(values + [edge, target])
    hi = max(values + [edge, target])
    pad = (hi - lo) * 0.15 or max(abs(target) * 0.05, 1.0)
    bottom, top = lo - pad, hi + pad
    higher = kpi.direction is Direction.HIGHER_BETTER
    good = (target, top) if higher else (bottom, target)
    amber = (edge, target) if higher else (target, edge)
    bad = (bottom, edge) if higher else (edge, top)
    for (a, b), colour in ((good, GREEN), (amber, AMBER), (bad, RED)):
        if b > a:
            ax.axhspan(a, b, color=colour, alpha=0.10, linewidth=0)
    ax.axhline(target, color=GREEN, linewidth=1.2, linestyle="--")
    # The target's words at the left, the latest reading's at the right: they never meet.
    ax.annotate(f"target {target:g} {kpi.unit}".rstrip(), xy=(0, target), xycoords=("axes fraction", "data"),
                xytext=(4, 3), textcoords="offset points", ha="left", fontsize=style.SMALL, color=GREEN)
    ax.plot(date_array(dates), values, color="#424242", linewidth=1.2, zorder=3)
    statuses = [kpi_status(kpi.target, kpi.direction, kpi.tolerance, v) for v in values]
    ax.scatter(date_array(dates), values, c=[RAG_COLOURS[s] for s in statuses], s=28, zorder=4, edgecolors="white",
               linewidths=0.6)
    last = statuses[-1]
    ax.annotate(f"{values[-1]:g} {kpi.unit} · {last.label}".replace("  ", " "), xy=(dates[-1], values[-1]),
                xytext=(0, 8), textcoords="offset points", ha="right", fontsize=style.SMALL, color=RAG_COLOURS[last])
    ax.set_ylim(bottom, top)
    ax.set_ylabel(kpi.unit or "value")
    if len(set(dates)) > 1:
        style.date_axis(ax)
    style.title(fig, kpi.name, f"{kpi.direction.label}; amber within {kpi.tolerance:g} {kpi.unit}".rstrip())
    return fig
