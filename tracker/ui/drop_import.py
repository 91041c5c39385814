"""Drag a CSV or XLSX file onto the window: the matching import opens with the file loaded.

The kind is told apart by the file's headers: a recognised system export or a saved mapping
(tracker/domain/layouts/), else the app's own columns (tracker/domain/import_kinds.py). When several
kinds fit, or the kind belongs to a rollout and none is selected, the user is asked; a file
that fits nothing gets a message naming the kinds and their columns. Only the header row is
read here, so dropping a large usage log does not stall the window before its dialog appears.
"""

from __future__ import annotations

import codecs
import csv
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QWidget

from tracker.domain.import_kinds import KINDS, ImportKindSpec, detect_import_kinds
from tracker.domain.layouts import LAYOUTS, recognise
from tracker.io.table_reader import normalise_header

if TYPE_CHECKING:
    from tracker.ui.dialogs.import_preview_dialog import ImportPreviewDialog
    from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog
    from tracker.ui.main_window import MainWindow

SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")
_HEAD_BYTES = 64 * 1024


class HeaderReadError(Exception):
    """The file's header row cannot be read; the message says why."""


def read_headers(path: Path) -> list[str]:
    """The normalised column names of a CSV/TXT/TSV file or a workbook's first sheet."""
    return [h for h in (normalise_header(cell) for cell in read_raw_headers(path)) if h]


def read_raw_headers(path: Path) -> list[str]:
    """The column names as the file writes them (a layout is recognised by those)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from tracker.io.table_reader import TableReadError, read_table

        try:  # the safe reader (zip bombs, hostile XML); workbooks are small next to usage logs
            return list(read_table(path).raw_headers)
        except TableReadError as e:
            raise HeaderReadError(str(e)) from e
    try:
        head = path.open("rb").read(_HEAD_BYTES)
    except OSError as e:
        raise HeaderReadError(f"{path.name} cannot be read: {e.strerror or e}.") from e
    encodings: tuple[str, ...]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        encodings, lines = ("utf-16",), [head[: len(head) // 2 * 2]]
    else:
        encodings, lines = ("utf-8-sig", "cp1252"), head.splitlines()[:1]  # only the header line
    for encoding in encodings:
        try:
            text = b"".join(lines).decode(encoding, errors="strict" if encoding != "utf-16" else "ignore")
            break
        except UnicodeDecodeError:
            continue
    else:
        raise HeaderReadError(f"{path.name} is not a text file.")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",;\t|", key=first.count) if first else ","
    row = next(csv.reader([first], delimiter=delimiter), [])
    return [cell.strip() for cell in row if normalise_header(cell)]


def dropped_file(event) -> Path | None:
    """The one local CSV/XLSX file being dragged, or None (several files, a folder, text…)."""
    mime = event.mimeData()
    if not mime.hasUrls() or len(mime.urls()) != 1 or not mime.urls()[0].isLocalFile():
        return None
    path = Path(mime.urls()[0].toLocalFile())
    return path if path.suffix.lower() in SUFFIXES else None


class DropImport(QObject):
    """Installed on the main window: accepts file drags and opens the import they are for."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.context = window.context
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if dropped_file(event) is not None and not self.context.readonly:
                event.acceptProposedAction()
                return True
        elif kind == QEvent.Type.Drop:
            path = dropped_file(event)
            if path is not None:
                event.acceptProposedAction()
                self.import_file(path)
                return True
        return False

    # ------------------------------------------------------------ asking (tests answer these)
    def choose(self, title: str, label: str, items: list[str]) -> int | None:
        chosen, ok = QInputDialog.getItem(self.window, title, label, items, 0, False)
        return items.index(chosen) if ok and chosen in items else None

    def run_dialog(self, dialog: QDialog) -> None:
        dialog.exec()

    # ------------------------------------------------------------ the work
    def import_file(self, path: Path) -> QWidget | None:
        """Open the import `path` is for; returns the dialog (or ADKAR page) used, else None."""
        ws = self.context.workspace
        if ws is None or ws.readonly:
            QMessageBox.information(self.window, "Import", "Open a workspace for editing first, then drop "
                                                           "the file on the window again.")
            return None
        try:
            raw = read_raw_headers(path)
        except HeaderReadError as e:
            QMessageBox.warning(self.window, "Import", str(e))
            return None
        headers = [normalise_header(h) for h in raw]
        # A real system's export (Workday, Cornerstone, Copilot, ...) or a file the user mapped.
        known = ws.import_mappings.for_header(raw)
        recognised = recognise(raw, LAYOUTS)
        fits = detect_import_kinds(headers, known.kind if known else recognised.layout.kind if recognised else None)
        if not fits:
            kinds = "\n".join(f"• {k.title}: {', '.join(s[0] for s in k.required)}" for k in KINDS)
            QMessageBox.warning(self.window, "Import",
                                f"{path.name} does not look like any file Rollout Tracker imports "
                                f"(its columns: {', '.join(headers) or 'none'}). The imports and the "
                                f"columns they need:\n{kinds}")
            return None
        kind = fits[0]
        if len(fits) > 1:
            index = self.choose("Import", f"{path.name} fits more than one import. Which is it?",
                                [k.title for k in fits])
            if index is None:
                return None
            kind = fits[index]
        rollout_id = None
        if kind.needs_rollout:
            rollout_id = self._rollout_for(kind)
            if rollout_id is None:
                return None
        return self._open(kind, path, rollout_id)

    def _rollout_for(self, kind: ImportKindSpec) -> int | None:
        selected = self.window.navigator.current_rollout_id()
        if selected is not None:
            return selected
        rollouts = self.context.require_workspace().rollouts.list()
        if not rollouts:
            QMessageBox.information(self.window, "Import", f"A {kind.title.lower()} file belongs to a "
                                                           "rollout; add the rollout first.")
            return None
        index = self.choose("Import", f"Which rollout is this {kind.title.lower()} file for?",
                            [r.name for r in rollouts])
        return None if index is None else rollouts[index].id

    def _open(self, kind: ImportKindSpec, path: Path, rollout_id: int | None) -> QWidget:
        parent = self.window
        if kind.key == "adkar":
            from tracker.ui.pages.adkar_page import AdkarPage
            from tracker.ui.pages.rollout_page import RolloutPage

            self.context.rollout_selected.emit(rollout_id)  # the window shows that rollout
            rollout_page = self.window.rollout_page
            assert isinstance(rollout_page, RolloutPage)  # tests may stand in other pages, not this one
            page = rollout_page.areas.show("adkar")
            assert isinstance(page, AdkarPage)
            page.import_survey_file(path)
            return page
        dialog: RosterImportDialog | ImportPreviewDialog
        if kind.key == "roster":
            from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog

            dialog = RosterImportDialog(self.context, parent)
        elif kind.key == "training":
            from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog

            assert rollout_id is not None  # a rollout's import: import_file asked which one
            dialog = TrainingImportDialog(self.context, rollout_id, parent)
        elif kind.key == "kpis":
            from tracker.ui.dialogs.kpi_import_dialog import KpiImportDialog

            assert rollout_id is not None  # a rollout's import: import_file asked which one
            dialog = KpiImportDialog(self.context, rollout_id, parent)
        else:
            from tracker.ui.dialogs.import_preview_dialog import ImportPreviewDialog
            from tracker.ui.pages.adoption_page import team_figures_kind, usage_kind

            if kind.key in ("usage", "usage_report"):
                rollout = self.context.require_workspace().rollouts.get(rollout_id) if rollout_id is not None else None
                dialog = ImportPreviewDialog(self.context, usage_kind(rollout.name if rollout else None), parent)
            else:
                dialog = ImportPreviewDialog(self.context, team_figures_kind(), parent)
        dialog.load(path)
        self.run_dialog(dialog)
        return dialog
