"""Save as PNG/SVG and Copy for a chart in the window (the export half of ChartCanvas).

What leaves the window can differ from what is on screen: a change manager sees every team,
but an image saved or copied from a readiness chart travels on (slides, mail) and must follow
the privacy rule the reports follow. A page sets `set_export(build, note)`: Save and Copy then
render `build()` (the chart from the suppressed data), and the menu says so with `note`.
Images leave light, whatever the window's scheme.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QWidget

from tracker.ui import settings, theme

ExportFigure = Callable[[], object]  # () -> matplotlib Figure


class ChartExport(QWidget):
    """The base of ChartCanvas, which provides `_canvas` (the Qt canvas or None), `figure`
    and `_scheme_figure()`."""

    _canvas: Any = None
    _name = "chart"
    _export: ExportFigure | None = None
    _export_note = ""

    @property
    def figure(self) -> Any:
        raise NotImplementedError

    def _scheme_figure(self) -> None:
        raise NotImplementedError

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

    def _menu(self, pos) -> None:
        if self._canvas is None:
            return
        menu = self.build_menu()
        sender = self.sender()
        anchor = sender if isinstance(sender, QWidget) else self  # the Qt canvas, or this holder
        menu.exec(anchor.mapToGlobal(pos))
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
        if self.figure is None:  # a figure being drawn is waited for, a waiting one built
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
            found = getattr(widget, "rollout_id", None)
            if rollout_id is None and isinstance(found, int):
                rollout_id = found
            context = getattr(widget, "context", None)
            widget = widget.parentWidget()
        workspace = getattr(context, "workspace", None)
        if workspace is None:
            return
        note = record_chart_image(workspace, target, [rollout_id] if rollout_id is not None else None, WINDOW)
        if note:
            QMessageBox.information(self, "Save chart", note)

    def copy_to_clipboard(self) -> None:
        if self.figure is None:  # as in save()
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
