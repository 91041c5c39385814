"""The stakeholder register of a rollout, beside its power/interest grid.

The table is where the change manager edits; the grid is where they see who matters and who
is not where they need to be. Clicking a point selects that stakeholder's row, so the two
stay one view. "Needs contact" flags (needed support above current, no contact in 30 days)
show in the table and as a black ring on the grid.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.models import Rollout
from tracker.domain.readiness import Quadrant, Stakeholder, is_flagged, quadrant
from tracker.store import Workspace
from tracker.store.errors import WorkspaceError
from tracker.ui.context import AppContext
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.stakeholder_dialog import StakeholderDialog
from tracker.ui.models.readiness_models import make_model, stakeholder_columns
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.flow_layout import FlowLayout
from tracker.ui.widgets.record_history import RecordHistoryAction
from tracker.ui.widgets.search_field import FindShortcut


class StakeholdersPage(RolloutAreaPage):
    title = "Stakeholders"
    AREAS = RolloutAreaPage.AREAS | {"readiness", "organisation"}
    WHAT = "stakeholders"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._rows: list[Stakeholder] = []
        self.add_button = QPushButton("&Add stakeholder…")
        self.edit_button = QPushButton("&Edit…")
        self.remove_button = QPushButton("Remove…")
        self.type_filter = QComboBox()
        for text, value in (("All types", None), ("People", "Person"), ("Teams", "Team")):
            self.type_filter.addItem(text, value)
        self.quadrant_filter = QComboBox()
        self.type_filter.setAccessibleName("Stakeholder type filter")
        self.quadrant_filter.setAccessibleName("Quadrant filter")
        self.quadrant_filter.addItem("All quadrants", None)
        for q in Quadrant:
            self.quadrant_filter.addItem(q.label, q.value)
        self.flagged_only = QCheckBox("Needs contact only")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search stakeholders")
        self.search.setClearButtonEnabled(True)
        self.summary_label = QLabel()
        self.table = self.make_table(make_model(stakeholder_columns(self.today), self), "stakeholders", self,
                                     {0: 150, 1: 60, 2: 62, 3: 62, 4: 110, 5: 95, 6: 95, 7: 130, 8: 95, 9: 100})
        self.table.setAccessibleName("Stakeholders")
        self.history_action = RecordHistoryAction(self.table, context, "stakeholders",
                                                  lambda s: f"stakeholder {s.name}")
        self.grid = ChartCanvas(self, name="power-interest-grid")
        self.grid.setMinimumWidth(420)

        bar = FlowLayout()  # wraps on a narrow window instead of widening it
        for button in (self.add_button, self.edit_button, self.remove_button, self.history_action.button()):
            bar.addWidget(button)
        bar.addSpacing(16)
        for control in (self.type_filter, self.quadrant_filter, self.flagged_only, self.search):
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
        splitter.addWidget(self.grid)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self.content)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)

        self.add_button.clicked.connect(self.add_stakeholder)
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.record_activated.connect(lambda s: self.edit_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        for combo in (self.type_filter, self.quadrant_filter):
            combo.currentIndexChanged.connect(self._apply_filters)
        self.flagged_only.toggled.connect(self._apply_filters)
        self.search.textChanged.connect(self.table.filter_model.set_search)
        FindShortcut(self.search, self)
        self.grid.picked.connect(self._on_pick)
        self.refresh()

    # -------------------------------------------------------------- data
    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        self._rows = ws.readiness.stakeholders.list(rollout.id)
        self.table.set_rows(self._rows)
        as_of = self.today()
        flagged = sum(1 for s in self._rows if is_flagged(s, as_of))
        gaps = sum(1 for s in self._rows if s.needed_support.rank > s.current_support.rank)
        self.summary_label.setText(f"{len(self._rows):,} stakeholders · {gaps:,} below the support needed · "
                                   f"{flagged:,} need contact (none in 30 days)")
        self._draw_grid()
        self._update_actions()

    def _draw_grid(self) -> None:
        from tracker.charts.readiness import build_power_interest_figure

        rows, today = self._visible_rows(), self.today()
        self.grid.show_figure(lambda: build_power_interest_figure(rows, as_of=today))

    def _visible_rows(self) -> list[Stakeholder]:
        predicate = self._predicate()
        return [s for s in self._rows if predicate(s)]

    def _predicate(self):
        kind = self.type_filter.currentData()
        quad = self.quadrant_filter.currentData()
        flagged_only = self.flagged_only.isChecked()
        as_of = self.today()

        def keep(s: Stakeholder) -> bool:
            return ((kind is None or s.kind == kind)
                    and (quad is None or quadrant(s.influence, s.interest).value == quad)
                    and (not flagged_only or is_flagged(s, as_of)))
        return keep

    def _apply_filters(self, *_args) -> None:
        self.table.filter_model.set_predicate(self._predicate())
        if self.rollout_id is not None:
            self._draw_grid()

    def _on_pick(self, artist, event) -> None:
        """A grid point was clicked: select its row (first point under the mouse)."""
        ids = getattr(artist, "stakeholder_ids", None)
        index = getattr(event, "ind", None)
        if not ids or index is None or len(index) == 0:
            return
        wanted = ids[int(index[0])]
        self.table.select_where(lambda s: s.id == wanted)

    # -------------------------------------------------------------- editing
    def _apply_read_only(self, readonly: bool) -> None:
        self._readonly = readonly
        self.add_button.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self) -> None:
        selected = self.table.selected_records()
        editable = not getattr(self, "_readonly", True)
        self.edit_button.setEnabled(editable and len(selected) == 1)
        self.remove_button.setEnabled(editable and bool(selected))

    def _open_dialog(self, stakeholder: Stakeholder | None) -> None:
        ws = self.context.workspace
        if ws is None or self.rollout_id is None or self.context.readonly:
            return
        dialog = StakeholderDialog(self.context, self.rollout_id, ws.people.list(), ws.teams.list(),
                                   stakeholder, self, as_of=self.today())
        if dialog.exec() and dialog.saved_id is not None:
            saved = dialog.saved_id
            self.table.select_where(lambda s: s.id == saved)
        dialog.deleteLater()

    def add_stakeholder(self) -> None:
        self._open_dialog(None)

    def edit_selected(self) -> None:
        selected = self.table.selected_records()
        if len(selected) == 1:
            self._open_dialog(selected[0])

    def remove_selected(self) -> None:
        ws = self.context.workspace
        selected = self.table.selected_records()
        if ws is None or not selected or self.context.readonly:
            return
        text = (f"Remove {selected[0].name} from the stakeholders?" if len(selected) == 1
                else f"Remove {len(selected):,} stakeholders?")
        if not confirm_action.ask(self, "Remove stakeholders", text, "Remove", "Edit → Undo brings them back."):
            return
        try:
            ws.readiness.stakeholders.delete([s.id for s in selected])
        except WorkspaceError as e:
            self.show_error(str(e))
