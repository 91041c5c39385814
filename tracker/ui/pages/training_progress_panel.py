"""Training progress of one rollout: teams, their people's modules, two charts, marking progress.

The team roll-up comes from the kept per-module counts (quick, unless an edit marked modules to
count again) and the burn-up is counted in SQL over all assignments, which at a million
assignments takes a while, so both run in the worker pool on their own connection and arrive
as one result (counted ahead when the rollout is chosen, for the unfiltered scope the tab opens
with: tracker/ui/pages/area_counts.py); a newer refresh makes an older result stale (it is
dropped). The drill-down is one team's people and is read directly.
"""

from __future__ import annotations

from collections.abc import Mapping

import shiboken6
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.training import TrainingStatus
from tracker.store.errors import WorkspaceError
from tracker.store.training_queries import Scope
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.counted_ahead import counted_ahead
from tracker.ui.dialogs.conflict_dialog import save_many_resolving_conflicts
from tracker.ui.dialogs.mark_completion_dialog import MarkCompletionDialog
from tracker.ui.models.training_progress_model import (
    TEAM_PERCENT,
    make_person_module_model,
    make_team_progress_model,
    percent_text,
)
from tracker.ui.pages.area_counts import TRAINING_AREAS, training_key, training_progress
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.person_field import PersonField, name_id_and_team
from tracker.ui.worker import Worker

STATUS_FILTERS = (("Any status", None), ("Not started", "not_started"), ("In progress", "in_progress"),
                  ("Overdue", "overdue"), ("Completed", "completed"), ("Exempt", "exempt"))


class TrainingProgressPanel(QWidget):
    error = Signal(str)
    loaded = Signal()  # the roll-ups of the latest refresh are shown

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.rollout_id: int | None = None
        self.loading = False
        self._generation = 0
        self._teams: list = []

        self.module_combo = QComboBox()
        self.module_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.team_combo = QComboBox()
        self.team_combo.setMinimumContentsLength(22)
        self.team_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.status_combo = QComboBox()
        for text, value in STATUS_FILTERS:
            self.status_combo.addItem(text, value)
        self.manager_field = PersonField(label=name_id_and_team, what="manager")
        self.manager_field.setPlaceholderText("Manager (direct reports)")
        self.manager_field.setMaximumWidth(320)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("font-weight: bold;")
        first_run = settings.header_state("training_teams") is None  # the view saves a state at once
        self.team_table = DataTableView(make_team_progress_model(self), "training_teams", self)
        self.people_table = DataTableView(make_person_module_model(self), "training_people", self)
        self.team_table.setAccessibleName("Training progress by team")
        self.people_table.setAccessibleName("People and their modules")
        if first_run:  # least complete first: the teams to act on; room for real names
            self.team_table.sortByColumn(TEAM_PERCENT, Qt.SortOrder.AscendingOrder)
            self.team_table.horizontalHeader().resizeSection(0, 210)
            for column in range(1, TEAM_PERCENT + 1):  # all figures visible, "% complete" included
                self.team_table.horizontalHeader().resizeSection(column, 82)
            for column, width in ((0, 160), (2, 150), (3, 130), (5, 150)):
                self.people_table.horizontalHeader().resizeSection(column, width)
        self.people_hint = QLabel("Select a team above to see its people and their modules.")
        self.people_hint.setStyleSheet("color: palette(placeholder-text);")
        self.mark_button = QPushButton("Mark &completed…")
        self.in_progress_button = QPushButton("Mark in progress")
        self.not_started_button = QPushButton("Mark not started")
        self.exempt_button = QPushButton("E&xempt…")
        self.assign_button = QPushButton("&Assign module…")
        self.assign_button.setToolTip("Require one more module of the selected people, whatever their roles")
        self.unassign_button = QPushButton("Remove hand assignment")
        self.unassign_button.setToolTip("Stop requiring the selected modules marked \"(by hand)\"; "
                                        "what people did is kept")
        self.team_chart = ChartCanvas(name="training-by-team")
        self.burn_chart = ChartCanvas(name="training-burn-up")
        self._build()

        self.module_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.team_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.status_combo.currentIndexChanged.connect(lambda _i: self.refresh_people())
        self.manager_field.editingFinished.connect(self.refresh)
        self.team_table.selectionModel().selectionChanged.connect(lambda *_: self.refresh_people())
        self.people_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.mark_button.clicked.connect(self.mark_completed)
        self.in_progress_button.clicked.connect(lambda: self.set_status(TrainingStatus.IN_PROGRESS))
        self.not_started_button.clicked.connect(lambda: self.set_status(TrainingStatus.NOT_STARTED))
        self.exempt_button.clicked.connect(lambda: self.set_status(TrainingStatus.EXEMPT))
        self.assign_button.clicked.connect(self.assign_module)
        self.unassign_button.clicked.connect(self.remove_hand_assignment)

    def _build(self) -> None:
        filters = FlowLayout()  # these rows wrap on a narrow window instead of widening it
        for label, widget in (("Module:", self.module_combo), ("Team:", self.team_combo),
                              ("Status:", self.status_combo)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.manager_field, 1)
        filters.addStretch(1)
        buttons = FlowLayout()
        for b in (self.mark_button, self.in_progress_button, self.not_started_button, self.exempt_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.assign_button)
        buttons.addWidget(self.unassign_button)
        people = QWidget()
        people_layout = QVBoxLayout(people)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(self.people_hint)
        people_layout.addWidget(self.people_table, 1)
        people_layout.addLayout(buttons)
        tables = QSplitter(Qt.Orientation.Vertical)
        tables.addWidget(self.team_table)
        tables.addWidget(people)
        charts = QSplitter(Qt.Orientation.Vertical)
        charts.addWidget(self.team_chart)
        charts.addWidget(self.burn_chart)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(tables)
        main.addWidget(charts)
        main.setStretchFactor(0, 3)
        main.setStretchFactor(1, 2)
        main.setSizes([760, 540])  # the tables' size hints would otherwise squeeze the charts away
        self.team_chart.setMinimumWidth(320)
        self.burn_chart.setMinimumWidth(320)
        self.team_chart.setMinimumHeight(180)
        self.burn_chart.setMinimumHeight(150)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(filters)
        self.summary_label.setWordWrap(True)
        layout.addWidget(self.summary_label)
        layout.addWidget(main, 1)

    # -------------------------------------------------------------- filters and scope
    def set_rollout(self, rollout_id: int | None) -> None:
        self.rollout_id = rollout_id
        self._fill_filters()
        self.refresh()

    def _fill_filters(self) -> None:
        ws = self.context.workspace
        for combo in (self.module_combo, self.team_combo):
            combo.blockSignals(True)
        keep_module, keep_team = self.module_combo.currentData(), self.team_combo.currentData()
        self.module_combo.clear()
        self.team_combo.clear()
        self.module_combo.addItem("All modules", None)
        self.team_combo.addItem("All teams", None)
        if ws is not None and self.rollout_id is not None:
            for m in ws.training.modules(self.rollout_id):
                self.module_combo.addItem(m.code, m.id)
            for team_id, name in ws.teams.choices():
                self.team_combo.addItem(name, team_id)
            # Fetched when the manager filter is first used, not on every rollout switch: 100,000
            # people take most of a second to fetch.
            self.manager_field.set_people_loader(ws.people.list, ws.people.get)
        self.module_combo.setCurrentIndex(max(0, self.module_combo.findData(keep_module)))
        self.team_combo.setCurrentIndex(max(0, self.team_combo.findData(keep_team)))
        for combo in (self.module_combo, self.team_combo):
            combo.blockSignals(False)

    def scope(self, team_ids: frozenset[int] | None = None) -> Scope | None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None:
            return None
        team = self.team_combo.currentData()
        if team_ids is None and team is not None:
            team_ids = frozenset(ws.teams.subtree_ids(team))
        manager = self.manager_field.person_id() if self.manager_field.text().strip() else None
        return Scope(self.rollout_id, module_id=self.module_combo.currentData(), team_ids=team_ids,
                     manager_id=manager)

    # -------------------------------------------------------------- loading
    def refresh(self) -> Worker | None:
        scope = self.scope()
        self._generation += 1
        if scope is None:
            self.team_table.set_rows([])
            self.people_table.set_rows([])
            self.summary_label.setText("")
            return None
        generation = self._generation
        self.loading = True
        self.summary_label.setText("Counting…")
        ws = self.context.workspace
        assert ws is not None  # a scope needs one
        # Counted ahead when the rollout was chosen (area_counts), or joined, or counted now.
        return counted_ahead(ws).take(ws, training_key(scope), TRAINING_AREAS, training_progress, scope,
                                      finished=lambda result: self._show(result, generation),
                                      failed=lambda message, _d: self._failed(message, generation))

    def _failed(self, message: str, generation: int) -> None:
        if generation == self._generation and shiboken6.isValid(self.summary_label):
            self.loading = False
            self.summary_label.setText(f"Could not count progress: {message}")

    def _show(self, result: dict, generation: int) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        if not shiboken6.isValid(self.team_table):
            return  # the page was closed (its window or workspace) while the worker counted
        self._teams = result["teams"]
        self.team_table.set_rows(self._teams)
        self.team_chart.set_figure(result["team_figure"])
        self.burn_chart.set_figure(result["burn_figure"])
        required = sum(t.required for t in self._teams)
        completed = sum(t.completed for t in self._teams)
        exempt = sum(t.exempt for t in self._teams)
        overdue = sum(t.overdue for t in self._teams)
        pct = completed / (required - exempt) if required > exempt else None
        self.summary_label.setText(
            f"{required:,} assignments · {completed:,} completed ({percent_text(pct)}) · {overdue:,} overdue · "
            f"{exempt:,} exempt · {len(self._teams):,} teams" if required else
            "No one must take a module yet: add modules and say which roles or teams need them.")
        self.loading = False
        self.refresh_people()
        self.loaded.emit()

    def refresh_people(self) -> None:
        teams = [t.team_id for t in self.team_table.selected_records() if t is not None]
        scope = self.scope(frozenset(teams) if teams else None)
        show = scope is not None and (bool(teams) or scope.manager_id is not None)
        self.people_hint.setVisible(not show)
        ws = self.context.workspace
        rows = (ws.training.people_modules(scope, self.status_combo.currentData())
                if show and scope is not None and ws is not None else [])
        self.people_table.set_rows(rows)
        self._update_buttons()

    def _update_buttons(self) -> None:
        rows = self.people_table.selected_records()
        chosen = bool(rows) and not self.context.readonly
        for b in (self.mark_button, self.in_progress_button, self.not_started_button, self.exempt_button,
                  self.assign_button):
            b.setEnabled(chosen)
        self.unassign_button.setEnabled(chosen and any(r.assigned_by_hand for r in rows))

    # -------------------------------------------------------------- marking
    def selected_pairs(self) -> list[tuple[int, int]]:
        return [(r.module_id, r.person_id) for r in self.people_table.selected_records()]

    def selected_versions(self) -> dict[tuple[int, int], int]:
        """Each selected row's record version as the table shows it: a marking is based on it."""
        return {(r.module_id, r.person_id): r.record_version for r in self.people_table.selected_records()}

    def mark_completed(self) -> None:
        rows = self.people_table.selected_records()
        if not rows or self.context.readonly:
            return
        people = {r.person_id for r in rows}
        modules = sorted({r.module_code for r in rows})
        who = rows[0].person_name if len(people) == 1 else f"{len(people):,} people"
        text = f"Mark {', '.join(modules)} completed for {who}."
        MarkCompletionDialog(self.context, self.selected_pairs(), text, self, versions=self.selected_versions()).exec()

    def set_status(self, status: TrainingStatus) -> None:
        pairs, ws = self.selected_pairs(), self.context.workspace
        if not pairs or ws is None or self.context.readonly:
            return
        reason = ""
        if status is TrainingStatus.EXEMPT:
            reason, ok = QInputDialog.getText(self, "Exempt", "Reason for the exemption:")
            if not ok:
                return
        by_module: dict[int, list[int]] = {}
        for module_id, person_id in pairs:
            by_module.setdefault(module_id, []).append(person_id)
        read = self.selected_versions()
        training = ws.training
        try:
            for module_id, person_ids in by_module.items():
                module_pairs = [(module_id, p) for p in person_ids]

                def save(versions: Mapping[tuple[int, int], int], m: int = module_id, p: list[int] = person_ids) -> int:
                    return training.set_status(m, p, status, reason, expected_versions=versions)

                def current(mp: list[tuple[int, int]] = module_pairs) -> dict[tuple[int, int], int]:
                    return training.record_versions(mp)

                # "Keep theirs" drops this module's marking; the other modules' still go ahead.
                save_many_resolving_conflicts(self, save, {pair: read[pair] for pair in module_pairs}, current)
        except WorkspaceError as e:
            self.error.emit(str(e))

    # -------------------------------------------------------------- assigning by hand
    def assign_module(self) -> None:
        """Require a module of the selected people beyond what their roles and team require."""
        rows = self.people_table.selected_records()
        ws = self.context.workspace
        if not rows or ws is None or self.rollout_id is None or self.context.readonly:
            return
        modules = ws.training.modules(self.rollout_id)
        if not modules:
            return
        people = list(dict.fromkeys(r.person_id for r in rows))
        who = rows[0].person_name if len(people) == 1 else f"the {len(people):,} selected people"
        labels = [f"{m.code} – {m.title}" for m in modules]
        current = self.module_combo.currentData()
        first = next((n for n, m in enumerate(modules) if m.id == current), 0)
        label, ok = QInputDialog.getItem(self, "Assign module", f"Module {who} must take as well:",
                                         labels, first, False)
        if not ok or label not in labels:
            return
        module_id = modules[labels.index(label)].id
        pairs = [(module_id, p) for p in people]
        training = ws.training
        # Each record as the table shows it; one of a module the table does not show (the
        # filter chose another) as it is now, when the module is chosen.
        shown = {(r.module_id, r.person_id): r.record_version for r in self.people_table.source_model.rows()}
        versions = {**training.record_versions(pairs), **{pair: shown[pair] for pair in pairs if pair in shown}}
        try:
            save_many_resolving_conflicts(
                self, lambda read: training.assign(module_id, people, expected_versions=read),
                versions, lambda: training.record_versions(pairs))
        except WorkspaceError as e:
            self.error.emit(str(e))

    def remove_hand_assignment(self) -> None:
        """Undo a hand assignment on the selected rows; their records (a completion) stay."""
        rows = [r for r in self.people_table.selected_records() if r.assigned_by_hand]
        ws = self.context.workspace
        if not rows or ws is None or self.context.readonly:
            return
        pairs = [(r.module_id, r.person_id) for r in rows]
        training = ws.training
        try:
            save_many_resolving_conflicts(
                self, lambda read: training.assign_pairs(pairs, assigned=False, expected_versions=read),
                {(r.module_id, r.person_id): r.record_version for r in rows}, lambda: training.record_versions(pairs))
        except WorkspaceError as e:
            self.error.emit(str(e))
