"""Cross-team dependencies of a rollout: team A needs something from team B before it can move on.

The records are plain and immutable; the analysis (cycles, waiting chains, critical path) lives
in `tracker.domain.dependency_graph` and works on these records only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.enums import LabelledEnum


class DependencyKind(LabelledEnum):
    DATA = "data"
    INFRASTRUCTURE = "infrastructure"
    APPROVAL = "approval"
    INTEGRATION = "integration"
    TRAINING = "training"
    OTHER = "other"


class DependencyStatus(LabelledEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    BLOCKED = "blocked"
    DONE = "done"

    @property
    def finished(self) -> bool:
        return self is DependencyStatus.DONE


@dataclass(frozen=True, slots=True)
class Dependency:
    """`needer_team` waits on `provider_team` for `description`."""

    id: int
    rollout_id: int
    needer_team_id: int
    provider_team_id: int
    description: str
    kind: DependencyKind = DependencyKind.OTHER
    status: DependencyStatus = DependencyStatus.OPEN
    due_date: dt.date | None = None
    owner_id: int | None = None
    blocked_reason: str = ""
    needer_name: str = ""
    provider_name: str = ""
    owner_name: str = ""
    rollout_name: str = ""
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def unfinished(self) -> bool:
        return not self.status.finished

    def is_overdue(self, today: dt.date) -> bool:
        return self.unfinished and self.due_date is not None and self.due_date < today


def check_dependency(*, needer_team_id: int | None, provider_team_id: int | None, description: str,
                     status: DependencyStatus, blocked_reason: str) -> str | None:
    """The rules of one dependency, shared by the dialog (as you type) and the store."""
    if needer_team_id is None:
        return "Choose the team that needs something."
    if provider_team_id is None:
        return "Choose the team that provides it."
    if needer_team_id == provider_team_id:
        return "A team cannot depend on itself; choose two different teams."
    if not (description or "").strip():
        return "Say what is needed (a short description)."
    if DependencyStatus(status) is DependencyStatus.BLOCKED and not (blocked_reason or "").strip():
        return "A blocked dependency needs the reason it is blocked."
    return None
