"""The training records the store returns: modules, team progress, rows of the drill-down.

Counts (required, completed, overdue, …) are computed by the store in SQL over all
assignments; these classes only carry them and derive the shares the page and charts show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.date_text import day_text
from tracker.domain.training import TrainingFormat, TrainingStatus, percent_complete


@dataclass(frozen=True, slots=True)
class TrainingModule:
    id: int
    rollout_id: int
    code: str
    title: str
    hours: float
    format: TrainingFormat
    due_date: dt.date | None  # fixed due date, or
    due_offset_days: int | None  # days after the rollout's go-live (negative: before)
    available_from: dt.date  # completions before this day are impossible
    role_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()
    due: dt.date | None = None  # the effective due date (fixed, or go-live + offset)
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def label(self) -> str:
        return f"{self.code} – {self.title}"

    def describe_due(self) -> str:
        if self.due_date is not None:
            return day_text(self.due_date)
        if self.due_offset_days is not None:
            days = self.due_offset_days
            rel = "at go-live" if days == 0 else f"{abs(days)} days {'after' if days > 0 else 'before'} go-live"
            return f"{rel} ({day_text(self.due)})" if self.due else rel
        return ""

@dataclass(frozen=True, slots=True)
class TeamProgress:
    """One team's figures for a rollout (or for one module of it). `in_progress` and
    `not_started` include the overdue ones; `overdue` is the late part of both."""

    team_id: int | None
    team_name: str
    required: int
    completed: int
    in_progress: int
    overdue: int
    exempt: int
    in_progress_overdue: int = 0

    @property
    def id(self) -> int | None:  # lets the table keep its selection across refreshes
        return self.team_id

    @property
    def not_started(self) -> int:
        return self.required - self.completed - self.in_progress - self.exempt

    @property
    def percent(self) -> float | None:
        return percent_complete(self.required, self.completed, self.exempt)

    def stacked(self) -> dict[str, int]:
        """Disjoint parts that add up to `required`, for the stacked bar chart."""
        return {
            "Completed": self.completed,
            "In progress": self.in_progress - self.in_progress_overdue,
            "Not started": self.not_started - (self.overdue - self.in_progress_overdue),
            "Overdue": self.overdue,
            "Exempt": self.exempt,
        }


@dataclass(frozen=True, slots=True)
class PersonModule:
    """One person's standing on one required (or recorded) module: a drill-down row."""

    person_id: int
    person_name: str
    employee_id: str
    team_name: str
    manager_name: str
    module_id: int
    module_code: str
    status: TrainingStatus
    due: dt.date | None
    completed_on: dt.date | None
    score: float | None
    exempt_reason: str
    overdue: bool
    enrolled_on: dt.date | None = None  # date of the next session they hold a seat in
    assigned_by_hand: bool = False
    record_version: int = 0  # the stored record's version (0: none yet): an edit names it

    @property
    def id(self) -> tuple[int, int]:
        return (self.person_id, self.module_id)


@dataclass(frozen=True, slots=True)
class BurnUp:
    """Completions to date against the plan: how many should be complete by each due date."""

    actual: list[tuple[dt.date, int]]  # cumulative completions on each completion day
    plan: list[tuple[dt.date, int]]  # cumulative requirements falling due on each due day
    total: int  # required minus exempt
    as_of: dt.date
