"""The dashboard, the page the window opens on: every rollout's health and why, at one glance.

The table lists every rollout with its stage, health (word and colour), the reasons behind a red
or amber, adoption against target with its trend, training, high-severity resistance, blocked
dependencies and the next gate. Selecting a row shows each factor's verdict below it; a
double-click or Enter opens the rollout. The change-load heatmap beside it shows which teams
carry too much change at once.

Figures come from tracker.services.rollout_status (the same function the report uses), so the
screen and the workbook never disagree. The page recomputes only while it is visible (AreaPage's
life cycle): a change made elsewhere that can move a status (`may_change_status`) marks it out
of date, and it catches up when shown.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.date_text import day_text
from tracker.domain.health import Health
from tracker.services.rollout_status import RolloutStatus, may_change_status, portfolio_status
from tracker.store import Workspace
from tracker.store.areas import areas_of
from tracker.store.events import ChangeEvent
from tracker.store.setup_facts import SETUP_TABLES
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.models import health_colours
from tracker.ui.models.portfolio_model import ADOPTION_COLUMN, HEALTH_COLUMN, REASONS_COLUMN, PortfolioModel
from tracker.ui.pages.area_page import EVERYTHING, AreaPage
from tracker.ui.widgets.change_load_panel import ChangeLoadPanel
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.widgets.first_steps_panel import FirstStepsPanel
from tracker.ui.widgets.scroll_page import ScrollPage
from tracker.ui.widgets.sparkline_delegate import SparklineDelegate

if TYPE_CHECKING:  # loaded when the first computation starts
    from tracker.ui.worker import Worker

ADOPTION_WIDTH = 140  # the trend line and "80% of 65%" beside it (the delegate shortens the line first)
# The areas whose changes can tick a first step: the steps are checked at once, shown or not.
SETUP_AREAS = areas_of(SETUP_TABLES)


def _portfolio_job(ws, as_of: dt.date, *, progress, cancelled) -> list[RolloutStatus]:
    return portfolio_status(ws, as_of)


class FactorList(QFrame):
    """The selected rollout's factors: a coloured word and the one-sentence reason each."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel("Select a rollout to see each factor of its health.")
        bold = QFont(self.title.font())
        bold.setBold(True)
        self.title.setFont(bold)
        self.title.setWordWrap(True)  # a long rollout name must not widen the dashboard
        self.grid = QGridLayout()
        self.grid.setColumnStretch(1, 1)
        self.open_button = QPushButton("&Open rollout")
        self.open_button.setEnabled(False)
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.open_button)
        layout.addLayout(head)
        layout.addLayout(self.grid)
        layout.addStretch(1)
        self.badges: list[QLabel] = []
        self.reasons: list[QLabel] = []

    def show_status(self, status: RolloutStatus | None) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.badges, self.reasons = [], []
        self.open_button.setEnabled(status is not None)
        if status is None:
            self.title.setText("Select a rollout to see each factor of its health.")
            return
        self.title.setText(f"{status.rollout.name}: {Health(status.health).label}")
        for row, factor in enumerate(status.factors):
            badge = QLabel(factor.health.label)
            badge.setStyleSheet(health_colours.badge_style(factor.health))
            badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
            badge.setMinimumWidth(64)
            reason = QLabel(factor.reason)
            reason.setWordWrap(True)
            reason.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.grid.addWidget(badge, row, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(reason, row, 1)
            self.badges.append(badge)
            self.reasons.append(reason)


class DashboardPage(AreaPage):
    title = "Dashboard"
    # Every area a rollout's health reads; imports (saved mappings) and history move none.
    AREAS = EVERYTHING - {"imports", "history"}
    REFRESH_DELAY_MS = 120  # an import or undo announces several changes; recompute once
    LOAD_AFTER_PAINT = True

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._worker: Worker | None = None  # the background computation running now, if any
        self._again = False
        self.computing = False  # True until the figures asked for are shown (tests wait on it)
        self.statuses: list[RolloutStatus] = []
        self.model = PortfolioModel(self)
        self._build()

    # -------------------------------------------------------------- layout
    def _build(self) -> None:
        self.heading = QLabel("Portfolio")
        font = QFont(self.heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setStyleSheet("color: palette(placeholder-text);")

        first_run = settings.header_state("dashboard.portfolio") is None
        self.table = DataTableView(self.model, "dashboard.portfolio", self)
        if first_run:  # worst first: the question is "which rollout is in trouble?"
            self.table.horizontalHeader().setSortIndicator(HEALTH_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.setAccessibleName("Rollouts and their health")
        self.table.setItemDelegateForColumn(ADOPTION_COLUMN, SparklineDelegate(self.table))
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.record_activated.connect(self._open)
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        header = self.table.horizontalHeader()
        # The Reasons column takes whatever the other columns leave: each reason's headline on
        # a line of its own, wrapped when narrow (rows grow to fit; a portfolio is tens of rows),
        # so at the default window size every reason is read; the whole sentences are in the
        # tooltip and the factor list below. Adoption is sized to its text beside the trend line.
        for column, width in ((0, 130), (1, 64), (2, 58), (4, ADOPTION_WIDTH), (5, 64), (6, 56), (7, 60), (8, 100)):
            header.resizeSection(column, width)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(REASONS_COLUMN, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.factors = FactorList()
        self.factors.open_button.clicked.connect(lambda: self._open(self.table.current_record()))
        self.change_load = ChangeLoadPanel(self.context)
        # Seats per rollout and AI tool share the place of the change load (tracker/ui/widgets/
        # seats_portfolio_panel.py); each counts only while its tab is shown.
        from tracker.ui.widgets.seats_portfolio_panel import SeatsPortfolioPanel

        self.seats = SeatsPortfolioPanel(self.context, lambda: self.today())
        self.side_tabs = QTabWidget()
        self.side_tabs.setDocumentMode(True)
        self.side_tabs.addTab(self.change_load, "Change load")
        self.side_tabs.addTab(self.seats, "Seats")
        self.side_tabs.setTabToolTip(1, "Seats per rollout and AI tool: inactive, awaiting a decision, recoverable")

        # The table across the top (the leaders' question first); below it, the selected
        # rollout's factors beside the change load.
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.factors)
        below.addWidget(self.side_tabs)
        below.setStretchFactor(0, 2)
        below.setStretchFactor(1, 3)
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(self.table)
        body.addWidget(below)
        body.setStretchFactor(0, 2)
        body.setStretchFactor(1, 3)
        body.setSizes([330, 470])  # rows wrap their reasons; the heatmap needs height too

        content = QWidget()
        layout = QVBoxLayout(content)
        top = QVBoxLayout()
        top.setSpacing(2)
        top.addWidget(self.heading)
        top.addWidget(self.summary_label)
        layout.addLayout(top)
        layout.addWidget(body, 1)

        # A workspace without rollouts shows its first steps instead of an empty table; once
        # it has rollouts, the steps still open stay above the table until done or hidden.
        self.first_steps = FirstStepsPanel(self.context)
        self.first_steps.set_hideable(False)
        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        empty_layout.addWidget(self.first_steps)
        empty_layout.addStretch(1)
        self.steps_strip = FirstStepsPanel(self.context)
        self.steps_strip.hide_requested.connect(self._hide_steps)
        layout.insertWidget(1, self.steps_strip)
        self.stack = QStackedWidget()
        self.stack.addWidget(ScrollPage(empty))
        self.stack.addWidget(ScrollPage(content))
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)

    # -------------------------------------------------------------- data
    @staticmethod
    def today() -> dt.date:
        """The dashboard's "as of" date; one place, so tests can pin it."""
        return dt.date.today()

    def reload(self, areas: frozenset[str]) -> None:
        """Recompute every rollout's status in the background, then show it.

        The first computation on a big workspace takes seconds (a million training assignments
        are counted), so it runs off the GUI thread on its own connection; a change announced
        while it runs asks for one more round when it is done.
        """
        ws = self.context.workspace
        if ws is None:
            self._show(None, [])
            return
        if self._worker is not None:
            self._again = True
            return
        from tracker.ui.worker import Worker

        worker = Worker(_portfolio_job, self.today(), workspace=ws)
        worker.finished.connect(lambda statuses: self._computed(ws, statuses))
        worker.failed.connect(lambda message, _details: self._failed(message))
        worker.done.connect(self._round_done)
        self._worker = worker
        self.computing = True
        worker.start()

    def _computed(self, ws, statuses: list[RolloutStatus]) -> None:
        if ws is self.context.workspace:  # not a workspace closed while we counted
            self._show(ws, statuses)

    def _failed(self, message: str) -> None:
        self.summary_label.setText(f"The health of the rollouts could not be computed: {message}")

    def _round_done(self) -> None:
        self._worker = None
        if self._again:
            self._again = False
            self.refresh()
        else:
            self.computing = False

    def _show(self, ws, statuses: list[RolloutStatus]) -> None:
        keep = self.table.current_record()
        keep_id = keep.rollout.id if keep is not None else None
        self.statuses = statuses
        self.stack.setCurrentIndex(1 if self.statuses or ws is None else 0)
        self._refresh_steps()
        self.table.set_rows(self.statuses)
        counts = {h: sum(1 for s in self.statuses if Health(s.health) is h) for h in Health}
        parts = [f"{counts[h]} {h.label.lower()}" for h in Health if counts[h]]
        self.heading.setText(f"Portfolio — {len(self.statuses)} rollout{'' if len(self.statuses) == 1 else 's'}")
        self.summary_label.setText(
            f"As of {day_text(self.today())}: " + ", ".join(parts) + ". Double-click a rollout to open it.")
        if keep_id is not None:
            self.table.select_where(lambda s: s.rollout.id == keep_id)
        elif self.statuses:
            self.table.selectRow(0)  # the worst rollout's factors, without a click
        self._on_selection()
        if ws is None:
            self.computing = False
        self.change_load.refresh()

    def status_of(self, rollout_id: int) -> RolloutStatus | None:
        return next((s for s in self.statuses if s.rollout.id == rollout_id), None)

    def _refresh_steps(self) -> None:
        ws = self.context.workspace
        self.first_steps.refresh()
        self.steps_strip.refresh()
        open_steps = any(not step.done for step in self.steps_strip.steps)
        hidden = ws is not None and settings.first_steps_hidden(settings.workspace_location(ws))
        self.steps_strip.setVisible(ws is not None and open_steps and not hidden)

    def _hide_steps(self) -> None:
        if self.context.workspace is not None:
            settings.set_first_steps_hidden(settings.workspace_location(self.context.workspace))
        self.steps_strip.hide()

    def _on_data_changed(self, event: ChangeEvent) -> None:
        if event.areas & SETUP_AREAS:
            self._refresh_steps()  # a few EXISTS checks: now, not when the figures come
        super()._on_data_changed(event)

    def concerns(self, event: ChangeEvent) -> bool:
        """Health depends on nearly every table, but not on all: a person's new title, a
        stakeholder or a session moves no figure, and a recompute would only make the user wait."""
        ws = self.context.workspace
        return ws is None or may_change_status(ws, event)

    def _on_workspace_changed(self, workspace: Workspace | None) -> None:
        self._refresh_steps()
        super()._on_workspace_changed(workspace)

    def showEvent(self, event: QShowEvent) -> None:
        if self.out_of_date:
            # After this paint, not before it: the window appears at once, the figures a moment later.
            self.summary_label.setText("Computing every rollout's health…")
        super().showEvent(event)

    # -------------------------------------------------------------- acting
    def _on_selection(self, *_args) -> None:
        self.factors.show_status(self.table.current_record())

    def _open(self, status: RolloutStatus | None) -> None:
        if status is not None:
            self.context.rollout_selected.emit(status.rollout.id)
