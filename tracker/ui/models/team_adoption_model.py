"""The adoption page's team table: eligible, active, rate, trend and forecast per team.

Rows pair a team's name and impact with its AdoptionSummary (tracker.domain.adoption); sorting
by rate puts the weakest teams first, which is what the change manager works down.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from tracker.domain.adoption import AdoptionSummary
from tracker.domain.date_text import day_text
from tracker.domain.enums import Impact
from tracker.ui.models.record_table_model import Column, RecordTableModel
from tracker.ui.widgets.sparkline_delegate import SPARKLINE_ROLE

TREND_WEEKS = 26


@dataclass(frozen=True)
class TeamAdoption:
    team_id: int
    team_name: str
    impact: Impact | None
    summary: AdoptionSummary


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def forecast_text(s: AdoptionSummary) -> str:
    """The team's forecast in a cell: the date, "does not reach", "not yet predictable"."""
    f = s.forecast
    if not f.ok:
        return "not enough data" if f.n_points < 4 else "no reliable fit"
    if f.outcome is None:
        return "no target"
    return f.outcome.short(day_text)


COLUMNS: tuple[Column[TeamAdoption], ...] = (
    Column("Team", lambda t: t.team_name),
    Column("Impact", lambda t: t.impact.label if t.impact else "", sort_key=lambda t: list(Impact).index(t.impact)
           if t.impact else -1),
    Column("Eligible", lambda t: t.summary.eligible, align_right=True),
    Column("Active", lambda t: t.summary.active, align_right=True),
    Column("Rate", lambda t: _pct(t.summary.rate), sort_key=lambda t: t.summary.rate, align_right=True,
           tooltip="Active people / eligible people, latest week"),
    Column("Trend", lambda t: _pct(t.summary.rate), sort_key=lambda t: t.summary.gap,
           tooltip="The last half year of weekly rates; dashed: the target"),
    Column("Forecast date", lambda t: forecast_text(t.summary),
           sort_key=lambda t: t.summary.forecast.target_date.toordinal() if t.summary.forecast.target_date else None,
           tooltip="When the team's fitted S-curve reaches the target (the middle of its 80% band), "
                   "\"does not reach\" or \"not yet predictable\""),
    Column("Proficiency", lambda t: _pct(t.summary.proficiency), sort_key=lambda t: t.summary.proficiency,
           align_right=True, tooltip="Proficient / active people, where reported"),
)
RATE_COLUMN = 4
TREND_COLUMN = 5


class TeamAdoptionModel(RecordTableModel[TeamAdoption]):
    def __init__(self, parent=None):
        super().__init__(COLUMNS, parent)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if index.isValid() and index.column() == TREND_COLUMN and role == SPARKLINE_ROLE:
            row = self.record(index.row())
            points = row.summary.points[-TREND_WEEKS:]
            return ([p.rate for p in points], row.summary.target) if points else None
        return super().data(index, role)
