"""Shows a Figure from tracker/charts in the window, with Save as PNG/SVG and Copy.

matplotlib is imported the first time a chart is shown, not at start-up.

Drawing is the expensive part of a chart (a busy figure takes seconds), so a canvas draws only
what a user can see: `show_figure(build)` keeps the builder and runs it when the canvas is (or
becomes) visible, so the chart on a hidden tab, or on a page the user is not looking at, costs
nothing until it is looked at; and a figure set while the canvas is hidden is drawn once, when
it is shown, not first at a size it will never have. A figure replaced before it was shown is
never painted, so a page never flashes the previous rollout's chart. A hidden chart that has
been on screen before is drawn ahead while the window is idle (chart_prerender.py), so going
back to its tab only copies the picture.

What leaves the window can differ from what is on screen: a change manager sees every team,
but an image saved or copied from a readiness chart travels on (slides, mail) and must follow
the privacy rule the reports follow. A page sets `set_export(build, note)`: Save and Copy then
render `build()` (the chart from the suppressed data), and the menu says so with `note`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QVBoxLayout, QWidget

from tracker.ui import settings, theme
from tracker.ui.widgets import chart_prerender

ExportFigure = Callable[[], object]  # () -> matplotlib Figure


class ChartCanvas(QWidget):
    """A holder for one matplotlib Figure; call `set_figure(fig)` to show a new one.

    `picked` re-emits matplotlib pick events (artist, event) so pages can select the table
    row behind a clicked point or arrow.
    """

    picked = Signal(object, object)

    def __init__(self, parent: QWidget | None = None, *, name: str = "chart"):
        super().__init__(parent)
        self._name = name
        self._canvas = None
        self._pending: Callable[[], object] | None = None  # a builder waiting for the canvas to show
        self._needs_draw = False  # the figure was set while hidden: draw it when shown
        self._build_queued = False
        self._shown_size = None  # the size it had on screen: a hidden chart is drawn ahead at it
        self._export: ExportFigure | None = None
        self._export_note = ""
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)
        theme.on_change(self.apply_scheme)

    @property
    def figure(self):
        """The chart's figure, built now if its builder was waiting (tests, export, the report)."""
        self._build_pending()
        return self.built_figure

    @property
    def built_figure(self):
        """The figure as it is, without building a waiting one (None if none was built yet)."""
        return self._canvas.figure if self._canvas is not None else None

    @property
    def pending(self) -> bool:
        """Is a figure waiting to be built (the canvas was hidden when it was asked for)?"""
        return self._pending is not None

    def show_figure(self, build: Callable[[], object]) -> None:
        """Show the figure `build()` returns: built now if the canvas is visible, else the first
        time it is shown (a later call replaces a builder still waiting)."""
        self._pending = build
        if self.isVisible():  # on the next turn of the event loop: a page asking twice builds once
            if not self._build_queued:
                self._build_queued = True
                QTimer.singleShot(0, self, self._build_pending)
        else:  # the old figure goes now: shown with the page, it would be drawn before its successor
            self._drop_canvas()
            if self._shown_size is not None:  # drawn ahead while idle (chart_prerender)
                chart_prerender.enqueue(self)

    def clear(self) -> None:
        """Show nothing until the next figure (a page whose figures are being computed: never
        the previous rollout's chart meanwhile)."""
        self._pending = None
        self._drop_canvas()

    @property
    def loading(self) -> bool:
        """Is a hidden chart still waiting to be drawn ahead (tests and benchmarks wait on it)?"""
        return chart_prerender.pending(self)

    def prerender(self) -> bool:
        """Build the waiting figure and have it drawn, in the background, at the size the chart
        had on screen, while hidden; True while that draw is under way."""
        if self._pending is None or self.isVisible() or self._shown_size is None:
            return False
        from tracker.charts.window_scheme import apply_window_scheme

        build = self._pending
        dark, window, panel = self._scheme_colours()

        def make():  # in the drawing thread: the builder reads only the data it captured
            figure = build()
            apply_window_scheme(figure, dark, window=window, panel=panel)  # the buffer is what will show
            return figure

        ratio = self.devicePixelRatioF()
        size = self._shown_size
        chart_prerender.drawing_started(self)
        chart_prerender.draw_in_background(
            make, size.width(), size.height(), ratio,
            lambda drawn, renderer: self._drawn_ahead(build, size, drawn, renderer))
        return True

    def _drawn_ahead(self, build, size, figure, renderer) -> None:
        """The drawing thread's result, on the GUI thread: shown as is if still wanted."""
        try:
            still_wanted = self._pending is build and not self.isVisible() and renderer is not None
            if still_wanted:
                self._pending = None
                self.set_figure(figure, schemed=True)
                self._canvas.resize(size)
                self._canvas.renderer = renderer  # the drawn buffer: shown without drawing again
                self._canvas._lastKey = (renderer.width, renderer.height, figure.dpi)
                self._needs_draw = False
        except RuntimeError:  # the widget was deleted meanwhile
            pass
        finally:
            chart_prerender.drawing_finished(self)

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

    def _drop_canvas(self) -> None:
        if self._canvas is not None:
            self._canvas.hide()
            self._layout.removeWidget(self._canvas)
            self._canvas.deleteLater()
            self._canvas = None

    def _build_pending(self) -> None:
        self._build_queued = False
        build, self._pending = self._pending, None
        if build is not None:
            self.set_figure(build())

    def showEvent(self, event) -> None:
        self._shown_size = self.size()  # its first resize came while not yet visible
        self._build_pending()
        if self._needs_draw and self._canvas is not None:
            self._needs_draw = False
            self._canvas.draw_idle()
        super().showEvent(event)

    def set_figure(self, figure, *, schemed: bool = False) -> None:
        """Show `figure` (built already); drawn now if visible, else when the canvas is shown.
        `schemed`: already coloured for the window's palette (drawn ahead)."""
        self._pending = None
        self._drop_canvas()
        self._canvas = chart_prerender.canvas_class()(figure)
        self._canvas.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self._canvas.customContextMenuRequested.connect(self._menu)
        self._canvas.mpl_connect("pick_event", lambda event: self.picked.emit(event.artist, event))
        # Reachable by Tab with a name a screen reader can say; the menu key then opens Save/Copy.
        self._canvas.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._canvas.setAccessibleName(chart_title(figure, self._name))
        self._layout.addWidget(self._canvas)
        if not schemed:
            self._scheme_figure()
        # A hidden canvas would draw at a size it does not have yet, and again when shown.
        self._needs_draw = not self.isVisible()
        if not self._needs_draw:
            # Give it the space it will have and show it now: its one resize event asks for the
            # one draw (left to the layout, it drew at its default size first, then again).
            self._canvas.setGeometry(self.contentsRect())
            self._canvas.show()
            self._canvas.draw_idle()

    def _scheme_colours(self) -> tuple[bool, str, str]:
        """(dark, window colour, panel colour) of the window's palette, for apply_window_scheme."""
        palette = self.palette()
        return (theme.is_dark(palette), palette.color(QPalette.ColorRole.Window).name(),
                palette.color(QPalette.ColorRole.Base).name())

    def _scheme_figure(self) -> None:
        from tracker.charts.window_scheme import apply_window_scheme

        dark, window, panel = self._scheme_colours()
        apply_window_scheme(self._canvas.figure, dark, window=window, panel=panel)

    def apply_scheme(self) -> None:
        """Recolour the shown figure for the window's light or dark palette (after a change)."""
        if self._canvas is not None:
            self._scheme_figure()
            self.redraw()

    def _paper_version(self, write) -> None:
        """Call `write(figure)` with the light version: images leave for slides and mail."""
        figure = self.export_figure()
        if self._canvas is None or figure is not self._canvas.figure:
            write(figure)  # built for export: already light
            return
        from tracker.charts.window_scheme import apply_window_scheme

        apply_window_scheme(figure, dark=False)
        try:
            write(figure)
        finally:
            self._scheme_figure()

    def redraw(self) -> None:
        """The shown figure's artists changed (a highlight): draw it again, now if visible,
        else when the canvas is shown."""
        if self._canvas is None:
            return
        if self.isVisible():
            self._canvas.draw_idle()
        else:
            self._needs_draw = True

    def set_export(self, build: ExportFigure | None, note: str = "") -> None:
        """Save and Copy render `build()` instead of the figure on screen (None: as shown);
        `note` tells the user in the menu, e.g. "Saved with groups under 5 hidden"."""
        self._export, self._export_note = build, note if build is not None else ""

    def export_note(self) -> str:
        return self._export_note

    def export_figure(self):
        """The figure Save and Copy write: the export one if the page set it, else the shown one."""
        if self._export is not None:
            return self._export()
        return self.figure

    def connect_click(self, handler: Callable) -> None:
        """Plain clicks on the axes (matplotlib button_press_event)."""
        if self._canvas is not None:
            self._canvas.mpl_connect("button_press_event", handler)

    # ------------------------------------------------------------------ export
    def _menu(self, pos) -> None:
        if self._canvas is None:
            return
        menu = self.build_menu()
        sender = self.sender()
        menu.exec((sender or self).mapToGlobal(pos))
        menu.deleteLater()

    def build_menu(self) -> QMenu:
        """Save as PNG/SVG and Copy, under the export note when the page set one."""
        menu = QMenu(self)
        if self._export_note:
            note = QAction(self._export_note, menu)
            note.setEnabled(False)  # information, not a command
            menu.addAction(note)
            menu.addSeparator()
        for text, slot in (("Save as PNG…", lambda: self.save("png")), ("Save as SVG…", lambda: self.save("svg")),
                           ("Copy to clipboard", self.copy_to_clipboard)):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        return menu

    def save(self, fmt: str, path: str | None = None) -> Path | None:
        self._build_pending()
        if self._canvas is None:
            return None
        if path is None:
            start = str(Path(settings.last_export_folder()) / f"{self._name}.{fmt}")
            path, _ = QFileDialog.getSaveFileName(self, "Save chart", start, f"{fmt.upper()} image (*.{fmt})")
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_suffix(f".{fmt}")
        try:
            self._paper_version(lambda figure: _write_image(figure, target, fmt))
        except OSError as e:
            QMessageBox.warning(self, "Save chart", f"The chart could not be saved: {e.strerror or e}.")
            return None
        settings.set_last_export_folder(target.parent)
        self._record_saved(target)
        return target

    def _record_saved(self, target: Path) -> None:
        """Record the saved image in the workspace's history (what left the app): the page's
        context and rollout are found up the widget tree, so no page has to pass them down."""
        from tracker.domain.export_log import WINDOW
        from tracker.reports.recorded_exports import record_chart_image

        context = rollout_id = None
        widget = self.parentWidget()
        while widget is not None and context is None:
            if rollout_id is None and isinstance(getattr(widget, "rollout_id", None), int):
                rollout_id = widget.rollout_id
            context = getattr(widget, "context", None)
            widget = widget.parentWidget()
        workspace = getattr(context, "workspace", None)
        if workspace is None:
            return
        note = record_chart_image(workspace, target, [rollout_id] if rollout_id is not None else None, WINDOW)
        if note:
            QMessageBox.information(self, "Save chart", note)

    def copy_to_clipboard(self) -> None:
        self._build_pending()
        if self._canvas is None:
            return
        if self._export is None and not theme.is_dark(self.palette()):
            QApplication.clipboard().setPixmap(self._canvas.grab())  # what is on screen, at its pixel ratio
            return
        self._paper_version(lambda figure: QApplication.clipboard().setPixmap(self.render_pixmap(figure)))

    @staticmethod
    def render_pixmap(figure, dpi: int = 100) -> QPixmap:
        """A figure drawn off screen, for the clipboard (savefig needs no window)."""
        import io

        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        return pixmap


def chart_title(figure, name: str) -> str:
    """What a screen reader calls the chart: its own title, else the holder's name ("adkar-heatmap")."""
    suptitle = getattr(figure, "_suptitle", None)
    titles = [suptitle.get_text()] if suptitle is not None and suptitle.get_text() else []
    titles += [ax.get_title() for ax in figure.axes if ax.get_title()]
    return f"{titles[0] if titles else name.replace('-', ' ').capitalize()} chart"


def _write_image(figure, target: Path, fmt: str) -> None:
    """Save the figure; an SVG without the characters XML cannot hold.

    matplotlib copies every label into the SVG (a comment beside the drawn text) as it is, so a
    team name holding a control character would make the file malformed XML that browsers and
    slide programs refuse. In the picture such a character draws nothing anyway.
    """
    if fmt != "svg":
        figure.savefig(target, format=fmt, dpi=150)
        return
    import io

    from tracker.io.ooxml_text import plain

    buffer = io.BytesIO()
    figure.savefig(buffer, format="svg", dpi=150)
    target.write_text(plain(buffer.getvalue().decode("utf-8"), ""), encoding="utf-8")
