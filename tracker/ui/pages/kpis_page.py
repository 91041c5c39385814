"""A rollout's KPIs: status at a glance, the chosen KPI against its target band, its readings.

The table leads with status (red first when sorted) because the question is "which measure is
off?"; selecting a KPI shows its chart and readings. Readings are entered by hand or imported
from a file (the same import as `tracker import kpis`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QVBoxLayout, QWidget

from tracker.domain.date_text import day_text
from tracker.domain.kpis import Kpi
from tracker.domain.models import Rollout
from tracker.store import Workspace
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.kpi_dialog import KpiDialog
from tracker.ui.dialogs.kpi_import_dialog import KpiImportDialog
from tracker.ui.dialogs.kpi_reading_dialog import KpiReadingDialog
from tracker.ui.models.delivery_models import KPI_COLUMNS, reading_columns
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.search_field import SearchField


class KpisPage(RolloutAreaPage):
    title = "KPIs"
    AREAS = RolloutAreaPage.AREAS | {"delivery"}
    WHAT = "KPIs"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._readonly = True
        self.add_button = QPushButton("&Add KPI…")
        self.edit_button = QPushButton("&Edit…")
        self.delete_button = QPushButton("Delete…")
        self.record_button = QPushButton("&Record reading…")
        self.import_button = QPushButton("&Import readings…")
        self.delete_reading_button = QPushButton("Delete reading…")
        self.summary_label = QLabel()
        self.table = self.make_table(RecordTableModel(KPI_COLUMNS, self), "kpis", self,
                                     {0: 170, 1: 70, 2: 100, 3: 90, 4: 100, 5: 120, 6: 95})
        self.table.setAccessibleName("KPIs")
        self.readings = self.make_table(RecordTableModel(reading_columns(self._unit), self), "kpi_readings", self,
                                        {0: 110}, newest_first=True)
        self.readings.setAccessibleName("KPI readings")
        self.chart = ChartCanvas(self, name="kpi")
        left, readings_box = QWidget(), QWidget()  # each box's Ctrl+F works while focus is beside it
        self.search = SearchField(self.table, left, "Filter KPIs")
        self.readings_search = SearchField(self.readings, readings_box, "Filter readings")
        bar = QHBoxLayout()
        for w in (self.add_button, self.edit_button, self.delete_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (self.record_button, self.import_button):
            bar.addWidget(w)
        bar.addStretch(1)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.search)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.summary_label)
        readings_layout = QVBoxLayout(readings_box)
        readings_layout.setContentsMargins(0, 0, 0, 0)
        readings_layout.addWidget(self.readings_search)
        readings_layout.addWidget(self.readings, 1)
        readings_layout.addWidget(self.delete_reading_button)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.chart)
        right.addWidget(readings_box)
        right.setSizes([480, 220])
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setSizes([560, 700])
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(split, 1)

        self.add_button.clicked.connect(lambda: self._kpi_dialog(None))
        self.edit_button.clicked.connect(lambda: self._kpi_dialog(self.current_kpi()))
        self.delete_button.clicked.connect(self.delete_kpi)
        self.record_button.clicked.connect(self.record_reading)
        self.import_button.clicked.connect(self.import_readings)
        self.delete_reading_button.clicked.connect(self.delete_readings)
        self.table.record_activated.connect(lambda k: self._kpi_dialog(k))
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.readings.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.refresh()

    # -------------------------------------------------------------- data
    def current_kpi(self) -> Kpi | None:
        selected = self.table.selected_records()
        return selected[0] if len(selected) == 1 else None

    def _unit(self) -> str:
        kpi = self.current_kpi()
        return kpi.unit if kpi else ""

    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        kpis = ws.delivery.kpis.list(rollout.id)
        self.table.set_rows(kpis)
        if self.current_kpi() is None and kpis:
            first = kpis[0].id
            self.table.select_where(lambda k: k.id == first)
        counts = {s: sum(k.status.value == s for k in kpis) for s in ("red", "amber", "green")}
        self.summary_label.setText(f"{len(kpis)} KPIs · {counts['red']} red · {counts['amber']} amber · "
                                   f"{counts['green']} green" if kpis else "No KPIs yet: add accuracy, latency, …")
        self._show_selected()

    def _show_selected(self) -> None:
        from tracker.charts import empty_figure
        from tracker.charts.kpis import build_kpi_figure

        kpi, ws = self.current_kpi(), self.context.workspace
        if kpi is None or ws is None:
            self.readings.set_rows([])
            self.chart.show_figure(lambda: empty_figure("Select a KPI to see its readings against the target."))
        else:
            readings = ws.delivery.kpis.readings(kpi.id)
            self.readings.set_rows(readings)
            self.chart.show_figure(lambda: build_kpi_figure(kpi, readings))  # when the chart is seen
        self._update_actions()

    # -------------------------------------------------------------- editing
    def _apply_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self.add_button.setEnabled(not readonly)
        self.import_button.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        one = self.current_kpi() is not None and not self._readonly
        for w in (self.edit_button, self.delete_button, self.record_button):
            w.setEnabled(one)
        self.delete_reading_button.setEnabled(one and bool(self.readings.selected_records()))

    def _kpi_dialog(self, kpi: Kpi | None) -> None:
        if self.rollout_id is None or self.context.readonly:
            return
        dialog = KpiDialog(self.context, self.rollout_id, kpi, self)
        if dialog.exec() and dialog.saved_id is not None:
            saved = dialog.saved_id
            self.table.select_where(lambda k: k.id == saved)
        dialog.deleteLater()

    def delete_kpi(self) -> None:
        kpi, ws = self.current_kpi(), self.context.workspace
        if kpi is None or ws is None or self.context.readonly:
            return
        if confirm_action.ask(self, "Delete KPI", f"Delete {kpi.name} and its {kpi.readings} readings?", "Delete",
                              "Edit → Undo brings them back."):
            try:
                ws.delivery.kpis.delete(kpi.id)
            except WorkspaceError as e:
                self.show_error(str(e))

    def record_reading(self) -> None:
        kpi = self.current_kpi()
        if kpi is None or self.context.readonly:
            return
        dialog = KpiReadingDialog(self.context, kpi, self, today=self.today())
        dialog.exec()
        dialog.deleteLater()

    def delete_readings(self) -> None:
        chosen = self.readings.selected_records()
        kpi, ws = self.current_kpi(), self.context.workspace
        if not chosen or kpi is None or ws is None or self.context.readonly:
            return
        if len(chosen) == 1:
            day = chosen[0].measured_on
            text = f"Delete the {kpi.name} reading of {day_text(day)}?"
        else:
            text = f"Delete {len(chosen):,} readings of {kpi.name}?"
        if not confirm_action.ask(self, "Delete readings", text, "Delete",
                                  "The chart and the KPI's status change with them. Edit → Undo brings them back."):
            return
        try:
            ws.delivery.kpis.delete_readings([r.id for r in chosen])
        except WorkspaceError as e:
            self.show_error(str(e))

    def import_readings(self) -> None:
        if self.rollout_id is None or self.context.readonly:
            return
        dialog = KpiImportDialog(self.context, self.rollout_id, self)
        dialog.exec()
        dialog.deleteLater()
