"""File → Import data…: a whole workbook in the portable format (or a folder/.zip of CSV files
is accepted by the command line), previewed and applied through the shared import dialog."""

from __future__ import annotations

from tracker.services.portable_import import apply_portable, preview_portable
from tracker.ui.context import AppContext
from tracker.ui.dialogs.import_preview_dialog import ImportKind, ImportPreviewDialog


def data_kind() -> ImportKind:
    return ImportKind(
        "Import data",
        "A workbook with one sheet per kind of record (people, teams, rollouts, training_records, …), "
        "as written by File → Export all data… and described in docs/data-format.md. Records are "
        "matched by natural key and added or updated, never deleted; missing sheets are fine.",
        lambda ws, path, *, progress, cancelled: preview_portable(ws, path, progress=progress,
                                                                  cancelled=cancelled),
        apply_portable, lambda p: p.plan.has_changes,
        file_filter="Excel workbooks (*.xlsx *.xlsm);;Zip of CSV files (*.zip);;All files (*)",
        report=lambda p: p.report(max_errors=500),
    )


class DataImportDialog(ImportPreviewDialog):
    def __init__(self, context: AppContext, parent=None):
        super().__init__(context, data_kind(), parent)
