""""Match columns…" in any import dialog: read the file's first rows off the GUI thread, open the
column mapping dialog with what is already recognised, save the mapping if asked, and hand the
chosen columns back to the import dialog, which reads the file again with them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.io.table_reader import ReadCancelled, read_table
from tracker.services.layout_choice import choose_layout
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.dialogs.column_mapping_dialog import PREVIEW_ROWS, ColumnMappingDialog
from tracker.ui.worker import WorkCancelled, Worker, show_progress


def _sample_job(ws, path: Path, kind: str, *, progress, cancelled):
    """(raw headers, the first rows, field -> column already known) of the file."""
    try:
        table = read_table(path, cancelled=cancelled)
    except ReadCancelled:
        raise WorkCancelled() from None
    known = choose_layout(ws, table.raw_headers, kind)
    rows = [(row.number, row.values) for row in table.rows[:PREVIEW_ROWS]]
    return table.raw_headers, rows, dict(known.column_of) if known else {}


def ask_for_mapping(parent: QWidget, context: AppContext, path: Path, kind: str,
                    on_chosen: Callable[[dict[str, str]], None]) -> Worker:
    """Start reading ``path``; when the user accepts the dialog, ``on_chosen(overrides)`` gets
    field -> column as written in the file (what `--map` takes)."""
    worker = Worker(_sample_job, path, kind, workspace=context.workspace)

    def opened(result) -> None:
        raw_headers, rows, initial = result
        dialog = ColumnMappingDialog(kind, raw_headers, rows, initial=initial, file_name=path.name,
                                     name=path.stem, parent=parent)
        if context.readonly:  # nothing can be saved in a read-only workspace; still usable once
            dialog.save_check.setChecked(False)
            dialog.save_check.setEnabled(False)
        if dialog.exec() != ColumnMappingDialog.DialogCode.Accepted:
            return
        name = dialog.mapping_name()
        if name:
            try:
                context.require_workspace().import_mappings.save(name, kind, dialog.column_of(), raw_headers)
            except WorkspaceError as e:
                QMessageBox.warning(parent, "Mapping not saved", str(e))
        on_chosen(dialog.overrides())

    worker.finished.connect(opened)
    worker.failed.connect(lambda message, _details: QMessageBox.warning(parent, "Cannot read the file", message))
    show_progress(worker, parent, "Reading the file")
    worker.start()
    return worker
