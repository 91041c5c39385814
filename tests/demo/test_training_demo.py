"""The sample workspace's training: modules, mixed progress, sessions with seats; same seed, same data."""

from __future__ import annotations

import pytest

from tracker.demo import write_demo_workspace
from tracker.demo.seats import CHAT_SPEC
from tracker.store import Workspace
from tracker.store.training_queries import Scope


@pytest.fixture(scope="module")
def sample(sample_copy, tmp_path_factory):
    path = sample_copy(tmp_path_factory.mktemp("demo") / "sample.tracker", seed=3)
    ws = Workspace.open(path, readonly=True)
    yield ws
    ws.close()


def test_every_rollout_has_modules_progress_and_a_plan(sample):
    for rollout in sample.rollouts.list():
        if rollout.name == CHAT_SPEC.name:  # a bought tool with one short course (tracker/demo/seats.py)
            assert [m.code for m in sample.training.modules(rollout.id)] == ["ECA-101"]
            assert sum(t.completed for t in sample.training.team_progress(Scope(rollout.id))) > 0
            continue
        modules = sample.training.modules(rollout.id)
        assert len(modules) >= 4
        teams = sample.training.team_progress(Scope(rollout.id))
        assert sum(t.required for t in teams) > 100
        assert sum(t.completed for t in teams) > 0


def test_some_teams_are_behind_and_some_work_is_overdue(sample):
    percents, overdue = [], 0
    for rollout in sample.rollouts.list():
        for t in sample.training.team_progress(Scope(rollout.id)):
            if t.required >= 20 and t.percent is not None:
                percents.append(t.percent)
            overdue += t.overdue
    assert min(percents) < 0.6 < max(percents)
    assert overdue > 0


def test_sessions_hold_seats_without_overbooking_or_clashes(sample):
    assert sample.scalar("SELECT COUNT(*) FROM training_enrolments") > 0
    assert sample.scalar("""SELECT COUNT(*) FROM training_sessions s WHERE s.capacity <
                            (SELECT COUNT(*) FROM training_enrolments e WHERE e.session_id = s.id)""") == 0
    assert sample.scalar("""SELECT COUNT(*) FROM training_enrolments a JOIN training_sessions sa ON sa.id = a.session_id
                            JOIN training_enrolments b ON b.person_id = a.person_id AND b.id > a.id
                            JOIN training_sessions sb ON sb.id = b.session_id AND sb.starts_on = sa.starts_on""") == 0


def test_the_same_seed_gives_the_same_training(sample, tmp_path):
    again = write_demo_workspace(tmp_path / "again.tracker", seed=3)
    query = "SELECT module_id, person_id, status, completed_on, score FROM training_records ORDER BY id"
    with Workspace.open(again, readonly=True) as ws:
        assert ws.query(query) == sample.query(query)
