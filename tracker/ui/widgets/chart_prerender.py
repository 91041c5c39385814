"""Drawing charts of hidden tabs while the window is idle, so switching to a tab only shows them.

A matplotlib figure takes a few hundred milliseconds to draw, and a tab switch should show its
data within 0.3 s. When another rollout is chosen, the charts on tabs the user is not looking
at get new figures; a chart that has been on screen before knows the size it will have, so its
figure is built and drawn into its buffer then, one chart per turn of the event loop (clicks
and key presses are handled in between). Shown later at that size, the canvas copies the
buffer instead of drawing again. A chart never shown yet waits until it is shown: drawing at a
guessed size would be wasted.

`canvas_class()` is the FigureCanvasQTAgg that skips the redraw a resize asks for when its
buffer already has the new size (the resize of the first show, at the size it was drawn for).
"""

from __future__ import annotations

from collections import deque
from functools import lru_cache
from weakref import WeakSet

from PySide6.QtCore import QTimer

_queue: deque = deque()
_queued: WeakSet = WeakSet()
_running = False


@lru_cache(maxsize=1)
def canvas_class():
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from PySide6.QtWidgets import QWidget

    class PrerenderedCanvas(FigureCanvasQTAgg):
        def resizeEvent(self, event):
            renderer = getattr(self, "renderer", None)
            ratio = self.device_pixel_ratio
            size = (int(event.size().width() * ratio), int(event.size().height() * ratio))
            if renderer is not None and (int(renderer.width), int(renderer.height)) == size:
                QWidget.resizeEvent(self, event)  # drawn at this size already: nothing to redo
                return
            super().resizeEvent(event)

    return PrerenderedCanvas


def render_now(canvas, width: int, height: int) -> None:
    """Draw `canvas` (hidden) into its buffer at `width` x `height` logical pixels."""
    canvas.resize(width, height)
    ratio = canvas.device_pixel_ratio
    figure = canvas.figure
    figure.set_size_inches(width * ratio / figure.dpi, height * ratio / figure.dpi, forward=False)
    canvas.draw()


def enqueue(chart) -> None:
    """Prepare `chart` (a ChartCanvas with a figure waiting) when the event loop is idle."""
    global _running
    if chart in _queued:
        return
    _queued.add(chart)
    _queue.append(chart)
    if not _running:
        _running = True
        QTimer.singleShot(0, _next)


def pending(chart) -> bool:
    return chart in _queued


def _next() -> None:
    global _running
    while _queue:
        chart = _queue.popleft()
        if chart not in _queued:
            continue
        _queued.discard(chart)
        try:
            chart.prerender()
        except RuntimeError:  # the widget was deleted meanwhile
            pass
        break
    if _queue:
        QTimer.singleShot(0, _next)
    else:
        _running = False
