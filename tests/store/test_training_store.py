"""Training in the store: derived requirements, SQL roll-ups, marking progress, sessions."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.training import TrainingFormat, TrainingStatus
from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store import StoreValidationError
from tracker.store.training_queries import Scope

D = dt.date
AS_OF = D(2026, 3, 15)


@pytest.fixture
def training(org):
    ws = org["ws"]
    ws.rollouts.update(org["rollout"], go_live_date=D(2026, 3, 1))
    champion = ws.roles.type_by_name("Champion").id
    end_user = ws.roles.type_by_name("End user").id
    ws.roles.assign(org["rollout"], org["ann"], champion)
    ws.roles.assign(org["rollout"], org["ann"], end_user)   # two roles requiring the same module
    ws.roles.assign(org["rollout"], org["bob"], end_user)
    basics = ws.training.create_module(org["rollout"], code="AI-101", title="AI basics", hours=1,
                                       due_offset_days=-14, available_from=D(2025, 6, 1),
                                       role_ids=[champion, end_user], team_ids=[org["claims"]])
    coach = ws.training.create_module(org["rollout"], code="AI-301", title="Champion coaching",
                                      format=TrainingFormat.WORKSHOP, due_date=D(2026, 5, 31),
                                      available_from=D(2025, 6, 1), role_ids=[champion])
    return {**org, "basics": basics, "coach": coach, "champion": champion, "end_user": end_user}


def progress(ws, rollout, **kw):
    return {t.team_name: t for t in ws.training.team_progress(Scope(rollout, as_of=AS_OF, **kw))}


def test_requirements_are_derived_from_roles_and_teams_once_each(training):
    ws, rollout = training["ws"], training["rollout"]
    rows = progress(ws, rollout)
    # Claims: Ann (role and team: AI-101 once; champion: AI-301) and Cy (team: AI-101). Billing: Bob.
    assert rows["Claims"].required == 3 and rows["Billing"].required == 1
    assert rows["Claims"].overdue == 2  # AI-101 was due 15 Feb for both; AI-301 is not due yet


def test_a_role_change_changes_requirements_without_any_sync(training):
    ws, rollout = training["ws"], training["rollout"]
    ws.roles.assign(rollout, training["bob"], training["champion"])
    assert progress(ws, rollout)["Billing"].required == 2
    held = [a.id for a in ws.roles.assignments(rollout) if a.person_id == training["bob"]]
    ws.roles.unassign(held)
    assert "Billing" not in progress(ws, rollout)


def test_leavers_are_not_counted(training):
    ws = training["ws"]
    ws.people.set_active([training["cy"]], False)
    assert progress(ws, training["rollout"])["Claims"].required == 2


def test_marking_completions_updates_the_rollup(training):
    ws, rollout, basics = training["ws"], training["rollout"], training["basics"]
    ws.training.mark_completed(basics, [training["ann"], training["cy"]], D(2026, 2, 10), 90, today=AS_OF)
    ws.training.set_status(training["coach"], [training["ann"]], TrainingStatus.IN_PROGRESS)
    claims = progress(ws, rollout)["Claims"]
    assert (claims.completed, claims.in_progress, claims.overdue) == (2, 1, 0)
    assert claims.percent == pytest.approx(2 / 3)
    stored = {(r.person_name, r.module_code): r for r in ws.training.people_modules(Scope(rollout, as_of=AS_OF))}
    assert stored[("Ann Claims", "AI-101")].score == 90
    assert stored[("Ann Claims", "AI-101")].completed_on == D(2026, 2, 10)


def test_exempt_people_need_a_reason_and_leave_the_percentage(training):
    ws, rollout = training["ws"], training["rollout"]
    with pytest.raises(StoreValidationError):
        ws.training.set_status(training["basics"], [training["bob"]], TrainingStatus.EXEMPT)
    ws.training.set_status(training["basics"], [training["bob"]], TrainingStatus.EXEMPT, "Long-term leave")
    billing = progress(ws, rollout)["Billing"]
    assert billing.exempt == 1 and billing.percent is None and billing.overdue == 0


@pytest.mark.parametrize("day", [D(2026, 3, 16), D(2025, 5, 31)])
def test_impossible_completion_dates_are_refused(training, day):
    with pytest.raises(StoreValidationError):
        training["ws"].training.mark_completed(training["basics"], [training["bob"]], day, today=AS_OF)


def test_module_assigned_by_hand_is_required(training):
    ws = training["ws"]
    ws.training.assign(training["coach"], [training["bob"]])
    assert progress(ws, training["rollout"])["Billing"].required == 2


def test_hand_assignments_across_modules_come_off_in_one_undo_step(training):
    ws, rollout = training["ws"], training["rollout"]
    ws.training.assign(training["coach"], [training["bob"]])
    ws.training.assign(training["basics"], [training["bob"]])  # also required by his role
    ws.training.mark_completed(training["coach"], [training["bob"]], D(2026, 3, 1), today=AS_OF)
    ws.training.assign_pairs([(training["coach"], training["bob"]), (training["basics"], training["bob"])],
                             assigned=False)
    assert progress(ws, rollout)["Billing"].required == 1  # AI-101 stays: his role requires it
    assert ws.scalar("SELECT status FROM training_records WHERE module_id = ? AND person_id = ?",
                     (training["coach"], training["bob"])) == "completed"  # what he did is kept
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert progress(ws, rollout)["Billing"].required == 2


def test_filters_by_module_team_and_manager(training):
    ws, rollout = training["ws"], training["rollout"]
    assert set(progress(ws, rollout, module_id=training["coach"])) == {"Claims"}
    assert set(progress(ws, rollout, team_ids=frozenset({training["billing"]}))) == {"Billing"}
    by_ann = progress(ws, rollout, manager_id=training["ann"])  # Cy reports to Ann
    assert by_ann["Claims"].required == 1


def test_burn_up_counts_completions_against_due_dates(training):
    ws, rollout = training["ws"], training["rollout"]
    ws.training.mark_completed(training["basics"], [training["ann"]], D(2026, 2, 1), today=AS_OF)
    ws.training.mark_completed(training["basics"], [training["bob"]], D(2026, 2, 20), today=AS_OF)
    burn = ws.training.burn_up(Scope(rollout, as_of=AS_OF))
    assert burn.actual == [(D(2026, 2, 1), 1), (D(2026, 2, 20), 2)]
    assert burn.plan == [(D(2026, 2, 15), 3), (D(2026, 5, 31), 4)]


def test_editing_and_deleting_a_module_is_undoable(training):
    ws = training["ws"]
    ws.training.update_module(training["coach"], code="AI-301", title="Coaching", role_ids=[], team_ids=[training["billing"]],
                              available_from=D(2025, 6, 1))
    assert ws.training.module(training["coach"]).team_ids == (training["billing"],)
    with pytest.raises(StoreValidationError):
        ws.training.create_module(training["rollout"], code="ai-301", title="Duplicate")
    ws.training.mark_completed(training["coach"], [training["bob"]], D(2026, 3, 1), today=AS_OF)
    ws.training.delete_module(training["coach"])
    assert ws.training.module(training["coach"]) is None
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert ws.training.module(training["coach"]).title == "Coaching"


# ------------------------------------------------------------------ sessions
def make_session(ws, module, day=dt.datetime(2026, 4, 7, 9), capacity=2, minutes=180):
    return ws.training.sessions.create(module_id=module, starts=day, duration_minutes=minutes,
                                       capacity=capacity, place="Room 4")


def test_enrolment_enforces_capacity_and_refuses_clashes(training):
    ws, s = training["ws"], training["ws"].training.sessions
    first = make_session(ws, training["coach"])
    s.enrol(first, [training["ann"], training["bob"]])
    with pytest.raises(StoreValidationError, match="no seats"):
        s.enrol(first, [training["cy"]])
    overlapping = make_session(ws, training["basics"], dt.datetime(2026, 4, 7, 11), capacity=5)
    with pytest.raises(StoreValidationError, match="already booked"):
        s.enrol(overlapping, [training["cy"], training["ann"]])
    assert [e.person_name for e in s.enrolments(overlapping)] == []  # all or nothing
    assert [e.person_name for e in s.enrolments(first)] == ["Ann Claims", "Bob Billing"]


def test_enrolling_someone_who_completed_warns(training):
    ws = training["ws"]
    ws.training.mark_completed(training["coach"], [training["ann"]], D(2026, 3, 1), today=AS_OF)
    check = ws.training.sessions.check(make_session(ws, training["coach"]), [training["ann"]])
    assert check.ok and check.warnings == ["Ann Claims has already completed AI-301."]


def test_seats_and_sessions_needed_per_module_and_team(training):
    ws, rollout = training["ws"], training["rollout"]
    ws.training.assign(training["coach"], [training["bob"], training["cy"]])
    session = make_session(ws, training["coach"], capacity=2)
    ws.training.sessions.enrol(session, [training["cy"]])
    needs = {n.team_name: n for n in ws.training.sessions.seat_needs(Scope(rollout, as_of=AS_OF))}
    assert (needs["Claims"].requiring, needs["Claims"].enrolled, needs["Claims"].seats) == (2, 1, 1)
    assert (needs["Billing"].seats, needs["Billing"].sessions) == (1, 1)
    plan = ws.training.sessions.month_plan(Scope(rollout, as_of=AS_OF))
    may = [p for p in plan if p.month == D(2026, 5, 1)][0]
    assert (may.needed, may.shortfall) == (3, 1)
    assert [p.scheduled for p in plan if p.month == D(2026, 4, 1)] == [2]


def test_capacity_cannot_drop_below_the_seats_taken(training):
    ws = training["ws"]
    sid = make_session(ws, training["coach"], capacity=2)
    ws.training.sessions.enrol(sid, [training["ann"], training["bob"]])
    with pytest.raises(StoreValidationError):
        ws.training.sessions.update(sid, module_id=training["coach"], starts=dt.datetime(2026, 4, 7, 9),
                                    duration_minutes=60, capacity=1, place="Room 4")


def test_a_rollout_with_training_is_deleted_with_its_training_and_undo_brings_it_back(training):
    ws, rollout = training["ws"], training["rollout"]
    make_session(ws, training["coach"])
    delete_rollout(ws, rollout)
    assert ws.scalar("SELECT COUNT(*) FROM training_modules") == 0
    assert ws.scalar("SELECT COUNT(*) FROM training_sessions") == 0
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert len(ws.training.modules(rollout)) == 2 and len(ws.training.sessions.list(rollout)) == 1


def test_moving_a_session_onto_its_peoples_other_sessions_is_refused(training):
    ws, s = training["ws"], training["ws"].training.sessions
    coaching = make_session(ws, training["coach"], dt.datetime(2026, 4, 7, 9), capacity=5, minutes=120)
    basics = make_session(ws, training["basics"], dt.datetime(2026, 4, 8, 9), capacity=5, minutes=120)
    s.enrol(coaching, [training["ann"], training["bob"]])
    s.enrol(basics, [training["ann"], training["bob"], training["cy"]])
    fields = dict(module_id=training["basics"], duration_minutes=120, capacity=5, place="Room 4")
    with pytest.raises(StoreValidationError) as refused:
        s.update(basics, starts=dt.datetime(2026, 4, 7, 10), **fields)  # overlaps coaching 9–11
    message = str(refused.value)
    assert "Ann Claims (AI-301 on 7 Apr 2026 09:00–11:00)" in message and "Bob Billing" in message
    assert "Cy Claims" not in message
    assert s.get(basics).starts == dt.datetime(2026, 4, 8, 9)  # nothing written
    with pytest.raises(StoreValidationError, match="booked twice"):  # a longer session reaching it
        s.update(coaching, starts=dt.datetime(2026, 4, 7, 9), **{**fields, "module_id": training["coach"],
                                                                  "duration_minutes": 24 * 60 + 30})
    s.update(basics, starts=dt.datetime(2026, 4, 7, 11), **fields)  # right after coaching: no clash
    assert s.get(basics).starts == dt.datetime(2026, 4, 7, 11)
    s.update(basics, starts=dt.datetime(2026, 4, 7, 11), **{**fields, "place": "Room 9"})  # same time, new room


def test_a_clash_message_names_the_first_few_and_counts_the_rest(training):
    ws, s = training["ws"], training["ws"].training.sessions
    team = training["claims"]
    people = [ws.people.create(employee_id=f"X{n:02d}", name=f"Person {n:02d}", team_id=team) for n in range(6)]
    first = make_session(ws, training["coach"], dt.datetime(2026, 4, 7, 9), capacity=10, minutes=60)
    second = make_session(ws, training["basics"], dt.datetime(2026, 4, 9, 9), capacity=10, minutes=60)
    s.enrol(first, people)
    s.enrol(second, people)
    with pytest.raises(StoreValidationError) as refused:
        s.update(second, module_id=training["basics"], starts=dt.datetime(2026, 4, 7, 9, 30), duration_minutes=60,
                 capacity=10, place="Room 4")
    message = str(refused.value)
    assert "Person 00" in message and "Person 02" in message and "Person 03" not in message
    assert "and 3 others would be booked twice" in message


def test_a_role_that_training_requires_cannot_be_removed(training):
    ws = training["ws"]
    temp = ws.roles.add_type("Reviewer")
    ws.training.update_module(training["coach"], code="AI-301", title="Champion coaching", format="workshop",
                              due_date=D(2026, 5, 31), available_from=D(2025, 6, 1),
                              role_ids=[training["champion"], temp])
    with pytest.raises(StoreValidationError, match="AI-301 is required of the role 'Reviewer'"):
        ws.roles.remove_type(temp)
    assert ws.roles.type_by_name("Reviewer") is not None


def test_a_due_date_before_the_module_is_available_is_refused(training):
    ws, rollout = training["ws"], training["rollout"]
    with pytest.raises(StoreValidationError, match=r"due date \(1 Mar 2026\) is before the module is available \(1 Apr 2026\)"):
        ws.training.create_module(rollout, code="LATE", title="Late", due_date=dt.date(2026, 3, 1),
                                  available_from=dt.date(2026, 4, 1))
    assert ws.training.create_module(rollout, code="OK", title="On time", due_date=dt.date(2026, 4, 1),
                                     available_from=dt.date(2026, 4, 1))


def test_the_set_of_assignments_is_the_same_without_the_disjoint_branches(training):
    """any_pairs (membership: the seats' pending training) leaves out what makes the reasons
    disjoint; with reasons overlapping (Ann: team and two roles for AI-101; Bob: a role and by
    hand), it must list exactly the assignments pairs lists, each once."""
    from tracker.store.training_queries import STATUS, any_pairs, pairs

    ws, rollout = training["ws"], training["rollout"]
    ws.training.assign(training["basics"], [training["bob"]])  # also required by his role
    ws.training.assign(training["coach"], [training["bob"]])
    ws.training.mark_completed(training["coach"], [training["ann"]], D(2026, 3, 1), today=AS_OF)
    scope = Scope(rollout, as_of=AS_OF)
    for where in ("", f"{STATUS} IN ('not_started', 'in_progress')"):
        listed = ws.conn.execute(*pairs(scope, "p.id, mods.id, mods.due", where=where)).fetchall()
        as_set = ws.conn.execute(*any_pairs(scope, "p.id, mods.id, mods.due", where=where)).fetchall()
        assert len(listed) == len(set(listed))  # pairs' branches are disjoint
        assert sorted(as_set) == sorted(listed)
    pending = {(p, m) for p, m, _due in as_set}
    assert (training["ann"], training["coach"]) not in pending  # completed
    assert {(training["ann"], training["basics"]), (training["bob"], training["coach"])} <= pending
