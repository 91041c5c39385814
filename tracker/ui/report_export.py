"""File → Export status report… and Export training plan…: choose where, write in the background,
then offer to open the workbook or its folder.

The writing is tracker.reports.recorded_exports' (the same as `tracker report`: the reports'
writers, then a record in the workspace's history), run by a Worker on its own connection with
a progress dialog and Cancel. The report is written to a temporary file and
moved into place, so a cancel or a failure leaves any earlier file as it was; a workbook open
in Excel gets the reports' own clear message.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton, QWidget

from tracker.store import WorkspaceError
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.worker import WorkCancelled, Worker, show_progress

STATUS, TRAINING_PLAN = "status", "training-plan"
TITLES = {STATUS: "Export status report", TRAINING_PLAN: "Export training plan"}
DEFAULT_NAMES = {STATUS: "Status report {date}.xlsx", TRAINING_PLAN: "Training plan {date}.xlsx"}


class ReportFailed(WorkspaceError):
    """A report error carried to the GUI thread as the sentence the reports wrote for the user."""


def _write_job(ws, kind: str, path: Path, *, progress, cancelled):
    from tracker.domain.export_log import WINDOW
    from tracker.reports import ReportCancelled, ReportError
    from tracker.reports.recorded_exports import STATUS_REPORT, TRAINING_PLAN, write_report

    try:
        return write_report(ws, STATUS_REPORT if kind == STATUS else TRAINING_PLAN, path, made_with=WINDOW,
                            progress=progress, cancelled=cancelled)
    except ReportCancelled:
        raise WorkCancelled() from None
    except ReportError as e:
        raise ReportFailed(str(e)) from e


def default_path(kind: str, today: dt.date | None = None) -> Path:
    name = DEFAULT_NAMES[kind].format(date=(today or dt.date.today()).isoformat())
    return Path(settings.last_export_folder()) / name


class ReportExporter(QObject):
    """Owns the running export so it is not collected while it runs."""

    def __init__(self, context: AppContext, parent: QWidget,
                 open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl):
        super().__init__(parent)
        self.context = context
        self.parent_widget = parent
        self.open_url = open_url
        self.worker: Worker | None = None
        self.written: Path | None = None

    def choose_and_export(self, kind: str) -> Worker | None:
        if self.context.workspace is None:
            return None
        chosen, _ = QFileDialog.getSaveFileName(self.parent_widget, TITLES[kind], str(default_path(kind)),
                                                "Excel workbook (*.xlsx)")
        if not chosen:
            return None
        path = Path(chosen)
        if path.suffix.lower() != ".xlsx":
            path = path.with_suffix(path.suffix + ".xlsx") if path.suffix else path.with_suffix(".xlsx")
        settings.set_last_export_folder(path.parent)
        return self.export(kind, path)

    def export(self, kind: str, path: Path) -> Worker:
        worker = Worker(_write_job, kind, path, workspace=self.context.workspace)
        worker.finished.connect(self._done)
        worker.failed.connect(lambda message, _details: QMessageBox.warning(
            self.parent_widget, "Report not written", message))
        show_progress(worker, self.parent_widget, TITLES[kind])
        self.worker = worker
        worker.start()
        return worker

    def _done(self, written) -> None:
        self.written = Path(written.path)
        box = QMessageBox(self.parent_widget)
        box.setWindowTitle("Report written")
        box.setText(f"The workbook is saved as {self.written.name}.")
        box.setInformativeText(str(self.written.parent) + (f"\n\n{written.note}" if written.note else ""))
        open_file = box.addButton("Open the workbook", QMessageBox.ButtonRole.AcceptRole)
        open_folder: QPushButton = box.addButton("Open its folder", QMessageBox.ButtonRole.ActionRole)
        box.addButton(QMessageBox.StandardButton.Close)
        box.exec()
        if box.clickedButton() is open_file:
            self.open_url(QUrl.fromLocalFile(str(self.written)))
        elif box.clickedButton() is open_folder:
            self.open_url(QUrl.fromLocalFile(str(self.written.parent)))
