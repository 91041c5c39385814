"""Dependency analysis: hand-made cases for each question, and property tests against brute force."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st
from property_budget import examples

from tracker.domain.dependencies import Dependency, DependencyStatus, check_dependency
from tracker.domain.dependency_graph import (
    analyse,
    column_order,
    critical_path,
    due_after_go_live,
    find_cycles,
    layers,
    overdue,
    shared_providers,
    top_blockers,
    waits_on,
)

TODAY = dt.date(2026, 3, 1)
DONE, OPEN, BLOCKED = DependencyStatus.DONE, DependencyStatus.OPEN, DependencyStatus.BLOCKED


def dep(id, needer, provider, due=None, status=OPEN, rollout=1, rollout_name="R1") -> Dependency:
    return Dependency(id=id, rollout_id=rollout, needer_team_id=needer, provider_team_id=provider,
                      description=f"d{id}", status=status, due_date=due, needer_name=f"T{needer}",
                      provider_name=f"T{provider}", rollout_name=rollout_name)


def D(day: int) -> dt.date:
    return TODAY + dt.timedelta(days=day)


# ---------------------------------------------------------------------------- hand-made cases
def test_a_team_cannot_depend_on_itself_and_blocked_needs_a_reason():
    ok = dict(needer_team_id=1, provider_team_id=2, description="x", status=OPEN, blocked_reason="")
    assert check_dependency(**ok) is None
    assert "itself" in check_dependency(**{**ok, "provider_team_id": 1})
    assert "reason" in check_dependency(**{**ok, "status": BLOCKED})
    assert check_dependency(**{**ok, "status": BLOCKED, "blocked_reason": "no budget"}) is None


def test_cycles_only_among_unfinished_dependencies():
    deps = [dep(1, 1, 2), dep(2, 2, 3), dep(3, 3, 1), dep(4, 3, 4), dep(5, 4, 5), dep(6, 5, 4, status=DONE)]
    [cycle] = find_cycles(deps)
    assert cycle.team_ids == (1, 2, 3) and cycle.dependency_ids == (1, 2, 3)
    assert find_cycles([d for d in deps if d.id != 2]) == []


def test_waits_on_is_transitive_and_ignores_done():
    deps = [dep(1, 1, 2), dep(2, 2, 3), dep(3, 3, 4, status=DONE)]
    assert waits_on(deps) == {1: {2, 3}, 2: {3}}


def test_top_blockers_count_teams_waiting_directly_or_through_others():
    deps = [dep(1, 1, 3), dep(2, 2, 3), dep(3, 3, 4), dep(4, 5, 4)]
    assert top_blockers(deps) == [(4, 4), (3, 2)]


def test_critical_path_follows_the_chain_that_ends_latest():
    # 1 waits on 2 (due day 10), 2 waits on 3 (due day 40): 1's delivery cannot come before 40.
    deps = [dep(1, 1, 2, D(10)), dep(2, 2, 3, D(40)), dep(3, 5, 6, D(20))]
    path = critical_path(deps, TODAY)
    assert path.dependency_ids == (2, 1)
    assert path.ready_on == D(40)
    assert path.slipping == (1,)


def test_an_upstream_slip_pushes_the_chain_back_by_as_much():
    # 3 is 10 days overdue: it arrives today at the earliest, 10 days late; 1 was planned 5 days
    # after 3, so it moves 10 days too.
    deps = [dep(1, 1, 2, D(-5)), dep(2, 2, 3, D(-10)), dep(3, 7, 8, D(3))]
    path = critical_path(deps, TODAY)
    assert path.forecast[2] == TODAY and path.forecast[1] == D(5)
    assert path.dependency_ids == (2, 1) and path.ready_on == D(5)


def test_ready_today_when_nothing_is_open_and_undated_counts_as_today():
    assert critical_path([dep(1, 1, 2, D(5), status=DONE)], TODAY).ready_on == TODAY
    path = critical_path([dep(1, 1, 2)], TODAY)
    assert path.ready_on == TODAY and path.undated == (1,)


def test_critical_path_survives_a_cycle_and_says_so():
    deps = [dep(1, 1, 2, D(5)), dep(2, 2, 1, D(6)), dep(3, 3, 1, D(9))]
    path = critical_path(deps, TODAY)
    assert path.blocked_by_cycle and path.ready_on >= D(9)


def test_overdue_and_after_go_live():
    deps = [dep(1, 1, 2, D(-1)), dep(2, 1, 3, D(30)), dep(3, 1, 4, D(-9), status=DONE), dep(4, 1, 5)]
    assert [d.id for d in overdue(deps, TODAY)] == [1]
    assert [d.id for d in due_after_go_live(deps, D(20))] == [2]
    assert due_after_go_live(deps, None) == []


def test_layers_put_providers_left_and_a_cycle_in_one_column():
    deps = [dep(1, 1, 2), dep(2, 2, 3), dep(3, 3, 2), dep(4, 4, 1)]
    depth = layers(deps)
    assert depth[2] == depth[3] == 0 and depth[1] == 1 and depth[4] == 2
    order = column_order(deps, {1: "a", 2: "b", 3: "c", 4: "d"})
    assert order[0] == [2, 3] and order[2] == [4]


def test_shared_providers_across_rollouts():
    deps = [dep(1, 1, 9, rollout=1, rollout_name="Claims"), dep(2, 2, 9, D(-3), rollout=2, rollout_name="Fraud"),
            dep(3, 3, 8, rollout=1, rollout_name="Claims"), dep(4, 4, 8, rollout=1, rollout_name="Claims")]
    [shared] = shared_providers(deps, TODAY)
    assert shared.team_id == 9 and shared.rollouts == ("Claims", "Fraud") and shared.overdue == 1


def test_analyse_bundles_everything():
    result = analyse([dep(1, 1, 2, D(-2))], TODAY, D(1))
    assert [d.id for d in result.overdue] == [1] and result.critical.dependency_ids == (1,)


# ---------------------------------------------------------------------------- properties
TEAMS = st.integers(min_value=1, max_value=6)


@st.composite
def graphs(draw, acyclic: bool = False):
    pairs = draw(st.lists(st.tuples(TEAMS, TEAMS).filter(lambda p: p[0] != p[1]), max_size=14))
    if acyclic:
        pairs = [(max(a, b), min(a, b)) for a, b in pairs]  # needers always higher: no cycle
    out = []
    for n, (a, b) in enumerate(pairs, start=1):
        status = draw(st.sampled_from(list(DependencyStatus)))
        due = draw(st.none() | st.integers(min_value=-20, max_value=60).map(D))
        out.append(dep(n, a, b, due, status))
    return out


def _brute_reach(deps) -> dict[int, set[int]]:
    """Paths by brute force: extend every walk until nothing new (Warshall by repetition)."""
    edges = {(d.needer_team_id, d.provider_team_id) for d in deps if d.unfinished}
    reach = set(edges)
    while True:
        more = {(a, c) for (a, b), (b2, c) in itertools.product(reach, edges) if b == b2} - reach
        if not more:
            break
        reach |= more
    out: dict[int, set[int]] = {}
    for a, b in reach:
        out.setdefault(a, set()).add(b)
    return out


@settings(max_examples=examples(300), deadline=None)
@given(graphs())
def test_reachability_matches_brute_force(deps):
    assert {k: set(v) for k, v in waits_on(deps).items()} == _brute_reach(deps)


@settings(max_examples=examples(300), deadline=None)
@given(graphs())
def test_cycles_match_brute_force(deps):
    reach = _brute_reach(deps)
    on_cycle = {t for t, r in reach.items() if t in r}
    cycles = find_cycles(deps)
    assert {t for c in cycles for t in c.team_ids} == on_cycle
    for c in cycles:  # each cycle is exactly a set of teams that all reach each other
        assert all(b in reach[a] for a in c.team_ids for b in c.team_ids)
        for d in deps:
            inside = d.needer_team_id in c.team_ids and d.provider_team_id in c.team_ids
            assert (d.id in c.dependency_ids) == (inside and d.unfinished)


def _brute_forecast(deps, d) -> dt.date:
    """The module's forecast rule by naive recursion (fine on an acyclic graph)."""
    plan = d.due_date or TODAY
    value = max(TODAY, plan)
    for e in deps:
        if e.unfinished and e.needer_team_id == d.provider_team_id:
            fe = _brute_forecast(deps, e)
            value = max(value, fe, plan + (fe - (e.due_date or TODAY)))
    return value


@settings(max_examples=examples(200), deadline=None)
@given(graphs(acyclic=True))
def test_critical_path_forecast_matches_naive_recursion(deps):
    path = critical_path(deps, TODAY)
    pending = [d for d in deps if d.unfinished]
    expected = {d.id: _brute_forecast(deps, d) for d in pending}
    assert path.forecast == expected
    assert path.ready_on == max(expected.values(), default=TODAY)
    if pending:  # the path is a real chain ending at the latest forecast
        by_id = {d.id: d for d in deps}
        chain = [by_id[i] for i in path.dependency_ids]
        assert all(later.provider_team_id == earlier.needer_team_id for earlier, later in zip(chain, chain[1:]))
        assert path.forecast[chain[-1].id] == path.ready_on and not path.blocked_by_cycle


@settings(max_examples=examples(200), deadline=None)
@given(graphs())
def test_layers_put_every_provider_left_of_its_needer_outside_cycles(deps):
    depth = layers(deps)  # the layout uses every dependency shown, finished or not
    all_reach = _brute_reach([dataclasses.replace(d, status=OPEN) for d in deps])
    for d in deps:
        a, b = d.needer_team_id, d.provider_team_id
        mutual = b in all_reach.get(a, ()) and a in all_reach.get(b, ())
        if mutual:
            assert depth[a] == depth[b]
        else:
            assert depth[a] > depth[b]
