"""Training rules: requirement derivation, overdue, merging progress, seats, sessions, clashes."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.training import (
    ModuleRule,
    Progress,
    TrainingFormat,
    TrainingStatus,
    due_on,
    is_overdue,
    match_status,
    merge_progress,
    parse_score,
    percent_complete,
    required_modules,
    seats_needed,
    sessions_needed,
)
from tracker.domain.training_sessions import (
    ModuleDemand,
    Slot,
    TrainingSession,
    check_enrolment,
    clashing_people,
    describe_clashes,
    find_clash,
    overlaps,
    plan_months,
)

D = dt.date
DONE, WIP, NEW, EXEMPT = (TrainingStatus.COMPLETED, TrainingStatus.IN_PROGRESS, TrainingStatus.NOT_STARTED,
                          TrainingStatus.EXEMPT)


# ------------------------------------------------------------------ requirements
RULES = [ModuleRule(1, frozenset({10}), frozenset()),       # champions
         ModuleRule(2, frozenset({10, 11}), frozenset()),   # champions and end users
         ModuleRule(3, frozenset(), frozenset({100}))]      # the Claims team


def test_required_modules_follow_roles_and_team():
    assert required_modules([10], None, RULES) == {1, 2}
    assert required_modules([11], 100, RULES) == {2, 3}
    assert required_modules([], 200, RULES) == set()


def test_a_role_change_changes_the_required_modules():
    before = required_modules([11], 200, RULES)
    after = required_modules([10], 200, RULES)
    assert before == {2} and after == {1, 2}


def test_modules_assigned_by_hand_are_required_too():
    assert required_modules([], 200, RULES, assigned_by_hand=[3]) == {3}


# ------------------------------------------------------------------ due dates, overdue
def test_due_date_fixed_or_relative_to_go_live():
    assert due_on(D(2026, 3, 1), None, D(2026, 5, 1)) == D(2026, 3, 1)
    assert due_on(None, -14, D(2026, 5, 1)) == D(2026, 4, 17)
    assert due_on(None, 30, D(2026, 5, 1)) == D(2026, 5, 31)
    assert due_on(None, -14, None) is None


@pytest.mark.parametrize("status, due, overdue", [
    (NEW, D(2026, 1, 9), True), (WIP, D(2026, 1, 9), True), (DONE, D(2026, 1, 9), False),
    (EXEMPT, D(2026, 1, 9), False), (NEW, D(2026, 1, 10), False), (NEW, None, False),
])
def test_overdue_is_derived_from_status_and_due_date(status, due, overdue):
    assert is_overdue(status, due, as_of=D(2026, 1, 10)) is overdue


# ------------------------------------------------------------------ status words and merging
@pytest.mark.parametrize("word, status", [
    ("Completed", DONE), ("complete", DONE), ("done", DONE), ("PASSED", DONE), ("In Progress", WIP),
    ("in-progress", WIP), ("started", WIP), ("Not started", NEW), ("registered", NEW), ("Waived", EXEMPT),
    ("exempt", EXEMPT),
])
def test_status_words_match_loosely(word, status):
    assert match_status(word) is status


@pytest.mark.parametrize("word", ["", "maybe", "complet"])
def test_unknown_status_words_do_not_match(word):
    assert match_status(word) is None


def test_a_later_in_progress_never_takes_a_completion_back():
    done = Progress(DONE, D(2026, 1, 5), 80)
    assert merge_progress(done, Progress(WIP)) == done
    assert merge_progress(done, Progress(NEW)) == done


def test_a_newer_completion_replaces_an_older_one_but_not_the_other_way():
    old, new = Progress(DONE, D(2026, 1, 5), 70), Progress(DONE, D(2026, 2, 1), 90)
    assert merge_progress(old, new) == new
    assert merge_progress(new, old) == new


def test_progress_moves_forward_and_exemption_is_kept():
    assert merge_progress(Progress(NEW), Progress(WIP)) == Progress(WIP)
    assert merge_progress(Progress(WIP), Progress(NEW)) == Progress(WIP)
    assert merge_progress(Progress(EXEMPT), Progress(WIP)) == Progress(EXEMPT)
    assert merge_progress(Progress(EXEMPT), Progress(DONE, D(2026, 1, 1))).status is DONE
    assert merge_progress(None, Progress(WIP)) == Progress(WIP)


@pytest.mark.parametrize("text, value", [("", None), (85, 85.0), ("85", 85.0), ("85%", 85.0), ("72,5", 72.5)])
def test_scores_parse(text, value):
    assert parse_score(text) == value


@pytest.mark.parametrize("text", ["abc", "101", "-1", True, "nan"])
def test_malformed_scores_are_refused(text):
    with pytest.raises(ValueError):
        parse_score(text)


def test_percent_complete_leaves_out_the_exempt():
    assert percent_complete(10, 4, 2) == 0.5
    assert percent_complete(2, 0, 2) is None
    assert percent_complete(0, 0, 0) is None


def test_e_learning_needs_no_sessions():
    assert not TrainingFormat.E_LEARNING.needs_sessions and TrainingFormat.WORKSHOP.needs_sessions
    assert TrainingFormat.parse("E-learning") is TrainingFormat.E_LEARNING


# ------------------------------------------------------------------ seats and sessions
def test_seats_needed_counts_requiring_not_completed_not_enrolled():
    assert seats_needed(requiring={1, 2, 3, 4, 5}, completed={1}, enrolled={2}, exempt={3}) == 2
    assert seats_needed(requiring={1}, completed={1}, enrolled=set()) == 0


@pytest.mark.parametrize("seats, capacity, sessions", [(0, 12, 0), (1, 12, 1), (12, 12, 1), (13, 12, 2), (25, 12, 3)])
def test_sessions_needed_rounds_up(seats, capacity, sessions):
    assert sessions_needed(seats, capacity) == sessions


def test_sessions_needed_refuses_a_zero_capacity():
    with pytest.raises(ValueError):
        sessions_needed(3, 0)


# ------------------------------------------------------------------ clashes and enrolment
T = dt.datetime


def session(sid=1, start=dt.datetime(2026, 3, 2, 9, 0), minutes=180, capacity=3) -> TrainingSession:
    return TrainingSession(sid, 7, "AI-201", start, minutes, capacity, "Room 1", False, None)


def test_overlapping_sessions_clash_and_adjacent_ones_do_not():
    assert overlaps(T(2026, 3, 2, 9), T(2026, 3, 2, 12), T(2026, 3, 2, 11), T(2026, 3, 2, 13))
    assert not overlaps(T(2026, 3, 2, 9), T(2026, 3, 2, 12), T(2026, 3, 2, 12), T(2026, 3, 2, 13))
    other = Slot(2, "AI-101 on 2 Mar", T(2026, 3, 2, 11), T(2026, 3, 2, 12))
    assert find_clash(session(), [other]) == other
    assert find_clash(session(start=T(2026, 3, 3, 9)), [other]) is None
    assert find_clash(session(sid=2), [other]) is None  # its own seat is not a clash


def test_moving_a_session_finds_who_it_would_book_twice():
    slots = {4: [Slot(2, "AI-101 on 3 Mar", T(2026, 3, 3, 10), T(2026, 3, 3, 11))],
             5: [Slot(1, "its own seat", T(2026, 3, 2, 9), T(2026, 3, 2, 12))]}
    moved = session(start=T(2026, 3, 3, 9))
    assert clashing_people(moved, [(4, "Ann"), (5, "Bob"), (6, "Cy")], slots) == [("Ann", slots[4][0])]
    assert clashing_people(session(), [(4, "Ann"), (5, "Bob")], slots) == []


def test_a_clash_message_names_three_and_counts_the_rest():
    slot = Slot(2, "AI-101 on 3 Mar", T(2026, 3, 3, 10), T(2026, 3, 3, 11))
    assert describe_clashes([("Ann", slot)]) == "Ann (AI-101 on 3 Mar) would be booked twice at that time."
    text = describe_clashes([(name, slot) for name in ("Ann", "Bob", "Cy", "Di", "Ed")])
    assert text.startswith("Ann (AI-101 on 3 Mar), Bob (AI-101 on 3 Mar), Cy (AI-101 on 3 Mar) and 2 others ")
    assert describe_clashes([(name, slot) for name in ("Ann", "Bob", "Cy", "Di")]).count(" and 1 other ") == 1


def test_enrolment_refuses_a_clash_and_warns_about_a_completion():
    slots = {5: [Slot(2, "AI-101 on 2 Mar 2026 10:00–11:00", T(2026, 3, 2, 10), T(2026, 3, 2, 11))]}
    check = check_enrolment(session(), [(4, "Ann"), (5, "Bob")], enrolled=set(), slots=slots, completed={4})
    assert not check.ok
    assert check.refused == ["Bob is already booked at that time (AI-101 on 2 Mar 2026 10:00–11:00)."]
    assert check.warnings == ["Ann has already completed AI-201."]
    assert check.accepted == [4]


def test_enrolment_enforces_capacity_counting_seats_taken():
    check = check_enrolment(session(capacity=3), [(4, "Ann"), (5, "Bob")], enrolled={1, 2}, slots={}, completed=set())
    assert not check.ok and "1 seat is left for 2 people" in check.refused[0]
    fits = check_enrolment(session(capacity=3), [(4, "Ann"), (1, "Cy")], enrolled={1, 2}, slots={}, completed=set())
    assert fits.ok and fits.accepted == [4] and fits.already == [1]


# ------------------------------------------------------------------ the month plan
def test_month_plan_puts_demand_in_the_due_month_and_seats_in_the_session_month():
    demand = ModuleDemand(7, "AI-201", D(2026, 5, 20), outstanding=30, capacity=12,
                          sessions=((D(2026, 4, 7), 12, 10), (D(2026, 5, 5), 12, 3), (D(2026, 1, 5), 12, 12)))
    rows = plan_months([demand], as_of=D(2026, 3, 15))
    assert [(r.month, r.needed, r.scheduled) for r in rows] == [
        (D(2026, 3, 1), 0, 0), (D(2026, 4, 1), 0, 12), (D(2026, 5, 1), 30, 12)]
    may = rows[-1]
    assert may.shortfall == 6 and may.add_sessions == 1 and may.enrolled == 3


def test_month_plan_for_an_overdue_module_needs_the_seats_now():
    rows = plan_months([ModuleDemand(1, "X", D(2025, 12, 1), outstanding=5, capacity=10)], as_of=D(2026, 3, 15))
    assert [(r.month, r.needed, r.shortfall, r.add_sessions) for r in rows] == [(D(2026, 3, 1), 5, 5, 1)]
