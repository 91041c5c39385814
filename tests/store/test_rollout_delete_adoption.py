"""Deleting a rollout takes its hand-entered adoption figures with it (and undo brings them back)."""

import datetime as dt

from tracker.services.rollout_lifecycle import delete_rollout


def test_deleting_a_rollout_with_team_figures_and_undoing_it(org):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], "high")
    figure = ws.adoption.set_team_figure(org["rollout"], org["claims"], dt.date(2026, 3, 1), 10, 4)
    delete_rollout(ws, org["rollout"])
    assert ws.rollouts.get(org["rollout"]) is None
    assert ws.scalar("SELECT count(*) FROM adoption_figures") == 0
    change = ws.audit.recent_changes(1)[0]
    ws.audit.undo(change.id)
    assert [f["id"] for f in ws.adoption.team_figures(org["rollout"])] == [figure]


def test_several_team_figures_go_in_one_undo_step(org):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], "high")
    ids = [ws.adoption.set_team_figure(org["rollout"], org["claims"], dt.date(2026, 3, d), 10, 4) for d in (1, 8)]
    ws.adoption.delete_team_figures(ids)
    assert ws.adoption.team_figures(org["rollout"]) == []
    ws.audit.undo(ws.audit.recent_changes(1)[0].id)
    assert sorted(f["id"] for f in ws.adoption.team_figures(org["rollout"])) == sorted(ids)


def test_two_hand_figures_in_one_week_count_the_later_one(org):
    ws = org["ws"]
    ws.rollouts.set_impact(org["rollout"], org["claims"], "high")
    ws.adoption.set_team_figure(org["rollout"], org["claims"], dt.date(2026, 3, 4), 10, 2)  # a Wednesday
    ws.adoption.set_team_figure(org["rollout"], org["claims"], dt.date(2026, 3, 8), 10, 6)  # that Sunday
    summary = ws.adoption.summary(org["rollout"], dt.date(2026, 3, 20))
    assert (summary.eligible, summary.active) == (10, 6)
