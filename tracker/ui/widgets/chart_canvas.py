"""Shows a Figure from tracker/charts in the window, with Save as PNG/SVG and Copy.

matplotlib is imported the first time a chart is shown, not at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QMessageBox, QVBoxLayout, QWidget

from tracker.ui import settings


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

    def connect_click(self, handler: Callable) -> None:
        """Plain clicks on the axes (matplotlib button_press_event)."""
        if self._canvas is not None:
            self._canvas.mpl_connect("button_press_event", handler)

    # ------------------------------------------------------------------ export
    def _menu(self, pos) -> None:
        if self._canvas is None:
            return
        menu = QMenu(self)
        for text, slot in (("Save as PNG…", lambda: self.save("png")), ("Save as SVG…", lambda: self.save("svg")),
                           ("Copy to clipboard", self.copy_to_clipboard)):
            action = QAction(text, menu)
            action.triggered.connect(slot)
            menu.addAction(action)
        sender = self.sender()
        menu.exec((sender or self).mapToGlobal(pos))

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
            self._canvas.figure.savefig(target, format=fmt, dpi=150)
        except OSError as e:
            QMessageBox.warning(self, "Save chart", f"The chart could not be saved: {e.strerror or e}.")
            return None
        settings.set_last_folder(target.parent)
        return target

    def copy_to_clipboard(self) -> None:
        if self._canvas is not None:
            QApplication.clipboard().setPixmap(self._canvas.grab())
