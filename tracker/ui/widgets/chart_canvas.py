"""Shows a Figure from tracker/charts in the window, with Save as PNG/SVG and Copy (chart_export.py).

matplotlib is imported the first time a chart is shown, not at start-up.

Building and drawing are the expensive part of a chart (a busy figure takes a few hundred
milliseconds), so a canvas does neither on the GUI thread (issue 16: a tab's first build within
0.3 s, no pause over 50 ms). `show_figure(build)` keeps the builder; when the canvas is (or
becomes) visible, the builder runs and the figure is drawn at the canvas's size in the drawing
thread (chart_prerender.py), and the drawn picture is shown when it arrives: meanwhile the
canvas keeps its previous picture, or says "Drawing chart…" when it has none. The chart on a
hidden tab, or on a page the user is not looking at, costs nothing until it is looked at; a
hidden chart that has been on screen before is drawn ahead while the window is idle, so going
back to its tab only copies the picture. A figure replaced before it was shown is never
painted, so a page never flashes the previous rollout's chart after switching to its tab.

Whoever needs the figure at once (tests, Save, Copy) reads `figure`: it waits for a draw under
way, or builds a waiting figure on the spot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tracker.ui import theme
from tracker.ui.widgets import chart_prerender
from tracker.ui.widgets.chart_export import ChartExport, ExportFigure

__all__ = ["ChartCanvas", "ExportFigure", "chart_title"]

RESIZE_RETRIES = 2  # a chart whose size changed while it was drawn is drawn again, this often at most


@dataclass
class _Drawing:
    """A figure the canvas asked the drawing thread for: whose builder, at what size."""

    build: Callable[[], object]
    size: QSize
    urgent: bool  # on screen (else drawn ahead)
    retries: int
    job: chart_prerender.DrawJob | None = None
    taken: bool = False  # the canvas took the result (when it came, or earlier by waiting)


class ChartCanvas(ChartExport):
    """A holder for one matplotlib Figure; `show_figure(build)` or `set_figure(fig)` shows a new one.

    `picked` re-emits matplotlib pick events (artist, event) so pages can select the table
    row behind a clicked point or arrow.
    """

    picked = Signal(object, object)

    def __init__(self, parent: QWidget | None = None, *, name: str = "chart"):
        super().__init__(parent)
        self._name = name
        self._canvas: Any = None
        self._pending: Callable[[], object] | None = None  # the builder of the figure wanted next
        self._drawing: _Drawing | None = None  # its draw under way in the drawing thread
        self._needs_draw = False  # the shown figure changed while hidden: draw it when shown
        self._draw_queued = False
        self._shown_size: QSize | None = None  # the size it had on screen: a hidden chart is drawn ahead at it
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._drawing_note = QLabel("Drawing chart…", self)
        self._drawing_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._drawing_note.setEnabled(False)  # greyed: a state, not content
        self._drawing_note.hide()
        self._layout.addWidget(self._drawing_note)
        self.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        theme.on_change(self.apply_scheme)

    @property
    def figure(self):
        """The chart's figure now: a draw under way is waited for, a waiting builder run here
        (tests, export, the report)."""
        drawing = self._drawing
        if drawing is not None and drawing.job is not None and self._pending is drawing.build:
            drawing.job.wait()
            self._take(drawing, final=True)
        self._build_pending()
        return self.built_figure

    @property
    def built_figure(self):
        """The figure as it is shown, without building or waiting (None if none is shown yet)."""
        return self._canvas.figure if self._canvas is not None else None

    @property
    def pending(self) -> bool:
        """Is a figure waiting to be built or being drawn?"""
        return self._pending is not None

    @property
    def loading(self) -> bool:
        """Is this chart still to be drawn although it will be seen: on screen and waiting for
        its picture, or hidden and queued to be drawn ahead (tests and benchmarks wait on it)?"""
        return (chart_prerender.pending(self) or self._drawing is not None
                or (self._pending is not None and self.isVisible()))

    def show_figure(self, build: Callable[[], object]) -> None:
        """Show the figure `build()` returns: drawn in the background now if the canvas is
        visible, else once it is shown (a later call replaces a builder still waiting)."""
        self._pending = build
        if self.isVisible():  # on the next turn of the event loop: a page asking twice draws once
            self._queue_draw()
        else:  # the old figure goes now: shown with the page, it would be painted before its successor
            self._drop_canvas()
            if self._shown_size is not None:  # drawn ahead while idle (chart_prerender)
                chart_prerender.enqueue(self)

    def set_figure(self, figure) -> None:
        """Show `figure` (built already, by a worker): as `show_figure`, drawn in the background.
        It is coloured for the window now, so it is ready as it is handed over."""
        self._scheme(figure)
        self.show_figure(lambda: figure)

    def clear(self) -> None:
        """Show nothing until the next figure (a page whose figures are being computed: never
        the previous rollout's chart meanwhile)."""
        self._pending = None
        self._drawing = None
        self._drop_canvas()
        self._drawing_note.hide()

    # ------------------------------------------------------------ drawing in the background
    def _queue_draw(self) -> None:
        if not self._draw_queued:
            self._draw_queued = True
            QTimer.singleShot(0, self, self._draw_visible)

    def _draw_visible(self) -> None:
        """Have the waiting figure drawn at the size the canvas has now (unless that is under way)."""
        self._draw_queued = False
        if self._pending is None or not self.isVisible():
            return
        size = self.size()
        drawing = self._drawing
        if drawing is None or drawing.build is not self._pending or drawing.size != size:
            self._start(self._pending, size, urgent=True)
        self._drawing_note.setVisible(self._canvas is None)

    def prerender(self) -> bool:
        """Have the waiting figure drawn in the background, at the size the chart had on screen,
        while hidden; True while that draw is under way (chart_prerender's queue)."""
        if self._pending is None or self.isVisible() or self._shown_size is None:
            return False
        chart_prerender.drawing_started(self)
        self._start(self._pending, self._shown_size, urgent=False)
        return True

    def _start(self, build: Callable[[], object], size: QSize, *, urgent: bool, retries: int = 0) -> None:
        from tracker.charts.window_scheme import apply_window_scheme

        dark, window, panel = self._scheme_colours()

        def make():  # in the drawing thread: the builder reads only the data it captured
            figure = build()
            apply_window_scheme(figure, dark, window=window, panel=panel)  # the buffer is what will show
            return figure

        drawing = _Drawing(build, QSize(size), urgent, retries)
        drawing.job = chart_prerender.draw_in_background(
            make, size.width(), size.height(), self.devicePixelRatioF(),
            lambda _job: self._delivered(drawing), urgent=urgent)
        self._drawing = drawing

    def _delivered(self, drawing: _Drawing) -> None:
        """The drawing thread's result, on the GUI thread."""
        try:
            self._take(drawing, final=False)
        except RuntimeError:  # the widget was deleted meanwhile
            pass
        finally:
            if not drawing.urgent:
                chart_prerender.drawing_finished(self)

    def _take(self, drawing: _Drawing, *, final: bool) -> None:
        """Show the drawn figure if it is still the one wanted. Not `final`: one drawn at a size
        the canvas no longer has is drawn again at the new size (a layout that settled meanwhile)."""
        if drawing.taken or drawing is not self._drawing or drawing.job is None:
            return  # taken already, or another figure or size was asked for since
        drawing.taken = True
        self._drawing = None
        job = drawing.job
        if self._pending is not drawing.build:
            return
        if job.renderer is None or job.figure is None:  # it failed there: built here, where failures are reported
            if self.isVisible() or final:
                self._build_pending()
            return
        size = self.size() if self.isVisible() else drawing.size
        if not final and size != drawing.size and drawing.retries < RESIZE_RETRIES:
            self._start(drawing.build, size, urgent=drawing.urgent, retries=drawing.retries + 1)
            return
        self._pending = None
        self._attach(job.figure)
        self._canvas.renderer = job.renderer  # the drawn buffer: shown without drawing again
        self._canvas._lastKey = (job.renderer.width, job.renderer.height, job.figure.dpi)
        if self.isVisible():
            self._canvas.setGeometry(self.contentsRect())
            self._canvas.show()
            self._canvas.update()
        else:
            self._canvas.resize(drawing.size)
        self._needs_draw = False

    # ---------------------------------------------------------------------- the Qt canvas
    def sizeHint(self) -> QSize:
        """What a splitter gives a chart at first: without it, an empty holder asks for nothing
        and a table beside it took all but 10 px ("Across rollouts", issue 16)."""
        return QSize(320, 240)

    def resizeEvent(self, event) -> None:
        if self.isVisible():
            self._shown_size = event.size()
        super().resizeEvent(event)

    def hideEvent(self, event) -> None:
        if self._shown_size is not None:  # it was on screen: where its layout settled
            self._shown_size = self.size()
        super().hideEvent(event)

    def showEvent(self, event) -> None:
        self._shown_size = self.size()  # its first resize came while not yet visible
        if self._pending is not None:
            self._drawing_note.setVisible(self._canvas is None)
            self._queue_draw()  # once the layout has settled
        elif self._needs_draw and self._canvas is not None:
            self._needs_draw = False
            self._canvas.draw_idle()
        super().showEvent(event)

    def _drop_canvas(self) -> None:
        if self._canvas is not None:
            self._canvas.hide()
            self._layout.removeWidget(self._canvas)
            self._canvas.deleteLater()
            self._canvas = None

    def _build_pending(self) -> None:
        """Build the waiting figure here, on the GUI thread (when it is needed at once)."""
        build, self._pending = self._pending, None
        if build is None:
            return
        self._drawing = None
        figure = build()
        self._scheme(figure)
        self._attach(figure)
        # A hidden canvas would draw at a size it does not have yet, and again when shown.
        self._needs_draw = not self.isVisible()
        if not self._needs_draw:
            # Give it the space it will have and show it now: its one resize event asks for the
            # one draw (left to the layout, it drew at its default size first, then again).
            self._canvas.setGeometry(self.contentsRect())
            self._canvas.show()
            self._canvas.draw_idle()

    def _attach(self, figure) -> None:
        """A Qt canvas for `figure` (coloured for the window already), in place of the old one."""
        self._drop_canvas()
        self._drawing_note.hide()
        self._canvas = chart_prerender.canvas_class()(figure)
        self._canvas.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self._canvas.customContextMenuRequested.connect(self._menu)
        self._canvas.mpl_connect("pick_event", lambda event: self.picked.emit(event.artist, event))
        # Reachable by Tab with a name a screen reader can say; the menu key then opens Save/Copy.
        self._canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._canvas.setAccessibleName(chart_title(figure, self._name))
        self._layout.addWidget(self._canvas)

    def _scheme_colours(self) -> tuple[bool, str, str]:
        """(dark, window colour, panel colour) of the window's palette, for apply_window_scheme."""
        palette = self.palette()
        return (theme.is_dark(palette), palette.color(QPalette.ColorRole.Window).name(),
                palette.color(QPalette.ColorRole.Base).name())

    def _scheme(self, figure) -> None:
        from tracker.charts.window_scheme import apply_window_scheme

        dark, window, panel = self._scheme_colours()
        apply_window_scheme(figure, dark, window=window, panel=panel)

    def _scheme_figure(self) -> None:
        self._scheme(self._canvas.figure)

    def apply_scheme(self) -> None:
        """Recolour the shown figure for the window's light or dark palette (after a change)."""
        if self._canvas is not None:
            self._scheme_figure()
            self.redraw()

    def redraw(self) -> None:
        """The shown figure's artists changed (a highlight): draw it again, now if visible,
        else when the canvas is shown."""
        if self._canvas is None:
            return
        if self.isVisible():
            self._canvas.draw_idle()
        else:
            self._needs_draw = True

    def connect_click(self, handler: Callable) -> None:
        """Plain clicks on the axes (matplotlib button_press_event)."""
        if self._canvas is not None:
            self._canvas.mpl_connect("button_press_event", handler)


def chart_title(figure, name: str) -> str:
    """What a screen reader calls the chart: its own title, else the holder's name ("adkar-heatmap")."""
    suptitle = getattr(figure, "_suptitle", None)
    titles = [suptitle.get_text()] if suptitle is not None and suptitle.get_text() else []
    titles += [ax.get_title() for ax in figure.axes if ax.get_title()]
    return f"{titles[0] if titles else name.replace('-', ' ').capitalize()} chart"
