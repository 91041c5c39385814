"""The Seats tab's Leave list: the rollout's seat holders on leave now or soon, with Remove.

A leave mark keeps a person's inactive seats (of every AI tool) from being recommended for
reclaim while it covers the day the seats are judged on. Marks are made with Leave… on a
line of the Reclaim list; here they are seen and removed, one audited change each (Edit → Undo
brings a removed mark back). Ended marks are not listed: they no longer keep anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from tracker.services.seat_overview import LeaveRow
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.models.seat_models import LEAVE_COLUMNS, LEAVE_WIDTHS
from tracker.ui.widgets.data_table_view import DataTableView

NO_LEAVE = ("No seat holder is on leave now or soon. Select a line of the Reclaim list and press Leave… to "
            "keep a person's seat while they are away.")


class LeavePanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._readonly = True
        self.model: RecordTableModel[LeaveRow] = RecordTableModel(LEAVE_COLUMNS, self)
        self.table = DataTableView(self.model, "seats.leave", self)
        for column, width in LEAVE_WIDTHS.items():
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.setAccessibleName("Seat holders on leave")
        self.empty_label = QLabel(NO_LEAVE)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        self.remove_button = QPushButton("&Remove leave")
        self.remove_button.setToolTip("Delete the selected leave mark (Delete); Edit → Undo brings it back")
        bar = QHBoxLayout()
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.empty_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.remove_button.clicked.connect(self.remove)
        shortcut = QShortcut(QKeySequence.StandardKey.Delete, self.table)
        shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        shortcut.activated.connect(self.remove)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._update_actions()

    def set_rows(self, rows: Sequence[LeaveRow]) -> None:
        self.table.set_rows(list(rows))
        self.empty_label.setVisible(not rows)
        self._update_actions()

    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self._update_actions()

    def _update_actions(self) -> None:
        self.remove_button.setEnabled(len(self.table.selected_records()) == 1 and not self._readonly)

    def remove(self) -> bool:
        """Remove the selected mark: one audited change."""
        chosen = self.table.selected_records()
        ws = self.context.workspace
        if len(chosen) != 1 or ws is None or self._readonly:
            return False
        try:
            ws.seats.remove_leave(chosen[0].mark_id)
        except WorkspaceError as e:
            QMessageBox.warning(self, "Not removed", str(e))
            return False
        return True
