"""Choose a file, read its preview in the background, then apply it: the shape every import has.

Each import kind gives a `preview(ws, path, progress, cancelled)` returning an object with `ok`
and `report()`, an `apply(ws, preview)` returning the change id, and `has_changes(preview)`.
Reading and writing run off the GUI thread (tracker/ui/worker.py), each on its own connection;
Cancel works while reading; nothing is written until Apply on a preview without errors.
A kind with a ``layout_kind`` reads real systems' exports (tracker/domain/layouts/) and offers
"Match columns…" for any other file; its preview then also takes ``overrides`` (field -> column).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.io.table_reader import ReadCancelled
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.worker import WorkCancelled, Worker, show_progress


@dataclass(frozen=True)
class ImportKind:
    title: str  # "Import usage"
    hint: str  # the columns, in one or two sentences
    preview: Callable[..., Any]  # (ws, path, *, progress, cancelled) -> preview
    apply: Callable[[Any, Any], int | None]  # (ws, preview) -> change id
    has_changes: Callable[[Any], bool]
    file_filter: str = "CSV or Excel files (*.csv *.txt *.tsv *.xlsx *.xlsm);;All files (*)"
    report: Callable[[Any], str] = lambda preview: preview.report()
    layout_kind: str | None = None  # "training", "usage", ...: the file may be mapped to its fields


def _preview_job(ws, kind: ImportKind, path: Path, overrides: dict[str, str] | None, *, progress, cancelled):
    extra = {"overrides": overrides} if overrides else {}
    try:
        return kind.preview(ws, path, progress=progress, cancelled=cancelled, **extra)
    except ReadCancelled:  # the reader's own signal; the worker's is WorkCancelled (-> "Cancelled")
        raise WorkCancelled() from None


def _apply_job(ws, kind: ImportKind, preview, *, progress, cancelled):
    progress(50, "Saving")
    return kind.apply(ws, preview)


class ImportPreviewDialog(QDialog):
    def __init__(self, context: AppContext, kind: ImportKind, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.kind = context, kind
        self.preview = None
        self.change_id: int | None = None
        self.path: Path | None = None
        self.overrides: dict[str, str] | None = None  # columns the user matched by hand
        self._worker: Worker | None = None
        self.setWindowTitle(kind.title)
        self.setMinimumSize(640, 440)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("A CSV or Excel file")
        self.path_edit.setAccessibleName("File to import")
        choose = QPushButton("Choose &file…")
        choose.clicked.connect(self.choose_file)
        hint = QLabel(kind.hint)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setFont(QFont("monospace"))
        self.report_view.setAccessibleName("Import preview")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(choose)
        self.map_button = QPushButton("&Match columns…")
        self.map_button.setToolTip("Say which column of the file holds each field, and save it for next time")
        self.map_button.setEnabled(False)
        self.map_button.setVisible(kind.layout_kind is not None)
        self.map_button.clicked.connect(self.match_columns)
        row.addWidget(self.map_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.kind.title, str(settings.last_folder()),
                                              self.kind.file_filter)
        if path:
            settings.set_last_folder(Path(path).parent)
            self.overrides = None
            self.load(Path(path))

    def match_columns(self) -> Worker | None:
        """Open the column mapping dialog for the loaded file; read it again with its choice."""
        if self.path is None or self.kind.layout_kind is None:
            return None
        from tracker.ui.dialogs.mapping_flow import ask_for_mapping

        path = self.path  # the file the mapping is chosen for

        def chosen(overrides: dict[str, str]) -> None:
            self.overrides = overrides
            self.load(path)

        self._worker = ask_for_mapping(self, self.context, self.path, self.kind.layout_kind, chosen)
        return self._worker

    def load(self, path: Path) -> Worker:
        """Read and check `path` in the background; the preview appears when done."""
        self.path = path
        self.path_edit.setText(str(path))
        self.preview = None
        self.apply_button.setEnabled(False)
        self.map_button.setEnabled(True)
        self.report_view.setPlainText("Reading…")
        worker = Worker(_preview_job, self.kind, path, self.overrides, workspace=self.context.workspace)
        worker.finished.connect(self._show_preview)
        worker.failed.connect(lambda message, _details: self.report_view.setPlainText(message))
        worker.cancelled.connect(lambda: self.report_view.setPlainText("Cancelled; nothing was read."))
        show_progress(worker, self, "Reading the file")
        self._worker = worker
        worker.start()
        return worker

    def _show_preview(self, preview) -> None:
        self.preview = preview
        text = self.kind.report(preview)
        changes = self.kind.has_changes(preview)
        if preview.ok and not changes:
            text += "\nNothing to change: the workspace already holds everything in the file."
        self.report_view.setPlainText(text)
        self.apply_button.setEnabled(preview.ok and changes and not self.context.readonly)

    def apply(self) -> Worker | None:
        if self.preview is None or not self.preview.ok:
            return None
        self.apply_button.setEnabled(False)
        worker = Worker(_apply_job, self.kind, self.preview, workspace=self.context.workspace)
        worker.finished.connect(self._applied)
        worker.failed.connect(lambda message, _d: QMessageBox.warning(self, "Import not applied", message))
        show_progress(worker, self, self.kind.title, cancellable=False)
        self._worker = worker
        worker.start()
        return worker

    def _applied(self, change_id: int | None) -> None:
        self.change_id = change_id
        self.report_view.appendPlainText("\nApplied. Edit → Undo takes the whole import back.")
        self.accept()
