"""Importing KPI readings into one rollout: choose a file, read the preview, then apply.

The shared import dialog (import_preview_dialog.py) does the work off the GUI thread; this file
says what a KPI import reads and how its preview reads.
"""

from __future__ import annotations

from tracker.services.kpi_import import apply_kpis, preview_kpis
from tracker.ui.context import AppContext
from tracker.ui.dialogs.import_preview_dialog import ImportKind, ImportPreviewDialog


def kpi_kind(rollout_id: int, rollout_name: str) -> ImportKind:
    return ImportKind(
        f"Import KPI readings – {rollout_name}",
        "Columns: kpi (the KPI's name), measured_on, value. A reading of the same KPI on the same day "
        "replaces the stored one; the same file twice changes nothing.",
        lambda ws, path, *, progress, cancelled: preview_kpis(ws, path, rollout_id, cancelled=cancelled),
        apply_kpis, lambda p: p.plan.has_changes,
        file_filter="Readings (*.csv *.txt *.xlsx *.xlsm);;All files (*)",
        report=lambda p: p.report(max_errors=500),
    )


class KpiImportDialog(ImportPreviewDialog):
    def __init__(self, context: AppContext, rollout_id: int, parent=None):
        rollout = context.require_workspace().rollouts.get(rollout_id)
        super().__init__(context, kpi_kind(rollout_id, rollout.name if rollout else ""), parent)
        self.rollout_id = rollout_id
