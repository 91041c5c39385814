"""The seats store: seats from a seats file and from usage, leave, decisions (audited), rules."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.seat_records import Decision, Seat
from tracker.domain.seats import Category
from tracker.store.areas import rollout_rows
from tracker.store.errors import StoreValidationError

TODAY = dt.date(2026, 6, 1)


def _uses(ws, rollout, *pairs):
    keys = [(rollout << 44) | (person << 20) | day.toordinal() for person, day in pairs]
    ws.adoption.import_usage(keys, source="test", rows=len(keys), unknown_people=0)


def test_usage_alone_makes_a_seat_and_a_decision_stores_it(org):
    ws, rollout = org["ws"], org["rollout"]
    _uses(ws, rollout, (org["ann"], dt.date(2026, 3, 2)), (org["bob"], dt.date(2026, 5, 25)))
    seats = {s.person_id: s for s in ws.seats.seats(rollout, TODAY)}
    assert set(seats) == {org["ann"], org["bob"]} and seats[org["ann"]].seat_id is None
    assert seats[org["ann"]].assigned_on == dt.date(2026, 3, 2)
    listed = ws.seats.reclaim_list(rollout, TODAY)
    ann = next(line for line in listed.lines if line.seat.person_id == org["ann"])
    assert ann.category is Category.RECLAIM and ann.days_inactive == 91
    assert (listed.active_seats, listed.inactive_seats) == (1, 1)
    ws.seats.decide(rollout, [ann.seat], Decision.APPROVED, by="Ada Boss", on=TODAY)
    again = ws.seats.reclaim_list(rollout, TODAY)
    ann = next(line for line in again.lines if line.seat.person_id == org["ann"])
    assert ann.seat.seat_id is not None and ann.reclaimed and again.held_seats == 1
    changes = ws.query("SELECT label FROM changes ORDER BY id DESC LIMIT 1")
    assert changes[0]["label"] == "Approve reclaim of 1 seat of Claims triage assistant"


def test_a_rejection_needs_a_reason_and_who_decides(org):
    ws, rollout = org["ws"], org["rollout"]
    seat = Seat(None, org["ann"], TODAY)
    with pytest.raises(StoreValidationError, match="needs a reason"):
        ws.seats.decide(rollout, [seat], Decision.REJECTED, by="Ada")
    with pytest.raises(StoreValidationError, match="who decides"):
        ws.seats.decide(rollout, [seat], Decision.APPROVED, by="  ")
    assert ws.scalar("SELECT COUNT(*) FROM seat_decisions") == 0


def test_settings_are_checked_and_audited(org):
    ws, rollout = org["ws"], org["rollout"]
    assert ws.seats.settings(rollout).inactive_days == 30
    with pytest.raises(StoreValidationError, match="Inactive days must be from 1 to 365"):
        ws.seats.set_settings(rollout, inactive_days=0, grace_days=30)
    ws.seats.set_settings(rollout, inactive_days=14, grace_days=7, tool="Microsoft 365  Copilot")
    assert ws.seats.settings(rollout).inactive_days == 14
    assert ws.seats.tools()[rollout] == "Microsoft 365 Copilot"


def test_leave_marks_cover_their_days_and_go_with_one_undo(org):
    ws = org["ws"]
    mark = ws.seats.add_leave(org["cy"], dt.date(2026, 5, 1), dt.date(2026, 7, 31))
    assert [m.mark_id for m in ws.seats.leave(on=TODAY)] == [mark]
    assert ws.seats.leave(on=dt.date(2026, 8, 1)) == []
    with pytest.raises(StoreValidationError):
        ws.seats.add_leave(org["cy"], dt.date(2026, 5, 1), dt.date(2026, 4, 1))
    ws.seats.remove_leave(mark)
    assert ws.seats.leave() == []


def test_rollout_delete_covers_seats_settings_and_decisions(org):
    ws, rollout = org["ws"], org["rollout"]
    ws.seats.set_settings(rollout, inactive_days=10, grace_days=10)
    ws.seats.decide(rollout, [Seat(None, org["ann"], TODAY)], Decision.APPROVED, by="Ada")
    tables = {table for table, _id in rollout_rows(ws.conn, rollout)}
    assert {"seat_settings", "seats", "seat_decisions"} <= tables


def test_reclaim_lists_of_several_rollouts_judge_as_each_read_alone(org):
    """The report reads every rollout's seats together (holders, leave and decisions once, pending
    training of seat holders only): each list must be what the rule gives on that rollout's own
    reads of everything."""
    from tracker.domain.seats import reclaim_list

    ws = org["ws"]
    first, second = org["rollout"], ws.rollouts.create(name="Finance copilot", owner_id=org["boss"])
    _uses(ws, first, (org["ann"], dt.date(2026, 3, 2)), (org["bob"], dt.date(2026, 5, 25)))
    _uses(ws, second, (org["cy"], dt.date(2026, 2, 2)), (org["ann"], dt.date(2026, 5, 30)))
    ws.seats.add_leave(org["cy"], dt.date(2026, 5, 1), dt.date(2026, 7, 31))
    ws.seats.add_leave(org["bob"], dt.date(2026, 1, 1), dt.date(2026, 1, 31))  # over before the day
    ws.training.create_module(first, code="AI-101", title="AI basics", due_date=dt.date(2026, 5, 1),
                              available_from=dt.date(2025, 6, 1), team_ids=[org["claims"], org["billing"]])
    ws.seats.set_settings(second, inactive_days=14, grace_days=7)
    ann_first = next(s for s in ws.seats.seats(first, TODAY) if s.person_id == org["ann"])
    ws.seats.decide(first, [ann_first], Decision.REJECTED, by="Ada Boss", reason="Pilot lead", on=TODAY)

    together = ws.seats.reclaim_lists([first, second], TODAY)
    assert set(together) == {first, second}
    for rollout in (first, second):
        alone = reclaim_list(
            ws.seats.seats(rollout, TODAY), ws.seats.holders(), ws.seats.last_used(rollout, TODAY), as_of=TODAY,
            settings=ws.seats.settings(rollout), leave=ws.seats.leave(on=TODAY),
            pending_training=ws.seats.pending_training(rollout, TODAY), decisions=ws.seats.decisions(rollout))
        assert together[rollout] == alone
        assert ws.seats.reclaim_list(rollout, TODAY) == alone
    assert ws.seats.pending_training(first, TODAY)  # the test has training to leave out or keep
    assert {p.person_id for p in ws.seats.pending_training(first, TODAY, [org["ann"]])} == {org["ann"]}
    reasons = {line.seat.person_id: line.reasons for line in together[first].lines}
    assert "required training not done yet (AI-101; overdue since 2026-05-01)" in reasons[org["ann"]]
    assert set(ws.seats.holders([org["cy"], org["bob"]])) == {org["cy"], org["bob"]}
