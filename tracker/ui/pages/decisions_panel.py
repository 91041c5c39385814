"""The decision log of one rollout, newest first. Stage changes arrive here from the promote
dialog; other decisions are logged by hand. A stage change's entry cannot be deleted."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from tracker.domain.decisions import Decision
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.decision_dialog import DecisionDialog
from tracker.ui.models.delivery_models import DECISION_COLUMNS
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.search_field import SearchField


class DecisionsPanel(QWidget):
    def __init__(self, context: AppContext, today: Callable[[], dt.date], parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.today = context, today
        self.rollout_id: int | None = None
        self._readonly = True
        self.add_button = QPushButton("&Log decision…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("Delete…")
        self.table = RolloutAreaPage.make_table(RecordTableModel(DECISION_COLUMNS, self), "decisions", self,
                                                  {0: 100, 1: 330, 2: 170, 3: 300}, newest_first=True)
        self.table.setWordWrap(True)
        self.search = SearchField(self.table, self, "Filter decisions")
        bar = QHBoxLayout()
        for w in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.search)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.add_button.clicked.connect(lambda: self._dialog(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.record_activated.connect(lambda _d: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())

    def load(self, rollout_id: int) -> None:
        self.rollout_id = rollout_id
        ws = self.context.workspace
        self.table.set_rows(ws.delivery.decisions.list(rollout_id) if ws is not None else [])
        self._update_actions()

    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self.add_button.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.table.selected_records()
        self.edit_button.setEnabled(not self._readonly and len(selected) == 1)
        self.delete_button.setEnabled(not self._readonly and bool(selected)
                                      and not any(d.is_stage_change for d in selected))

    def _dialog(self, decision: Decision | None) -> None:
        if self.rollout_id is None or self.context.readonly:
            return
        dialog = DecisionDialog(self.context, self.rollout_id, decision, self, today=self.today())
        if dialog.exec() and dialog.saved_id is not None:
            saved = dialog.saved_id
            self.table.select_where(lambda d: d.id == saved)
        dialog.deleteLater()

    def edit_selected(self) -> None:
        selected = self.table.selected_records()
        if len(selected) == 1:
            self._dialog(selected[0])

    def delete_selected(self) -> None:
        selected, ws = self.table.selected_records(), self.context.workspace
        if not selected or ws is None or self.context.readonly:
            return
        if confirm_action.ask(self, "Delete decisions", f"Delete {len(selected)} decision(s)?", "Delete",
                              "Only for entries logged by mistake. Edit → Undo brings them back."):
            try:
                ws.delivery.decisions.delete([d.id for d in selected])
            except WorkspaceError as e:
                QMessageBox.warning(self, "Not deleted", str(e))
