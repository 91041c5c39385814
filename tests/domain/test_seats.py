"""Reclaim rules: every exclusion with one person it must exclude and one it must not."""

from __future__ import annotations

import datetime as dt

from tracker.domain.seat_records import (
    Decision,
    Holder,
    LeaveMark,
    PendingTraining,
    ReclaimDecision,
    Seat,
    SeatSettings,
    check_settings,
)
from tracker.domain.seats import Category, reclaim_list

TODAY = dt.date(2026, 6, 1)
LONG_AGO = dt.date(2025, 1, 1)


def _holder(pid, **kw):
    values = {"name": f"P{pid}", "employee_id": f"E{pid}", "team_id": 1, "team": "Claims", "active": True,
              "hire_date": LONG_AGO}
    values.update(kw)
    return Holder(pid, **values)


def _judge(holders, seats=None, last_used=None, **kw):
    seats = seats or [Seat(pid, pid, LONG_AGO, 30.0, "EUR") for pid in holders]
    listed = reclaim_list(seats, holders, last_used or {}, as_of=TODAY, **kw)
    return {line.seat.person_id: line for line in listed.lines}, listed


def test_an_inactive_seat_nothing_protects_is_recommended_and_an_active_one_is_kept():
    lines, listed = _judge({1: _holder(1), 2: _holder(2)},
                           last_used={1: TODAY - dt.timedelta(days=30), 2: TODAY - dt.timedelta(days=29)})
    assert lines[1].category is Category.RECLAIM
    assert lines[1].reasons == ("inactive for 30+ days: last used 2026-05-02 (30 days ago)",)
    assert lines[2].category is Category.KEEP and lines[2].reasons[0].startswith("active")
    assert (listed.active_seats, listed.inactive_seats) == (1, 1)
    assert listed.recoverable == {"EUR": 30.0} and listed.recoverable_text() == "30.00 EUR"


def test_hired_within_the_grace_period_is_excluded_and_just_before_it_is_not():
    lines, _ = _judge({1: _holder(1, hire_date=TODAY - dt.timedelta(days=29)),
                       2: _holder(2, hire_date=TODAY - dt.timedelta(days=30))})
    assert lines[1].category is Category.KEEP
    assert lines[1].reasons[0] == "hired 2026-05-03, within the 30-day grace period"
    assert lines[2].category is Category.RECLAIM


def test_a_seat_given_within_the_grace_period_is_excluded():
    seats = [Seat(1, 1, TODAY - dt.timedelta(days=5)), Seat(2, 2, TODAY - dt.timedelta(days=40))]
    lines, _ = _judge({1: _holder(1), 2: _holder(2)}, seats=seats, settings=SeatSettings(grace_days=10))
    assert lines[1].category is Category.KEEP and "seat given 2026-05-27, within the 10-day" in lines[1].reason
    assert lines[2].category is Category.RECLAIM


def test_required_training_not_done_excludes_whether_due_later_or_overdue():
    pending = [PendingTraining(1, "AI-101", TODAY + dt.timedelta(days=10)),
               PendingTraining(3, "AI-102", TODAY - dt.timedelta(days=3))]
    lines, _ = _judge({1: _holder(1), 2: _holder(2), 3: _holder(3)}, pending_training=pending)
    assert lines[1].reasons[0] == "required training not done yet (AI-101; due 2026-06-11)"
    assert lines[3].reasons[0] == "required training not done yet (AI-102; overdue since 2026-05-29)"
    assert lines[2].category is Category.RECLAIM


def test_leave_covering_today_excludes_and_leave_that_ended_does_not():
    leave = [LeaveMark(1, dt.date(2026, 5, 1), None), LeaveMark(2, dt.date(2026, 4, 1), dt.date(2026, 5, 31))]
    lines, _ = _judge({1: _holder(1), 2: _holder(2)}, leave=leave)
    assert lines[1].category is Category.KEEP and lines[1].reasons[0] == "on leave"
    assert lines[2].category is Category.RECLAIM


def test_leavers_are_listed_apart_for_reclaim_at_once_even_when_active():
    holders = {1: _holder(1, active=False), 2: _holder(2, termination_date=TODAY),
               3: _holder(3, termination_date=TODAY + dt.timedelta(days=1))}
    lines, listed = _judge(holders, last_used={1: TODAY, 2: TODAY, 3: TODAY})
    assert lines[1].category is Category.LEAVER and lines[1].reasons[0] == "left (deactivated in the roster): reclaim at once"
    assert lines[2].category is Category.LEAVER and lines[2].reasons[0] == "left on 2026-06-01: reclaim at once"
    assert lines[3].category is Category.KEEP  # leaves tomorrow: not yet
    assert [line.seat.person_id for line in listed.lines[:2]] == [1, 2]  # leavers first


def test_every_reason_that_applies_is_given():
    lines, _ = _judge({1: _holder(1, hire_date=TODAY)}, leave=[LeaveMark(1, TODAY)],
                      pending_training=[PendingTraining(1, "AI-101", None)])
    assert lines[1].reasons == ("hired 2026-06-01, within the 30-day grace period",
                                "required training not done yet (AI-101; no due date)", "on leave",
                                "inactive for 30+ days: never used")


def test_an_account_matching_no_one_is_checked_before_reclaim():
    lines, listed = _judge({}, seats=[Seat(9, None, LONG_AGO, 20.0, "USD", account="guest@x.com")])
    line = listed.lines[0]
    assert line.category is Category.UNKNOWN_HOLDER and line.name == "guest@x.com"
    assert not line.recommended and listed.recoverable == {}


def test_decisions_approved_seats_leave_the_totals_and_rejected_ones_are_not_recoverable():
    holders = {1: _holder(1), 2: _holder(2), 3: _holder(3)}
    decisions = [ReclaimDecision(1, Decision.REJECTED, "Ada", dt.date(2026, 5, 1), "on a project"),
                 ReclaimDecision(1, Decision.APPROVED, "Ada", dt.date(2026, 5, 20)),
                 ReclaimDecision(2, Decision.REJECTED, "Ada", dt.date(2026, 5, 20), "part-time")]
    lines, listed = _judge(holders, decisions=decisions, last_used={3: dt.date(2026, 1, 1)})
    assert lines[1].reclaimed and lines[2].rejected and lines[3].recoverable
    assert listed.held_seats == 2 and listed.recoverable == {"EUR": 30.0}
    # used after the approval: the person holds a seat again
    lines, listed = _judge(holders, decisions=decisions, last_used={1: dt.date(2026, 5, 25)})
    assert not lines[1].reclaimed and listed.held_seats == 3


def test_settings_ranges():
    assert check_settings(30, 0) is None
    assert check_settings(0, 30) == "Inactive days must be from 1 to 365 (it is 0)."
    assert check_settings(30, "x") == "Grace days must be a whole number of days."


def test_training_is_needed_only_for_inactive_holders_in_the_roster_and_the_list_is_the_same_without_the_rest():
    """The store reads pending training only for the holders `training_may_decide` names: judged
    with just theirs, every line must be what it is with everyone's."""
    from tracker.domain.seats import training_may_decide

    holders = {1: _holder(1), 2: _holder(2), 3: _holder(3, active=False), 4: _holder(4),
               5: _holder(5, termination_date=TODAY), 6: _holder(6)}
    last_used = {1: TODAY - dt.timedelta(days=3), 2: TODAY - dt.timedelta(days=30),
                 3: LONG_AGO, 5: LONG_AGO, 6: TODAY + dt.timedelta(days=2)}  # 4: never; 6: only after the day
    seats = [Seat(pid, pid, LONG_AGO, 30.0, "EUR") for pid in holders] + [Seat(7, None, LONG_AGO, account="x@y.z")]
    pending = [PendingTraining(pid, "AI-101", TODAY + dt.timedelta(days=9)) for pid in holders]
    settings = SeatSettings()
    asked = {pid for pid in holders if training_may_decide(holders[pid], last_used.get(pid), TODAY, settings)}
    assert asked == {2, 4, 6}  # not the active one (1), nor the leavers (3, 5)
    assert not training_may_decide(None, None, TODAY, settings)  # an unknown holder
    everyone = reclaim_list(seats, holders, last_used, as_of=TODAY, settings=settings, pending_training=pending)
    theirs = reclaim_list(seats, holders, last_used, as_of=TODAY, settings=settings,
                          pending_training=[p for p in pending if p.person_id in asked])
    assert theirs == everyone
    kept = {line.seat.person_id for line in everyone.lines if any("training" in r for r in line.reasons)}
    assert kept == {2, 4, 6}
