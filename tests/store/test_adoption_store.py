"""The adoption store: weekly figures from usage, eligibility, hand figures, staleness, undo."""

from __future__ import annotations

import datetime as dt

import pytest
from adoption_fixtures import GO_LIVE, small_org

from tracker.store.errors import StoreValidationError


def key(rollout, person, day: dt.date) -> int:
    return (rollout << 44) | (person << 20) | day.toordinal()


def record(ws, keys, source="log.csv"):
    return ws.adoption.import_usage(keys, source=source, rows=len(keys), unknown_people=0)


@pytest.fixture
def org(workspace):
    return small_org(workspace)


def test_weekly_figures_count_eligible_active_in_28_days_and_new_adopters(workspace, org):
    rollout, teams, people = org
    monday = GO_LIVE
    keys = [key(rollout, people["S0"], monday), key(rollout, people["S0"], monday + dt.timedelta(days=1)),
            key(rollout, people["S1"], monday + dt.timedelta(days=7)),
            key(rollout, people["O0"], monday + dt.timedelta(days=35)),
            key(rollout, people["S9"], monday)]  # S9 is not an end user: not counted
    assert record(workspace, keys) is not None
    sales = workspace.adoption.history(rollout, teams["Sales"])
    assert [p.period_end for p in sales] == [monday + dt.timedelta(days=6 + 7 * i) for i in range(6)]
    assert {p.eligible for p in sales} == {9}
    # S0 used it in week 1: active in weeks 1-4 (28 days), not in week 5; S1 in week 2: weeks 2-5.
    assert [p.active for p in sales] == [1, 2, 2, 2, 1, 0]
    assert [p.new_adopters for p in sales] == [1, 1, 0, 0, 0, 0]
    total = workspace.adoption.history(rollout)
    assert [p.eligible for p in total] == [13] * 6
    assert total[-1].active == 1 and total[-1].new_adopters == 1
    assert workspace.adoption.eligible_counts(rollout) == {teams["Sales"]: 9, teams["Ops"]: 4}


def test_everyone_is_eligible_when_the_rollout_names_no_end_users(workspace, org):
    rollout, teams, people = org
    workspace.roles.unassign([a.id for a in workspace.roles.assignments(rollout)])
    assert workspace.adoption.eligible_counts(rollout) == {teams["Sales"]: 10, teams["Ops"]: 4}


def test_undo_of_an_import_removes_its_effect_and_redo_restores_it(workspace, org):
    rollout, teams, people = org
    first = record(workspace, [key(rollout, people["S0"], GO_LIVE)], "a.csv")
    second = record(workspace, [key(rollout, people["S1"], GO_LIVE + dt.timedelta(days=8))], "b.csv")
    assert workspace.adoption.history(rollout)[-1].active == 2
    undo = workspace.audit.undo(second)
    points = workspace.adoption.history(rollout)
    assert len(points) == 1 and points[-1].active == 1  # b.csv's week is gone with it
    workspace.audit.undo(undo)  # redo
    assert workspace.adoption.history(rollout)[-1].active == 2
    workspace.audit.undo(workspace.audit.recent_changes()[0].id)  # undo again
    workspace.audit.undo(first)
    assert workspace.adoption.history(rollout) == []
    # Importing an undone day again counts it again.
    assert record(workspace, [key(rollout, people["S0"], GO_LIVE)], "a.csv") is not None
    assert workspace.adoption.history(rollout)[-1].active == 1


def test_the_same_events_twice_make_no_second_change(workspace, org):
    rollout, _, people = org
    keys = [key(rollout, people["S0"], GO_LIVE)]
    assert record(workspace, keys) is not None
    changes = len(workspace.audit.recent_changes())
    assert record(workspace, keys) is None
    assert len(workspace.audit.recent_changes()) == changes


def test_a_roster_change_marks_the_rollout_stale_and_the_next_read_recomputes(workspace, org):
    rollout, teams, people = org
    record(workspace, [key(rollout, people["S0"], GO_LIVE)])
    assert workspace.adoption.history(rollout, teams["Sales"])[0].eligible == 9
    workspace.people.set_active([people["S1"]], False)
    assert workspace.scalar("SELECT COUNT(*) FROM adoption_stale") == 1
    assert workspace.adoption.history(rollout, teams["Sales"])[0].eligible == 8
    assert workspace.scalar("SELECT COUNT(*) FROM adoption_stale") == 0


def test_hand_figures_replace_the_log_for_their_team_and_carry_forward(workspace, org):
    rollout, teams, people = org
    record(workspace, [key(rollout, people["S0"], GO_LIVE + dt.timedelta(days=7 * i)) for i in range(3)])
    fid = workspace.adoption.set_team_figure(rollout, teams["Ops"], GO_LIVE + dt.timedelta(days=6), 5, 2, 1)
    total = workspace.adoption.history(rollout)
    assert [(p.eligible, p.active) for p in total] == [(9 + 5, 1 + 2)] * 3  # Ops' week-1 figure carried
    assert total[0].proficient == 1 and total[0].proficiency == 0.5
    ops = workspace.adoption.history(rollout, teams["Ops"])
    assert [(p.eligible, p.active, p.proficient) for p in ops] == [(5, 2, 1)]
    assert workspace.adoption.set_team_figure(rollout, teams["Ops"], GO_LIVE + dt.timedelta(days=6), 5, 3) == fid
    workspace.adoption.delete_team_figure(fid)
    assert workspace.adoption.team_figures(rollout) == []


@pytest.mark.parametrize("eligible, active, proficient, message", [
    (5, 6, None, "more than eligible"), (5, 3, 4, "more than active"), (-1, 0, None, "whole number"),
    (5, 2.5, None, "whole number"),
])
def test_hand_figures_are_validated(workspace, org, eligible, active, proficient, message):
    rollout, teams, _ = org
    with pytest.raises(StoreValidationError, match=message):
        workspace.adoption.set_team_figure(rollout, teams["Ops"], GO_LIVE, eligible, active, proficient)


def test_summary_and_team_summaries(workspace, org):
    rollout, teams, people = org
    record(workspace, [key(rollout, people[e], GO_LIVE + dt.timedelta(days=d))
                       for e, d in (("S0", 0), ("S1", 7), ("S2", 14), ("O0", 14))])
    s = workspace.adoption.summary(rollout, GO_LIVE + dt.timedelta(days=20))
    assert s.has_data and s.eligible == 13 and s.active == 4 and s.rate == pytest.approx(4 / 13)
    assert s.target == 0.8 and s.go_live == GO_LIVE and s.expected_rate > 0
    assert not s.forecast.ok and "3 points" in s.forecast.reason
    teams_s = workspace.adoption.team_summaries(rollout, GO_LIVE + dt.timedelta(days=20))
    assert teams_s[teams["Ops"]].rate == 0.25 and teams_s[teams["Sales"]].active == 3
    assert set(workspace.adoption.summaries(GO_LIVE)) == {rollout}


@pytest.mark.sqlite_only("asks SQLite's query planner (EXPLAIN QUERY PLAN)")
def test_reads_use_the_covering_primary_keys(workspace, org):
    rollout, _, _ = org
    plan = " ".join(r[3] for r in workspace.conn.execute(
        "EXPLAIN QUERY PLAN SELECT week_end, SUM(eligible), SUM(active), SUM(new_adopters) FROM adoption_weekly "
        "WHERE rollout_id = ? GROUP BY week_end", (rollout,)))
    assert "USING PRIMARY KEY (rollout_id=?)" in plan and "TEMP B-TREE" not in plan
    plan = " ".join(r[3] for r in workspace.conn.execute(
        "EXPLAIN QUERY PLAN SELECT person_id, day FROM usage_events WHERE rollout_id = ?", (rollout,)))
    assert "USING PRIMARY KEY (rollout_id=?)" in plan
