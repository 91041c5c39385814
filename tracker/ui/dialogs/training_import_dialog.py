"""Importing an LMS export into one rollout: choose a file, read the preview, then apply.

The shared import dialog (import_preview_dialog.py) does the work off the GUI thread; this file
says what a training import reads and how its preview reads.
"""

from __future__ import annotations

from tracker.domain.layouts import lms
from tracker.services.training_import import apply_training, preview_training
from tracker.ui.context import AppContext
from tracker.ui.dialogs.import_preview_dialog import ImportKind, ImportPreviewDialog


def training_kind(rollout_id: int, rollout_name: str) -> ImportKind:
    return ImportKind(
        f"Import training – {rollout_name}",
        f"Recognised as they are: {', '.join(layout.title for layout in lms.LAYOUTS)}. "
        "Any other file: columns employee_id (or email), module (code or title), status, completed_on, "
        "score (optional). Rows for other modules or unknown people are skipped and counted. "
        "A completion is never taken back by a later \"in progress\".",
        lambda ws, path, *, progress, cancelled, overrides=None: preview_training(
            ws, path, rollout_id, progress=lambda _n, text: progress(0, text), cancelled=cancelled,
            overrides=overrides),
        apply_training, lambda p: p.plan.has_changes,
        file_filter="LMS exports (*.csv *.txt *.xlsx *.xlsm);;All files (*)",
        report=lambda p: p.report(max_errors=500),
        layout_kind="training",
    )


class TrainingImportDialog(ImportPreviewDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent=None):
        rollout = context.require_workspace().rollouts.get(rollout_id)
        super().__init__(context, training_kind(rollout_id, rollout.name if rollout else ""), parent)
        self.rollout_id = rollout_id
