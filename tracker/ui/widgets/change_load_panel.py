"""The dashboard's change-load heatmap with the teams above the saturation threshold named.

The chart needs matplotlib (about half a second to import), so the panel draws after the
dashboard's table has painted: `refresh()` only schedules the drawing. The months shown run
from three months back to eight ahead: what is being absorbed now and what is coming.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from tracker.domain.change_load import ChangeLoad, add_months, change_load, month_range
from tracker.ui.context import AppContext
from tracker.ui.widgets.chart_canvas import ChartCanvas

MONTHS_BACK, MONTHS_SHOWN = 6, 12
NAMED_TEAMS = 6
HEATMAP_TEAMS = 15  # what fits the dashboard's lower half legibly; the summary names the overloaded


def load_for(ws, today: dt.date) -> ChangeLoad:
    from tracker.store.change_load import ChangeLoadStore

    store = ChangeLoadStore(ws)
    months = month_range(add_months(today.replace(day=1), -MONTHS_BACK), MONTHS_SHOWN)
    return change_load(store.rows(), months, weights=store.weights(), threshold=store.threshold())


def describe_overload(load: ChangeLoad) -> str:
    over = load.overloaded
    if not load.teams:
        return "No team has a dated rollout in these months."
    if not over:
        return f"No team is above the saturation threshold ({load.threshold:g}) in these months."
    named = ", ".join(f"{t.team_name} (peak {t.peak:g}, {t.months_over} month{'s' if t.months_over != 1 else ''})"
                      for t in over[:NAMED_TEAMS])
    more = f" and {len(over) - NAMED_TEAMS} more" if len(over) > NAMED_TEAMS else ""
    verb = "teams carry" if len(over) != 1 else "team carries"
    return f"{len(over)} {verb} too much change at once: {named}{more}."


class ChangeLoadPanel(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.load: ChangeLoad | None = None
        self.redraws = 0  # heatmaps drawn; tests check that an unrelated edit draws none
        self.canvas = ChartCanvas(self, name="change-load")
        self.canvas.setMinimumWidth(360)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Teams above the saturation threshold")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.summary)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.draw)

    @staticmethod
    def today() -> dt.date:
        return dt.date.today()

    def refresh(self) -> None:
        self._timer.start()

    def draw(self) -> None:
        from tracker.charts.change_load import build_change_load_figure

        ws = self.context.workspace
        if ws is None:
            self.load = None
            self.summary.setText("")
            return
        load = load_for(ws, self.today())
        if load == self.load and (self.canvas.built_figure is not None or self.canvas.pending):
            return  # most edits do not move the load; redrawing the heatmap costs most of a second
        self.load = load
        self.summary.setText(describe_overload(load))
        self.canvas.show_figure(lambda: build_change_load_figure(load, max_teams=HEATMAP_TEAMS))  # built off the GUI thread
        self.redraws += 1
