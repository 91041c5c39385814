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

    Sorting is delegated to the RecordTableModel (a Python sort) and this proxy keeps the
    source order: a Python `lessThan` is called millions of times for 100,000 rows, both
    when sorting (14 s measured) and when a search is widened again (7 s per keystroke).
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None
        # id(record) -> (record, text): keyed by the record, not its row, so it stays right
        # when the model re-sorts; the record is kept to check the id was not reused.
        self._haystack: dict[int, tuple[Any, str]] = {}

    def setSourceModel(self, model) -> None:  # noqa: N802 (Qt naming)
        super().setSourceModel(model)
        model.modelReset.connect(self._index_text)
        self._index_text()

    def _index_text(self) -> None:
        model = self.sourceModel()
        if not isinstance(model, RecordTableModel):
            self._haystack = {}
            return
        self._haystack = {id(r): (r, self._text_of(r)) for r in model.rows()}

    def _text_of(self, record) -> str:
        columns = getattr(self.sourceModel(), "columns", ())
        return " ".join(str(c.display(record) or "") for c in columns).casefold()

    def _search_text(self, record) -> str:
        entry = self._haystack.get(id(record))
        if entry is None or entry[0] is not record:  # rows arrived before the reset was indexed
            entry = (record, self._text_of(record))
            self._haystack[id(record)] = entry
        return entry[1]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if isinstance(model, RecordTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)
        if self._words:
            # The proxy re-filtered on the reset before this slot ran, i.e. against the old
            # haystack; filter again now that the text matches the new rows.
            self._refilter()

    def _refilter(self) -> None:
        # invalidate(): one layoutChanged for the whole table. The incremental filter update
        # (invalidateFilter, deprecated from Qt 6.10, or its begin/endFilterChange successor)
        # emits a rowsInserted/rowsRemoved per run of rows and the view does O(rows) work for
        # each: 0.55 s at 100,000 rows when every tenth row comes back, 0.15 s this way.
        # The proxy keeps the source order (see sort), so nothing is re-sorted here.
        self.invalidate()

    def set_search(self, text: str) -> None:
        self._words = text.casefold().split()
        self._refilter()

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._predicate = predicate
        self._refilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if not self._words and self._predicate is None:
            return True
        model = self.sourceModel()
        # The record straight from the list: a data(RECORD_ROLE) round trip through Qt per
        # row made a predicate cost 1 s for 100,000 rows.
        record = model.record(source_row) if isinstance(model, RecordTableModel) else \
            model.index(source_row, 0).data(RECORD_ROLE)
        if self._words:
            text = self._search_text(record)
            if not all(w in text for w in self._words):
                return False
        if self._predicate is not None and not self._predicate(record):
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
        """Select the visible rows whose record matches, scrolling to the first.

        Matches are found in the Python list and only they are mapped through the proxy:
        asking the proxy for every row's record took a second at 100,000 rows.
        """
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        model = self.source_model
        proxy_rows = sorted(
            row for row in (
                self.proxy.mapFromSource(model.index(i, 0)).row()
                for i, record in enumerate(model.rows()) if predicate(record)
            ) if row >= 0
        )
        selection = QItemSelection()
        last_column = self.proxy.columnCount() - 1
        start = 0
        for n, row in enumerate(proxy_rows):  # one range per run of adjacent rows
            if n + 1 == len(proxy_rows) or proxy_rows[n + 1] != row + 1:
                selection.select(self.proxy.index(proxy_rows[start], 0), self.proxy.index(row, last_column))
                start = n + 1
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        self.selectionModel().select(selection, flags)
        if proxy_rows:
            first = self.proxy.index(proxy_rows[0], 0)
            self.setCurrentIndex(first)
            self.selectionModel().select(selection, flags)
            self.scrollTo(first)
