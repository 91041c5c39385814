"""The teams taking part in a rollout, and how strongly each is affected.

Impact feeds each team's change load across rollouts, so changing it must be quick for many
teams at once: select rows, then pick an impact in the combo or the context menu. The summary
line answers the question a change manager is asked first: how many people does this touch?
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.enums import Impact
from tracker.domain.models import Participation, Rollout
from tracker.store.errors import WorkspaceError
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.add_teams_dialog import AddTeamsDialog
from tracker.ui.models.participation_model import IMPACT, PEOPLE, TEAM, make_participation_model
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.search_field import SearchField


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def teams_summary(rows: list[Participation]) -> str:
    """'12 teams · 3 high impact · 1,234 people affected' (teams with no impact affect no one)."""
    high = sum(1 for p in rows if p.impact is Impact.HIGH)
    affected = sum(p.headcount for p in rows if p.impact is not Impact.NONE)
    return (f"{_plural(len(rows), 'team', 'teams')} · {high:,} high impact · "
            f"{_plural(affected, 'person', 'people')} affected")


class RolloutTeamsPanel(QWidget):
    error = Signal(str)  # a write the store refused

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._rollout: Rollout | None = None
        self._readonly = False

        self.add_button = QPushButton("&Add teams…")
        self.impact_combo = QComboBox()
        self.impact_combo.setPlaceholderText("Set impact…")
        for impact in Impact:
            self.impact_combo.addItem(impact.label, impact.value)
        self.impact_combo.setToolTip("Impact of the selected teams")
        self.remove_action = QAction("&Remove from rollout…", self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected teams from this rollout (Del)")
        self.summary_label = QLabel()
        self.summary_label.setToolTip("People affected: active people in teams with low, medium or high impact.")
        first_run = settings.header_state("rollout_teams") is None  # (the view saves a state at once)
        self.table = DataTableView(make_participation_model(self), "rollout_teams", self)
        self.table.addAction(self.remove_action)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        # The team name takes the spare width; a far-away number column is hard to read.
        header = self.table.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(TEAM, QHeaderView.ResizeMode.Stretch)
        if first_run:
            header.resizeSection(IMPACT, 120)
            header.resizeSection(PEOPLE, 130)
        self.search = SearchField(self.table, self, "Filter teams")

        bar = FlowLayout()  # wraps on a narrow window instead of widening it
        bar.addWidget(self.add_button)
        bar.addWidget(QLabel("Impact:"))
        bar.addWidget(self.impact_combo)
        bar.addWidget(self.remove_button)
        bar.addWidget(self.search)
        self.summary_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)

        self.add_button.clicked.connect(self.add_teams)
        self.impact_combo.activated.connect(
            lambda i: self.set_impact_of_selected(Impact(self.impact_combo.itemData(i))))
        self.remove_action.triggered.connect(self.remove_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.table.customContextMenuRequested.connect(self._show_menu)
        self._update_actions()

    # -------------------------------------------------------------- data
    def set_rollout(self, rollout: Rollout | None) -> None:
        self._rollout = rollout
        self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        rows = ws.rollouts.participation(self._rollout.id) if ws and self._rollout else []
        self.table.set_rows(rows)
        self.summary_label.setText(teams_summary(rows))
        self._update_actions()

    def row_count(self) -> int:
        return len(self.table.source_model.rows())

    def set_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.table.selected_records()
        editable = not self._readonly and self._rollout is not None
        self.add_button.setEnabled(editable)
        self.impact_combo.setEnabled(editable and bool(selected))
        self.remove_action.setEnabled(editable and bool(selected))
        self.remove_button.setEnabled(editable and bool(selected))
        impacts = {p.impact for p in selected}
        index = self.impact_combo.findData(impacts.pop().value) if len(impacts) == 1 else -1
        self.impact_combo.blockSignals(True)
        self.impact_combo.setCurrentIndex(index)  # -1 shows "Set impact…" for a mixed selection
        self.impact_combo.blockSignals(False)

    # -------------------------------------------------------------- actions
    def add_teams(self) -> None:
        if self._rollout is None or self._readonly:
            return
        dialog = AddTeamsDialog(self.context, self._rollout.id, self)
        dialog.exec()
        if dialog.added_team_ids:
            added = set(dialog.added_team_ids)
            self.table.select_where(lambda p: p.team_id in added)
        dialog.deleteLater()

    def set_impact_of_selected(self, impact: Impact) -> None:
        """One store call per team whose impact actually changes (so each is one undo step)."""
        ws = self.context.workspace
        if ws is None or self._rollout is None or self._readonly:
            return
        for p in self.table.selected_records():
            if p.impact is impact:
                continue
            try:
                ws.rollouts.set_impact(self._rollout.id, p.team_id, impact)
            except WorkspaceError as e:
                self.error.emit(str(e))
                break
        self._update_actions()

    def remove_selected(self) -> None:
        ws = self.context.workspace
        selected = self.table.selected_records()
        if ws is None or self._rollout is None or self._readonly or not selected:
            return
        if len(selected) == 1:
            text = f"Remove {selected[0].team_name} from '{self._rollout.name}'?"
        else:
            text = f"Remove {len(selected):,} teams from '{self._rollout.name}'?"
        people = sum(p.headcount for p in selected)
        detail = (f"The rollout will no longer count their {_plural(people, 'person', 'people')} "
                  "as affected. Edit → Undo puts them back.")
        if not confirm_action.ask(self, "Remove teams", text, "Remove", detail):
            return
        for p in selected:
            try:
                ws.rollouts.remove_team(p.id)
            except WorkspaceError as e:
                self.error.emit(str(e))
                break

    def _show_menu(self, pos) -> None:
        selected = self.table.selected_records()
        if not selected:
            return
        menu = QMenu(self)
        impact_menu = menu.addMenu("&Impact")
        group = QActionGroup(impact_menu)
        current = {p.impact for p in selected}
        editable = not self._readonly
        for impact in Impact:
            action = impact_menu.addAction(impact.label)
            action.setCheckable(True)
            action.setChecked(current == {impact})
            action.setEnabled(editable)
            group.addAction(action)
            action.triggered.connect(lambda _=False, i=impact: self.set_impact_of_selected(i))
        menu.addSeparator()
        menu.addAction(self.remove_action)
        menu.exec(self.table.viewport().mapToGlobal(pos))
        menu.deleteLater()
