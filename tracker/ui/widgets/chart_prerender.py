"""Drawing charts off the GUI thread, so the window never pauses for a chart (issue 16).

A matplotlib figure takes from a few tens to a few hundred milliseconds to build and draw, and
the window should answer within 50 ms. So every chart is built and drawn into an Agg buffer by
one background thread; the GUI thread only receives the drawn buffer, which the canvas copies to
the screen. Two kinds of job go to that thread:

- a chart on screen that needs a figure (its page was just built, another rollout was chosen,
  the user picked another row): drawn first, at the size the chart has;
- a hidden chart that has been on screen before (its tab is not in front) and got a new figure:
  drawn ahead while the window is idle, one chart at a time, at the size it had on screen, so
  switching back to its tab only copies the picture. A chart never shown yet waits until it is
  shown: drawing at a guessed size would be wasted.

A page's builder therefore must not touch widgets (it reads the data it captured; the
dependency page keeps its selection in a plain list for it). Only the background thread
touches a figure while it draws: the chart holder keeps it unattached (no Qt canvas) until the
drawn buffer arrives, and drops the result if the chart was asked for another figure meanwhile.
One thread for the whole session: matplotlib lets one figure draw at a time anyway
(`RendererAgg.lock` guards shared font caches), and its font cache stays warm.

`canvas_class()` is the FigureCanvasQTAgg that skips the redraw a resize asks for when its
buffer already has the new size (the resize of the first show, at the size it was drawn for).
"""

from __future__ import annotations

import atexit
import threading
from collections import deque
from collections.abc import Callable
from functools import lru_cache
from typing import Any
from weakref import WeakSet

from PySide6.QtCore import QObject, QTimer, Signal

# Drawing ahead starts this long after the request: the switch that asked for it is still
# building pages and drawing the chart in front, which should not wait behind a hidden one.
IDLE_MS = 150
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


class DrawJob:
    """One figure to build and draw in the drawing thread, and its result (`figure` and
    `renderer`, the drawn buffer; both None if building or drawing failed)."""

    def __init__(self, make: Callable[[], Any], width: int, height: int, ratio: float,
                 done: Callable[[DrawJob], None], *, urgent: bool):
        self.make, self.width, self.height, self.ratio = make, width, height, ratio
        self.done = done  # called on the GUI thread once the job is drawn
        self.urgent = urgent  # a chart on screen: before any chart drawn ahead
        self.figure: Any = None
        self.renderer: Any = None
        self.finished = threading.Event()

    def wait(self) -> None:
        """Block until drawn: only for callers that need the figure now (tests, export)."""
        self.finished.wait()


class _Delivery(QObject):
    """Carries a drawn job from the drawing thread to the GUI thread (a queued signal)."""

    drawn = Signal(object)


_delivery: _Delivery | None = None


def draw_in_background(make: Callable[[], Any], width: int, height: int, ratio: float,
                       done: Callable[[DrawJob], None], *, urgent: bool = False) -> DrawJob:
    """Build the figure `make()` returns and draw it for a canvas of `width` x `height` logical
    pixels at device pixel ratio `ratio`, in the drawing thread; then `done(job)` runs on the
    GUI thread. An `urgent` job (a chart on screen) is drawn before the waiting others."""
    global _delivery
    if _delivery is None:
        _delivery = _Delivery()
        _delivery.drawn.connect(lambda job: job.done(job))
    job = DrawJob(make, width, height, ratio, done, urgent=urgent)
    _jobs().put(job)
    return job


class _JobQueue:
    """Urgent jobs first, then the others, each in the order asked."""

    def __init__(self):
        self._urgent: deque = deque()
        self._other: deque = deque()
        self._ready = threading.Condition()
        self._stopped = False

    def put(self, job: DrawJob) -> None:
        with self._ready:
            (self._urgent if job.urgent else self._other).append(job)
            self._ready.notify()

    def get(self) -> DrawJob | None:
        """The next job; None once stopped (the jobs still waiting are dropped)."""
        with self._ready:
            while not (self._urgent or self._other or self._stopped):
                self._ready.wait()
            return None if self._stopped else (self._urgent or self._other).popleft()

    def stop(self) -> None:
        with self._ready:
            self._stopped = True
            self._ready.notify()


# How long a thread may keep the interpreter while another waits for it (Python's default is
# 5 ms). PySide lets go of the interpreter around each call into Qt, and the GUI thread makes
# hundreds of those building a page; each time it wanted the interpreter back it waited up to a
# whole interval for the drawing thread, which stretched a 100-ms page build to several hundred.
SWITCH_INTERVAL_S = 0.0005


@lru_cache(maxsize=1)
def _jobs() -> _JobQueue:
    """The drawing thread's queue; one thread for the whole session, so its font cache
    (matplotlib keeps one per thread) stays warm from one chart to the next."""
    import sys

    from tracker.ui.collection_pauses import reduce_collection_pauses

    sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
    reduce_collection_pauses()  # a chart makes thousands of objects: see there
    jobs = _JobQueue()
    thread = threading.Thread(target=_draw_forever, args=(jobs,), name="chart-draw", daemon=True)
    thread.start()
    atexit.register(_stop_drawing, jobs, thread)
    return jobs


EXIT_WAIT_S = 5.0


def _stop_drawing(jobs: _JobQueue, thread: threading.Thread) -> None:
    """At exit, let the chart being drawn finish and the thread end. Python ends a daemon thread
    still running at exit wherever it is; inside matplotlib's C++ drawing code that aborted the
    process ("terminate called without an active exception") after the work was saved."""
    jobs.stop()
    thread.join(EXIT_WAIT_S)


def _draw_forever(jobs: _JobQueue) -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    while True:
        job = jobs.get()
        if job is None:
            return
        try:
            figure = job.make()
            # As the Qt canvas will show it: dpi scaled by the ratio, the same size in inches.
            figure.set_dpi(figure.dpi * job.ratio)
            figure.set_size_inches(job.width * job.ratio / figure.dpi, job.height * job.ratio / figure.dpi,
                                   forward=False)
            canvas = FigureCanvasAgg(figure)
            canvas.draw()
            job.figure, job.renderer = figure, canvas.renderer
        except Exception:
            job.figure = job.renderer = None  # built again on the GUI thread, where errors are reported
        job.finished.set()
        delivery = _delivery
        if delivery is None:
            continue
        try:
            delivery.drawn.emit(job)
        except RuntimeError:  # the application is closing and took the receiver with it
            return


# ---------------------------------------------------------------- drawing ahead, one at a time
def enqueue(chart) -> None:
    """Prepare `chart` (a ChartCanvas with a figure waiting) when the event loop is idle."""
    global _running
    if chart in _queued:
        return
    _queued.add(chart)
    _queue.append(chart)
    if not _running:
        _running = True
        QTimer.singleShot(IDLE_MS, _next)


def pending(chart) -> bool:
    return chart in _queued or chart in _drawing


def busy() -> bool:
    """Is any chart waiting to be drawn ahead, or being drawn?"""
    return bool(_queued) or bool(_drawing)


_drawing: WeakSet = WeakSet()  # charts whose figure the drawing thread has


def drawing_started(chart) -> None:
    _drawing.add(chart)


def drawing_finished(chart) -> None:
    """The chart got its drawn figure (or dropped it): the next chart may be drawn."""
    global _running
    _drawing.discard(chart)
    if _queue:
        QTimer.singleShot(0, _next)
    else:
        _running = False


def _next() -> None:
    """Start drawing the next queued chart; its delivery calls drawing_finished."""
    global _running
    while _queue:
        chart = _queue.popleft()
        if chart not in _queued:
            continue
        _queued.discard(chart)
        try:
            if chart.prerender():  # drawing in the background: it calls drawing_finished
                return
        except RuntimeError:  # the widget was deleted meanwhile
            pass
    _running = False
