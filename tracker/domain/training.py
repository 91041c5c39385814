"""Training: modules, who must take them, progress, and the rules HR plans sessions by.

Requirements are *derived*, never copied: a person must take a module when one of their roles in
the rollout is required for it, when their team is, or when it was assigned to them by hand. So a
role change changes what a person must take at once, with no synchronisation step to forget.
The store evaluates the same rule in SQL for whole rollouts (see tracker/store/training.py);
`required_modules` is the rule for one person, which the tests pin down.

Everything here is pure (no Qt, no SQL) so that the import, the page and the reports agree.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass

from tracker.domain.enums import LabelledEnum
from tracker.domain.importing import loose_key


class TrainingFormat(LabelledEnum):
    E_LEARNING = "e_learning"
    CLASSROOM = "classroom"
    WORKSHOP = "workshop"
    COACHING = "coaching"

    @property
    def label(self) -> str:
        return "E-learning" if self is TrainingFormat.E_LEARNING else super().label

    @property
    def needs_sessions(self) -> bool:
        """E-learning is taken alone; the other formats need seats in a scheduled session."""
        return self is not TrainingFormat.E_LEARNING


class TrainingStatus(LabelledEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    EXEMPT = "exempt"


# Words LMS exports and people use, after loose_key() ('In-Progress' -> 'in progress').
_STATUS_WORDS: dict[str, TrainingStatus] = {
    **{w: TrainingStatus.COMPLETED for w in (
        "completed", "complete", "done", "passed", "pass", "finished", "attended", "certified",
        "successful", "success", "completed successfully")},
    **{w: TrainingStatus.IN_PROGRESS for w in (
        "in progress", "started", "ongoing", "in process", "incomplete", "failed", "fail",
        "partially completed", "partial", "attempted")},
    **{w: TrainingStatus.NOT_STARTED for w in (
        "not started", "not attempted", "assigned", "registered", "enrolled", "new", "open",
        "to do", "todo", "pending")},
    **{w: TrainingStatus.EXEMPT for w in (
        "exempt", "exempted", "waived", "excused", "not required", "not applicable", "n/a", "na")},
}


def match_status(text: object) -> TrainingStatus | None:
    """The status a word from a file means ('Completed', 'done', 'In-Progress'), or None."""
    return _STATUS_WORDS.get(loose_key(text))


def due_on(fixed: dt.date | None, offset_days: int | None, go_live: dt.date | None) -> dt.date | None:
    """A module's due date: a fixed date, or days relative to go-live (negative: before it).

    A relative due date without a go-live date is not known yet (None), not "today".
    """
    if fixed is not None:
        return fixed
    if offset_days is not None and go_live is not None:
        return go_live + dt.timedelta(days=offset_days)
    return None


def is_overdue(status: TrainingStatus, due: dt.date | None, as_of: dt.date) -> bool:
    """Not completed, not exempt, and the due date has passed (a module due today is not late)."""
    if status in (TrainingStatus.COMPLETED, TrainingStatus.EXEMPT) or due is None:
        return False
    return due < as_of


@dataclass(frozen=True, slots=True)
class ModuleRule:
    """What makes a module required: these roles (in its rollout), these teams."""

    module_id: int
    role_ids: frozenset[int]
    team_ids: frozenset[int]


def required_modules(role_ids: Iterable[int], team_id: int | None, rules: Iterable[ModuleRule],
                     assigned_by_hand: Iterable[int] = ()) -> set[int]:
    """The modules one person must take: any role or their team is required, or assigned by hand."""
    roles = set(role_ids)
    needed = set(assigned_by_hand)
    for rule in rules:
        if roles & rule.role_ids or (team_id is not None and team_id in rule.team_ids):
            needed.add(rule.module_id)
    return needed


@dataclass(frozen=True, slots=True)
class Progress:
    """One person's standing on one module."""

    status: TrainingStatus
    completed_on: dt.date | None = None
    score: float | None = None


def merge_progress(current: Progress | None, incoming: Progress) -> Progress:
    """What to store when `incoming` (an LMS row) meets what is stored.

    A completion is never taken back by a later "in progress" or "not started" (an LMS lists a
    re-take as started; the person is still trained), and an exemption is not undone by an LMS
    saying "not started". A newer completion replaces an older one (its date and score), an
    older one does not.
    """
    if current is None:
        return incoming
    done = TrainingStatus.COMPLETED
    if current.status is done:
        if incoming.status is not done:
            return current
        if current.completed_on and incoming.completed_on and incoming.completed_on < current.completed_on:
            return current
        score = incoming.score if incoming.score is not None else current.score
        return Progress(done, incoming.completed_on or current.completed_on, score)
    if incoming.status is TrainingStatus.NOT_STARTED and current.status is not TrainingStatus.NOT_STARTED:
        return current
    if current.status is TrainingStatus.EXEMPT and incoming.status is not done:
        return current
    score = incoming.score if incoming.score is not None else current.score
    return Progress(incoming.status, incoming.completed_on if incoming.status is done else None, score)


def parse_score(value: object) -> float | None:
    """A score from a file: '', 85, '85', '85%', '85,5'. Raises ValueError for anything else,
    or outside 0–100."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise ValueError(f"'{value}' is not a score")
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        text = str(value).strip().removesuffix("%").strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            raise ValueError(f"'{value}' is not a score (use a number from 0 to 100)") from None
    if math.isnan(number) or not 0 <= number <= 100:
        raise ValueError(f"score {value} is outside 0–100")
    return number


def percent_complete(required: int, completed: int, exempt: int) -> float | None:
    """Completed share of those who must take it; the exempt count neither way. None: nobody."""
    denominator = required - exempt
    return None if denominator <= 0 else min(1.0, completed / denominator)


def seats_needed(requiring: Iterable[int], completed: Iterable[int], enrolled: Iterable[int],
                 exempt: Iterable[int] = ()) -> int:
    """People who must take a module, have not completed it (nor are exempt) and hold no seat."""
    return len(set(requiring) - set(completed) - set(enrolled) - set(exempt))


def sessions_needed(seats: int, capacity: int) -> int:
    """Sessions still to schedule for `seats` people at `capacity` a session (rounded up)."""
    if seats <= 0:
        return 0
    if capacity <= 0:
        raise ValueError("a session needs a capacity of at least 1")
    return math.ceil(seats / capacity)
