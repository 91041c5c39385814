"""The rollout's training modules: what each is, who must take it, and when it is due."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from tracker.domain.training_models import TrainingModule
from tracker.store.errors import WorkspaceError
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.module_dialog import ModuleDialog
from tracker.ui.models.record_table_model import Column, RecordTableModel
from tracker.ui.widgets.data_table_view import DataTableView


def _columns(role_names: dict[int, str], team_names: dict[int, str]) -> tuple[Column[TrainingModule], ...]:
    def required_for(m: TrainingModule) -> str:
        parts = [role_names.get(r, "?") for r in m.role_ids] + [team_names.get(t, "?") for t in m.team_ids]
        return ", ".join(sorted(parts, key=str.casefold)) or "assigned by hand only"

    return (
        Column("Code", lambda m: m.code),
        Column("Title", lambda m: m.title),
        Column("Format", lambda m: m.format.label),
        Column("Hours", lambda m: f"{m.hours:g}", sort_key=lambda m: m.hours, align_right=True),
        Column("Due", lambda m: m.describe_due(), sort_key=lambda m: m.due),
        Column("Required for", required_for),
    )


class TrainingModulesPanel(QWidget):
    error = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self._role_names: dict[int, str] = {}
        self._team_names: dict[int, str] = {}
        self.model = RecordTableModel(_columns(self._role_names, self._team_names), self)
        first_run = settings.header_state("training_modules") is None  # the view saves a state at once
        self.table = DataTableView(self.model, "training_modules", self)
        if first_run:
            for column, width in ((1, 260), (4, 230)):
                self.table.horizontalHeader().resizeSection(column, width)
        self.new_button = QPushButton("&New module…")
        self.edit_button = QPushButton("Edit…")
        self.delete_button = QPushButton("Delete…")
        buttons = QHBoxLayout()
        for b in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.new_button.clicked.connect(self.new_module)
        self.edit_button.clicked.connect(self.edit_module)
        self.table.record_activated.connect(lambda _m: self.edit_module())
        self.delete_button.clicked.connect(self.delete_module)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())

    def set_rollout(self, rollout_id: int | None) -> None:
        self.rollout_id = rollout_id
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None:
            self.table.set_rows([])
            self._update_buttons()
            return
        self._role_names.clear()
        self._role_names.update({r.id: r.name for r in ws.roles.types()})
        self._team_names.clear()
        self._team_names.update(ws.teams.names())
        self.table.set_rows(ws.training.modules(self.rollout_id))
        self._update_buttons()

    def row_count(self) -> int:
        return self.model.rowCount()

    def _update_buttons(self) -> None:
        readonly = self.context.readonly or self.rollout_id is None
        chosen = bool(self.table.selected_records())
        self.new_button.setEnabled(not readonly)
        self.edit_button.setEnabled(chosen and not readonly)
        self.delete_button.setEnabled(chosen and not readonly)

    def new_module(self) -> None:
        if self.rollout_id is not None and not self.context.readonly:
            ModuleDialog(self.context, self.rollout_id, parent=self).exec()

    def edit_module(self) -> None:
        rows = self.table.selected_records()
        if rows and self.rollout_id is not None and not self.context.readonly:
            ModuleDialog(self.context, self.rollout_id, rows[0], parent=self).exec()

    def delete_module(self) -> None:
        rows, ws = self.table.selected_records(), self.context.workspace
        if not rows or ws is None or self.context.readonly:
            return
        module = rows[0]
        if confirm_action.ask(self, "Delete module", f"Delete {module.label}?", "Delete",
                              "Its progress records, sessions and seats go with it. Edit → Undo brings them back."):
            try:
                ws.training.delete_module(module.id)
            except WorkspaceError as e:
                self.error.emit(str(e))
