"""Who changed what, and when: the workspace's recent changes, or one record's whole history.

Several people keep a workspace up to date, and a leader's question "why is Claims red now?"
often starts with "what changed?". The audit trail already records every write with the full
row before and after; this dialog reads it back in words.

    HistoryDialog(context)                                              # Edit → History of changes
    HistoryDialog(context, entity="people", entity_id=5, title="History of Ann")   # one record

The top list shows changes (or the record's entries), newest first; the bottom list shows the
fields the selected one changed, before → after, or for a report or export (recorded in the
history too, tracker/store/export_log.py) what went out: kind, file, pseudonymised, rollouts.
It follows the store while open. The filter box narrows the top list by who, when or what
("ann 2026-03" finds Ann's March changes).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.models import AuditEntry, Change
from tracker.store.events import ChangeEvent
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.dialogs.history_format import FieldChange, HistoryFormatter, action_name, when
from tracker.ui.models.record_table_model import Column, RecordTableModel
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.widgets.search_field import SearchField

RECENT_LIMIT = 500
DETAIL_RECORDS = 500  # an import touches thousands of records; naming them all would stall

_CHANGE_COLUMNS = (
    Column[Change]("When", lambda c: when(c.at), sort_key=lambda c: (c.at, c.id)),
    Column[Change]("Who", lambda c: c.user),
    Column[Change]("What", lambda c: c.label),
)
_ENTRY_COLUMNS = (
    Column[AuditEntry]("When", lambda e: when(e.at), sort_key=lambda e: (e.at, e.id)),
    Column[AuditEntry]("Who", lambda e: e.user),
    Column[AuditEntry]("What", lambda e: e.label),
    Column[AuditEntry]("Action", lambda e: action_name(e.action)),
)
_FIELD_COLUMNS = (
    Column[FieldChange]("Field", lambda f: f.field),
    Column[FieldChange]("Before", lambda f: f.before),
    Column[FieldChange]("After", lambda f: f.after),
)
_RECORD_FIELD_COLUMNS = (Column[FieldChange]("Record", lambda f: f.record), *_FIELD_COLUMNS)


def _initial_widths(view: DataTableView, key: str, widths: list[int]) -> None:
    """Widths that fit a timestamp and a name, unless the user already set their own."""
    if settings.header_state(key) is not None:
        return
    for column, width in enumerate(widths):
        if width:
            view.setColumnWidth(column, width)


class HistoryDialog(QDialog):
    def __init__(self, context: AppContext, entity: str | None = None, entity_id: int | None = None,
                 title: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.entity, self.entity_id = entity, entity_id
        self._record = (entity, entity_id) if entity is not None and entity_id is not None else None
        self._one_record = self._record is not None
        self.setWindowTitle(title or ("History" if self._one_record else "History of changes"))
        self.resize(860, 600)

        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every recorded change to this record, newest first. Select one to see what it changed."
            if self._one_record else
            "The latest changes in this workspace, newest first. Select one to see what it changed."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        splitter = QSplitter(Qt.Orientation.Vertical)
        top_columns = _ENTRY_COLUMNS if self._one_record else _CHANGE_COLUMNS
        changes_key = "history/record" if self._one_record else "history/changes"
        fields_key = "history/fields" if self._one_record else "history/change_fields"
        self.changes = DataTableView(RecordTableModel(top_columns), changes_key)
        self.changes.setAccessibleName("Changes")
        self.changes.setSelectionMode(DataTableView.SelectionMode.SingleSelection)
        field_columns = _FIELD_COLUMNS if self._one_record else _RECORD_FIELD_COLUMNS
        self.fields = DataTableView(RecordTableModel(field_columns), fields_key)
        self.fields.setAccessibleName("Fields changed")
        _initial_widths(self.changes, changes_key, [130, 110, 420 if self._one_record else 0])
        _initial_widths(self.fields, fields_key, [170, 240] if self._one_record else [260, 150, 180])
        # Fields in the table's own order (name, email, team...), not alphabetical.
        self.fields.setSortingEnabled(False)
        self.fields.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.search = SearchField(self.changes, self, "Filter by who, when or what")
        layout.addWidget(self.search)
        splitter.addWidget(self.changes)
        splitter.addWidget(self.fields)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.details_note = QLabel()
        layout.addWidget(self.details_note)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.changes.selectionModel().currentRowChanged.connect(lambda *_: self._show_fields())
        self.search.textChanged.connect(lambda _text: self._after_search())
        context.data_changed.connect(self._on_data_changed)
        context.workspace_changed.connect(self._on_workspace_changed)
        self.refresh()
        self.changes.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        if self.changes.filter_model.rowCount():
            self.changes.selectRow(0)  # the newest: what people usually came to see

    # ------------------------------------------------------------ reading the trail
    def refresh(self) -> None:
        ws = self.context.workspace
        rows: Sequence[AuditEntry | Change]
        if ws is None:
            rows = []
        elif self._record is not None:
            rows = ws.audit.history(*self._record)
        else:
            rows = ws.audit.recent_changes(RECENT_LIMIT)
        # Follow the top row when the user is on it (a new change then shows at once); keep
        # any other row they chose while they read it.
        current = self.changes.currentIndex()
        follow_top = not current.isValid() or current.row() == 0
        self.changes.set_rows(rows)
        if follow_top and self.changes.filter_model.rowCount():
            self.changes.selectRow(0)
        if not rows:
            self.summary.setText("No changes recorded yet." if ws is not None else "No workspace is open.")
        elif self._one_record:
            self.summary.setText(f"{len(rows)} change{'s' if len(rows) != 1 else ''} to this record.")
        else:
            more = " (the latest shown)" if len(rows) >= RECENT_LIMIT else ""
            self.summary.setText(f"{len(rows)} change{'s' if len(rows) != 1 else ''}{more}.")
        self._show_fields()

    def _after_search(self) -> None:
        """Keep a change selected while the filter narrows the list (the fields follow it)."""
        if not self.changes.currentIndex().isValid() and self.changes.filter_model.rowCount():
            self.changes.selectRow(0)
        self._show_fields()

    def _show_fields(self) -> None:
        ws = self.context.workspace
        selected = self.changes.current_record()
        self.details_note.setText("")
        self.details_note.hide()
        if ws is None or selected is None:
            self.fields.set_rows([])
            return
        fmt = HistoryFormatter(ws)
        if self._one_record:
            rows = fmt.field_changes(selected, with_record=False)
        else:
            entries = ws.audit.entries(selected.id)
            shown = entries[:DETAIL_RECORDS]
            rows = [f for entry in shown for f in fmt.field_changes(entry, with_record=True)]
            if not entries:  # an export changes no record: say what went out instead
                rows = fmt.export_fields(selected.id)
            if len(entries) > len(shown):
                self.details_note.setText(f"Showing the first {len(shown):,} of the {len(entries):,} "
                                          "records this change touched.")
                self.details_note.show()
        self.fields.set_rows(rows)

    # ------------------------------------------------------------ store events
    def _on_data_changed(self, event: ChangeEvent) -> None:
        if event.change_id is None:
            return  # settings: not part of the trail
        if self._one_record and self.entity not in event.tables:
            return
        self.refresh()

    def _on_workspace_changed(self, _workspace) -> None:
        self.close()  # its records belong to the workspace that was closed

    def done(self, result: int) -> None:  # Qt override
        """Stop listening: a closed dialog kept alive by its opener must not query a new file."""
        for signal, slot in ((self.context.data_changed, self._on_data_changed),
                             (self.context.workspace_changed, self._on_workspace_changed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        super().done(result)
