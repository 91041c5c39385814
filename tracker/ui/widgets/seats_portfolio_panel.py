"""The dashboard's seats view: per rollout, or per AI tool, the seats held, the inactive ones,
those awaiting a decision and the monthly cost recoverable; Open Seats tab goes to a rollout's
reclaim list.

The figures are tracker/services/seat_portfolio.py's (the reclaim lists the Seats tab and the
status report use), counted in a worker thread while the panel is shown; a change to seats,
the roster, training or usage marks them out of date and they are counted again when seen.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from tracker.services.seat_portfolio import SeatFigures, SeatPortfolio, money_text
from tracker.store.events import ChangeEvent
from tracker.ui.context import AppContext
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.models.seat_models import PORTFOLIO_COLUMNS, PORTFOLIO_WIDTHS
from tracker.ui.widgets.data_table_view import DataTableView

if TYPE_CHECKING:
    from tracker.ui.worker import Worker

BY_ROLLOUT, BY_TOOL = 0, 1
SEAT_AREAS = frozenset({"seats", "organisation", "training", "adoption", "rollouts", "settings"})


def _portfolio_job(ws, as_of: dt.date, *, progress, cancelled) -> SeatPortfolio:
    from tracker.services.seat_portfolio import seat_portfolio

    return seat_portfolio(ws, as_of)


class SeatsPortfolioPanel(QWidget):
    open_requested = Signal(int)  # a rollout id: show its Seats tab

    def __init__(self, context: AppContext, today: Callable[[], dt.date] = dt.date.today,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.context, self.today = context, today
        self.portfolio: SeatPortfolio | None = None
        self.computing = False
        self._stale = True
        self._worker: Worker | None = None
        self._again = False
        self.model: RecordTableModel[SeatFigures] = RecordTableModel(
            PORTFOLIO_COLUMNS, self, key=lambda f: (f.rollout_id, f.tool.casefold()))
        self.table = DataTableView(self.model, "dashboard.seats", self)
        self.table.setAccessibleName("Seats per rollout or AI tool")
        for column, width in PORTFOLIO_WIDTHS.items():
            self.table.horizontalHeader().resizeSection(column, width)
        self.view_combo = QComboBox()
        self.view_combo.setAccessibleName("Seats by")
        self.view_combo.addItems(["By rollout", "By AI tool"])
        self.view_combo.currentIndexChanged.connect(lambda _i: self._show_rows())
        self.open_button = QPushButton("Open &Seats tab")
        self.open_button.setToolTip("The rollout's reclaim list: approve or keep each seat (Enter on a line)")
        self.open_button.setEnabled(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: palette(placeholder-text);")
        top = QHBoxLayout()
        top.addWidget(self.view_combo)
        top.addStretch(1)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        self.open_button.clicked.connect(lambda: self._open(self._chosen()))
        self.table.record_activated.connect(self._open)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_button())
        context.data_changed.connect(self._on_data_changed)
        context.workspace_changed.connect(lambda _ws: self.mark_stale())

    # -------------------------------------------------------------- counting
    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def _on_data_changed(self, event: ChangeEvent) -> None:
        if event.areas & SEAT_AREAS:
            self.mark_stale()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        ws = self.context.workspace
        self._stale = False
        if ws is None:
            self.portfolio = None
            self._show_rows()
            return
        if self._worker is not None:
            self._again = True
            return
        from tracker.ui.worker import Worker

        worker = Worker(_portfolio_job, self.today(), workspace=ws)
        worker.finished.connect(lambda portfolio: self._counted(ws, portfolio))
        worker.failed.connect(lambda message, _details: self.summary.setText(
            f"The seats could not be counted: {message}"))
        worker.done.connect(self._round_done)
        self._worker = worker
        self.computing = True
        self.summary.setText("Counting the seats…")
        worker.start()

    def _round_done(self) -> None:
        self._worker = None
        if self._again:
            self._again = False
            self.refresh()
        else:
            self.computing = False

    def _counted(self, ws: object, portfolio: SeatPortfolio) -> None:
        if ws is self.context.workspace:
            self.portfolio = portfolio
            self._show_rows()

    # -------------------------------------------------------------- showing
    def _show_rows(self) -> None:
        portfolio = self.portfolio
        if portfolio is None:
            self.table.set_rows([])
            self.summary.setText("")
            return
        by_tool = self.view_combo.currentIndex() == BY_TOOL
        self.table.set_rows(portfolio.tools if by_tool else portfolio.rollouts)
        if not self.table.selected_records() and self.model.rowCount():
            self.table.selectRow(0)  # Open Seats tab works without a click first
        shown = [f for f in portfolio.rollouts if not f.hidden]
        if not any(f.seats for f in portfolio.rollouts) and not any(f.hidden for f in portfolio.rollouts):
            self.summary.setText("No seats yet. Open a rollout's Seats tab to import the licence admin's list; "
                                 "people in usage reports hold seats too.")
            return
        money: dict[str, float] = {}
        for f in shown:
            for currency, amount in f.recoverable.items():
                money[currency] = money.get(currency, 0.0) + amount
        awaiting = sum(f.awaiting or 0 for f in shown)
        text = f"Recoverable per month: {money_text(money) or 'nothing priced'}; {awaiting:,} seats awaiting a decision."
        hidden = sum(1 for f in portfolio.rollouts if f.hidden)
        if hidden:
            text += (f" {hidden} rollout(s) hidden: fewer than {portfolio.minimum} seat holders "
                     "(their Seats tab shows them).")
        self.summary.setText(text)
        self._update_button()

    def _chosen(self) -> SeatFigures | None:
        selected = self.table.selected_records()
        return selected[0] if selected else self.table.current_record()

    def _update_button(self) -> None:
        record = self._chosen()
        self.open_button.setEnabled(record is not None and self._rollout_of(record) is not None)

    def _rollout_of(self, figures: SeatFigures) -> int | None:
        if figures.rollout_id is not None:
            return figures.rollout_id
        if self.portfolio is None or not figures.rollouts:  # a tool: its first rollout
            return None
        first = figures.rollouts[0]
        return next((f.rollout_id for f in self.portfolio.rollouts if f.name == first), None)

    def _open(self, figures: SeatFigures | None) -> None:
        rollout_id = self._rollout_of(figures) if figures is not None else None
        if rollout_id is not None:
            self.open_requested.emit(rollout_id)
