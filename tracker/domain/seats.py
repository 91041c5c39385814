"""Seats: who holds a licence of a rollout's AI tool, whether they use it, and which seats can
be taken back safely.

An admin centre's reclaim list names every seat without use in N days, including people who
started last week, are on parental leave or have not been trained yet. This module decides with
what the workspace knows besides usage: the HR roster (hire and termination dates, leavers), the
training each person must take for the rollout, and leave marks. Every line says why it is, or
is not, recommended, so a change manager can sign it off line by line.

The rules (`reclaim_list`), in order; the first that applies decides the line's category:

1. **Leaver** (deactivated in the roster, or termination date reached): reclaim at once,
   whatever the usage (listed separately).
2. **Holder not in the roster** (a seat imported for an account that matches no one): check
   the holder, then reclaim (listed with the leavers' kind of decision, separately).
3. **Active** (used in the last N days): keep.
4. Inactive, but **hired within the grace period**, **given the seat within the grace
   period**, **required training not done yet** (whether due later or overdue: they may not be
   able to use the tool yet), or **on leave** today: keep, each applying reason listed.
5. Otherwise: **recommended for reclaim**, with the days since last use (or "never used").

Pure: plain data in (tracker/domain/seat_records.py), plain data out; the store gathers it
(tracker/store/seats.py).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from tracker.domain.enums import LabelledEnum
from tracker.domain.seat_records import (
    Decision,
    Holder,
    LeaveMark,
    PendingTraining,
    ReclaimDecision,
    Seat,
    SeatSettings,
)


class Category(LabelledEnum):
    RECLAIM = "reclaim"  # inactive, nothing speaks against it: recommended
    KEEP = "keep"  # active, or inactive for a reason that excludes it
    LEAVER = "leaver"  # reclaim at once
    UNKNOWN_HOLDER = "unknown_holder"  # an account matching no one: check, then reclaim


@dataclass(frozen=True, slots=True)
class _Judged:
    """What every line of one reclaim list shares: the day and the rules it was judged by."""

    as_of: dt.date
    settings: SeatSettings


@dataclass(slots=True)
class ReclaimLine:
    """One seat's verdict. ``reasons``: every reason that applies, first the deciding one.

    A value: never changed once made (not frozen only because a frozen dataclass's __init__
    takes twice as long). The reasons' words are made when asked for, from the verdict and
    ``protections`` (the reasons an inactive seat is kept, the only ones needing more than the
    line): a list of 100,000 seats is read a screenful at a time, so formatting every reason up
    front was half of the list's time."""

    seat: Seat
    holder: Holder | None
    category: Category
    last_used: dt.date | None
    days_inactive: int | None  # None: never used
    active: bool  # used within the rollout's inactive days
    decision: ReclaimDecision | None = None
    protections: tuple[str, ...] = ()
    judged: _Judged | None = field(default=None, repr=False, compare=False)

    @property
    def reasons(self) -> tuple[str, ...]:
        judged = self.judged or _Judged(dt.date.max, SeatSettings())
        used = self.last_used
        usage = f"last used {used.isoformat()} ({self.days_inactive} days ago)" if used is not None else "never used"
        holder = self.holder
        if holder is None:
            who = self.seat.account or "this seat's holder"
            return (f"{who} matches no one in the roster (a guest, a service account "
                    "or someone who left): check, then reclaim", usage)
        if self.category is Category.LEAVER:
            ended = holder.termination_date
            left = (f"left on {_day(ended)}" if ended and ended <= judged.as_of
                    else "left (deactivated in the roster)")
            return (f"{left}: reclaim at once", usage)
        if self.active:
            return (f"active: {usage}",)
        return (*self.protections, f"inactive for {judged.settings.inactive_days}+ days: {usage}")

    @property
    def recommended(self) -> bool:
        """The seat should be taken back (an inactive seat nothing protects, or a leaver's)."""
        return self.category is Category.RECLAIM or self.category is Category.LEAVER

    @property
    def reclaimed(self) -> bool:
        """Approved for reclaim, and not used since the approval: no longer held."""
        d = self.decision
        return (d is not None and d.decision is Decision.APPROVED
                and (self.last_used is None or self.last_used <= d.decided_on))

    @property
    def rejected(self) -> bool:
        """The latest decision kept the seat."""
        return self.decision is not None and self.decision.decision is Decision.REJECTED

    @property
    def recoverable(self) -> bool:
        """Counts toward the monthly cost recoverable: recommended, still held, not rejected."""
        return self.recommended and not self.reclaimed and not self.rejected

    @property
    def name(self) -> str:
        return self.holder.name if self.holder else self.seat.account

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


@dataclass(frozen=True)
class ReclaimList:
    """Every seat of a rollout judged on ``as_of``, with the totals the window and report show.

    ``lines`` hold reclaimed seats too (their approval is the licence admin's instruction);
    the totals count held seats only: ``held_seats`` = ``active_seats`` + ``inactive_seats``.
    ``recoverable``: per currency, the monthly cost of the lines that are recommended, still
    held and not rejected; ``unpriced``: how many such lines have no cost."""

    as_of: dt.date
    settings: SeatSettings
    lines: tuple[ReclaimLine, ...]
    active_seats: int = 0
    inactive_seats: int = 0
    recoverable: Mapping[str, float] = field(default_factory=dict)  # currency -> per month
    unpriced: int = 0

    @property
    def held_seats(self) -> int:
        return self.active_seats + self.inactive_seats

    @property
    def usage_ends(self) -> dt.date | None:
        """The last day of use recorded up to ``as_of`` (every user holds a seat, so the latest
        of the seats' last uses); None when nobody used the tool."""
        return max((line.last_used for line in self.lines if line.last_used is not None), default=None)

    def usage_note(self) -> str | None:
        """"usage data ends 20 Nov 2026 (16 days old)" when that day is further before ``as_of``
        than the app's stale-usage limit (14 days, as the adoption figures say it): a seat may
        then look inactive only because no newer usage report was imported."""
        from tracker.domain.usage_freshness import stale_note

        return stale_note(self.usage_ends, self.as_of)

    @property
    def reclaimed(self) -> list[ReclaimLine]:
        return [line for line in self.lines if line.reclaimed]

    @property
    def pending(self) -> list[ReclaimLine]:
        """Recommended lines nobody has decided on yet."""
        return [line for line in self.lines if line.recommended and line.decision is None]

    def of(self, category: Category) -> list[ReclaimLine]:
        return [line for line in self.lines if line.category is category]

    @property
    def recommended(self) -> list[ReclaimLine]:
        return [line for line in self.lines if line.recommended]

    def recoverable_text(self) -> str:
        """"1,200.00 EUR + 300.00 USD" (one amount per currency), "" when nothing is priced."""
        return " + ".join(f"{amount:,.2f} {currency}".rstrip() for currency, amount in sorted(self.recoverable.items()))


_ORDER = {Category.LEAVER: 0, Category.UNKNOWN_HOLDER: 1, Category.RECLAIM: 2, Category.KEEP: 3}
_NEVER = 10**6  # "never used" sorts as the longest inactive


def is_leaver(holder: Holder, as_of: dt.date) -> bool:
    return not holder.active or (holder.termination_date is not None and holder.termination_date <= as_of)


def training_may_decide(holder: Holder | None, last_used: dt.date | None, as_of: dt.date,
                        settings: SeatSettings) -> bool:
    """Whether a seat's line can depend on its holder's pending training (rule 4): held by
    someone in the roster who has not left and has not used the tool within the inactive days
    (`reclaim_list` reads training for no one else). Only these holders' training need be read:
    most seats of a tool in use are active."""
    if holder is None or is_leaver(holder, as_of):
        return False
    return last_used is None or last_used > as_of or last_used <= as_of - dt.timedelta(days=settings.inactive_days)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _training_reason(pending: list[PendingTraining], as_of: dt.date) -> str:
    first = min(pending, key=lambda p: (p.due is None, p.due or as_of, p.module))
    codes = ", ".join(sorted({p.module for p in pending}))
    if first.due is None:
        when = "no due date"
    elif first.due >= as_of:
        when = f"due {_day(first.due)}"
    else:
        when = f"overdue since {_day(first.due)}"
    return f"required training not done yet ({codes}; {when})"


def reclaim_list(seats: Iterable[Seat], holders: Mapping[int, Holder], last_used: Mapping[int, dt.date],
                 *, as_of: dt.date, settings: SeatSettings = SeatSettings(),
                 leave: Iterable[LeaveMark] = (), pending_training: Iterable[PendingTraining] = (),
                 decisions: Iterable[ReclaimDecision] = ()) -> ReclaimList:
    """Judge every seat on ``as_of`` (see the module's docstring for the rules).

    ``last_used``: person id -> their last day of use of this rollout's tool (any day up to
    ``as_of``; later days are ignored). ``decisions``: the latest one per seat is attached.
    Lines come leavers first, then unknown holders, then recommended (longest inactive
    first), then kept ones.
    """
    on_leave = {m.person_id for m in leave if m.covers(as_of)}
    training: dict[int, list[PendingTraining]] = {}
    for p in pending_training:
        training.setdefault(p.person_id, []).append(p)
    latest: dict[int, ReclaimDecision] = {}
    for d in decisions:
        held = latest.get(d.seat_id)
        if held is None or (d.decided_on, d.decision_id or 0) >= (held.decided_on, held.decision_id or 0):
            latest[d.seat_id] = d
    grace_from = as_of - dt.timedelta(days=settings.grace_days)
    active_from = as_of - dt.timedelta(days=settings.inactive_days)
    judged = _Judged(as_of, settings)
    lines: list[ReclaimLine] = []
    keys: list[tuple[int, int, str]] = []
    active = inactive = unpriced = 0
    recoverable: dict[str, float] = {}
    leaver, unknown, keep, reclaim = Category.LEAVER, Category.UNKNOWN_HOLDER, Category.KEEP, Category.RECLAIM
    with _collector_paused():
        for seat in seats:
            pid = seat.person_id
            if pid is None:
                holder = used = None
            else:
                holder = holders.get(pid)
                used = last_used.get(pid)
            if used is None or used > as_of:
                used = idle = None
                is_active = False
            else:
                idle = (as_of - used).days
                is_active = used > active_from
            protections: tuple[str, ...] = ()
            if holder is None:
                category = unknown
            elif not holder.active or (holder.termination_date is not None and holder.termination_date <= as_of):
                category = leaver
            elif is_active:
                category = keep
            elif ((holder.hire_date is not None and holder.hire_date > grace_from)
                  or (seat.assigned_on is not None and seat.assigned_on > grace_from)
                  or pid in training or pid in on_leave):
                category = keep
                protections = _protections(seat, holder, as_of, grace_from, settings, on_leave, training)
            else:
                category = reclaim
            decision = latest.get(seat.seat_id) if latest and seat.seat_id is not None else None
            line = ReclaimLine(seat, holder, category, used, idle, is_active, decision, protections, judged)
            lines.append(line)
            keys.append((_ORDER[category], -_NEVER if idle is None else -idle,
                         (holder.name if holder is not None else seat.account).casefold()))
            if decision is not None and line.reclaimed:
                continue
            if is_active:
                active += 1
            else:
                inactive += 1
            if (category is reclaim or category is leaver) and (decision is None or line.recoverable):
                if seat.monthly_cost is None:
                    unpriced += 1
                else:
                    recoverable[seat.currency] = recoverable.get(seat.currency, 0.0) + seat.monthly_cost
        ordered = [lines[i] for i in sorted(range(len(lines)), key=keys.__getitem__)]
    return ReclaimList(as_of, settings, tuple(ordered), active, inactive, recoverable, unpriced)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a list's lines are made: they hold no cycles,
    yet each of its passes walks every object made so far (a third of a 100,000-seat list's
    time); reference counting still frees what is dropped. Restored as it was."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _protections(seat: Seat, holder: Holder, as_of: dt.date, grace_from: dt.date, settings: SeatSettings,
                 on_leave: set[int], training: Mapping[int, list[PendingTraining]]) -> tuple[str, ...]:
    """The reasons an inactive seat is kept (rule 4 of the module's docstring), in order."""
    reasons: list[str] = []
    if holder.hire_date is not None and holder.hire_date > grace_from:
        reasons.append(f"hired {_day(holder.hire_date)}, within the {settings.grace_days}-day grace period")
    if seat.assigned_on is not None and seat.assigned_on > grace_from:
        reasons.append(f"seat given {_day(seat.assigned_on)}, within the {settings.grace_days}-day grace period")
    pending = training.get(holder.person_id)
    if pending:
        reasons.append(_training_reason(pending, as_of))
    if holder.person_id in on_leave:
        reasons.append("on leave")
    return tuple(reasons)
