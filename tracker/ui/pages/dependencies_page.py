"""A rollout's cross-team dependencies: the graph, the table behind it, and what they mean.

The graph and the table are two views of the same records and stay in step: selecting a row
haloes its arrow, clicking an arrow selects its row. The panel beside the graph answers the
questions a change manager brings to the weekly meeting: can we be ready by go-live, which chain
decides that, who is stuck on whom, what is late. The second tab looks across rollouts for
teams several of them wait on, a bottleneck no single rollout sees.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import day_text
from tracker.domain.dependencies import Dependency
from tracker.domain.dependency_graph import DependencyAnalysis, analyse, shared_providers
from tracker.domain.models import Rollout
from tracker.store import Workspace
from tracker.store.errors import WorkspaceError
from tracker.store.events import ChangeEvent
from tracker.ui import theme
from tracker.ui.context import AppContext
from tracker.ui.counted_ahead import counted_ahead
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.dependency_dialog import DependencyDialog
from tracker.ui.models.delivery_models import SHARED_PROVIDER_COLUMNS, dependency_columns
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.pages.area_counts import DEPENDENCY_AREAS, dependencies_key
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.record_history import RecordHistoryAction
from tracker.ui.widgets.search_field import FindShortcut


class DependenciesPage(RolloutAreaPage):
    title = "Dependencies"
    AREAS = DEPENDENCY_AREAS
    WHAT = "dependencies"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._readonly = True
        self._deps: list[Dependency] = []
        self.analysis: DependencyAnalysis | None = None
        self._syncing = False
        self.add_button = QPushButton("&Add dependency…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("Delete…")
        self.show_done = QCheckBox("Show &finished")
        self.show_done.setChecked(True)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search")
        self.search.setClearButtonEnabled(True)
        self.table = self.make_table(
            RecordTableModel(dependency_columns(self.today, self._critical_ids), self,
                             muted=lambda d: not d.unfinished),
            "dependencies", self, {0: 170, 1: 170, 2: 240, 3: 90, 4: 85, 5: 95, 6: 120, 7: 130})
        self.table.setAccessibleName("Dependencies")
        self.history_action = RecordHistoryAction(
            self.table, context, "dependencies",
            lambda d: f"{d.needer_name}'s dependency on {d.provider_name}: {d.description}")
        self.graph = ChartCanvas(self, name="dependency-graph")
        self.graph.setMinimumHeight(300)
        self.analysis_label = QLabel()
        self.analysis_label.setWordWrap(True)
        self.analysis_label.setTextFormat(Qt.TextFormat.RichText)
        self.analysis_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.analysis_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        scroll = QScrollArea()
        scroll.setWidget(self.analysis_label)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(280)
        scroll.setMaximumWidth(380)

        bar = QHBoxLayout()
        for w in (self.add_button, self.edit_button, self.delete_button, self.history_action.button()):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.show_done)
        bar.addWidget(self.search)
        bar.addStretch(1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.graph)
        top.addWidget(scroll)
        top.setStretchFactor(0, 4)
        top.setStretchFactor(1, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(top)
        split.addWidget(self.table)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        this_rollout = QWidget()
        inner = QVBoxLayout(this_rollout)
        inner.addLayout(bar)
        inner.addWidget(split, 1)

        self.shared_table = self.make_table(RecordTableModel(SHARED_PROVIDER_COLUMNS, self), "shared_providers", self,
                                            {0: 190, 1: 70, 2: 80, 3: 70, 4: 50})
        self.shared_table.setAccessibleName("Teams many others wait on")
        self.shared_chart = ChartCanvas(self, name="shared-providers")
        across = QSplitter(Qt.Orientation.Horizontal)
        across.addWidget(self.shared_table)
        across.addWidget(self.shared_chart)
        across.setStretchFactor(0, 1)
        across.setStretchFactor(1, 1)
        across_page = QWidget()
        across_layout = QVBoxLayout(across_page)
        hint = QLabel("Teams that other teams wait on in more than one rollout: a delay there holds up several "
                      "rollouts at once.")
        hint.setWordWrap(True)
        across_layout.addWidget(hint)
        across_layout.addWidget(across, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(this_rollout, "This rollout")
        self.tabs.addTab(across_page, "Across rollouts")
        layout = QVBoxLayout(self.content)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self.add_button.clicked.connect(lambda: self._open_dialog(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.record_activated.connect(lambda _d: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._on_table_selection())
        self.show_done.toggled.connect(lambda _on: self.refresh())
        self.search.textChanged.connect(self.table.filter_model.set_search)
        FindShortcut(self.search, self)
        self.graph.picked.connect(self._on_pick)
        self._selected_ids: list[int] = []  # the table's selection, readable by the graph's builder in any thread
        self._shared_stale = True  # the across-rollouts view, counted when its tab is looked at
        self.tabs.currentChanged.connect(lambda _i: self._refresh_shared())
        self.refresh()

    # -------------------------------------------------------------- data
    def _critical_ids(self) -> set[int]:
        return set(self.analysis.critical.dependency_ids) if self.analysis else set()

    def shown_dependencies(self) -> list[Dependency]:
        return [d for d in self._deps if self.show_done.isChecked() or d.unfinished]

    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        read_ahead = counted_ahead(ws).taken(dependencies_key(rollout.id))  # filled ahead: read in the pool
        self._deps = read_ahead if read_ahead is not None else ws.delivery.dependencies.list(rollout.id)
        analysis = self.analysis = analyse(self._deps, self.today(), rollout.go_live_date)
        shown = self.shown_dependencies()
        self.table.set_rows(shown)
        self._draw_graph(shown, analysis)
        self.analysis_label.setText(self._describe(rollout, analysis))
        self._refresh_shared()
        self._update_actions()

    def _on_data_changed(self, event: ChangeEvent) -> None:
        if event.areas & self.AREAS:  # every rollout's dependencies: whichever rollout is shown
            self._shared_stale = True
        super()._on_data_changed(event)

    def _on_workspace_changed(self, workspace: Workspace | None) -> None:
        self._shared_stale = True
        super()._on_workspace_changed(workspace)

    def _refresh_shared(self) -> None:
        """Every rollout's dependencies, counted only when the "Across rollouts" tab is shown
        and something changed since: choosing another rollout does not change them."""
        ws = self.context.workspace
        if ws is None or not self._shared_stale or self.tabs.currentIndex() != 1:
            return
        from tracker.charts.dependencies import build_shared_providers_figure

        self._shared_stale = False
        shared = shared_providers(ws.delivery.dependencies.all(), self.today())
        self.shared_table.set_rows(shared)
        self.shared_chart.show_figure(lambda: build_shared_providers_figure(shared))

    def _draw_graph(self, shown: list[Dependency], analysis: DependencyAnalysis) -> None:
        from tracker.charts.dependencies import build_dependency_graph_figure, highlight
        from tracker.charts.fitting import DependencyGraphFigure

        critical = analysis.critical.dependency_ids
        cycle_teams = {t for c in analysis.cycles for t in c.team_ids}
        today = self.today()

        def build():  # may run in the chart's drawing thread: reads the selection kept as a list
            figure = build_dependency_graph_figure(shown, critical=critical, cycle_teams=cycle_teams, today=today)
            if isinstance(figure, DependencyGraphFigure):  # not the "no dependencies" figure
                highlight(figure, list(self._selected_ids))  # the selection made meanwhile
            return figure

        self.graph.show_figure(build)  # built when the graph is seen
        self._on_table_selection()

    def _describe(self, rollout: Rollout, a: DependencyAnalysis) -> str:
        by_id = {d.id: d for d in self._deps}
        names = {d.needer_team_id: d.needer_name for d in self._deps} | {d.provider_team_id: d.provider_name
                                                                         for d in self._deps}
        esc = html.escape
        red = theme.hex_colour("error")
        open_count = sum(d.unfinished for d in self._deps)
        parts = [f"<b>{open_count} unfinished</b> of {len(self._deps)} dependencies."]
        if open_count:
            ready = a.critical.ready_on
            late = rollout.go_live_date is not None and ready > rollout.go_live_date
            colour = theme.hex_colour("error" if late else "success")
            go_live = ""
            if rollout.go_live_date:  # the word, not only the colour, says which side of go-live
                go_live = f" ({'after' if late else 'by'} go-live, {day_text(rollout.go_live_date)})"
            parts.append(f"<b>Earliest ready:</b> <span style='color:{colour}'>{day_text(ready)}</span>{esc(go_live)}")
            chain = [by_id[i] for i in a.critical.dependency_ids]
            steps = " → ".join(esc(d.provider_name) for d in chain) + f" → {esc(chain[-1].needer_name)}"
            blocked = sum(d.status.value == "blocked" for d in chain)
            parts.append(f"<b>Critical path</b> (thick arrows): {steps}"
                         + (f" <span style='color:{red}'>({blocked} blocked)</span>"
                            if blocked else ""))
        if a.cycles:
            loops = "; ".join(" ⇄ ".join(esc(names[t]) for t in c.team_ids) for c in a.cycles)
            parts.append(f"<span style='color:{red}'><b>Waiting on each other:</b> {loops}. None of these can "
                         "finish until one side delivers without the other.</span>")
        if a.blockers:
            top = ", ".join(f"{esc(names[t])} ({n})" for t, n in a.blockers[:4])
            parts.append(f"<b>Most waited on:</b> {top}")
        if a.overdue:
            parts.append(f"<b>Overdue:</b> {len(a.overdue)} – " + ", ".join(
                f"{esc(d.description)} ({esc(d.provider_name)})" for d in a.overdue[:5]))
        if a.after_go_live:
            parts.append(f"<b>Due after go-live:</b> {len(a.after_go_live)} – " + ", ".join(
                esc(d.description) for d in a.after_go_live[:5]))
        if a.critical.undated:
            parts.append(f"{len(a.critical.undated)} without a due date (counted as due today).")
        return "<br><br>".join(parts)

    # -------------------------------------------------------------- graph ⇄ table
    def _on_table_selection(self) -> None:
        self._selected_ids = [d.id for d in self.table.selected_records()]
        # A graph still waiting to be built takes the selection when it is built.
        figure = None if self.graph.pending else self.graph.built_figure
        from tracker.charts.fitting import DependencyGraphFigure

        if not isinstance(figure, DependencyGraphFigure):
            self._update_actions()
            return
        from tracker.charts.dependencies import highlight

        highlight(figure, self._selected_ids)
        self.graph.redraw()
        self._update_actions()

    def _on_pick(self, artist, _event=None) -> None:
        gid = artist.get_gid() if hasattr(artist, "get_gid") else None
        if not gid or not gid.isdigit():
            return
        dependency_id = int(gid)
        self.table.select_where(lambda d: d.id == dependency_id)

    # -------------------------------------------------------------- editing
    def _apply_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self.add_button.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.table.selected_records()
        self.edit_button.setEnabled(not self._readonly and len(selected) == 1)
        self.delete_button.setEnabled(not self._readonly and bool(selected))

    def _open_dialog(self, dependency: Dependency | None) -> DependencyDialog | None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or self.context.readonly:
            return None
        taking_part = {p.team_id for p in ws.rollouts.participation(self.rollout_id)}
        dialog = DependencyDialog(self.context, self.rollout_id, ws.people.list(), ws.teams.list(), dependency, self,
                                  participating=taking_part)
        if dialog.exec() and dialog.saved_id is not None:
            saved = dialog.saved_id
            self.table.select_where(lambda d: d.id == saved)
        dialog.deleteLater()
        return dialog

    def edit_selected(self) -> None:
        selected = self.table.selected_records()
        if len(selected) == 1:
            self._open_dialog(selected[0])

    def delete_selected(self) -> None:
        ws = self.context.workspace
        selected = self.table.selected_records()
        if ws is None or not selected or self.context.readonly:
            return
        text = "Delete this dependency?" if len(selected) == 1 else f"Delete {len(selected)} dependencies?"
        if not confirm_action.ask(self, "Delete dependencies", text, "Delete",
                                  "Mark it done instead when it was delivered. Edit → Undo brings it back."):
            return
        try:
            ws.delivery.dependencies.delete([d.id for d in selected])
        except WorkspaceError as e:
            self.show_error(str(e))
