"""What the seat rules read (tracker/domain/seats.py judges with them): a rollout's seat settings,
its seats, their holders as the roster knows them, leave marks, pending training, and the
change manager's sign-offs. Plain data; the store fills it (tracker/store/seats.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tracker.domain.enums import LabelledEnum

DEFAULT_INACTIVE_DAYS = 30
DEFAULT_GRACE_DAYS = 30
DAYS_RANGE = (1, 365)  # both settings; grace may also be 0
# Cost per seat is per month (licences are priced that way: per user per month).


@dataclass(frozen=True, slots=True)
class SeatSettings:
    """A rollout's seat rules. ``tool``: the AI tool's name as the cross-tool view groups it
    ("Microsoft 365 Copilot"); empty means the rollout's own name."""

    inactive_days: int = DEFAULT_INACTIVE_DAYS
    grace_days: int = DEFAULT_GRACE_DAYS
    tool: str = ""


def check_settings(inactive_days: object, grace_days: object) -> str | None:
    """None when both are allowed, else the sentence saying which is not and why."""
    low, high = DAYS_RANGE
    for name, value, lowest in (("Inactive days", inactive_days, low), ("Grace days", grace_days, 0)):
        if isinstance(value, bool) or not isinstance(value, int):
            return f"{name} must be a whole number of days."
        if not lowest <= value <= high:
            return f"{name} must be from {lowest} to {high} (it is {value})."
    return None


class SeatSource(LabelledEnum):
    IMPORT = "import"  # a seats file (the licence admin's list)
    USAGE = "usage"  # a usage report names the person: using the tool proves a seat


@dataclass(frozen=True, slots=True)
class Seat:
    """One licence. ``seat_id`` None: known from usage only (no stored row yet).
    ``account``: the holder's account when it matched no one in the roster (then
    ``person_id`` is None). ``monthly_cost`` None: unknown."""

    seat_id: int | None
    person_id: int | None
    assigned_on: dt.date | None
    monthly_cost: float | None = None
    currency: str = ""
    source: SeatSource = SeatSource.IMPORT
    account: str = ""


@dataclass(frozen=True, slots=True)
class Holder:
    """What the rules need to know about a person holding a seat."""

    person_id: int
    name: str
    employee_id: str
    team_id: int | None
    team: str
    active: bool
    hire_date: dt.date | None = None
    termination_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class LeaveMark:
    """A person is on leave from ``starts_on`` to ``ends_on`` (inclusive; None: until further notice)."""

    person_id: int
    starts_on: dt.date
    ends_on: dt.date | None = None
    mark_id: int | None = None

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


@dataclass(frozen=True, slots=True)
class PendingTraining:
    """A module a person must take for the rollout and has neither completed nor been exempted from."""

    person_id: int
    module: str  # its code, for the reason
    due: dt.date | None


class Decision(LabelledEnum):
    APPROVED = "approved"
    REJECTED = "rejected"


@dataclass(frozen=True, slots=True)
class ReclaimDecision:
    """A change manager's sign-off on one seat's recommendation (the latest one counts)."""

    seat_id: int
    decision: Decision
    decided_by: str
    decided_on: dt.date
    reason: str = ""
    decision_id: int | None = None
