"""The weekly figures updated per import (tracker/store/adoption_increment.py) equal a recount.

Batches in random order: later weeks (the series grows, and the weeks after its old end count
earlier uses), earlier weeks (first uses move earlier, new adopters move between weeks, go-live's
lead-in follows), days already recorded, people not eligible, an undo in between (the rollout is
then recounted) and a go-live moved between imports.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from adoption_fixtures import GO_LIVE, small_org

from tracker.store import adoption_increment, adoption_rollup


def key(rollout, person, day: dt.date) -> int:
    return (rollout << 44) | (person << 20) | day.toordinal()


def weekly(ws, rollout):
    return ws.conn.execute("SELECT week_end, team_id, eligible, active, new_adopters FROM adoption_weekly "
                           "WHERE rollout_id = ? ORDER BY week_end, team_id", (rollout,)).fetchall()


def recounted(ws, rollout):
    """The figures a full recount gives, without keeping it."""
    ws.conn.execute("BEGIN")
    try:
        adoption_rollup.recompute(ws.conn, [rollout])
        return weekly(ws, rollout)
    finally:
        ws.conn.execute("ROLLBACK")


@pytest.fixture
def org(workspace):
    return small_org(workspace)


def _batches(rollout, people, rng):
    ids = list(people.values())
    batches = []
    for week in [6, 7, 8, 3, 12, 9, 0, 13, 14, 2, 20, 21, 5]:
        monday = GO_LIVE + dt.timedelta(days=7 * week)
        users = rng.sample(ids, rng.randint(1, len(ids)))
        batches.append([key(rollout, p, monday + dt.timedelta(days=rng.randrange(7))) for p in users])
    return batches


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_each_import_updates_the_figures_to_exactly_a_recount(workspace, org, seed, monkeypatch):
    rollout, _, people = org
    rng = random.Random(seed)
    planned = []
    real_plan = adoption_increment.plan
    monkeypatch.setattr(adoption_increment, "plan",
                        lambda *a, **k: planned.append(real_plan(*a, **k)) or planned[-1])
    batches = _batches(rollout, people, rng)
    for n, batch in enumerate(batches):
        if n == 4:  # a day recorded already travels along with new ones
            batch = batch + batches[0][:2]
        if n == 6:
            workspace.rollouts.update(rollout, go_live_date=GO_LIVE - dt.timedelta(days=70))
        workspace.adoption.import_usage(batch, source=f"{n}.csv", rows=len(batch), unknown_people=0)
        assert weekly(workspace, rollout) == recounted(workspace, rollout), f"after batch {n}"
    assert sum(p is not None for p in planned) >= len(batches) - 2  # the first import is a recount


def test_after_an_undo_the_next_import_recounts_and_stays_exact(workspace, org):
    rollout, _, people = org
    first = workspace.adoption.import_usage([key(rollout, people["S0"], GO_LIVE)], source="a.csv", rows=1,
                                            unknown_people=0)
    workspace.adoption.import_usage([key(rollout, people["S1"], GO_LIVE + dt.timedelta(days=21))], source="b.csv",
                                    rows=1, unknown_people=0)
    workspace.audit.undo(first)
    workspace.adoption.import_usage([key(rollout, people["S2"], GO_LIVE + dt.timedelta(days=35)),
                                     key(rollout, people["S0"], GO_LIVE + dt.timedelta(days=2))],
                                    source="c.csv", rows=2, unknown_people=0)
    assert weekly(workspace, rollout) == recounted(workspace, rollout)
    assert workspace.scalar("SELECT count(*) FROM adoption_stale") == 0


def test_a_later_week_counts_the_uses_of_the_three_weeks_before_it(workspace, org):
    rollout, teams, people = org
    workspace.adoption.import_usage([key(rollout, people["S0"], GO_LIVE)], source="a.csv", rows=1, unknown_people=0)
    workspace.adoption.import_usage([key(rollout, people["S1"], GO_LIVE + dt.timedelta(days=35))], source="b.csv",
                                    rows=1, unknown_people=0)
    sales = workspace.adoption.history(rollout, teams["Sales"])
    assert [p.active for p in sales] == [1, 1, 1, 1, 0, 1]  # S0 for four weeks, then S1
    assert [p.new_adopters for p in sales] == [1, 0, 0, 0, 0, 1]


def test_people_lookups_are_read_again_after_people_or_accounts_change(workspace, org):
    _, _, people = org
    workspace.people.update(people["S0"], email="Sales.Zero@Example.com")
    assert workspace.adoption.person_keys_by_email()["sales.zero@example.com"] == people["S0"] << 20
    held = workspace.adoption.person_keys_by_email()
    held["someone@example.com"] = 1  # a copy: the caller may add to it
    assert "someone@example.com" not in workspace.adoption.person_keys_by_email()
    workspace.people.update(people["S0"], email="s0@example.com")
    lookup = workspace.adoption.person_keys_by_email()
    assert "sales.zero@example.com" not in lookup and lookup["s0@example.com"] == people["S0"] << 20
    workspace.accounts.link("upn", [(people["S1"], "S1@Corp.example")], "Link accounts")
    assert workspace.adoption.person_keys_by_account("upn") == {"s1@corp.example": people["S1"] << 20}
    workspace.accounts.link("upn", [(people["S2"], "s2@corp.example")], "Link accounts")
    assert set(workspace.adoption.person_keys_by_account("upn")) == {"s1@corp.example", "s2@corp.example"}
