"""The table every page uses: sortable, filterable by text, remembers its column widths."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from tracker.ui import settings
from tracker.ui.models.record_table_model import RECORD_ROLE, SORT_ROLE, RecordTableModel


class RecordFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values and filters by search words plus an optional record predicate.

    Every search word must appear in some column (so 'ann fin' finds Ann in Finance). The
    searchable text of each record is built once per `set_rows`, not on every keystroke.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None
        self._haystack: list[str] = []

    def setSourceModel(self, model) -> None:  # noqa: N802 (Qt naming)
        super().setSourceModel(model)
        model.modelReset.connect(self._index_text)
        self._index_text()

    def _index_text(self) -> None:
        model = self.sourceModel()
        if not isinstance(model, RecordTableModel):
            self._haystack = []
            return
        cols = model.columns
        self._haystack = [
            " ".join(str(c.display(r) or "") for c in cols).casefold() for r in model.rows()
        ]

    def set_search(self, text: str) -> None:
        self._words = text.casefold().split()
        self.invalidateFilter()

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._predicate = predicate
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if self._words:
            text = self._haystack[source_row] if source_row < len(self._haystack) else ""
            if not all(w in text for w in self._words):
                return False
        if self._predicate is not None:
            record = self.sourceModel().index(source_row, 0).data(RECORD_ROLE)
            if not self._predicate(record):
                return False
        return True

    def lessThan(self, left: QModelIndex, right: QModelIndex) -> bool:  # noqa: N802
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        # None sorts first, and mixed types never raise.
        if a is None or b is None:
            return a is None and b is not None
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


class DataTableView(QTableView):
    """A QTableView over a RecordTableModel behind a RecordFilterProxy.

    `settings_key` names the table in the saved settings so its column widths and sort column
    come back next time.
    """

    record_activated = Signal(object)  # double-click or Enter on a row

    def __init__(self, model: RecordTableModel, settings_key: str, parent=None):
        super().__init__(parent)
        self.source_model = model
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(model)
        self.setModel(self.proxy)
        self._settings_key = settings_key
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        state = settings.header_state(settings_key)
        if state is not None:
            header.restoreState(state)
        else:
            header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        header.sectionResized.connect(self._save_header)
        header.sortIndicatorChanged.connect(self._save_header)
        self.doubleClicked.connect(lambda index: self.record_activated.emit(index.data(RECORD_ROLE)))

    def _save_header(self, *_args) -> None:
        settings.set_header_state(self._settings_key, self.horizontalHeader().saveState())

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.record_activated.emit(self.currentIndex().data(RECORD_ROLE))
            return
        super().keyPressEvent(event)

    # -------------------------------------------------------------- records
    def set_rows(self, rows) -> None:
        """Replace the rows, keeping the selection (by record id) and the sort."""
        keep = {getattr(r, "id", None) for r in self.selected_records()}
        self.source_model.set_rows(rows)
        header = self.horizontalHeader()
        self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        if keep - {None}:
            self.select_where(lambda r: getattr(r, "id", None) in keep)

    def selected_records(self) -> list:
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()}) if self.selectionModel() else []
        return [self.proxy.index(r, 0).data(RECORD_ROLE) for r in rows]

    def current_record(self):
        index = self.currentIndex()
        return index.data(RECORD_ROLE) if index.isValid() else None

    def select_where(self, predicate: Callable[[Any], bool]) -> None:
        """Select the visible rows whose record matches, scrolling to the first."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        first = None
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if predicate(index.data(RECORD_ROLE)):
                selection.select(index, self.proxy.index(row, self.proxy.columnCount() - 1))
                first = first or index
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().select(selection, flags)
        if first is not None:
            self.setCurrentIndex(first)
            self.selectionModel().select(selection, flags)
            self.scrollTo(first)
