"""Drawing charts of hidden tabs while the window is idle, so switching to a tab only shows them.

A matplotlib figure takes a few hundred milliseconds to draw, and a tab switch should show its
data within 0.3 s. When another rollout is chosen, the charts on tabs the user is not looking
at get new figures; a chart that has been on screen before knows the size it will have, so its
figure is built and drawn into its buffer then, one chart per turn of the event loop (clicks
and key presses are handled in between). Shown later at that size, the canvas copies the
buffer instead of drawing again. A chart never shown yet waits until it is shown: drawing at a
guessed size would be wasted.

Drawing a busy figure takes longer than a user tolerates a frozen window (the issue's limit is
50 ms), so the figure is built on the GUI thread (builders may read the page's widgets) and
rasterised into the canvas's buffer in a worker thread, for a chart drawn ahead and for the
first draw of a chart on screen alike (the page shows at once, the chart when it is drawn): matplotlib's Agg renderer needs no Qt,
the canvas is hidden meanwhile and nothing else touches that figure (`drawing_in_background`
makes the canvas skip its own redraws and paints until the buffer is ready). Charts are drawn
one after the other, each when the previous one is done. Should a background draw fail, the
chart is drawn on the GUI thread instead, as before.

`canvas_class()` is the FigureCanvasQTAgg that skips the redraw a resize asks for when its
buffer already has the new size (the resize of the first show, at the size it was drawn for).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
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
        drawing_in_background = False  # a worker is drawing the figure into the buffer
        redraw_when_drawn = False  # the figure changed meanwhile (a highlight, a new scheme)
        stale = False  # the buffer no longer shows the figure: draw it again when shown

        def draw(self):
            if self.drawing_in_background:  # never draw the figure from two threads at once
                self.redraw_when_drawn = True
                return
            super().draw()

        def _drawn_at(self, width: int, height: int) -> bool:
            renderer = getattr(self, "renderer", None)
            ratio = self.device_pixel_ratio
            return not self.stale and renderer is not None and (int(renderer.width), int(renderer.height)) == (
                int(width * ratio), int(height * ratio))

        def resizeEvent(self, event):  # noqa: N802 (Qt naming)
            width, height = event.size().width(), event.size().height()
            if self.drawing_in_background or self._drawn_at(width, height):
                QWidget.resizeEvent(self, event)  # drawn at this size already, or being drawn
                return
            if min(width, height) > 0:  # the layout or the user resized it: drawn when seen
                QWidget.resizeEvent(self, event)
                if self.isVisible():
                    render_in_background(self, width, height, lambda: None)
                return
            super().resizeEvent(event)

        def showEvent(self, event):  # noqa: N802 (Qt naming)
            super().showEvent(event)
            if not self.drawing_in_background and min(self.width(), self.height()) > 0 \
                    and not self._drawn_at(self.width(), self.height()):
                render_in_background(self, self.width(), self.height(), lambda: None)

        def paintEvent(self, event):  # noqa: N802 (Qt naming)
            if not self.drawing_in_background:  # else the buffer is half drawn: painted when done
                super().paintEvent(event)

    return PrerenderedCanvas


def render_now(canvas, width: int, height: int) -> None:
    """Draw `canvas` (hidden) into its buffer at `width` x `height` logical pixels."""
    _size_for(canvas, width, height)
    canvas.draw()


def _size_for(canvas, width: int, height: int) -> None:
    canvas.resize(width, height)
    ratio = canvas.device_pixel_ratio
    figure = canvas.figure
    figure.set_size_inches(width * ratio / figure.dpi, height * ratio / figure.dpi, forward=False)


def _draw_job(figure, renderer, *, progress, cancelled) -> None:
    """In a worker thread: what FigureCanvasAgg.draw does, without the Qt repaint it asks for
    (matplotlib keeps its font cache per thread)."""
    renderer.clear()
    figure.draw(renderer)


def render_in_background(canvas, width: int, height: int, done: Callable[[], None]) -> None:
    """Draw `canvas` (hidden) into its buffer at `width` x `height` logical pixels in a worker
    thread; `done()` runs on the GUI thread afterwards (drawn here instead if the worker failed)."""
    from tracker.ui.worker import Worker

    if width < 1 or height < 1:  # no room yet: matplotlib cannot draw it; the first resize will
        canvas.draw_idle()
        done()
        return
    canvas.drawing_in_background = True  # first: the resize below must not draw on this thread
    canvas.stale = False
    _size_for(canvas, width, height)
    renderer = canvas.get_renderer()  # the buffer at the new size, made here: the worker only draws

    def finish(ok: bool) -> None:
        try:
            canvas.drawing_in_background = False
            again, canvas.redraw_when_drawn = canvas.redraw_when_drawn, False
            if not ok:
                canvas.draw_idle()  # on this thread (matplotlib reports a failing draw, as before)
            elif again and not canvas.isVisible():
                canvas.stale = True  # drawn afresh when shown
            elif canvas.isVisible() and again:
                render_in_background(canvas, canvas.width(), canvas.height(), lambda: None)
            elif canvas.isVisible():  # shown meanwhile: paint the finished buffer, or draw again at its new size
                ratio = canvas.device_pixel_ratio
                if (int(renderer.width), int(renderer.height)) == (int(canvas.width() * ratio),
                                                                   int(canvas.height() * ratio)):
                    canvas.update()
                else:
                    render_in_background(canvas, canvas.width(), canvas.height(), lambda: None)
        except RuntimeError:  # the canvas was deleted meanwhile
            pass
        done()

    worker = Worker(_draw_job, canvas.figure, renderer)
    worker.finished.connect(lambda _result: finish(True))
    worker.failed.connect(lambda _message, _details: finish(False))
    worker.start()


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
    """Start drawing the next chart; the one after it starts when this one is done."""
    global _running
    while _queue:
        chart = _queue.popleft()
        if chart not in _queued:
            continue
        try:
            started = chart.prerender(lambda chart=chart: _done(chart))
        except RuntimeError:  # the widget was deleted meanwhile
            started = False
        if started:
            return  # _done() goes on
        _queued.discard(chart)
    _running = False


def _done(chart) -> None:
    _queued.discard(chart)
    try:  # a new figure asked for while this one was drawn: draw that one ahead too
        again = chart.pending and not chart.isVisible()
    except RuntimeError:  # the widget was deleted meanwhile
        again = False
    if again:
        _queued.add(chart)
        _queue.append(chart)
    QTimer.singleShot(0, _next)
