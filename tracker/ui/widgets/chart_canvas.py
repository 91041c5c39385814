"""Shows a Figure from tracker/charts in the window, with Save as PNG/SVG and Copy.

matplotlib is imported the first time a chart is shown, not at start-up.

What leaves the window can differ from what is on screen: a change manager sees every team,
but an image saved or copied from a readiness chart travels on (slides, mail) and must follow
the privacy rule the reports follow. A page sets `set_export(build, note)`: Save and Copy then
render `build()` (the chart from the suppressed data), and the menu says so with `note`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QPixmap
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QVBoxLayout, QWidget

from tracker.ui import settings

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
        self._export: ExportFigure | None = None
        self._export_note = ""
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self.customContextMenuRequested.connect(self._menu)

    @property
    def figure(self):
        return self._canvas.figure if self._canvas is not None else None

    def set_figure(self, figure) -> None:
        from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

        if self._canvas is not None:
            self._layout.removeWidget(self._canvas)
            self._canvas.deleteLater()
        self._canvas = FigureCanvasQTAgg(figure)
        self._canvas.setContextMenuPolicy(self.contextMenuPolicy().CustomContextMenu)
        self._canvas.customContextMenuRequested.connect(self._menu)
        self._canvas.mpl_connect("pick_event", lambda event: self.picked.emit(event.artist, event))
        self._layout.addWidget(self._canvas)
        self._canvas.draw_idle()

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
        if self._canvas is None:
            return None
        if path is None:
            start = str(Path(settings.last_folder()) / f"{self._name}.{fmt}")
            path, _ = QFileDialog.getSaveFileName(self, "Save chart", start, f"{fmt.upper()} image (*.{fmt})")
            if not path:
                return None
        target = Path(path)
        if target.suffix.lower() != f".{fmt}":
            target = target.with_suffix(f".{fmt}")
        try:
            self.export_figure().savefig(target, format=fmt, dpi=150)
        except OSError as e:
            QMessageBox.warning(self, "Save chart", f"The chart could not be saved: {e.strerror or e}.")
            return None
        settings.set_last_folder(target.parent)
        return target

    def copy_to_clipboard(self) -> None:
        if self._canvas is None:
            return
        if self._export is None:
            QApplication.clipboard().setPixmap(self._canvas.grab())
            return
        QApplication.clipboard().setPixmap(self.render_pixmap(self.export_figure()))

    @staticmethod
    def render_pixmap(figure, dpi: int = 100) -> QPixmap:
        """A figure drawn off screen, for the clipboard (savefig needs no window)."""
        import io

        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)
        pixmap = QPixmap()
        pixmap.loadFromData(buffer.getvalue(), "PNG")
        return pixmap
