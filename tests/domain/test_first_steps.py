"""The first steps of a new workspace: ticked from what it holds, in order."""

from __future__ import annotations

from tracker.domain.first_steps import SetupFacts, all_done, first_steps


def test_an_empty_workspace_has_every_step_open():
    steps = first_steps(SetupFacts())
    assert [s.key for s in steps] == ["roster", "rollout", "teams", "training_and_usage"]
    assert not any(s.done for s in steps) and not all_done(SetupFacts())


def test_steps_are_ticked_from_the_data_and_the_last_says_what_is_missing():
    steps = {s.key: s for s in first_steps(SetupFacts(people=True, rollouts=True, training=True))}
    assert steps["roster"].done and steps["rollout"].done and not steps["teams"].done
    assert not steps["training_and_usage"].done
    assert steps["training_and_usage"].explanation.endswith("Still missing: usage.")
    assert all_done(SetupFacts(True, True, True, True, True))
