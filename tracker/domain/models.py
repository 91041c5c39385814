"""The organisation model as plain, immutable records returned by the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.enums import Impact, Stage


@dataclass(frozen=True, slots=True)
class Team:
    id: int
    name: str
    parent_id: int | None
    lead_id: int | None
    lead_name: str = ""
    headcount: int = 0  # active people directly in this team (derived, never stored)
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    employee_id: str
    name: str
    email: str
    title: str
    team_id: int | None
    manager_id: int | None
    active: bool
    team_name: str = ""
    manager_name: str = ""
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)


@dataclass(frozen=True, slots=True)
class Rollout:
    id: int
    name: str
    description: str
    stage: Stage
    owner_id: int | None
    sponsor_id: int | None
    start_date: dt.date | None
    go_live_date: dt.date | None
    target_adoption: float | None  # 0..1
    target_date: dt.date | None
    owner_name: str = ""
    sponsor_name: str = ""
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)


@dataclass(frozen=True, slots=True)
class Participation:
    id: int
    rollout_id: int
    team_id: int
    team_name: str
    impact: Impact
    headcount: int = 0


@dataclass(frozen=True, slots=True)
class RoleType:
    id: int
    name: str
    position: int


@dataclass(frozen=True, slots=True)
class RoleAssignment:
    id: int
    rollout_id: int
    person_id: int
    role_id: int
    person_name: str
    employee_id: str
    team_name: str
    role_name: str
    person_active: bool = True


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One recorded change to one record, as shown in a record's history."""

    id: int
    change_id: int
    at: str
    user: str
    label: str
    entity: str
    entity_id: int
    action: str  # insert, update, delete
    before: dict[str, object] | None  # the row's columns before and after (None: inserted, deleted)
    after: dict[str, object] | None

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) and k not in ("id", "version"))


@dataclass(frozen=True, slots=True)
class Change:
    """One user action (an edit, an import, an undo): the unit of undo."""

    id: int
    at: str
    user: str
    label: str
    reverts_id: int | None
