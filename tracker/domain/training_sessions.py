"""HR's session planning: sessions, enrolment rules, and the month-by-month seat plan.

Pure functions, so the rules (a full session refuses, a person cannot sit in two sessions at
once, someone who already completed the module is worth a warning) are tested without a
database or a window, and the store and the dialogs apply exactly the same ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from tracker.domain.training import sessions_needed


@dataclass(frozen=True, slots=True)
class TrainingSession:
    id: int
    module_id: int
    module_code: str
    starts: dt.datetime
    duration_minutes: int
    capacity: int
    place: str  # room or address; the link when online
    online: bool
    trainer_id: int | None
    trainer_name: str = ""
    enrolled: int = 0
    version: int = 1  # the stored record's version: an edit (or an enrolment) names it

    @property
    def ends(self) -> dt.datetime:
        return self.starts + dt.timedelta(minutes=self.duration_minutes)

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.enrolled)

    @property
    def where(self) -> str:
        return f"Online{': ' + self.place if self.place else ''}" if self.online else self.place

    def describe(self) -> str:
        """'AI-201 on 3 Mar 2026 09:00–12:00'."""
        return (f"{self.module_code} on {self.starts.day} {self.starts:%b %Y %H:%M}"
                f"–{self.ends:%H:%M}")


@dataclass(frozen=True, slots=True)
class Slot:
    """A time a person is taken: a session they hold a seat in."""

    session_id: int
    label: str
    starts: dt.datetime
    ends: dt.datetime


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Two half-open periods overlap; one ending at 12:00 and one starting at 12:00 do not."""
    return a_start < b_end and b_start < a_end


def find_clash(session: TrainingSession, slots: Iterable[Slot]) -> Slot | None:
    """The first of a person's other sessions that overlaps `session` in time, or None."""
    for slot in slots:
        if slot.session_id != session.id and overlaps(session.starts, session.ends, slot.starts, slot.ends):
            return slot
    return None


def clashing_people(session: TrainingSession, people: Iterable[tuple[int, str]],
                    slots: dict[int, list[Slot]]) -> list[tuple[str, Slot]]:
    """Who among `people` ((id, name) pairs) would sit in two sessions at once if `session`
    were held at its (new) time, each with the first of their other sessions it overlaps."""
    found = []
    for person_id, name in people:
        clash = find_clash(session, slots.get(person_id, ()))
        if clash is not None:
            found.append((name, clash))
    return found


def describe_clashes(clashes: Sequence[tuple[str, Slot]], shown: int = 3) -> str:
    """'Ann (AI-101 on …), Bob (…) and 4 others would be booked twice at that time.'"""
    named = [f"{name} ({slot.label})" for name, slot in clashes[:shown]]
    rest = len(clashes) - len(named)
    if rest:
        named.append(f"{rest:,} other{'' if rest == 1 else 's'}")
    who = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
    return f"{who} would be booked twice at that time."


@dataclass
class EnrolmentCheck:
    """What enrolling some people in a session would do. Refusals stop the whole enrolment."""

    accepted: list[int] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    already: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.refused


def check_enrolment(session: TrainingSession, people: Sequence[tuple[int, str]], *,
                    enrolled: set[int], slots: dict[int, list[Slot]], completed: set[int]) -> EnrolmentCheck:
    """Check enrolling `people` ((id, name) pairs) in `session`.

    `enrolled`: who holds a seat in it now; `slots`: each person's other sessions;
    `completed`: who already completed the module (a warning: perhaps a refresher, perhaps a
    mistake). Capacity counts the seats already taken.
    """
    check = EnrolmentCheck()
    for person_id, name in people:
        if person_id in enrolled or person_id in check.accepted:
            check.already.append(person_id)
            continue
        clash = find_clash(session, slots.get(person_id, ()))
        if clash is not None:
            check.refused.append(f"{name} is already booked at that time ({clash.label}).")
            continue
        if person_id in completed:
            check.warnings.append(f"{name} has already completed {session.module_code}.")
        check.accepted.append(person_id)
    free = session.capacity - len(enrolled)
    if len(check.accepted) > free:
        seats = "no seats are" if free <= 0 else ("1 seat is" if free == 1 else f"{free} seats are")
        check.refused.insert(0, f"The session holds {session.capacity}; {seats} left for "
                                f"{len(check.accepted)} people.")
    return check


# ---------------------------------------------------------------------- the month plan
def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    months, m = [], month_of(first)
    while m <= last:
        months.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return months


@dataclass(frozen=True, slots=True)
class ModuleDemand:
    """What one session-based module still needs, as the store counts it."""

    module_id: int
    code: str
    due: dt.date | None
    outstanding: int  # required, not completed, not exempt (enrolled or not)
    capacity: int  # seats a typical session of this module holds
    sessions: tuple[tuple[dt.date, int, int], ...] = ()  # (date, capacity, enrolled), upcoming


@dataclass(frozen=True, slots=True)
class PlanMonth:
    module_id: int
    code: str
    month: dt.date  # first day of the month
    needed: int  # seats that must be taken by the end of this month (falling due in it)
    scheduled: int  # seats in sessions held this month
    enrolled: int
    shortfall: int  # needed so far minus scheduled so far, when positive
    add_sessions: int  # sessions to add by this month to close the shortfall

    @property
    def id(self) -> tuple[int, dt.date]:
        return (self.module_id, self.month)


def plan_months(demands: Iterable[ModuleDemand], as_of: dt.date) -> list[PlanMonth]:
    """Seats needed against seats scheduled, per module and month, from this month on.

    Everything still outstanding is needed by the module's due month (this month when the due
    date has passed or is unknown); seats count in the month their session is held. The
    shortfall is cumulative, so a month shows how many seats are missing *by then*.
    """
    this_month = month_of(as_of)
    rows: list[PlanMonth] = []
    for d in demands:
        due_month = max(this_month, month_of(d.due)) if d.due else this_month
        session_months = [month_of(day) for day, _cap, _n in d.sessions if day >= as_of]
        months = _months(this_month, max([due_month, *session_months]))
        needed_so_far = scheduled_so_far = 0
        for m in months:
            needed = d.outstanding if m == due_month else 0
            in_month = [(cap, n) for day, cap, n in d.sessions if day >= as_of and month_of(day) == m]
            scheduled = sum(cap for cap, _ in in_month)
            needed_so_far += needed
            scheduled_so_far += scheduled
            shortfall = max(0, needed_so_far - scheduled_so_far)
            rows.append(PlanMonth(
                d.module_id, d.code, m, needed, scheduled, sum(n for _, n in in_month), shortfall,
                sessions_needed(shortfall, d.capacity) if needed else 0,
            ))
    return rows
