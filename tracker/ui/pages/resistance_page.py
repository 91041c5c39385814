"""The resistance signals log of a rollout, with filters and the two charts leaders ask for.

The log is where signals are logged, worked on and resolved; "days open" shows how long each
has waited. The charts answer "is it growing, and of what kind?" and "where is it now, and
how bad?". Leader view hides teams smaller than the minimum group size (tracker.domain.privacy)
from the log and both charts, so nothing shown is about a handful of identifiable people. A
chart saved or copied outside leader view leaves those teams out too (the menu says so).
"""

from __future__ import annotations

import statistics

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import day_text
from tracker.domain.models import Rollout
from tracker.domain.readiness import ResistanceSignal, SignalStatus, SignalType
from tracker.domain.rollout_privacy import signal_suppression
from tracker.store import Workspace
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.counted_ahead import counted_ahead
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.signal_dialog import SignalDialog
from tracker.ui.models.readiness_models import make_model, signal_columns
from tracker.ui.pages.area_counts import RESISTANCE_AREAS, signals_key
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.record_history import RecordHistoryAction
from tracker.ui.widgets.search_field import FindShortcut

UNRESOLVED = "unresolved"


class ResistancePage(RolloutAreaPage):
    title = "Resistance"
    AREAS = RESISTANCE_AREAS
    WHAT = "resistance signals"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._readonly = True
        self._signals: list[ResistanceSignal] = []
        self._hidden: dict[int, str] = {}
        self._small: dict[int, str] = {}  # teams under the minimum group size, leader view or not
        self._minimum = 5
        self.log_button = QPushButton("&Log signal…")
        self.edit_button = QPushButton("&Edit…")
        self.resolve_button = QPushButton("Re&solve…")
        self.delete_button = QPushButton("Delete…")
        self.type_filter = QComboBox()
        self.type_filter.addItem("All types", None)
        for kind in SignalType:
            self.type_filter.addItem(kind.label, kind.value)
        self.status_filter = QComboBox()
        self.status_filter.addItem("All statuses", None)
        self.status_filter.addItem("Unresolved", UNRESOLVED)
        for status in SignalStatus:
            self.status_filter.addItem(status.label, status.value)
        self.team_filter = QComboBox()
        self.severity_filter = QSpinBox()
        for widget, name in ((self.type_filter, "Signal type filter"), (self.status_filter, "Status filter"),
                             (self.team_filter, "Team filter"), (self.severity_filter, "Minimum severity")):
            widget.setAccessibleName(name)
        self.severity_filter.setRange(1, 5)
        self.severity_filter.setPrefix("Severity ≥ ")
        self.leader_check = QCheckBox("Leader &view")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search")
        self.search.setClearButtonEnabled(True)
        self.summary_label = QLabel()
        self.table = self.make_table(make_model(signal_columns(self.today), self, muted=lambda s: not s.unresolved),
                                     "resistance_signals", self,
                                     {0: 90, 1: 150, 2: 140, 3: 60, 4: 110, 5: 80, 6: 70, 7: 130, 8: 110},
                                     newest_first=True)
        self.table.setAccessibleName("Resistance signals")
        self.history_action = RecordHistoryAction(
            self.table, context, "resistance_signals",
            lambda s: f"{s.team_name}'s {s.type.label.lower()} signal of {day_text(s.observed_on)}")
        self.over_time = ChartCanvas(self, name="signals-over-time")
        self.by_team = ChartCanvas(self, name="open-signals-by-team")
        self.charts = QTabWidget()
        self.charts.addTab(self.over_time, "Over time by type")
        self.charts.addTab(self.by_team, "Unresolved by team")
        self.charts.setMinimumWidth(440)

        bar = FlowLayout()  # wraps on a narrow window instead of widening it
        for button in (self.log_button, self.edit_button, self.resolve_button, self.delete_button,
                       self.history_action.button()):
            bar.addWidget(button)
        bar.addSpacing(16)
        for control in (self.type_filter, self.status_filter, self.team_filter, self.severity_filter, self.search,
                        self.leader_check):
            bar.addWidget(control)
        bar.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        self.summary_label.setWordWrap(True)
        left_layout.addWidget(self.summary_label)
        splitter.addWidget(left)
        splitter.addWidget(self.charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.log_button.clicked.connect(lambda: self._open_dialog(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.resolve_button.clicked.connect(self.resolve_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.record_activated.connect(lambda _s: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        for combo in (self.type_filter, self.status_filter, self.team_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.severity_filter.valueChanged.connect(self._apply_filters)
        self.search.textChanged.connect(self.table.filter_model.set_search)
        FindShortcut(self.search, self)
        self.leader_check.toggled.connect(lambda _on: self.refresh())
        self.refresh()

    # -------------------------------------------------------------- data
    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        read_ahead = counted_ahead(ws).taken(signals_key(rollout.id))  # filled ahead: read in the pool
        self._signals = read_ahead if read_ahead is not None else ws.readiness.signals.list(rollout.id)
        # The same groups as the status and the report: every team of the rollout and every team
        # a signal names, beside the rollout's total (tracker/domain/rollout_privacy.py).
        teams = {p.team_id for p in ws.rollouts.participation(rollout.id)} | {s.team_id for s in self._signals}
        self._minimum = ws.readiness.minimum_group_size
        # Counted whether they have signals or not: counting only those with signals would tell
        # that the other hidden teams have none.
        self._small = signal_suppression(ws.teams.headcounts(teams), self._minimum).hidden
        self._hidden = self._small if self.leader_check.isChecked() else {}
        self._fill_team_filter()
        self.table.set_rows(self.shown_signals())
        self._apply_filters()

    def shown_signals(self) -> list[ResistanceSignal]:
        return [s for s in self._signals if s.team_id not in self._hidden]

    def _fill_team_filter(self) -> None:
        current = self.team_filter.currentData()
        teams = sorted({(s.team_name, s.team_id) for s in self.shown_signals()}, key=lambda t: t[0].casefold())
        self.team_filter.blockSignals(True)
        self.team_filter.clear()
        self.team_filter.addItem("All teams", None)
        for name, tid in teams:
            self.team_filter.addItem(name, tid)
        self.team_filter.setCurrentIndex(max(0, self.team_filter.findData(current)))
        self.team_filter.blockSignals(False)

    def _predicate(self):
        kind, status = self.type_filter.currentData(), self.status_filter.currentData()
        team, severity = self.team_filter.currentData(), self.severity_filter.value()

        def keep(s: ResistanceSignal) -> bool:
            return ((kind is None or s.type.value == kind)
                    and (status is None or (s.unresolved if status == UNRESOLVED else s.status.value == status))
                    and (team is None or s.team_id == team) and s.severity >= severity)
        return keep

    def _apply_filters(self, *_args) -> None:
        if self.rollout_id is None:
            return
        predicate = self._predicate()
        self.table.filter_model.set_predicate(predicate)
        visible = [s for s in self.shown_signals() if predicate(s)]
        self._summarise(visible)
        self._draw_charts(visible)
        self._update_actions()

    def _summarise(self, visible: list[ResistanceSignal]) -> None:
        as_of = self.today()
        open_days = [s.days_open(as_of) for s in visible if s.unresolved]
        text = f"{len(visible):,} signals shown · {len(open_days):,} unresolved"
        if open_days:
            text += f" · open for {statistics.median(open_days):.0f} days (median), longest {max(open_days):,}"
        if self._hidden:
            text += f" · leader view: {len(self._hidden)} small team(s) hidden"
        self.summary_label.setText(text)

    def _draw_charts(self, visible: list[ResistanceSignal]) -> None:
        from tracker.charts.readiness import build_open_signals_figure, build_signals_over_time_figure

        note = f"{len(self._hidden)} small team(s) hidden" if self._hidden else ""
        self.over_time.show_figure(lambda: build_signals_over_time_figure(visible))  # when seen
        self.by_team.show_figure(lambda: build_open_signals_figure(visible, hidden_note=note))
        # Images that leave the screen follow the leader rule even when the screen does not.
        small = self._small
        if self._hidden or not any(s.team_id in small for s in visible):
            self.over_time.set_export(None)
            self.by_team.set_export(None)
            return
        kept = [s for s in visible if s.team_id not in small]
        export_note = f"{len(small)} small team(s) hidden"
        menu_note = f"Saved with groups under {self._minimum} hidden"
        self.over_time.set_export(lambda: build_signals_over_time_figure(kept), menu_note)
        self.by_team.set_export(lambda: build_open_signals_figure(kept, hidden_note=export_note), menu_note)

    # -------------------------------------------------------------- editing
    def _apply_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self.log_button.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.table.selected_records()
        editable = not self._readonly
        self.edit_button.setEnabled(editable and len(selected) == 1)
        self.resolve_button.setEnabled(editable and any(s.unresolved for s in selected))
        self.delete_button.setEnabled(editable and bool(selected))

    def _open_dialog(self, signal: ResistanceSignal | None, *, resolve: bool = False) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or self.context.readonly:
            return
        dialog = SignalDialog(self.context, self.rollout_id, ws.people.list(), ws.teams.list(), signal, self,
                              as_of=self.today(), resolve=resolve)
        if dialog.exec() and dialog.saved_id is not None:
            saved = dialog.saved_id
            self.table.select_where(lambda s: s.id == saved)
        dialog.deleteLater()

    def edit_selected(self) -> None:
        selected = self.table.selected_records()
        if len(selected) == 1:
            self._open_dialog(selected[0])

    def resolve_selected(self) -> None:
        """One signal: the dialog (to record the mitigation too); several: resolved today."""
        ws = self.context.workspace
        selected = [s for s in self.table.selected_records() if s.unresolved]
        if ws is None or not selected or self.context.readonly:
            return
        if len(selected) == 1:
            self._open_dialog(selected[0], resolve=True)
            return
        if not confirm_action.ask(self, "Resolve signals", f"Resolve {len(selected):,} signals as of today?",
                                  "Resolve", "Edit → Undo reopens them."):
            return
        try:
            ws.readiness.signals.resolve([s.id for s in selected], self.today())
        except WorkspaceError as e:
            self.show_error(str(e))

    def delete_selected(self) -> None:
        ws = self.context.workspace
        selected = self.table.selected_records()
        if ws is None or not selected or self.context.readonly:
            return
        text = "Delete this signal?" if len(selected) == 1 else f"Delete {len(selected):,} signals?"
        detail = "Resolving keeps the history; delete only what was logged by mistake. Edit → Undo brings it back."
        if not confirm_action.ask(self, "Delete signals", text, "Delete", detail):
            return
        try:
            ws.readiness.signals.delete([s.id for s in selected])
        except WorkspaceError as e:
            self.show_error(str(e))
