"""The Excel workbooks Rollout Tracker writes: the leaders' status report and HR's training plan.

Headless (no Qt): the command line (`tracker report`) and the window's File → Export status
report… call the same functions. openpyxl and matplotlib are imported inside the functions
that build a workbook, so importing this package costs nothing.

- `write_status_report(ws, path, *, rollout_ids=None, as_of=None, progress=None, cancelled=None)`
- `write_training_plan(ws, path, *, rollout_ids=None, as_of=None, progress=None, cancelled=None)`
- Errors: `ReportError` (message for the user), `ReportFileLockedError` (open in Excel or
  LibreOffice), `ReportCancelled`; after any of them an existing file at `path` is unchanged.
"""

from __future__ import annotations

from tracker.io.atomic import ReportCancelled, ReportError, ReportFileLockedError
from tracker.reports.status_workbook import write_status_report
from tracker.reports.training_plan import write_training_plan

__all__ = ["ReportCancelled", "ReportError", "ReportFileLockedError", "write_status_report", "write_training_plan"]
