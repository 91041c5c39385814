"""Seats tab → Export reclaim list…: the licence admin's workbook of one rollout, written in the
background (tracker/reports/reclaim_workbook.py, the same as `tracker report --reclaim`).

The save dialog opens in the exports folder the other exports use and remembers where the file
went; the list is judged and written by a Worker on its own connection, into a temporary file
moved into place, so a failure leaves any earlier file as it was. When done, the same box as
the other reports offers to open the workbook or its folder.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from tracker.reports.recorded_exports import Written
from tracker.ui import settings
from tracker.ui.report_export import ReportExporter, ReportFailed
from tracker.ui.worker import Worker, show_progress

TITLE = "Export reclaim list"
UNSAFE = '<>:"/\\|?*'  # characters a file name may not hold on Windows


def default_path(rollout: str, today: dt.date | None = None) -> Path:
    name = "".join("-" if ch in UNSAFE or ord(ch) < 32 else ch for ch in rollout).strip(" .") or "rollout"
    return Path(settings.last_export_folder()) / f"Reclaim list {name} {(today or dt.date.today()).isoformat()}.xlsx"


def _write_job(ws, rollout_id: int, path: Path, as_of: dt.date | None, *, progress, cancelled) -> Written:
    from tracker.reports import ReportError
    from tracker.reports.reclaim_workbook import write_reclaim_workbook

    rollout = ws.rollouts.get(rollout_id)
    if rollout is None:
        raise ReportFailed("That rollout no longer exists.")
    progress(10, "Judging the seats")
    listed = ws.seats.reclaim_list(rollout_id, as_of)
    progress(50, "Writing the workbook")
    try:
        written = write_reclaim_workbook(listed, path, rollout=rollout.name,
                                         tool=ws.seats.tools().get(rollout_id, rollout.name))
    except ReportError as e:
        raise ReportFailed(str(e)) from e
    return Written(written, None)


class ReclaimExporter(ReportExporter):
    """Owns the running export; the done box is the reports' (open the workbook or its folder)."""

    def choose_and_export_reclaim(self, rollout_id: int, as_of: dt.date | None = None) -> Worker | None:
        ws = self.context.workspace
        rollout = ws.rollouts.get(rollout_id) if ws is not None else None
        if rollout is None:
            return None
        path, _ = QFileDialog.getSaveFileName(self.parent_widget, TITLE, str(default_path(rollout.name, as_of)),
                                              "Excel workbook (*.xlsx)")
        if not path:
            return None
        target = Path(path)
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        settings.set_last_export_folder(target.parent)
        return self.export_reclaim(rollout_id, target, as_of)

    def export_reclaim(self, rollout_id: int, path: Path, as_of: dt.date | None = None) -> Worker:
        worker = Worker(_write_job, rollout_id, path, as_of, workspace=self.context.workspace)
        worker.finished.connect(self._done)
        worker.failed.connect(lambda message, _details: QMessageBox.warning(
            self.parent_widget, "Reclaim list not written", message))
        show_progress(worker, self.parent_widget, TITLE)
        self.worker = worker
        worker.start()
        return worker
