""""History…" for one record: who changed it, when, and from what to what.

Every store write is audited with the row before and after, so any record's history can be
read back (tracker/ui/dialogs/history_dialog.py). Pages offer it for the selected row of a
table through one `RecordHistoryAction`: in the table's context menu and, via `button()`, in
the page's button bar, enabled while exactly one row is selected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton, QWidget

from tracker.ui.context import AppContext


def show_record_history(parent: QWidget, context: AppContext, entity: str, entity_id: int, title: str):
    """Open the history of one record (modal) and return the dialog, closed."""
    from tracker.ui.dialogs.history_dialog import HistoryDialog  # loaded on use

    dialog = HistoryDialog(context, entity=entity, entity_id=entity_id, title=title, parent=parent)
    dialog.exec()
    dialog.deleteLater()
    return dialog


class RecordHistoryAction(QAction):
    """History of the record selected in `view` (a DataTableView) of store table `entity`.

    `describe(record)` names the record in the dialog's title ("History of …").
    """

    def __init__(self, view, context: AppContext, entity: str, describe: Callable[[Any], str]):
        super().__init__("Histor&y…", view)
        self.view, self.context, self.entity, self.describe = view, context, entity, describe
        self.setToolTip("Who changed the selected record, when, and what they changed")
        view.addAction(self)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        view.selectionModel().selectionChanged.connect(lambda *_: self._update())
        view.model().modelReset.connect(self._update)
        self.triggered.connect(self.show_history)
        self._update()

    def button(self) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(self)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    def record(self):
        selected = self.view.selected_records()
        return selected[0] if len(selected) == 1 else None

    def _update(self) -> None:
        # History is reading: allowed in a read-only workspace too.
        self.setEnabled(self.context.workspace is not None and self.record() is not None)

    def show_history(self):
        record = self.record()
        if record is None or self.context.workspace is None:
            return None
        return show_record_history(self.view, self.context, self.entity, record.id,
                                   f"History of {self.describe(record)}")
