"""A table of reclaim lines with Approve and Reject…, for a selection or one line at a time.

The Seats tab has two: the recommendations (inactive seats nothing protects, and what the rules
kept, with each line's reasons) and the leavers' seats and unknown holders (reclaim at once, or
check the holder first). A decision is the store's (`ws.seats.decide`): one audited change per
click, by the workspace's user, dated the page's day, so Edit → Undo takes it back. Only lines
the rules recommend, or already decided, can be decided on: a seat kept by the rules is kept.
The recommendations' Leave… marks the selected person on leave, also one audited change
(tracker/ui/dialogs/seat_leave_dialog.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from tracker.domain.seat_records import Decision
from tracker.domain.seats import Category, ReclaimLine
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import save_many_resolving_conflicts
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.models.seat_models import RECLAIM_COLUMNS, RECLAIM_WIDTHS, line_key
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.widgets.search_field import SearchField

Filter = tuple[str, Callable[[ReclaimLine], bool]]
OUT = (Category.LEAVER, Category.UNKNOWN_HOLDER)  # listed apart from the recommendations

RECOMMENDATION_FILTERS: tuple[Filter, ...] = (
    ("Recommended for reclaim", lambda ln: ln.category is Category.RECLAIM),
    ("Awaiting decision", lambda ln: ln.category is Category.RECLAIM and ln.decision is None),
    ("Approved", lambda ln: ln.category not in OUT and ln.decision is not None and not ln.rejected),
    ("Kept by a decision", lambda ln: ln.category not in OUT and ln.rejected),
    ("Kept by the rules", lambda ln: ln.category is Category.KEEP and ln.decision is None),
    ("Every seat", lambda ln: True),
)
LEAVER_FILTERS: tuple[Filter, ...] = (
    ("Leavers and unknown holders", lambda ln: ln.category in OUT),
    ("Awaiting decision", lambda ln: ln.category in OUT and ln.decision is None),
    ("Approved", lambda ln: ln.category in OUT and ln.decision is not None and not ln.rejected),
    ("Kept by a decision", lambda ln: ln.category in OUT and ln.rejected),
)


def can_decide(line: ReclaimLine) -> bool:
    return line.recommended or line.category is Category.UNKNOWN_HOLDER or line.decision is not None


class ReclaimPanel(QWidget):
    def __init__(self, context: AppContext, key: str, filters: Sequence[Filter], what: str,
                 today: Callable[[], dt.date], parent: QWidget | None = None, *, leave: bool = False):
        super().__init__(parent)
        self.context, self.filters, self.today = context, list(filters), today
        self.rollout_id: int | None = None
        self._readonly = True
        self.model: RecordTableModel[ReclaimLine] = RecordTableModel(RECLAIM_COLUMNS, self, key=line_key)
        self.table = DataTableView(self.model, key, self)
        for column, width in RECLAIM_WIDTHS.items():
            self.table.horizontalHeader().resizeSection(column, width)
        self.table.setAccessibleName(what)
        self.search = SearchField(self.table, self, f"Filter {what.lower()}")
        self.filter_combo = QComboBox()
        self.filter_combo.setAccessibleName("Show")
        for text, _predicate in self.filters:
            self.filter_combo.addItem(text)
        self.filter_combo.currentIndexChanged.connect(self._apply_filter)
        self.approve_button = QPushButton("&Approve reclaim")
        self.approve_button.setToolTip("Take the selected seats back (Ctrl+Enter); Edit → Undo takes it back")
        self.reject_button = QPushButton("Re&ject…")
        self.reject_button.setToolTip("Keep the selected seats, saying why")
        self.leave_button = QPushButton("&Leave…")
        self.leave_button.setToolTip("Mark the selected person on leave: their inactive seats are kept meanwhile")
        self.leave_button.setVisible(leave)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: palette(placeholder-text);")
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        show_label = QLabel("&Show:")
        show_label.setBuddy(self.filter_combo)
        top.addWidget(show_label)
        top.addWidget(self.filter_combo)
        bar = QHBoxLayout()
        bar.addWidget(self.approve_button)
        bar.addWidget(self.reject_button)
        bar.addWidget(self.leave_button)
        bar.addWidget(self.count_label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.leave_button.clicked.connect(self.mark_leave)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.approve)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self._apply_filter()

    # -------------------------------------------------------------- data
    def set_lines(self, rollout_id: int, lines: Sequence[ReclaimLine]) -> None:
        """Show these lines, keeping the selected seats selected."""
        keep = {line_key(line) for line in self.table.selected_records()} if rollout_id == self.rollout_id else set()
        self.rollout_id = rollout_id
        self.table.set_rows(list(lines))
        if keep:
            self.table.select_where(lambda line: line_key(line) in keep)
        self._update_actions()

    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self._update_actions()

    def shown_count(self) -> int:
        return self.model.rowCount()

    def chosen(self) -> list[ReclaimLine]:
        """The selected lines a decision can apply to."""
        return [line for line in self.table.selected_records() if can_decide(line)]

    def _apply_filter(self, *_args) -> None:
        index = max(0, self.filter_combo.currentIndex())
        self.model.set_predicate(self.filters[index][1])
        self._update_actions()

    def _update_actions(self) -> None:
        chosen = self.chosen()
        for button in (self.approve_button, self.reject_button):
            button.setEnabled(bool(chosen) and not self._readonly)
        selected = len(self.table.selected_records())
        self.leave_button.setEnabled(self._leave_line() is not None and not self._readonly)
        shown = self.model.rowCount()
        text = f"{shown:,} shown"
        if selected:
            text += f", {selected:,} selected"
            if len(chosen) < selected:
                text += f" ({selected - len(chosen):,} kept by the rules: nothing to decide)"
        self.count_label.setText(text)

    # -------------------------------------------------------------- deciding
    def approve(self) -> bool:
        return self._decide(self.chosen(), Decision.APPROVED)

    def reject(self) -> bool:
        lines = self.chosen()
        if not lines or self._readonly:
            return False
        from tracker.ui.dialogs.seat_reject_dialog import SeatRejectDialog

        dialog = SeatRejectDialog([line.name for line in lines], self)
        try:
            if not dialog.exec():
                return False
            reason = dialog.reason
        finally:
            dialog.deleteLater()
        return self._decide(lines, Decision.REJECTED, reason)

    def _leave_line(self) -> ReclaimLine | None:
        """The one selected line held by a person of the roster (whom a leave mark can name)."""
        lines = self.table.selected_records()
        return lines[0] if len(lines) == 1 and lines[0].holder is not None else None

    def mark_leave(self) -> bool:
        """Leave…: ask for the days and mark the person on leave (one audited change)."""
        line, ws = self._leave_line(), self.context.workspace
        if line is None or line.holder is None or ws is None or self._readonly:
            return False
        from tracker.ui.dialogs.seat_leave_dialog import SeatLeaveDialog

        person = line.holder.person_id

        def save(start: dt.date, end: dt.date | None) -> str | None:
            try:
                ws.seats.add_leave(person, start, end)
            except WorkspaceError as e:
                return str(e)
            return None

        dialog = SeatLeaveDialog(line.name, self.today(), save, self)
        try:
            return bool(dialog.exec())
        finally:
            dialog.deleteLater()

    def _decide(self, lines: list[ReclaimLine], decision: Decision, reason: str = "") -> bool:
        ws = self.context.workspace
        if not lines or ws is None or self.rollout_id is None or self._readonly:
            return False
        rollout_id, seats = self.rollout_id, [line.seat for line in lines]
        # Based on each seat's latest decision as the list showed it: a seat someone else has
        # decided on since gets the conflict dialog ("Keep theirs" decides none of them).
        read = {n: (line.decision.decision_id or 0) if line.decision else 0 for n, line in enumerate(lines)}

        def save(versions: Mapping[int, int]) -> int:
            return ws.seats.decide(rollout_id, seats, decision, by=ws.user, reason=reason, on=self.today(),
                                   expected_decisions=[versions[n] for n in range(len(seats))])

        def current() -> dict[int, int]:
            return dict(enumerate(ws.seats.latest_decisions(rollout_id, seats)))

        try:
            saved, _count = save_many_resolving_conflicts(self, save, read, current)
        except WorkspaceError as e:
            QMessageBox.warning(self, "Not saved", str(e))
            return False
        return saved
