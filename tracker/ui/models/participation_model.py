"""The columns of a rollout's participating teams (Rollout page, Teams tab).

Impact sorts by weight (high above low), not alphabetically; head counts sort as numbers and
show thousands separators, because at enterprise scale "12345" is hard to read.
"""

from __future__ import annotations

from tracker.domain.models import Participation
from tracker.ui.models.record_table_model import Column, RecordTableModel

TEAM, IMPACT, PEOPLE = range(3)

PARTICIPATION_COLUMNS: tuple[Column[Participation], ...] = (
    Column("Team", lambda p: p.team_name),
    Column("Impact", lambda p: p.impact.label, sort_key=lambda p: p.impact.weight,
           tooltip="How strongly this rollout changes the team's work."),
    Column("Active people", lambda p: f"{p.headcount:,}", sort_key=lambda p: p.headcount,
           align_right=True, tooltip="Active people directly in the team."),
)


def make_participation_model(parent=None) -> RecordTableModel[Participation]:
    return RecordTableModel(PARTICIPATION_COLUMNS, parent)
