"""Functions that build a matplotlib Figure from domain data: no pyplot, no Qt.

The same figure shows in the window (tracker/ui/widgets/chart_canvas.py) and is saved through
Agg for reports. matplotlib is imported inside the functions: it costs ~0.45 s to import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.backend_bases import RendererBase

    from tracker.charts.fitting import ChartFigure

# Status colours used by every chart (the app's health colours); always paired with a word or a
# marker in the chart. Sizes, category colours and axes: tracker/charts/style.py.
GREEN, AMBER, RED, GREY = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e"
BLUE, TEAL, PURPLE = "#1565c0", "#00897b", "#6a1b9a"


def new_figure(width: float = 6.0, height: float = 4.0) -> ChartFigure:
    """A Figure not tied to pyplot's global state (safe in threads and in long sessions)."""
    from tracker.charts.fitting import ChartFigure

    return ChartFigure(width, height)


def empty_figure(message: str, width: float = 6.0, height: float = 4.0) -> ChartFigure:
    """A figure that says why there is nothing to draw, instead of empty axes."""
    from tracker.charts.style import BODY, MUTED, wrap_words

    fig = new_figure(width, height)
    note = fig.text(0.5, 0.5, message, ha="center", va="center", color=MUTED, fontsize=BODY + 1)

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:  # wrapped to the width it is shown at
        note.set_text(wrap_words(renderer, message, BODY + 1, figure.bbox.width * 0.9))

    fig.before_layout.append(fit)
    return fig
