"""Importing an LMS export into one rollout: choose a file, read the preview, then apply.

Reading and checking a big export and writing it both run off the GUI thread
(tracker/ui/worker.py), each on its own connection; the window stays live and Cancel works
while reading. Nothing is written until the user presses Apply on a preview without errors.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
    QPushButton, QVBoxLayout, QWidget,
)

from tracker.services.training_import import TrainingPreview, apply_training, preview_training
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.worker import Worker, show_progress


def _preview_job(ws, path: Path, rollout_id: int, *, progress, cancelled) -> TrainingPreview:
    return preview_training(ws, path, rollout_id, progress=lambda _n, text: progress(0, text), cancelled=cancelled)


def _apply_job(ws, preview: TrainingPreview, *, progress, cancelled) -> int | None:
    progress(50, "Saving")
    return apply_training(ws, preview)


class TrainingImportDialog(QDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.rollout_id = context, rollout_id
        self.preview: TrainingPreview | None = None
        self.change_id: int | None = None
        self._worker: Worker | None = None
        rollout = context.workspace.rollouts.get(rollout_id)
        self.setWindowTitle(f"Import training – {rollout.name if rollout else ''}")
        self.setMinimumSize(640, 440)
        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("A CSV or Excel export from the learning system")
        choose = QPushButton("Choose file…")
        choose.clicked.connect(self.choose_file)
        hint = QLabel("Columns: employee_id (or email), module (code or title), status, completed_on, "
                      "score (optional). A completion is never taken back by a later \"in progress\".")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setFont(QFont("monospace"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(choose)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(hint)
        layout.addWidget(self.report_view, 1)
        layout.addWidget(self.buttons)

    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import training", str(settings.last_folder()),
                                              "LMS exports (*.csv *.txt *.xlsx *.xlsm);;All files (*)")
        if path:
            settings.set_last_folder(Path(path).parent)
            self.load(Path(path))

    def load(self, path: Path) -> Worker:
        """Read and check `path` in the background; the preview appears when done."""
        self.path_edit.setText(str(path))
        self.preview = None
        self.apply_button.setEnabled(False)
        self.report_view.setPlainText("Reading…")
        worker = Worker(_preview_job, path, self.rollout_id, workspace=self.context.workspace)
        worker.finished.connect(self._show_preview)
        worker.failed.connect(lambda message, _details: self.report_view.setPlainText(message))
        worker.cancelled.connect(lambda: self.report_view.setPlainText("Cancelled; nothing was read."))
        show_progress(worker, self, "Reading the file")
        self._worker = worker
        worker.start()
        return worker

    def _show_preview(self, preview: TrainingPreview) -> None:
        self.preview = preview
        text = preview.report(max_errors=500)
        if preview.ok and not preview.plan.has_changes:
            text += "\nNothing to change: the workspace already matches the file."
        self.report_view.setPlainText(text)
        self.apply_button.setEnabled(preview.ok and preview.plan.has_changes and not self.context.readonly)

    def apply(self) -> Worker | None:
        if self.preview is None or not self.preview.ok:
            return None
        self.apply_button.setEnabled(False)
        worker = Worker(_apply_job, self.preview, workspace=self.context.workspace)
        worker.finished.connect(self._applied)
        worker.failed.connect(lambda message, _d: QMessageBox.warning(self, "Import not applied", message))
        show_progress(worker, self, "Importing training", cancellable=False)
        self._worker = worker
        worker.start()
        return worker

    def _applied(self, change_id: int | None) -> None:
        self.change_id = change_id
        self.report_view.appendPlainText("\nApplied. Edit → Undo takes the whole import back.")
        self.accept()
