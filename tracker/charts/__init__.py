"""Functions that build a matplotlib Figure from domain data: no pyplot, no Qt.

The same figure shows in the window (tracker/ui/widgets/chart_canvas.py) and is saved through
Agg for reports. matplotlib is imported inside the functions: it costs ~0.45 s to import.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

# Status colours used by every chart; always paired with a word or a marker in the chart.
GREEN, AMBER, RED, GREY = "#2e7d32", "#f9a825", "#c62828", "#9e9e9e"
BLUE, TEAL, PURPLE = "#1565c0", "#00897b", "#6a1b9a"


def as_x(days: dt.date | Iterable[dt.date]) -> Any:
    """Dates as x values. matplotlib plots dates itself (its date converter), but its type stubs
    accept only numbers and arrays there: the dates pass through unchanged, typed Any."""
    return days


def new_figure(width: float = 6.0, height: float = 4.0) -> Figure:
    """A Figure not tied to pyplot's global state (safe in threads and in long sessions)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig


def empty_figure(message: str, width: float = 6.0, height: float = 4.0) -> Figure:
    """A figure that says why there is nothing to draw, instead of empty axes."""
    fig = new_figure(width, height)
    fig.text(0.5, 0.5, message, ha="center", va="center", color="#666666", fontsize=11, wrap=True)
    return fig
