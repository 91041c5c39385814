"""The matplotlib side of the chart style (tracker/charts/style.py): a Figure that fits its
words at draw time, and date ticks that fit their axis. Imported only when a chart is built
(matplotlib costs ~0.45 s to import; the command line and the window's start never need it).
"""

from __future__ import annotations

from collections.abc import Callable

from matplotlib.dates import MONTHLY, AutoDateLocator, ConciseDateFormatter, num2date
from matplotlib.figure import Figure

DATE_LABEL_PX = 45  # room one date tick label ("Sep 2025" at 7 pt) needs, with a gap


class ChartFigure(Figure):
    """A Figure that fits its words to the size it is drawn at (why: tracker/charts/style.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.before_layout: list[Callable] = []  # fitter(figure, renderer): sizes of decorations
        self.after_layout: list[Callable] = []  # fitter(figure, renderer): places inside the axes

    def draw(self, renderer):
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


def text_width(renderer, text: str, size: float, weight: str = "normal") -> float:
    """Width in pixels of one line of `text` at `size` points."""
    from matplotlib.font_manager import FontProperties

    width, _h, _d = renderer.get_text_width_height_descent(text, FontProperties(size=size, weight=weight),
                                                           ismath=False)
    return width


class FittingDateLocator(AutoDateLocator):
    """AutoDateLocator that asks for as many ticks as the axis has room for at draw time.

    Months may step by a year as well (matplotlib stops at 6), so a narrow axis over two years
    gets two ticks instead of a warning and crowded labels."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.intervald[MONTHLY] = [1, 2, 3, 4, 6, 12]

    def __call__(self):
        axis = self.axis
        if axis is not None and axis.axes is not None:
            length = axis.axes.bbox.width if axis.axis_name == "x" else axis.axes.bbox.height / 3
            n = max(3, int(length // DATE_LABEL_PX) + 1)
            self.maxticks = dict.fromkeys(self.maxticks, n)
        return super().__call__()


class DayMonthFormatter(ConciseDateFormatter):
    """Concise labels ("Sep 2025, Nov, Jan 2026, Mar"): the year on the first tick and on each
    January, never a run-together or rotated label; days as "4 Mar 2026" where needed."""

    def __init__(self, locator):
        super().__init__(locator, show_offset=False, formats=["%Y", "%b", "%-d", "%H:%M", "%H:%M", "%S"],
                         zero_formats=["", "%b %Y", "%b", "%-d %b", "%H:%M", "%H:%M"])

    def format_ticks(self, values):
        labels = list(super().format_ticks(values))
        if labels and not any(ch.isdigit() and len(part) == 4 for part in labels[0].split() for ch in part[:1]):
            first = num2date(values[0])
            labels[0] = f"{first:%b %Y}" if first.day == 1 else f"{first.day} {first:%b %Y}"
        return labels
