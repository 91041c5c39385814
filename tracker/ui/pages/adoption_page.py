"""A rollout's adoption: is the tool used, will it reach its target in time, and which teams lag.

The headline gives the three human factors (speed, ultimate utilisation, proficiency) and the
forecast; the chart shows the rollout's adoption (or the selected team's) against its target
path with the S-curve forecast and its band; the team table lists eligible and active people,
the rate, the trend and each team's forecast, weakest first. Usage logs and team figures come
in through the import buttons (previewed, all or nothing, undoable).

Fitting a forecast per team costs seconds for a rollout of 300 teams, so the summaries are
computed off the GUI thread, counted ahead when the rollout is chosen (area_counts.py): shown
after that, the page takes them at once. Shown before they are in, the page and its hand-entered
figures show at once (`loading` is set meanwhile), the headline says it is counting, and the
team table, the headline and the chart are filled when the answer is in. A reload asked for
meanwhile supersedes it.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget

from tracker.domain.adoption import AdoptionSummary
from tracker.domain.date_text import day_text
from tracker.domain.models import Rollout
from tracker.store import Workspace
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.counted_ahead import counted_ahead
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.import_preview_dialog import ImportKind, ImportPreviewDialog
from tracker.ui.models.record_table_model import Column, RecordTableModel
from tracker.ui.models.team_adoption_model import RATE_COLUMN, TREND_COLUMN, TeamAdoption, TeamAdoptionModel
from tracker.ui.pages.area_counts import ADOPTION_AREAS, adoption_key, adoption_summaries
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.widgets.chart_canvas import ChartCanvas
from tracker.ui.widgets.sparkline_delegate import SparklineDelegate


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def _model_choice(f) -> str:
    """Which curve the forecast used, and why (the held-out misses when the two were compared)."""
    from tracker.domain.forecast import BASS_MARGIN

    if len(f.held_out) < 2:
        return (f"{f.model_label} (the logistic is used until the history has turned and is long enough "
                "to judge both models on its last weeks)")
    errors = dict(f.held_out)
    return (f"{f.model_label}, chosen on the last weeks: fitted without them, the logistic missed them by "
            f"{errors['logistic'] * 100:.2f} points and Bass by {errors['bass'] * 100:.2f} (Bass is used "
            f"only when it misses by at least {1 - BASS_MARGIN:.0%} less)")


def headline(summary: AdoptionSummary) -> str:
    """The rollout's adoption in one paragraph: where it is, where it should be, where it heads."""
    if not summary.has_data:
        return ("No adoption figures yet. Import the AI tool's usage log, or enter team figures for "
                "teams without one.")
    parts = [f"Adoption {_pct(summary.rate)} ({summary.active:,} of {summary.eligible:,} eligible people active)"]
    if summary.target is not None:
        parts.append(f"target {_pct(summary.target)}"
                     + (f" by {day_text(summary.target_date)}" if summary.target_date else ""))
    if summary.expected_rate is not None:
        parts.append(f"the plan expects {_pct(summary.expected_rate)} today")
    lines = [", ".join(parts) + "."]
    factors = [f"Speed: {summary.speed_days} days from go-live to half the target" if summary.speed_days is not None
               else "Speed: half the target not reached yet",
               f"Ultimate utilisation: {_pct(summary.ultimate_utilisation)}",
               f"Proficiency: {_pct(summary.proficiency)}"]
    lines.append(" · ".join(factors) + ".")
    f = summary.forecast
    reached = summary.rate is not None and summary.target is not None and summary.rate >= summary.target
    if reached:
        heading = f"; the S-curve levels off at {_pct(f.plateau)}" if f.ok else ""
        lines.append(f"The target is reached{heading}.")
    else:
        late = ""
        if f.target_date and summary.target_date and f.target_date > summary.target_date:
            late = f", {(f.target_date - summary.target_date).days} days after the target date"
        sentence = f.sentence(day_text)
        lines.append(f"Forecast: {sentence[0].upper()}{sentence[1:]}{late}.")
    if f.ok:
        lines.append(f"Curve: {_model_choice(f)}.")
    return "\n".join(lines)


def usage_kind(rollout: str | None = None) -> ImportKind:
    """The usage import; ``rollout`` (the page's) is the rollout of a file without a rollout column."""
    from tracker.services.usage_import import apply_usage, preview_usage

    into = f" are imported into {rollout}" if rollout else " need a rollout chosen on the left"
    return ImportKind(
        "Import usage",
        "A usage report as the tool exports it (Microsoft 365 Copilot usage, GitHub Copilot activity, "
        "ChatGPT Enterprise user engagement): each last-activity day is one use. Or the tool's usage log "
        "with columns employee_id, rollout, used_on. Files without a rollout column" + into + ". People "
        "not matched are counted and listed, not imported.",
        lambda ws, path, *, progress, cancelled, overrides=None: preview_usage(
            ws, path, rollout=rollout, progress=lambda n: progress(0, f"{n:,} rows read"), cancelled=cancelled,
            overrides=overrides),
        apply_usage, lambda p: p.new > 0, layout_kind="usage")


def team_figures_kind() -> ImportKind:
    from tracker.services.adoption_import import apply_team_figures, preview_team_figures

    return ImportKind(
        "Import team adoption figures",
        "Columns: rollout, team, period_end (a date), eligible, active, proficient (optional): for teams "
        "without usage logs. Active may not exceed eligible, nor proficient active.",
        # A short file, read at once: the preview takes no progress or cancel.
        lambda ws, path, *, progress, cancelled: preview_team_figures(ws, path),
        apply_team_figures, lambda p: bool(p.new or p.changed))


FIGURE_COLUMNS: tuple[Column[dict], ...] = (
    Column("Team", lambda f: f["team"]),
    Column("Week ending", lambda f: day_text(f['period_end']), sort_key=lambda f: f["period_end"]),
    Column("Eligible", lambda f: f["eligible"], align_right=True),
    Column("Active", lambda f: f["active"], align_right=True),
    Column("Proficient", lambda f: "" if f["proficient"] is None else f["proficient"],
           sort_key=lambda f: f["proficient"], align_right=True),
)


class AdoptionPage(RolloutAreaPage):
    title = "Adoption"
    AREAS = ADOPTION_AREAS  # its own, the rollout's (who is eligible) and the organisation's
    WHAT = "adoption"

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(context, parent)
        self.summary: AdoptionSummary | None = None
        self.team_rows: list[TeamAdoption] = []
        self.loading = False  # the summaries are being computed (tests and the benchmark wait for it)
        self._generation = 0
        self._shown_rollout: int | None = None  # whose summaries the table holds
        self.model = TeamAdoptionModel(self)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_usage_button = QPushButton("Import &usage…")
        self.import_usage_button.clicked.connect(lambda: self._import(usage_kind(self._rollout_name())))
        self.import_figures_button = QPushButton("Import team &figures…")
        self.import_figures_button.clicked.connect(lambda: self._import(team_figures_kind()))
        first_run = settings.header_state("adoption.teams") is None
        self.table = self.make_table(self.model, "adoption.teams", self,
                                     {0: 200, 1: 70, 2: 70, 3: 70, 4: 60, 5: 140, 6: 110, 7: 80})
        self.table.setAccessibleName("Adoption by team")
        self.table.setItemDelegateForColumn(TREND_COLUMN, SparklineDelegate(self.table))
        if first_run:  # weakest teams first: they are where the change manager works
            self.table.horizontalHeader().setSortIndicator(RATE_COLUMN, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._draw_chart)
        self.chart = ChartCanvas(self, name="adoption")
        self.chart.setMinimumHeight(260)
        self.hint = QLabel("Select a team to see its own curve; with none selected the chart shows the rollout.")
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.figures_model = RecordTableModel(FIGURE_COLUMNS, self)
        self.figures_table = self.make_table(self.figures_model, "adoption.figures", self, {0: 220, 1: 110},
                                             newest_first=False)
        self.figures_table.setAccessibleName("Team figures entered")
        self.figures_table.record_activated.connect(self.edit_figure)
        self.figures_table.selectionModel().selectionChanged.connect(self._update_actions)
        self.add_figure_button = QPushButton("&Enter team figures…")
        self.add_figure_button.setToolTip("A team's eligible, active and proficient people for a week, by hand")
        self.add_figure_button.clicked.connect(lambda: self.edit_figure(None))
        self.edit_figure_button = QPushButton("Edit…")
        self.edit_figure_button.clicked.connect(lambda: self.edit_figure(self.figures_table.current_record()))
        self.delete_figure_button = QPushButton("Delete…")
        self.delete_figure_button.clicked.connect(self.delete_figures)

        buttons = QHBoxLayout()
        buttons.addWidget(self.headline, 1)
        buttons.addWidget(self.import_usage_button, 0, Qt.AlignmentFlag.AlignTop)
        buttons.addWidget(self.import_figures_button, 0, Qt.AlignmentFlag.AlignTop)
        teams_tab = QWidget()
        teams_layout = QVBoxLayout(teams_tab)
        teams_layout.setContentsMargins(0, 0, 0, 0)
        teams_layout.addWidget(self.table, 1)
        teams_layout.addWidget(self.hint)
        figures_tab = QWidget()
        figures_layout = QVBoxLayout(figures_tab)
        figures_layout.setContentsMargins(0, 0, 0, 0)
        figure_buttons = QHBoxLayout()
        for button in (self.add_figure_button, self.edit_figure_button, self.delete_figure_button):
            figure_buttons.addWidget(button)
        figure_buttons.addStretch(1)
        figures_layout.addLayout(figure_buttons)
        figures_layout.addWidget(self.figures_table, 1)
        lower = QTabWidget()
        lower.setDocumentMode(True)
        lower.addTab(teams_tab, "Teams")
        lower.addTab(figures_tab, "Figures entered by hand")
        self.lower_tabs = lower
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        layout = QVBoxLayout(self.content)
        layout.addLayout(buttons)
        layout.addWidget(split, 1)

    def _reload(self, ws: Workspace, rollout: Rollout) -> None:
        self.figures_table.set_rows(ws.adoption.team_figures(rollout.id))
        self.lower_tabs.setTabText(1, f"Figures entered by hand ({self.figures_model.rowCount():,})")
        self._update_actions()
        if self._shown_rollout != rollout.id:  # another rollout: never show the previous one's figures
            self.summary, self.team_rows, self._shown_rollout = None, [], None
            self.table.set_rows([])
            self.chart.clear()
        self.headline.setText("Counting adoption and fitting forecasts…")
        self._generation += 1
        generation, rollout_id = self._generation, rollout.id
        self.loading = True
        as_of = self.today()
        # Counted ahead when the rollout was chosen (area_counts), or joined, or counted now.
        counted_ahead(ws).take(ws, adoption_key(rollout_id, as_of), self.AREAS, adoption_summaries, rollout_id,
                               as_of, finished=lambda result: self._show(result, rollout_id, generation),
                               failed=lambda message, _details: self._failed(message, generation))

    def _show(self, result: tuple, rollout_id: int, generation: int) -> None:
        if generation != self._generation or not shiboken6.isValid(self.table):
            return  # a newer reload is on its way, or the page was closed meanwhile
        self.loading = False
        if self.context.workspace is None or self.rollout_id != rollout_id:
            return  # the workspace was closed or another one opened meanwhile
        self.summary, teams, names = result
        self.team_rows = []
        for tid, summary in teams.items():
            name, impact = names.get(tid, (f"Team {tid}", None))
            self.team_rows.append(TeamAdoption(tid, name, impact, summary))
        self._shown_rollout = rollout_id
        self.table.set_rows(self.team_rows)
        self.headline.setText(headline(self.summary))
        self._draw_chart()

    def _failed(self, message: str, generation: int) -> None:
        if generation == self._generation and shiboken6.isValid(self.headline):
            self.loading = False
            self.headline.setText(f"Could not count adoption: {message}")

    def _draw_chart(self, *_args) -> None:
        from tracker.charts.adoption import build_adoption_figure

        if self.summary is None:
            return
        team = self.table.current_record() if self.table.selectionModel().hasSelection() else None
        if team is not None:
            self.chart.show_figure(lambda: build_adoption_figure(team.summary, team.team_name))
            return
        ws = self.context.workspace
        rollout = ws.rollouts.get(self.rollout_id) if ws is not None and self.rollout_id is not None else None
        summary, title = self.summary, rollout.name if rollout else "Rollout"
        teams = {t.team_name: t.summary for t in self.team_rows}
        self.chart.show_figure(lambda: build_adoption_figure(summary, title, teams=teams))

    def _apply_read_only(self, readonly: bool) -> None:
        for button in (self.import_usage_button, self.import_figures_button, self.add_figure_button):
            button.setEnabled(not readonly)
        self._update_actions()

    def _update_actions(self, *_args) -> None:
        chosen = bool(self.figures_table.selected_records()) and not self.context.readonly
        self.edit_figure_button.setEnabled(chosen)
        self.delete_figure_button.setEnabled(chosen)

    def edit_figure(self, figure: dict | None) -> None:
        if self.context.readonly or self.rollout_id is None:
            return
        from tracker.ui.dialogs.team_figure_dialog import TeamFigureDialog

        TeamFigureDialog(self.context, self.rollout_id, figure, self, today=self.today()).exec()

    def delete_figures(self) -> None:
        chosen = self.figures_table.selected_records()
        if not chosen or self.context.readonly:
            return
        what = (f"{chosen[0]['team']}'s figures for the week ending {day_text(chosen[0]['period_end'])}"
                if len(chosen) == 1 else f"{len(chosen)} team figures")
        if not confirm_action.ask(self, "Delete team figures", f"Delete {what}?", "Delete",
                                  "The adoption rate and forecast are recomputed without them. "
                                  "Edit → Undo brings them back."):
            return
        ws = self.context.workspace
        if ws is not None:
            ws.adoption.delete_team_figures([f["id"] for f in chosen])

    def _rollout_name(self) -> str | None:
        ws = self.context.workspace
        rollout = ws.rollouts.get(self.rollout_id) if ws is not None and self.rollout_id is not None else None
        return rollout.name if rollout is not None else None

    def _import(self, kind: ImportKind) -> None:
        if self.context.workspace is not None and not self.context.readonly:
            ImportPreviewDialog(self.context, kind, self).exec()
