"""ADKAR assessments of a rollout: each team's latest scores, the history, heatmap and trend.

The table shows the barrier point and the action it suggests beside each team, which is
what the change manager plans with. "Leader view" applies the workspace's minimum group size
(tracker.domain.privacy): teams with too few respondents, and any team whose figures would
let one of them be worked out from the "All teams" row, are hidden in the table and charts,
so the screen can be shown to leaders as it is. A chart saved or copied outside leader view is
drawn from the same suppressed data: an image leaves the change manager's screen.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import day_text
from tracker.domain.models import Rollout
from tracker.domain.privacy import Suppression
from tracker.domain.readiness import ADKAR, AdkarAssessment
from tracker.domain.rollout_privacy import adkar_suppression
from tracker.store import Workspace
from tracker.store.errors import WorkspaceError
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.adkar_dialog import AdkarDialog
from tracker.ui.dialogs.group_size_dialog import GroupSizeDialog
from tracker.ui.models.readiness_models import ASSESSMENT_COLUMNS, make_model
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.flow_layout import FlowLayout

LATEST, HISTORY = 0, 1


def weighted_overall(latest: list[AdkarAssessment]) -> tuple[tuple[float, ...], int] | None:
    """The respondent-weighted mean of the teams' latest scores, and the respondents in it."""
    total = sum(a.respondents for a in latest)
    if not total:
        return None
    means = tuple(round(sum(a.scores[i] * a.respondents for a in latest) / total, 2) for i in range(len(ADKAR)))
    return means, total


def leader_suppression(latest: list[AdkarAssessment], minimum: int) -> Suppression:
    """Which teams to hide (and whether the "All teams" row may show) when that row is
    released beside the teams."""
    return adkar_suppression({a.team_id: a.respondents for a in latest}, minimum)


class AdkarPage(RolloutAreaPage):
    title = "ADKAR"
    AREAS = RolloutAreaPage.AREAS | {"readiness", "organisation"}  # rollouts: the teams taking part
    WHAT = "ADKAR assessments"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._readonly = True
        self._latest: list[AdkarAssessment] = []
        self._history: list[AdkarAssessment] = []
        self._hidden: dict[int, str] = {}
        self._total_hidden = False
        self._minimum = 5
        self.record_button = QPushButton("&Record assessment…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("Delete…")
        self.import_button = QPushButton("&Import survey…")
        self.import_button.setToolTip("CSV or XLSX: one row per team, or one row per respondent (averaged)")
        self.show_combo = QComboBox()
        self.show_combo.addItems(["Latest per team", "All assessments"])
        self.team_filter = QComboBox()
        self.show_combo.setAccessibleName("Assessments shown")
        self.team_filter.setAccessibleName("Team filter")
        self.leader_check = QCheckBox("&Leader view")
        self.privacy_button = QPushButton("Privacy…")
        self.privacy_label = QLabel()
        self.privacy_label.setWordWrap(True)
        self.table = self.make_table(make_model(ASSESSMENT_COLUMNS, self), "adkar_assessments", self,
                                     {0: 150, 1: 90, **{c: 84 for c in range(2, 7)}, 7: 84, 8: 100, 9: 300})
        self.table.setAccessibleName("ADKAR assessments")
        self.heatmap = ChartCanvas(self, name="adkar-heatmap")
        self.trend = ChartCanvas(self, name="adkar-trend")
        self.charts = QTabWidget()
        self.charts.addTab(self.heatmap, "Heatmap")
        self.charts.addTab(self.trend, "Trend")
        self.charts.setMinimumWidth(440)

        bar = FlowLayout()  # wraps on a narrow window instead of widening it
        for button in (self.record_button, self.edit_button, self.delete_button, self.import_button):
            bar.addWidget(button)
        bar.addSpacing(16)
        for control in (self.show_combo, self.team_filter, self.leader_check, self.privacy_button):
            bar.addWidget(control)
        bar.addStretch(1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.privacy_label)
        splitter.addWidget(left)
        splitter.addWidget(self.charts)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.record_button.clicked.connect(lambda: self._open_dialog(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_survey)
        self.privacy_button.clicked.connect(self.edit_privacy)
        self.table.record_activated.connect(lambda _a: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.show_combo.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.team_filter.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.leader_check.toggled.connect(lambda _on: self.refresh())
        self.refresh()

    # -------------------------------------------------------------- data
    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        self._latest = ws.readiness.adkar.latest(rollout.id)
        self._history = ws.readiness.adkar.list(rollout.id)
        minimum = self._minimum = ws.readiness.minimum_group_size
        leader = leader_suppression(self._latest, minimum) if self.leader_check.isChecked() else Suppression()
        self._hidden, self._total_hidden = leader.hidden, leader.total_hidden
        self._fill_team_filter()
        if self.leader_check.isChecked():
            self.privacy_label.setText(
                f"Leader view: {len(self._hidden)} team(s) hidden (fewer than {minimum} respondents, or "
                "they would let such a team be worked out from the totals).")
        else:
            self.privacy_label.setText(f"Change manager's view: all teams shown. Leader view hides groups "
                                       f"under {minimum} respondents.")
        self._show_rows()
        self._draw_charts()

    def _fill_team_filter(self) -> None:
        current = self.team_filter.currentData()
        teams = sorted({(a.team_name, a.team_id) for a in self._history}, key=lambda t: t[0].casefold())
        self.team_filter.blockSignals(True)
        self.team_filter.clear()
        self.team_filter.addItem("All teams", None)
        for name, tid in teams:
            self.team_filter.addItem(name, tid)
        index = self.team_filter.findData(current)
        self.team_filter.setCurrentIndex(max(0, index))
        self.team_filter.blockSignals(False)

    def _show_rows(self) -> None:
        rows = self._latest if self.show_combo.currentIndex() == LATEST else self._history
        team = self.team_filter.currentData()
        self.table.set_rows([a for a in rows if a.team_id not in self._hidden and (team is None or a.team_id == team)])
        self._update_actions()

    def _draw_charts(self) -> None:
        from tracker.charts.readiness import build_adkar_heatmap_figure, build_adkar_trend_figure

        latest, history = self._latest, self._history
        overall = weighted_overall(latest)  # over every team: the suppression already allows for it

        def heatmap(hidden: dict[int, str], total_hidden: bool):
            shown = [a for a in latest if a.team_id not in hidden]
            return build_adkar_heatmap_figure(latest, hidden=hidden,
                                              overall=None if total_hidden or not shown else overall)

        hidden, total_hidden = self._hidden, self._total_hidden
        self.heatmap.show_figure(lambda: heatmap(hidden, total_hidden))  # when its tab is seen
        self.trend.show_figure(lambda: build_adkar_trend_figure(history, hidden=hidden))
        # Images that leave the screen follow the leader rule even when the screen does not.
        export = leader_suppression(latest, self._minimum)
        if self.leader_check.isChecked() or not export.hidden:
            self.heatmap.set_export(None)
            self.trend.set_export(None)
            return
        note = f"Saved with groups under {self._minimum} hidden"
        self.heatmap.set_export(lambda: heatmap(export.hidden, export.total_hidden), note)
        self.trend.set_export(lambda: build_adkar_trend_figure(history, hidden=export.hidden), note)

    # -------------------------------------------------------------- editing
    def _apply_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self.record_button.setEnabled(not readonly)
        self.import_button.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.table.selected_records()
        self.edit_button.setEnabled(not self._readonly and len(selected) == 1)
        self.delete_button.setEnabled(not self._readonly and bool(selected))

    def _open_dialog(self, assessment: AdkarAssessment | None) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or self.context.readonly:
            return
        dialog = AdkarDialog(self.context, self.rollout_id, ws.teams.list(), assessment, self, as_of=self.today())
        if dialog.exec() and dialog.saved_id is not None:
            saved = dialog.saved_id
            self.table.select_where(lambda a: a.id == saved)
        dialog.deleteLater()

    def edit_selected(self) -> None:
        selected = self.table.selected_records()
        if len(selected) == 1:
            self._open_dialog(selected[0])

    def delete_selected(self) -> None:
        ws = self.context.workspace
        selected = self.table.selected_records()
        if ws is None or not selected or self.context.readonly:
            return
        text = (f"Delete {selected[0].team_name}'s assessment of {day_text(selected[0].assessed_on)}?"
                if len(selected) == 1 else f"Delete {len(selected):,} assessments?")
        if not confirm_action.ask(self, "Delete assessments", text, "Delete", "Edit → Undo brings them back."):
            return
        try:
            ws.readiness.adkar.delete([a.id for a in selected])
        except WorkspaceError as e:
            self.show_error(str(e))

    def edit_privacy(self) -> None:
        if self.context.workspace is not None:
            dialog = GroupSizeDialog(self.context, self)
            dialog.exec()
            dialog.deleteLater()

    # -------------------------------------------------------------- import
    def import_survey(self) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or self.context.readonly:
            return
        path, _ = QFileDialog.getOpenFileName(self, "Import ADKAR survey", settings.last_folder(),
                                              "Survey files (*.csv *.txt *.tsv *.xlsx *.xlsm)")
        if not path:
            return
        from pathlib import Path

        settings.set_last_folder(Path(path).parent)
        self.import_survey_file(path)

    def import_survey_file(self, path) -> None:
        """Read `path` as this rollout's survey and ask before importing (also for a dropped file)."""
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or self.context.readonly:
            return
        from tracker.services.adkar_import import preview_adkar
        from tracker.ui.worker import Worker, show_progress

        rollout_id = self.rollout_id

        def preview(clone, *, progress, cancelled):
            return preview_adkar(clone, path, rollout_id, cancelled=cancelled)

        worker = Worker(preview, workspace=ws)
        worker.finished.connect(self._confirm_import)
        worker.failed.connect(lambda message, _details: self.show_error(message))
        show_progress(worker, self, "Reading survey")
        worker.start()

    def _confirm_import(self, preview) -> None:
        from tracker.services.adkar_import import apply_adkar

        ws = self.context.workspace
        if not preview.ok:
            QMessageBox.warning(self, "Survey not imported", preview.report())
            return
        if not preview.plan.has_changes:
            QMessageBox.information(self, "Import survey", preview.report() + "\n\nNothing to change.")
            return
        box = QMessageBox(QMessageBox.Icon.Question, "Import survey", preview.report(),
                          QMessageBox.StandardButton.Cancel, self)
        do_it = box.addButton("Import", QMessageBox.ButtonRole.AcceptRole)
        box.exec()
        if box.clickedButton() is not do_it or ws is None:
            return
        try:
            apply_adkar(ws, preview)
        except WorkspaceError as e:
            self.show_error(str(e))
