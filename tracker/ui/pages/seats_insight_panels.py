"""The Seats tab's views beyond the reclaim list: cohorts and time to first use, the training
uplift with its caveat, and one view across AI tools.

Each panel shows what tracker/services/seat_overview.py read (in the page's worker); figures
the small-group rule hides arrive hidden and are shown as such. The uplift never appears
without "observational: not proof of cause", and under the minimum group size it says what
the status report says instead (`Uplift.sentence()`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from tracker.domain.seat_uplift import CAVEAT, CONFIDENCE, Uplift
from tracker.services.seat_overview import PersonToolsRow, SeatsOverview
from tracker.ui.models.record_table_model import RecordTableModel
from tracker.ui.models.seat_models import (
    FIRST_USE_COLUMNS,
    FIRST_USE_WIDTHS,
    PERSON_TOOLS_COLUMNS,
    PERSON_TOOLS_WIDTHS,
    TEAM_TOOLS_COLUMNS,
    TEAM_TOOLS_WIDTHS,
)
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.data_table_view import DataTableView
from tracker.ui.widgets.search_field import SearchField

READING = "Reading the seats' weeks of use…"
WHY_CAVEAT = ("People choose when to train, and the keenest often train first: a difference after training "
              "is a pattern in the data, not a measured effect of the training.")


def _table(model: RecordTableModel, key: str, name: str, widths: dict[int, int], parent: QWidget) -> DataTableView:
    table = DataTableView(model, key, parent)
    table.setAccessibleName(name)
    for column, width in widths.items():
        table.horizontalHeader().resizeSection(column, width)
    return table


def _note(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: palette(placeholder-text);")
    return label


class CohortsPanel(QWidget):
    """The retention chart (by month of first use) beside time to first use per team."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.chart = ChartCanvas(self, name="seat_retention")
        self.first_use = _table(RecordTableModel(FIRST_USE_COLUMNS, self, key=lambda t: t.team_id),
                                "seats.first_use", "Time to first use per team", FIRST_USE_WIDTHS, self)
        self.note = _note()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(QLabel("Time to first use per team (median days)"))
        right_layout.addWidget(self.first_use, 1)
        right_layout.addWidget(self.note)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.chart)
        split.addWidget(right)
        split.setSizes([520, 440])
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(split, 1)

    def show_overview(self, overview: SeatsOverview) -> None:
        from tracker.charts.seats import build_retention_figure

        cohorts = overview.cohorts
        if cohorts is None:  # read when this sub-tab is shown
            self.first_use.set_rows([])
            self.note.setText(READING)
            return
        retention, hidden = list(cohorts.retention), cohorts.hidden
        self.chart.show_figure(lambda: build_retention_figure(retention, hidden=hidden))
        self.first_use.set_rows(cohorts.first_use)
        hidden_teams = sum(1 for t in cohorts.first_use if t.hidden)
        text = ("Seat to first use counts seats with a known day (from a seats file). People who used the tool "
                "before their training are counted apart.")
        if cohorts.hidden:
            text = f"Cohorts and teams: {cohorts.hidden}."
        elif hidden_teams:
            text += (f" {hidden_teams} team(s) hidden: fewer than {overview.minimum} seat holders, or a team "
                     "that could be worked out from the others.")
        self.note.setText(text)


class UpliftPanel(QWidget):
    """The difference-in-differences, its interval, and always its caveat."""

    module_chosen = Signal(object)  # module id | None: all the rollout's training

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.module_combo = QComboBox()
        self.module_combo.setAccessibleName("Training")
        self.module_combo.addItem("Any module of the rollout", None)
        self.module_combo.activated.connect(lambda _i: self.module_chosen.emit(self.module_combo.currentData()))
        self.sentence_label = QLabel()
        self.sentence_label.setWordWrap(True)
        self.sentence_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.sentence_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.sentence_label.setFont(font)
        self.caveat_label = QLabel()
        self.caveat_label.setWordWrap(True)
        self.caveat_label.setStyleSheet("color: #8a5300; font-weight: bold;")
        self.figures = QWidget()
        self.figures_form = QFormLayout(self.figures)
        self.trained_label, self.compared_label, self.estimate_label = QLabel(), QLabel(), QLabel()
        self.figures_form.addRow("Trained people, active weeks before → after:", self.trained_label)
        self.figures_form.addRow("Untrained colleagues, same weeks:", self.compared_label)
        self.figures_form.addRow("Difference in differences:", self.estimate_label)
        method = _note("For each person who completed training: their share of active weeks in the 4 weeks before "
                       "and the 4 after (the training week left out), against seat holders of their team not yet "
                       f"trained, over the same weeks. Shown only when at least the minimum group size of people "
                       f"are on each side. {WHY_CAVEAT}")
        row = QHBoxLayout()
        module_label = QLabel("&Training:")
        module_label.setBuddy(self.module_combo)
        row.addWidget(module_label)
        row.addWidget(self.module_combo, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.sentence_label)
        layout.addWidget(self.caveat_label)
        layout.addWidget(self.figures)
        layout.addWidget(method)
        layout.addStretch(1)

    def show_overview(self, overview: SeatsOverview) -> None:
        self.module_combo.blockSignals(True)
        self.module_combo.clear()
        self.module_combo.addItem("Any module of the rollout", None)
        for module_id, label in overview.modules:
            self.module_combo.addItem(label, module_id)
        self.module_combo.setCurrentIndex(max(0, self.module_combo.findData(overview.module_id)))
        self.module_combo.blockSignals(False)
        if overview.uplift is None:  # read when this sub-tab is shown
            self.sentence_label.setText(READING)
            self.caveat_label.setText(CAVEAT)
            self.figures.setVisible(False)
            return
        self.show_uplift(overview.uplift)

    def show_uplift(self, uplift: Uplift) -> None:
        self.sentence_label.setText(uplift.sentence())
        self.caveat_label.setText(f"{uplift.caveat[0].upper()}{uplift.caveat[1:]}." if uplift.caveat else CAVEAT)
        shown = not uplift.suppressed and uplift.estimate is not None
        self.figures.setVisible(shown)
        if not shown:
            return
        self.trained_label.setText(f"{_pct(uplift.trained_before)} → {_pct(uplift.trained_after)} "
                                   f"({uplift.trained:,} people)")
        self.compared_label.setText(f"{_pct(uplift.compared_before)} → {_pct(uplift.compared_after)} "
                                    f"({uplift.compared:,} people)")
        span = ""
        if uplift.low is not None and uplift.high is not None:
            span = f", {CONFIDENCE:.0%} interval {uplift.low * 100:+.0f} to {uplift.high * 100:+.0f}"
        estimate = uplift.estimate or 0.0
        self.estimate_label.setText(f"{estimate * 100:+.0f} percentage points{span}")


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f}%"


class ToolsPanel(QWidget):
    """One view across AI tools: per team, and per holder of this rollout's seats."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.teams = _table(RecordTableModel(TEAM_TOOLS_COLUMNS, self, key=lambda t: t.team_id),
                            "seats.team_tools", "AI tools per team", TEAM_TOOLS_WIDTHS, self)
        self.people_model: RecordTableModel[PersonToolsRow] = RecordTableModel(PERSON_TOOLS_COLUMNS, self)
        self.people = _table(self.people_model, "seats.person_tools", "AI tools per person", PERSON_TOOLS_WIDTHS,
                             self)
        people_box = QWidget()
        self.search = SearchField(self.people, people_box, "Filter people")
        self.several_check = QCheckBox("Only people with seats in &several tools")
        self.several_check.toggled.connect(
            lambda on: self.people_model.set_predicate((lambda p: p.several) if on else None))
        self.note = _note()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.several_check)
        people_layout = QVBoxLayout(people_box)
        people_layout.setContentsMargins(0, 0, 0, 0)
        people_layout.addWidget(QLabel("This rollout's seat holders and every AI tool they hold and use"))
        people_layout.addLayout(top)
        people_layout.addWidget(self.people, 1)
        teams_box = QWidget()
        teams_layout = QVBoxLayout(teams_box)
        teams_layout.setContentsMargins(0, 0, 0, 0)
        teams_layout.addWidget(QLabel("Teams across every AI tool"))
        teams_layout.addWidget(self.teams, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(teams_box)
        split.addWidget(people_box)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)

    def show_reading(self) -> None:
        """Until the view across tools is read (it judges every rollout's seats)."""
        self.teams.set_rows([])
        self.people.set_rows([])
        self.note.setText("Reading every AI tool's seats…")

    def show_overview(self, overview: SeatsOverview) -> None:
        self.teams.set_rows(overview.teams)
        self.people.set_rows(overview.people)
        several = sum(1 for p in overview.people if p.several)
        hidden = sum(1 for t in overview.teams if t.hidden)
        text = f"{several:,} of this rollout's {len(overview.people):,} seat holders hold seats in several tools."
        if hidden:
            text += f" {hidden} team(s) hidden: fewer than {overview.minimum} seat holders across the tools."
        self.note.setText(text)
