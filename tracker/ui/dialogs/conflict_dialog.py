"""When an edit is refused because someone else changed the record since the dialog opened.

Shows what the other person changed and what this edit would write, field by field (theirs →
yours), and offers "Apply mine on top" (save this edit again, now based on their version, so
their change to the fields this edit leaves alone is kept) or "Keep theirs" (drop this edit).
Nothing is overwritten without the user seeing it: no silent last-writer-wins.

Record dialogs save through `save_resolving_conflicts` (one record) or
`save_many_resolving_conflicts` (one write of many, as a selection's training status), which ask
through `ask_conflict` (one place for tests to replace).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.store.errors import StaleRecordError

T = TypeVar("T")

#: Columns that are the record's bookkeeping, not something a person edited.
_HIDDEN = frozenset({"id", "version"})
#: The widest a "Theirs" or "Yours" column grows (pixels); a longer text (a description) wraps.
_VALUE_WIDTH = 340


def conflicting_fields(error: StaleRecordError) -> list[tuple[str, Any, Any]]:
    """(field, theirs, yours) for each field the other person changed or this edit would change:
    theirs is the record as it is now, yours what the refused edit would write (a field this
    edit does not set shows theirs on both sides: it stays as they left it)."""
    current = error.current or {}
    read = error.read or {}
    theirs_changed = {k for k, v in current.items() if k in read and read[k] != v}
    mine_changed = {k for k, v in error.attempted.items() if current.get(k) != v}
    fields = [k for k in current if k in (theirs_changed | mine_changed) and k not in _HIDDEN]
    return [(k, current.get(k), error.attempted.get(k, current.get(k))) for k in fields]


def _shown(value: Any) -> str:
    return "(empty)" if value is None or value == "" else str(value)


class ConflictDialog(QDialog):
    """exec() returns Accepted for "Apply mine on top", Rejected for "Keep theirs"."""

    def __init__(self, error: StaleRecordError, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Changed by someone else")
        layout = QVBoxLayout(self)
        self.message = QLabel(str(error))
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        rows = conflicting_fields(error)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(["Field", "Theirs (now)", "Yours"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        for at, (field, theirs, yours) in enumerate(rows):
            for column, text in enumerate((field.replace("_", " ").capitalize(), _shown(theirs), _shown(yours))):
                self.table.setItem(at, column, QTableWidgetItem(text))
        self._fit_table()
        self.table.setVisible(bool(rows))
        layout.addWidget(self.table)
        self.buttons = QDialogButtonBox()
        self.keep_theirs = self.buttons.addButton("Keep theirs", QDialogButtonBox.ButtonRole.RejectRole)
        self.apply_mine = None
        if error.current is not None:  # a deleted record has nothing to apply an edit on top of
            self.apply_mine = self.buttons.addButton("Apply mine on top", QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_theirs.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        # As wide as the table, so "Yours" shows beside "Theirs" without scrolling sideways.
        margins = layout.contentsMargins()
        table_width = (self.table.horizontalHeader().length() + 2 * self.table.frameWidth()
                       + self.table.verticalScrollBar().sizeHint().width())
        self.resize(max(self.sizeHint().width(), table_width + margins.left() + margins.right()),
                    self.sizeHint().height())

    def _fit_table(self) -> None:
        """Columns as wide as their text, values up to _VALUE_WIDTH (then wrapped onto more lines)."""
        self.table.resizeColumnsToContents()
        for column in (1, 2):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), _VALUE_WIDTH))
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeRowsToContents()

    def rows(self) -> list[tuple[str, str, str]]:
        """What the table shows, row by row (for tests and screen readers alike)."""
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]


def ask_conflict(parent: QWidget | None, error: StaleRecordError) -> bool:
    """True when the user chose to apply their edit on top of the other person's."""
    return ConflictDialog(error, parent).exec() == QDialog.DialogCode.Accepted


def save_resolving_conflicts(parent: QWidget | None, save: Callable[[int | None], T],
                             version: int | None) -> tuple[bool, T | None]:
    """`save(version)`, and on a conflict the user's choice: (True, result) once saved, (False,
    None) when they kept the other person's version. "Apply mine on top" saves again based on
    the version now stored (asking again should a third person have changed it meanwhile)."""
    while True:
        try:
            return True, save(version)
        except StaleRecordError as e:
            if not ask_conflict(parent, e) or e.current_version is None:
                return False, None
            version = e.current_version


K = TypeVar("K")


def save_many_resolving_conflicts(parent: QWidget | None, save: Callable[[Mapping[K, int]], T],
                                  versions: Mapping[K, int],
                                  current: Callable[[], Mapping[K, int]]) -> tuple[bool, T | None]:
    """save_resolving_conflicts for one write of many records (a status set for a selection):
    `save(versions)` with each record's version as read; on a conflict the user sees the first
    record someone else changed, and "Apply mine on top" saves the whole edit again on the
    versions stored now (`current()`), asking again should a third person change one meanwhile."""
    while True:
        try:
            return True, save(versions)
        except StaleRecordError as e:
            if not ask_conflict(parent, e) or e.current_version is None:
                return False, None
            versions = current()
