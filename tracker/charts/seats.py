"""The seats cohort chart: retention by the month people first used the AI tool.

A cohort triangle: one row per month of first use (newest at the bottom), one column per month
after it (0: the month itself), each cell the share of the cohort using the tool that month,
written in the cell so the reading does not depend on colour. A cohort the small-group rule
hides (tracker/domain/seat_cohorts.py) keeps its row, greyed, with the word "hidden" and no
figure. Only the latest cohorts and months fit a readable chart; the title says how many.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tracker.charts import empty_figure, new_figure, style
from tracker.domain.seat_cohorts import RetentionCohort

if TYPE_CHECKING:
    from tracker.charts.fitting import ChartFigure

MAX_COHORTS = 12  # the latest months of first use
MAX_MONTHS = 12  # months after first use


def build_retention_figure(cohorts: Sequence[RetentionCohort], *, hidden: str = "", width: float = 6.0,
                           height: float = 4.0) -> ChartFigure:
    """The cohort triangle; ``hidden``: why no cohort is shown at all (the rollout's seat
    holders are a small group), said instead of a chart."""
    if hidden or not cohorts:
        why = hidden or "nobody has used the tool yet"
        empty: ChartFigure = empty_figure(f"Retention by month of first use: {why}.", width, height)
        return empty
    shown = list(cohorts)[-MAX_COHORTS:]
    months = min(MAX_MONTHS, max(len(c.rates) for c in shown))
    fig: ChartFigure = new_figure(width, height)
    ax = fig.add_subplot()
    import numpy as np

    values = np.full((len(shown), months), np.nan)
    for r, cohort in enumerate(shown):
        for c, rate in enumerate(cohort.rates[:months]):
            values[r, c] = rate * 100
    image = ax.imshow(np.ma.masked_invalid(values), aspect="auto", cmap="Blues", vmin=0, vmax=100,
                      interpolation="nearest")
    for r, cohort in enumerate(shown):
        if cohort.hidden:
            ax.axhspan(r - 0.5, r + 0.5, color="#eeeeee", zorder=0)
            label = ax.text((months - 1) / 2, r, "hidden (small group)", ha="center", va="center",
                            fontsize=style.SMALL, color=style.MUTED, style="italic")
            label.set_in_layout(False)
            continue
        for c, rate in enumerate(cohort.rates[:months]):
            share = rate * 100
            cell = ax.text(c, r, f"{share:.0f}%", ha="center", va="center", fontsize=style.SMALL,
                           color="white" if share > 60 else style.TEXT)
            cell.set_in_layout(False)  # inside its cell by construction
    labels = [f"{style.month(c.month)}  ({c.size:,})" if not c.hidden else style.month(c.month) for c in shown]
    ax.set_yticks(range(len(shown)), labels, fontsize=style.SMALL)
    ax.set_xticks(range(months), [str(k) for k in range(months)], fontsize=style.SMALL)
    ax.set_xlabel("Months after first use (0: the month itself)")
    ax.set_ylabel("First used in (people)")
    ax.tick_params(length=0)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    of = f"the latest {len(shown)} of {len(cohorts)} cohorts" if len(cohorts) > len(shown) else f"{len(shown)} cohorts"
    style.title(fig, "Retention by month of first use",
                f"{of}; each cell: share of the cohort using the tool that month")
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label("% using", fontsize=style.SMALL)
    bar.ax.tick_params(labelsize=style.SMALL)
    return fig
