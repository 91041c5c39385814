"""The dashboard's table: one row per rollout with its health, reasons and headline figures.

Rows are `RolloutStatus` records computed by tracker.services.rollout_status; this model only
shows them. The Health column carries the word and its colour (never colour alone); the
Adoption column carries a trend series for the sparkline delegate.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt

from tracker.domain.health import Health
from tracker.services.rollout_status import RolloutStatus
from tracker.ui.models import health_colours
from tracker.ui.models.record_table_model import Column, RecordTableModel
from tracker.ui.widgets.sparkline_delegate import SPARKLINE_ROLE

HIDDEN = "hidden"  # a figure the small-group rule withholds (tracker/domain/rollout_privacy.py)
TREND_WEEKS = 26  # half a year of weekly points is what fits in a cell and still shows a shape


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


def adoption_text(status: RolloutStatus) -> str:
    if status.adoption_hidden:
        return HIDDEN
    if status.adoption_rate is None:
        return "no usage data"
    target = f" of {_percent(status.target_rate)}" if status.target_rate is not None else ""
    return f"{_percent(status.adoption_rate)}{target}"


def short_reason(reason: str) -> str:
    """A reason's headline: its factor and first figure ("Training: 74% complete"), up to the
    first comma or bracket. The dashboard's table has a narrow column for them; the whole
    sentence is in the cell's tooltip and in the factor list under the table."""
    name, colon, rest = reason.partition(": ")
    if not colon:
        return reason
    cut = min((i for i in (rest.find(", "), rest.find(" (")) if i > 0), default=len(rest))
    return f"{name}: {rest[:cut].rstrip('.')}"


def reasons_text(status: RolloutStatus) -> str:
    """One headline a line, worst factor first, so the column reads as a list; old usage data is
    said in full (a headline would cut "usage data ends 4 Oct 2026 (28 days old)" away)."""
    lines = [short_reason(r) for r in status.reasons] or ["All factors on track"]
    if status.usage_note:
        lines.append(f"Stale: {status.usage_note}")
    return "\n".join(lines)


def next_gate_text(status: RolloutStatus) -> str:
    if not status.next_gate:
        return "—"
    return f"{status.next_gate}: {status.open_gate_items} open" if status.open_gate_items else f"{status.next_gate}: clear"


COLUMNS: tuple[Column[RolloutStatus], ...] = (
    Column("Rollout", lambda s: s.rollout.name),
    Column("Stage", lambda s: s.rollout.stage.label, sort_key=lambda s: list(type(s.rollout.stage)).index(s.rollout.stage)),
    Column("Health", lambda s: s.health.label, sort_key=lambda s: s.health.rank,
           tooltip="Red, amber or green from the health rule (Help → Metric definitions)"),
    Column("Reasons", lambda s: reasons_text(s),
           sort_key=lambda s: len(s.reasons)),
    Column("Adoption", adoption_text, sort_key=lambda s: s.adoption_rate,
           tooltip="Latest adoption rate (active / eligible people) against the target; the line is the trend "
                   "(weeks with fewer eligible people than the minimum group size left out); \"hidden\" when "
                   "the rollout's eligible people are fewer than the minimum group size"),
    Column("Training", lambda s: HIDDEN if s.training_hidden else _percent(s.training_percent),
           sort_key=lambda s: s.training_percent, align_right=True,
           tooltip="Required modules completed (exemptions left out); \"hidden\" when fewer people than the "
                   "minimum group size must take training"),
    Column("Severe", lambda s: HIDDEN if s.high_severity_signals is None else s.high_severity_signals,
           sort_key=lambda s: -1 if s.high_severity_signals is None else s.high_severity_signals, align_right=True,
           tooltip="Severe signals: unresolved resistance signals of severity 4 or 5; \"hidden\" when the rollout's people "
                   "are fewer than the minimum group size"),
    Column("Blocked", lambda s: s.blocked_dependencies, align_right=True,
           tooltip="Blocked cross-team dependencies"),
    Column("Next gate", next_gate_text, sort_key=lambda s: s.open_gate_items),
)
HEALTH_COLUMN = 2
REASONS_COLUMN = 3
ADOPTION_COLUMN = 4


class PortfolioModel(RecordTableModel[RolloutStatus]):
    def __init__(self, parent: QObject | None = None):
        super().__init__(COLUMNS, parent)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        status: RolloutStatus = self.record(index.row())
        column = index.column()
        if column == HEALTH_COLUMN:
            health = Health(status.health)
            if role == Qt.ItemDataRole.BackgroundRole:
                return health_colours.background(health)
            if role == Qt.ItemDataRole.ForegroundRole:
                return health_colours.foreground(health)
            if role == Qt.ItemDataRole.ToolTipRole:
                return "\n".join(f"{f.health.label}: {f.reason}" for f in status.factors)
        if column == REASONS_COLUMN and role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(status.reasons) or "All factors on track"
        if column == ADOPTION_COLUMN and role == Qt.ItemDataRole.ToolTipRole:
            text = f"Adoption {adoption_text(status)}: active / eligible people against the target"
            return f"{text}. Stale: {status.usage_note}." if status.usage_note else text
        if column == ADOPTION_COLUMN and role == SPARKLINE_ROLE:
            points = status.adoption_points()[-TREND_WEEKS:]  # only weeks the small-group rule shows
            if not points:
                return None
            return [p.rate for p in points], status.target_rate
        return super().data(index, role)
