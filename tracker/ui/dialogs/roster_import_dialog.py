"""File → Import roster…: choose an HR file, read the preview, then apply it all or nothing.

The same use case as `tracker import roster` (tracker/services/roster_import.py). Reading and
checking a 100,000-row roster and writing it both run off the GUI thread (tracker/ui/worker.py),
each on its own connection, so the window stays live and Cancel works while reading. Nothing is
written until the user presses Apply on a preview without errors; the whole import is one
change, so Edit → Undo takes it back in one step. "Partial roster" is for a file that lists only
some people (one department's update): then no one missing from it is deactivated (the people
it marks as leavers still are). A full roster that would deactivate more than 20% of the active
people is usually a partial one saved as full, so Apply asks first.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.io.table_reader import ReadCancelled
from tracker.services.roster_import import RosterPreview, apply_roster, preview_roster
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.models.roster_preview_model import PreviewLine, make_preview_model, preview_lines
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.worker import WorkCancelled, Worker, show_progress

FILE_FILTER = "HR rosters (*.csv *.txt *.xlsx *.xlsm);;All files (*)"
STATUS_MS = 10_000
# Answers to "was this a partial roster?"
AS_PARTIAL, ANYWAY, CANCEL = "partial", "anyway", "cancel"


def ask_mass_deactivation(parent: QWidget, preview: RosterPreview) -> str:
    """Ask before a full roster deactivates more than 20% of the active people: AS_PARTIAL
    (deactivate only the leavers the file names), ANYWAY, or CANCEL."""
    plan = preview.plan
    box = QMessageBox(QMessageBox.Icon.Warning, "Was this a partial roster?",
                      f"{preview.source.name}: {plan.mass_deactivation_text()[0].upper()}"
                      f"{plan.mass_deactivation_text()[1:]}.\n\nWas this a partial roster (one department, "
                      "one country)? Then no one missing from it should be deactivated.", parent=parent)
    partial = box.addButton("Import as partial roster", QMessageBox.ButtonRole.AcceptRole)
    anyway = box.addButton(f"Deactivate {len(plan.deactivated):,} people", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(partial)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    return AS_PARTIAL if clicked is partial else ANYWAY if clicked is anyway else CANCEL


def _preview_job(ws, path: Path, partial: bool, overrides: dict[str, str] | None, *, progress,
                 cancelled) -> tuple[RosterPreview, list[PreviewLine]]:
    """Worker job: read and check the file, and turn the plan into table lines (no Qt here)."""
    try:
        preview = preview_roster(ws, path, partial=partial, progress=lambda _n, text: progress(0, text),
                                 cancelled=cancelled, overrides=overrides)
    except ReadCancelled:
        raise WorkCancelled() from None
    if cancelled():
        raise WorkCancelled()
    return preview, preview_lines(preview.plan)


def _apply_job(ws, preview: RosterPreview, *, progress, cancelled) -> int | None:
    progress(50, "Saving")
    return apply_roster(ws, preview)


def counts_text(preview: RosterPreview) -> str:
    """'12 new · 3 changed · 1 deactivated' (or why nothing will be applied)."""
    plan = preview.plan
    if not plan.ok:
        n = sum(e.row is not None for e in plan.errors)
        if not n:
            return "The file cannot be imported as it is; nothing will be changed."
        return f"{n:,} row{'' if n == 1 else 's'} rejected: nothing will be changed until the file is fixed."
    parts = [f"{len(plan.new):,} new", f"{len(plan.changed):,} changed", f"{len(plan.deactivated):,} deactivated",
             f"{plan.unchanged:,} unchanged"]
    if plan.new_teams:
        parts.append(f"{len(plan.new_teams):,} new teams")
    if plan.moved_teams:
        parts.append(f"{len(plan.moved_teams):,} teams moved")
    return " · ".join(parts)


class RosterImportDialog(QDialog):
    """`RosterImportDialog(context, parent).exec()`: what File → Import roster… opens."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.overrides: dict[str, str] | None = None  # columns the user matched by hand
        self.preview: RosterPreview | None = None
        self.change_id: int | None = None
        self.status_text = ""
        self._worker: Worker | None = None
        self.setWindowTitle("Import roster")
        self.setMinimumSize(760, 480)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText("A CSV or Excel export from the HR system")
        self.path_edit.setAccessibleName("Roster file")
        self.choose_button = QPushButton("Choose file…")
        self.choose_button.clicked.connect(self.choose_file)
        self.map_button = QPushButton("&Match columns…")
        self.map_button.setToolTip("Say which column of the file holds each field, and save it for next time")
        self.map_button.setEnabled(False)
        self.map_button.clicked.connect(self.match_columns)
        self.partial_check = QCheckBox("Partial roster (deactivate no one)")
        self.partial_check.setToolTip("The file lists only some people: those missing from it stay active")
        self.partial_check.toggled.connect(self._partial_toggled)
        hint = QLabel("A Workday worker report, SAP SuccessFactors user data file or BambooHR report is read "
                      "as it is; other files need the columns employee_id, name, team (optional: email, title, "
                      "manager_id, parent_team, status, hire_date, termination_date). People are matched on "
                      "employee_id; in a full roster, active people missing from the file are deactivated "
                      "(never deleted), and so are leavers the file names.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: palette(placeholder-text);")
        self.summary_label = QLabel("Choose a file to see what the import would change.")
        self.summary_label.setWordWrap(True)
        self.summary_label.setStyleSheet("font-weight: bold;")
        self.notes_label = QLabel()
        self.notes_label.setWordWrap(True)
        self.notes_label.hide()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search the preview (name, employee id, row, New, Deactivated, …)")
        self.search.setClearButtonEnabled(True)
        self.lines = DataTableView(make_preview_model(self), "roster_import/preview", self)
        self.lines.setAccessibleName("Roster preview")
        self.search.textChanged.connect(self.lines.filter_model.set_search)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Close)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)

        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.map_button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.partial_check)
        layout.addWidget(hint)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.notes_label)
        layout.addWidget(self.search)
        layout.addWidget(self.lines, 1)
        layout.addWidget(self.buttons)

    # -------------------------------------------------------------- reading
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import roster", settings.last_folder(), FILE_FILTER)
        if path:
            settings.set_last_folder(Path(path).parent)
            self.overrides = None
            self.load(Path(path))

    def match_columns(self) -> Worker | None:
        """Open the column mapping dialog for the loaded file; read it again with its choice."""
        if self.path is None or self._busy():
            return None
        from tracker.ui.dialogs.mapping_flow import ask_for_mapping

        path = self.path  # the file the mapping is chosen for

        def chosen(overrides: dict[str, str]) -> None:
            self.overrides = overrides
            self.load(path)

        self._worker = ask_for_mapping(self, self.context, self.path, "roster", chosen)
        return self._worker

    def _partial_toggled(self, _checked: bool) -> None:
        if self.path is not None and not self._busy():
            self.load(self.path)  # deactivations depend on it: the preview must be read again

    def _busy(self) -> bool:
        return self._worker is not None and self._worker.running

    def load(self, path: Path) -> Worker:
        """Read and check `path` in the background; the preview appears when done."""
        self.path = Path(path)
        self.path_edit.setText(str(path))
        self.preview = None
        self.apply_button.setEnabled(False)
        self.lines.set_rows([])
        self.notes_label.hide()
        self.summary_label.setText("Reading…")
        worker = Worker(_preview_job, self.path, self.partial_check.isChecked(), self.overrides,
                        workspace=self.context.workspace)
        worker.finished.connect(self._show_preview)
        worker.failed.connect(lambda message, _d: self.summary_label.setText(f"Could not read the file: {message}"))
        worker.cancelled.connect(lambda: self.summary_label.setText("Cancelled; nothing was read."))
        worker.done.connect(self._idle)
        show_progress(worker, self, "Reading the roster")
        self._set_busy(True)
        self._worker = worker
        worker.start()
        return worker

    def _show_preview(self, result: tuple[RosterPreview, list[PreviewLine]]) -> None:
        preview, lines = result
        self.preview = preview
        plan = preview.plan
        kind = "partial roster" if plan.partial else "full roster"
        text = f"{preview.source.name}: {preview.rows_read:,} rows read ({kind}). {counts_text(preview)}"
        if preview.layout_title:
            text = f"Recognised: {preview.layout_title}. {text}"
        if plan.ok and not plan.has_changes:
            text += "\nNothing to change: the workspace already matches the file."
        self.summary_label.setText(text)
        if plan.warnings:
            self.notes_label.setText("Note: " + "; ".join(plan.warnings))
            self.notes_label.show()
        self.lines.set_rows(lines)
        self.apply_button.setEnabled(plan.ok and plan.has_changes and not self.context.readonly)

    def _set_busy(self, busy: bool) -> None:
        for w in (self.choose_button, self.partial_check):
            w.setEnabled(not busy)
        self.map_button.setEnabled(not busy and self.path is not None)

    def _idle(self) -> None:
        if not self._busy():  # a failed apply may already have started reading again
            self._set_busy(False)

    # -------------------------------------------------------------- applying
    def apply(self) -> Worker | None:
        if self.preview is None or not self.preview.ok or self.context.readonly or self._busy():
            return None
        if self.preview.plan.mass_deactivation:
            answer = ask_mass_deactivation(self, self.preview)
            if answer == CANCEL:
                return None
            if answer == AS_PARTIAL:
                self._take_as_partial(self.preview)
        self.apply_button.setEnabled(False)
        self._set_busy(True)
        worker = Worker(_apply_job, self.preview, workspace=self.context.workspace)
        worker.finished.connect(self._applied)
        worker.failed.connect(self._apply_failed)
        worker.done.connect(self._idle)
        show_progress(worker, self, "Importing the roster", cancellable=False)
        self._worker = worker
        worker.start()
        return worker

    def _take_as_partial(self, preview: RosterPreview) -> None:
        """The same preview as a partial roster, without reading the file again."""
        preview.plan = preview.plan.as_partial()
        self.partial_check.blockSignals(True)
        self.partial_check.setChecked(True)
        self.partial_check.blockSignals(False)
        self._show_preview((preview, preview_lines(preview.plan)))

    def _apply_failed(self, message: str, _details: str) -> None:
        QMessageBox.warning(self, "Roster not imported",
                            f"{message}\n\nNothing was changed. The preview is read again, as the workspace "
                            "may have changed since.")
        if self.path is not None:
            self.load(self.path)

    def _applied(self, change_id: int | None) -> None:
        self.change_id = change_id
        name = self.preview.source.name if self.preview else "the roster"
        self.status_text = (f"Imported {name}: {counts_text(self.preview)}. Edit → Undo takes the whole import back."
                            if self.preview else f"Imported {name}.")
        parent = self.parentWidget()
        window = parent.window() if parent is not None else None
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(self.status_text, STATUS_MS)
        self.accept()
