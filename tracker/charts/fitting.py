"""The matplotlib side of the chart style (tracker/charts/style.py): a Figure that fits its
words at draw time, and date ticks that fit their axis. Imported only when a chart is built
(matplotlib costs ~0.45 s to import; the command line and the window's start never need it).

matplotlib.dates has no type hints (the rest of matplotlib has): its untyped calls are marked
where they are made, here only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.axis import Axis, XAxis
from matplotlib.backend_bases import RendererBase
from matplotlib.dates import MONTHLY, AutoDateLocator, ConciseDateFormatter, date2num, num2date
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Text

DATE_LABEL_PX = 45  # room one date tick label ("Sep 2025" at 7 pt) needs, with a gap


class ChartFigure(Figure):
    """A Figure that fits its words to the size it is drawn at (why: tracker/charts/style.py)."""

    def __init__(self, width: float, height: float):
        super().__init__(figsize=(width, height), dpi=100, layout="constrained")
        self.before_layout: list[Fitter] = []  # sizes of decorations (titles, legends)
        self.after_layout: list[Fitter] = []  # places inside the axes (labels in data space)
        self.title_artist: Text | None = None  # style.title: the title and its subtitle
        self.title_words = ""  # ... as written, before wrapping to the width

    def draw(self, renderer: RendererBase) -> None:
        if not self.get_visible():
            return super().draw(renderer)
        for fit in self.before_layout:
            fit(self, renderer)
        engine = self.get_layout_engine()
        if not self.after_layout or engine is None or not self.axes:
            return super().draw(renderer)
        engine.execute(self)
        for fit in self.after_layout:
            fit(self, renderer)
        # The layout is done; drawing runs it again unless told not to (it would give the same
        # answer: what the after-layout fitters move is left out of the layout).
        self._layout_engine = None
        try:
            return super().draw(renderer)
        finally:
            self._layout_engine = engine


# A fitter(figure, renderer) is run by ChartFigure.draw with the renderer it draws with.
Fitter = Callable[[ChartFigure, RendererBase], None]


class DependencyGraphFigure(ChartFigure):
    """The dependency graph: each arrow by its dependency id, so a page selects the table row
    behind a clicked arrow and highlights the arrows of selected rows."""

    def __init__(self, width: float, height: float):
        super().__init__(width, height)
        self.dependency_arrows: dict[int, FancyArrowPatch] = {}


def figure_of(ax: Axes) -> ChartFigure:
    """The ChartFigure `ax` belongs to (every chart's do: tracker.charts.new_figure)."""
    figure = ax.get_figure(root=True)
    if not isinstance(figure, ChartFigure):
        raise TypeError("chart axes belong to a ChartFigure (made by tracker.charts.new_figure)")
    return figure


# matplotlib draws dates wherever it draws numbers (its units convert them), but its type hints
# take numbers only (matplotlib issues 25676 and 27140). These two hand dates over in types the
# hints accept, without changing what is drawn.
def date_array(days: Sequence[dt.date]) -> np.ndarray:
    """Dates for a plotting call (plot, bar, step, ...): an array of the same date objects, so
    the axis still learns that it shows dates."""
    return np.array(days, dtype=object)


def date_position(day: dt.date) -> float:
    """A date as matplotlib's day number, for calls that take one position (axvline, set_xlim)
    on an axis already showing dates: the same place."""
    return float(date2num(day))  # type: ignore[no-untyped-call]  # matplotlib.dates has no type hints


def text_width(renderer: RendererBase, text: str, size: float, weight: str = "normal") -> float:
    """Width in pixels of one line of `text` at `size` points."""
    from matplotlib.font_manager import FontProperties

    width, _h, _d = renderer.get_text_width_height_descent(text, FontProperties(size=size, weight=weight),
                                                           ismath=False)
    return width


class FittingDateLocator(AutoDateLocator):
    """AutoDateLocator that asks for as many ticks as the axis has room for at draw time.

    Months may step by a year as well (matplotlib stops at 6), so a narrow axis over two years
    gets two ticks instead of a warning and crowded labels."""

    def __init__(self, *, minticks: int, maxticks: int, interval_multiples: bool):
        super().__init__(  # type: ignore[no-untyped-call]  # matplotlib.dates has no type hints
            minticks=minticks, maxticks=maxticks, interval_multiples=interval_multiples)
        self.intervald[MONTHLY] = [1, 2, 3, 4, 6, 12]

    def __call__(self) -> Sequence[float]:
        axis = self.axis
        if isinstance(axis, Axis) and axis.axes is not None:
            box = axis.axes.bbox
            length = box.width if isinstance(axis, XAxis) else box.height / 3
            n = max(3, int(length // DATE_LABEL_PX) + 1)
            self.maxticks = dict.fromkeys(self.maxticks, n)
        ticks: Sequence[float] = super().__call__()  # type: ignore[no-untyped-call]  # (the same)
        return ticks


class DayMonthFormatter(ConciseDateFormatter):
    """Concise labels ("Sep 2025, Nov, Jan 2026, Mar"): the year on the first tick and on each
    January, never a run-together or rotated label; days as "4 Mar 2026" where needed."""

    def __init__(self, locator: FittingDateLocator):
        super().__init__(  # type: ignore[no-untyped-call]  # matplotlib.dates has no type hints
            locator, show_offset=False, formats=["%Y", "%b", "%-d", "%H:%M", "%H:%M", "%S"],
            zero_formats=["", "%b %Y", "%b", "%-d %b", "%H:%M", "%H:%M"])

    def format_ticks(self, values: list[float]) -> list[str]:
        labels = [str(label) for label in super().format_ticks(values)]  # type: ignore[no-untyped-call]  # (the same)
        if labels and not any(ch.isdigit() and len(part) == 4 for part in labels[0].split() for ch in part[:1]):
            first = num2date(values[0])  # type: ignore[no-untyped-call]  # (the same)
            labels[0] = f"{first:%b %Y}" if first.day == 1 else f"{first.day} {first:%b %Y}"
        return labels
