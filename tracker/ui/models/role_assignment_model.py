"""The columns of who holds which role in a rollout (Rollout page, People and roles tab).

Leavers keep their roles until someone reassigns them, so they stay in the list, greyed and
marked "(deactivated)": a sponsor who has left is exactly what a change manager must notice.
"""

from __future__ import annotations

from tracker.domain.models import RoleAssignment
from tracker.ui.models.record_table_model import Column, RecordTableModel

PERSON, EMPLOYEE_ID, TEAM, ROLE = range(4)


def person_text(a: RoleAssignment) -> str:
    return a.person_name if a.person_active else f"{a.person_name} (deactivated)"


ROLE_ASSIGNMENT_COLUMNS: tuple[Column[RoleAssignment], ...] = (
    Column("Person", person_text, sort_key=lambda a: a.person_name.casefold()),
    Column("Employee id", lambda a: a.employee_id),
    Column("Team", lambda a: a.team_name),
    Column("Role", lambda a: a.role_name),
)


def make_role_assignment_model(parent=None) -> RecordTableModel[RoleAssignment]:
    return RecordTableModel(ROLE_ASSIGNMENT_COLUMNS, parent, muted=lambda a: not a.person_active)
