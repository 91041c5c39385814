"""The change-load heatmap: teams x months, how much change each team carries at once.

An organisation has up to 2,000 teams; a heatmap of all of them is a grey blur and costs
seconds to draw. The question is "which teams carry too much change at once", so the chart
shows the most loaded teams (worst first, as tracker.domain.change_load sorts them), writes the
load in each cell, and marks saturated cells (above the threshold) with a heavy outline and a
"!" so the mark does not depend on colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.charts import empty_figure, new_figure, style
from tracker.domain.change_load import ChangeLoad

if TYPE_CHECKING:
    from matplotlib.patches import Rectangle

    from tracker.charts.fitting import ChartFigure

MAX_TEAMS = 20
NAME_CHARS = 26  # longer team names are shortened; the dashboard's summary and tables have them whole


def build_change_load_figure(load: ChangeLoad, *, max_teams: int = MAX_TEAMS, width: float = 6.0,
                             height: float | None = None) -> ChartFigure:
    teams = load.teams[:max_teams]
    if not teams or not load.months:
        return empty_figure("No change load to show: no rollout with dates is active in these months.\n"
                            "Give rollouts a start, go-live or target date and their teams an impact.", width, 3.0)
    rows = len(teams)
    fig = new_figure(width, height or max(3.0, 1.2 + 0.28 * rows))
    ax = fig.add_subplot()
    values = [list(t.loads) for t in teams]
    top = max(max(max(v) for v in values), load.threshold + 1)
    image = ax.imshow(values, aspect="auto", cmap="YlOrRd", vmin=0, vmax=top, interpolation="nearest")
    for r, team in enumerate(teams):
        for c, value in enumerate(team.loads):
            if value == 0:
                continue
            over = value > load.threshold
            label = ax.text(c, r, f"{value:g}!" if over else f"{value:g}", ha="center", va="center",
                            fontsize=7, fontweight="bold" if over else "normal",
                            color="white" if value > top * 0.6 else "#212121")
            # Inside its cell by construction: measuring hundreds of labels for the constrained
            # layout on every resize is most of a redraw's cost, and changes nothing.
            label.set_in_layout(False)
            if over:
                outline = ax.add_patch(_outline(c, r))
                outline.set_in_layout(False)
    ax.set_yticks(range(rows), [style.shorten(t.team_name, NAME_CHARS) for t in teams], fontsize=style.SMALL)
    # Months across, level: the year under the first month and under each January.
    ax.set_xticks(range(len(load.months)), [f"{m:%b}\n{m:%Y}" if i == 0 or m.month == 1 else f"{m:%b}"
                                            for i, m in enumerate(load.months)], fontsize=style.SMALL)
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    shown = f"the {rows} most loaded of {len(load.teams)} teams" if len(load.teams) > rows else f"{rows} teams"
    style.title(fig, f"Change load, {shown}", f"! = above {load.threshold:g}, the saturation threshold")
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("sum of impact weights", fontsize=style.SMALL)
    bar.ax.tick_params(labelsize=style.SMALL)
    bar.ax.axhline(load.threshold, color="black", linewidth=1)
    return fig


def _outline(column: int, row: int) -> Rectangle:
    from matplotlib.patches import Rectangle

    return Rectangle((column - 0.5, row - 0.5), 1, 1, fill=False, edgecolor="black", linewidth=1.6)
