"""The RACI matrix of one rollout: responsibilities down, people and teams across, R/A/C/I cells.

A matrix is how RACI is read and argued about, so it is shown as one (a QTableWidget filled
from the store on every change; nothing is written from the grid itself). Select cells and
press R, A, C, I or Clear; each press is one saved, undoable change. The "Check" column and
the list under the grid say which rows break the rules (tracker.domain.raci).

Column widths the user sets are kept across refreshes and sessions (settings.header_state, as
DataTableView does); a holder column that was not there before is sized to its name. The
filter box keeps the rows whose responsibility, or one of whose role holders, matches every
word typed ("ann" shows what Ann is R, A, C or I for).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.raci import Holder, ProblemKind, RaciRole, Responsibility
from tracker.store.errors import WorkspaceError
from tracker.store.raci import Raci
from tracker.ui import settings, theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.conflict_dialog import save_resolving_conflicts
from tracker.ui.dialogs.raci_holder_dialog import RaciHolderDialog
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.search_field import FindShortcut, find_key_text

_SHORT = {ProblemKind.NO_ACCOUNTABLE: "No A", ProblemKind.SEVERAL_ACCOUNTABLE: "Several A",
          ProblemKind.INACTIVE_ACCOUNTABLE: "A has left", ProblemKind.NO_RESPONSIBLE: "No R"}
_FIXED = 2  # columns before the holders: responsibility, check
HEADER_KEY = "raci_grid"


class RaciPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self._readonly = True
        self.rows: list[Responsibility] = []
        self.holders: list[Holder] = []
        self._extra: dict[int, list[Holder]] = {}  # columns added but not yet holding a cell
        self._row_text: list[str] = []  # per row: responsibility and holders, for the filter
        #: (row id, holder key) -> the version of the cell the grid shows (absent: empty); a
        #: press is saved onto it, so a cell someone changed since gets the conflict dialog.
        self._versions: dict[tuple[int, tuple[str, int]], int] = {}
        self._sized_columns = 0  # columns whose width is settled (restored, set or fitted)
        self._sizing = False  # our own resizes are not the user's choice: not saved
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(f"Filter by responsibility or holder ({find_key_text()})")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMinimumWidth(200)
        self.grid = QTableWidget()
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.grid.verticalHeader().setVisible(False)
        self.problems_label = QLabel()
        self.problems_label.setWordWrap(True)
        self.role_buttons = {role: QPushButton(role.value) for role in RaciRole}
        for role, button in self.role_buttons.items():
            button.setToolTip(f"Make the selected cells {role.label}")
            button.setFixedWidth(36)
        self.clear_button = QPushButton("Clear")
        self.add_row_button = QPushButton("Add &responsibility…")
        self.defaults_button = QPushButton("Add the &usual ones")
        self.rename_button = QPushButton("Re&name…")
        self.delete_row_button = QPushButton("Delete row…")
        self.add_person_button = QPushButton("Add &person…")
        self.add_team_button = QPushButton("Add &team…")
        bar = FlowLayout()  # wraps on a narrow window instead of widening it
        for w in (self.add_row_button, self.defaults_button, self.rename_button, self.delete_row_button):
            bar.addWidget(w)
        bar.addSpacing(12)
        for w in (self.add_person_button, self.add_team_button):
            bar.addWidget(w)
        bar.addWidget(self.filter_edit)
        bar.addStretch(1)
        bar.addWidget(QLabel("Set:"))
        for w in (*self.role_buttons.values(), self.clear_button):
            bar.addWidget(w)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.problems_label)
        for role, button in self.role_buttons.items():
            button.clicked.connect(lambda _c=False, r=role: self.set_selected(r))
        self.clear_button.clicked.connect(lambda: self.set_selected(None))
        self.add_row_button.clicked.connect(self.add_row)
        self.defaults_button.clicked.connect(self.add_defaults)
        self.rename_button.clicked.connect(self.rename_row)
        self.delete_row_button.clicked.connect(self.delete_row)
        self.add_person_button.clicked.connect(lambda: self.add_holder(person=True))
        self.add_team_button.clicked.connect(lambda: self.add_holder(person=False))
        self.grid.itemSelectionChanged.connect(self._update_actions)
        self.filter_edit.textChanged.connect(lambda _text: self._apply_filter())
        FindShortcut(self.filter_edit, self)
        self.grid.horizontalHeader().sectionResized.connect(self._save_header)

    # -------------------------------------------------------------- showing
    def _raci(self) -> Raci | None:
        """The open workspace's RACI, or None once it is closed (a late click does nothing)."""
        ws = self.context.workspace
        return ws.delivery.raci if ws is not None else None

    def load(self, rollout_id: int) -> None:
        raci = self._raci()
        if raci is None:
            return
        self.rollout_id = rollout_id
        self.rows = raci.responsibilities(rollout_id)
        cells = raci.cells(rollout_id)
        holders = raci.holders(rollout_id)
        keys = {h.key for h in holders}
        self.holders = holders + [h for h in self._extra.get(rollout_id, []) if h.key not in keys]
        problems = raci.problems(rollout_id)
        by_row: dict[int, list] = {}
        for p in problems:
            by_row.setdefault(p.responsibility_id, []).append(p)
        role_at = {(c.responsibility_id, c.holder.key): c.role for c in cells}
        self._versions = {(c.responsibility_id, c.holder.key): c.version for c in cells}
        selected = {(i.row(), i.column()) for i in self.grid.selectedIndexes()}
        self.grid.clear()
        self.grid.setRowCount(len(self.rows))
        self.grid.setColumnCount(_FIXED + len(self.holders))
        headers = ["Responsibility", "Check"] + [h.name + ("" if h.active else " (left)") +
                                                 (" (team)" if h.team_id is not None else "") for h in self.holders]
        self.grid.setHorizontalHeaderLabels(headers)
        for r, row in enumerate(self.rows):
            self.grid.setItem(r, 0, QTableWidgetItem(row.name))
            flags = by_row.get(row.id, [])
            check = QTableWidgetItem(", ".join(_SHORT[p.kind] for p in flags) or "OK")
            check.setToolTip("\n".join(p.message for p in flags))
            if flags:
                check.setForeground(QBrush(theme.colour("error")))
            self.grid.setItem(r, 1, check)
            for c, holder in enumerate(self.holders, start=_FIXED):
                role = role_at.get((row.id, holder.key))
                item = QTableWidgetItem(role.value if role else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if role is RaciRole.ACCOUNTABLE:
                    item.setBackground(QBrush(theme.colour("highlight")))
                    if not holder.active:
                        item.setForeground(QBrush(theme.colour("error")))
                self.grid.setItem(r, c, item)
        self._row_text = [" ".join([row.name, *(h.name for h in self.holders
                                                 if (row.id, h.key) in role_at)]).casefold() for row in self.rows]
        self._size_columns()
        for r, c in selected:
            cell = self.grid.item(r, c)
            if cell is not None:  # the grid may have fewer rows or columns now
                cell.setSelected(True)
        self._apply_filter()
        if problems:
            colour = theme.hex_colour("error")
            self.problems_label.setText(f"<span style='color:{colour}'>" + "<br>".join(p.message for p in problems)
                                        + "</span>")
        else:
            self.problems_label.setText("Every responsibility has exactly one A and at least one R."
                                        if self.rows else "No responsibilities yet: add the usual ones to start.")
        self._update_actions()

    # -------------------------------------------------------------- columns and filter
    def _size_columns(self) -> None:
        """Restore the saved widths once; fit columns new since then to their contents."""
        header = self.grid.horizontalHeader()
        self._sizing = True
        try:
            if self._sized_columns == 0 and self.grid.columnCount():
                state = settings.header_state(HEADER_KEY)
                if state is not None and header.restoreState(state):
                    self._sized_columns = self.grid.columnCount()
            for column in range(self._sized_columns, self.grid.columnCount()):
                self.grid.resizeColumnToContents(column)
                if column == 0:
                    self.grid.setColumnWidth(0, max(self.grid.columnWidth(0), 240))
            self._sized_columns = max(self._sized_columns, self.grid.columnCount())
        finally:
            self._sizing = False

    def _save_header(self, *_args) -> None:
        if not self._sizing:
            settings.set_header_state(HEADER_KEY, self.grid.horizontalHeader().saveState())

    def _apply_filter(self) -> None:
        words = self.filter_edit.text().casefold().split()
        for r, text in enumerate(self._row_text):
            hide = not all(w in text for w in words)
            self.grid.setRowHidden(r, hide)
            if hide:  # a hidden cell must not be changed by the next R/A/C/I press
                for c in range(self.grid.columnCount()):
                    item = self.grid.item(r, c)
                    if item is not None:
                        item.setSelected(False)
        self._update_actions()

    def shown_rows(self) -> list[Responsibility]:
        return [row for r, row in enumerate(self.rows) if not self.grid.isRowHidden(r)]

    def selected_cells(self) -> list[tuple[Responsibility, Holder]]:
        return [(self.rows[i.row()], self.holders[i.column() - _FIXED]) for i in self.grid.selectedIndexes()
                if i.column() >= _FIXED and not self.grid.isRowHidden(i.row())]

    def selected_rows(self) -> list[Responsibility]:
        return [self.rows[r] for r in sorted({i.row() for i in self.grid.selectedIndexes()})
                if not self.grid.isRowHidden(r)]

    # -------------------------------------------------------------- editing
    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        for w in (self.add_row_button, self.defaults_button, self.add_person_button, self.add_team_button):
            w.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        editable = not self._readonly
        cells = bool(self.selected_cells())
        for w in (*self.role_buttons.values(), self.clear_button):
            w.setEnabled(editable and cells)
        rows = self.selected_rows()
        self.rename_button.setEnabled(editable and len(rows) == 1)
        self.delete_row_button.setEnabled(editable and len(rows) == 1)

    def _try(self, action) -> None:
        try:
            action()
        except WorkspaceError as e:
            QMessageBox.warning(self, "Not saved", str(e))

    def set_selected(self, role: RaciRole | None) -> None:
        raci = self._raci()
        if raci is None:
            return
        for row, holder in self.selected_cells():
            key = (row.id, holder.key)

            def save(version: int | None, row: Responsibility = row, holder: Holder = holder) -> int:
                return raci.set_role(row.id, role, person_id=holder.person_id, team_id=holder.team_id,
                                     expected_version=version)

            try:
                saved, version = save_resolving_conflicts(self, save, self._versions.get(key, 0))
            except WorkspaceError as e:
                QMessageBox.warning(self, "Not saved", str(e))
                continue
            if saved and version is not None:  # the next press on the cell, before the grid reloads
                self._versions[key] = version

    def add_row(self) -> None:
        raci, rollout_id = self._raci(), self.rollout_id
        if raci is None or rollout_id is None:
            return
        name, ok = QInputDialog.getText(self, "Add responsibility", "Responsibility (e.g. 'Model retraining'):")
        if ok and name.strip():
            self._try(lambda: raci.add_responsibility(rollout_id, name))

    def add_defaults(self) -> None:
        raci, rollout_id = self._raci(), self.rollout_id
        if raci is not None and rollout_id is not None:
            self._try(lambda: raci.add_default_responsibilities(rollout_id))

    def rename_row(self) -> None:
        rows, raci = self.selected_rows(), self._raci()
        if len(rows) != 1 or raci is None:
            return
        row = rows[0]
        name, ok = QInputDialog.getText(self, "Rename responsibility", "Responsibility:", text=row.name)
        if ok and name.strip():  # saved onto the version the grid shows (conflict_dialog)
            self._try(lambda: save_resolving_conflicts(
                self, lambda version: raci.rename_responsibility(row.id, name, expected_version=version), row.version))

    def delete_row(self) -> None:
        rows, raci = self.selected_rows(), self._raci()
        if len(rows) != 1 or raci is None:
            return
        row = rows[0]
        if confirm_action.ask(self, "Delete responsibility", f"Delete '{row.name}' and its cells?",
                              "Delete", "Edit → Undo brings it back."):
            self._try(lambda: raci.delete_responsibility(row.id))

    def add_holder(self, *, person: bool) -> Holder | None:
        ws = self.context.workspace
        if ws is None:
            return None
        dialog = RaciHolderDialog(ws.people.list() if person else None, None if person else ws.teams.list(), self)
        holder = dialog.holder if dialog.exec() else None
        dialog.deleteLater()
        if holder is not None:
            self.add_column(holder)
        return holder

    def add_column(self, holder: Holder) -> None:
        """Show a column for `holder`; it is stored with its first cell."""
        rollout_id = self.rollout_id
        if rollout_id is not None and holder.key not in {h.key for h in self.holders}:
            self._extra.setdefault(rollout_id, []).append(holder)
            self.load(rollout_id)
