"""File → Export all data…: the whole workspace to one portable workbook, written in the
background (tracker.reports.recorded_exports, the same as `tracker export-data`: the portable
workbook, then a record in the workspace's history), optionally pseudonymised for sharing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from tracker.store import WorkspaceError
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.worker import Worker, show_progress

TITLE = "Export all data"


class ExportFailed(WorkspaceError):
    """The export's own sentence, carried to the GUI thread."""


def _export_job(ws, path: Path, pseudonymise: bool, *, progress, cancelled):
    from tracker.domain.export_log import WINDOW
    from tracker.io.atomic import ReportError
    from tracker.reports.recorded_exports import write_all_data

    try:
        return write_all_data(ws, path, pseudonymise=pseudonymise, made_with=WINDOW, progress=progress)
    except ReportError as e:
        raise ExportFailed(str(e)) from e


class DataExporter(QObject):
    """Owns the running export so it is not collected while it runs."""

    def __init__(self, context: AppContext, parent: QWidget):
        super().__init__(parent)
        self.context = context
        self.parent_widget = parent
        self.worker: Worker | None = None
        self.written: Path | None = None

    def choose_and_export(self) -> Worker | None:
        if self.context.workspace is None:
            return None
        answer = QMessageBox.question(
            self.parent_widget, TITLE,
            "Pseudonymise personal data?\n\nYes: names, emails, employee ids and notes about people are "
            "replaced by stand-ins (for sharing, e.g. with a consultant); every figure stays the same.\n"
            "No: a complete copy of everything.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.No)
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        pseudonymise = answer == QMessageBox.StandardButton.Yes
        name = f"{self.context.workspace.name} data {dt.date.today().isoformat()}.xlsx"
        chosen, _ = QFileDialog.getSaveFileName(self.parent_widget, TITLE, str(Path(settings.last_export_folder()) / name),
                                                "Excel workbook (*.xlsx)")
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_name(path.name + ".xlsx")
        settings.set_last_export_folder(path.parent)
        return self.export(path, pseudonymise)

    def export(self, path: Path, pseudonymise: bool = False) -> Worker:
        worker = Worker(_export_job, path, pseudonymise, workspace=self.context.workspace)
        worker.finished.connect(self._done)
        worker.failed.connect(lambda message, _details: QMessageBox.warning(
            self.parent_widget, "Data not exported", message))
        show_progress(worker, self.parent_widget, TITLE)
        self.worker = worker
        worker.start()
        return worker

    def _done(self, written) -> None:
        self.written = Path(written.path)
        note = f"\n\n{written.note}" if written.note else ""
        QMessageBox.information(self.parent_widget, TITLE, f"Everything is saved in {self.written.name}.\n"
                                f"{self.written.parent}{note}")
