"""The seeded sample workspace: deterministic, realistic in shape, and a valid workspace."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from tracker.demo import plan_demo, write_demo_workspace
from tracker.domain.enums import Impact
from tracker.domain.health import Health
from tracker.store import Workspace, WorkspaceLockedError


def _content(path) -> dict:
    """Everything the generator writes, as comparable values (not file bytes: the audit
    trail records the time and user of the write)."""
    with Workspace.open(path, readonly=True) as ws:
        rollouts = ws.rollouts.list()
        return {
            "teams": ws.teams.list(),
            "people": ws.people.list(),
            "rollouts": rollouts,
            "participation": [ws.rollouts.participation(r.id) for r in rollouts],
            "roles": [ws.roles.assignments(r.id) for r in rollouts],
        }


@pytest.fixture(scope="module")
def seed1(sample_copy, tmp_path_factory):
    path = sample_copy(tmp_path_factory.mktemp("demo") / "sample.tracker", seed=1)
    return path, _content(path)


def test_same_seed_gives_same_content(seed1, tmp_path):
    again = write_demo_workspace(tmp_path / "again.tracker", seed=1)
    assert _content(again) == seed1[1]


@pytest.mark.slow  # writes a second sample: 1.5 s
def test_different_seed_gives_different_content(seed1, sample_copy, tmp_path):
    other = _content(sample_copy(tmp_path / "other.tracker", seed=2))
    assert other["people"] != seed1[1]["people"]
    assert [p.name for p in other["people"]] != [p.name for p in seed1[1]["people"]]


def test_teams_in_three_levels_each_with_a_lead(seed1):
    teams = seed1[1]["teams"]
    assert 35 <= len(teams) <= 45
    parent = {t.id: t.parent_id for t in teams}

    def depth(team_id):
        return 1 if parent[team_id] is None else 1 + depth(parent[team_id])

    assert max(depth(t.id) for t in teams) == 3
    assert Counter(depth(t.id) for t in teams)[3] >= 20
    assert all(t.lead_id is not None for t in teams)
    people = {p.id: p for p in seed1[1]["people"]}
    assert all(people[t.lead_id].team_id == t.id and people[t.lead_id].active for t in teams)


def test_team_leads_report_to_the_parent_teams_lead(seed1):
    teams = {t.id: t for t in seed1[1]["teams"]}
    people = {p.id: p for p in seed1[1]["people"]}
    for team in teams.values():
        if team.parent_id is not None:
            assert people[team.lead_id].manager_id == teams[team.parent_id].lead_id


def test_people_counts_ids_and_emails(seed1):
    people = seed1[1]["people"]
    assert 1800 <= len(people) <= 2200
    assert len({p.employee_id for p in people}) == len(people)
    assert all(p.employee_id.startswith("E") and p.employee_id[1:].isdigit() for p in people)
    emails = [p.email for p in people]
    assert len(set(emails)) == len(emails)
    assert all(e.endswith("@example.com") and e.isascii() and " " not in e for e in emails)
    leavers = sum(not p.active for p in people) / len(people)
    assert 0.02 <= leavers <= 0.04
    assert all(p.title and p.team_id for p in people)


def test_management_is_one_tree_without_cycles(seed1):
    people = {p.id: p for p in seed1[1]["people"]}
    active = [p for p in people.values() if p.active]
    tops = [p for p in active if p.manager_id is None]
    assert len(tops) == 1, "every active person except the top has a manager"
    assert all(people[p.manager_id].active for p in active if p.manager_id is not None)
    for person in people.values():
        seen, node = set(), person.id
        while node is not None:
            assert node not in seen, f"manager cycle through {person.name}"
            seen.add(node)
            node = people[node].manager_id
        assert tops[0].id in seen  # everyone's chain ends at the top


def test_members_report_within_their_team_or_to_the_parent_lead(seed1):
    teams = {t.id: t for t in seed1[1]["teams"]}
    people = {p.id: p for p in seed1[1]["people"]}
    for p in people.values():
        if p.manager_id is None or p.id == teams[p.team_id].lead_id:
            continue
        assert people[p.manager_id].team_id == p.team_id


def test_rollouts_stages_dates_and_targets(seed1):
    rollouts = seed1[1]["rollouts"]
    assert len(rollouts) == 5
    assert len({r.stage for r in rollouts}) >= 3
    people = {p.id: p for p in seed1[1]["people"]}
    for r in rollouts:
        assert r.description
        assert r.owner_id in people and r.sponsor_id in people
        assert r.start_date <= r.go_live_date <= r.target_date
        assert 2024 <= r.start_date.year and r.target_date.year <= 2026
        assert 0.6 <= r.target_adoption <= 0.85


def test_rollouts_have_teams_and_roles(seed1):
    content = seed1[1]
    for rollout, teams, roles in zip(content["rollouts"], content["participation"], content["roles"]):
        assert 4 <= len(teams) <= 15
        assert len({t.impact for t in teams}) >= 2
        count = Counter(a.role_name for a in roles)
        assert count["Sponsor"] == 1
        assert [a.person_id for a in roles if a.role_name == "Sponsor"] == [rollout.sponsor_id]
        assert 1 <= count["Change lead"] <= 2
        assert count["Trainer"] >= 1 and count["Data owner"] == 1 and count["Model owner"] == 1
        affected = [t for t in teams if t.impact in (Impact.HIGH, Impact.MEDIUM)]
        assert count["Champion"] >= len(affected) // 2
        assert count["End user"] >= sum(t.headcount for t in affected) > 50


def test_file_opens_again_and_is_one_undoable_change(seed1):
    with Workspace.open(seed1[0]) as ws:
        changes = ws.audit.recent_changes()
        assert [c.label for c in changes] == ["Create sample workspace"]
        assert ws.scalar("PRAGMA foreign_key_check") is None


def test_refuses_an_existing_file(tmp_path):
    path = tmp_path / "taken.tracker"
    path.write_bytes(b"precious")
    with pytest.raises(FileExistsError):
        write_demo_workspace(path)
    assert path.read_bytes() == b"precious"


@pytest.mark.slow  # writes the sample over another: 1.9 s
def test_overwrite_replaces_an_existing_workspace(seed1, sample_copy, tmp_path):
    path = sample_copy(tmp_path / "sample.tracker", seed=2)  # seeds the session has written already
    write_demo_workspace(path, seed=1, overwrite=True)
    assert _content(path)["people"] == seed1[1]["people"] != _content(sample_copy(tmp_path / "b.tracker", seed=2))["people"]


def test_overwrite_refuses_a_workspace_that_is_open(sample_copy, tmp_path):
    path = sample_copy(tmp_path / "sample.tracker")
    ws = Workspace.open(path)
    try:
        with pytest.raises(WorkspaceLockedError):
            write_demo_workspace(path, overwrite=True)
    finally:
        ws.close()
    assert path.exists()


def test_progress_is_reported_and_a_cancel_leaves_no_file(tmp_path):
    seen = []
    write_demo_workspace(tmp_path / "a.tracker", progress=lambda pct, text: seen.append(pct))
    assert seen[0] == 0 and seen[-1] == 100 and seen == sorted(seen)

    class Cancelled(Exception):
        pass

    def cancel(pct, text):
        if pct >= 50:
            raise Cancelled

    path = tmp_path / "cancelled.tracker"
    with pytest.raises(Cancelled):
        write_demo_workspace(path, progress=cancel)
    assert not path.exists() and not list(tmp_path.glob("cancelled.tracker*"))


def test_plan_is_deterministic_without_writing():
    a, b = plan_demo(7), plan_demo(7)
    assert [(p.employee_id, p.name, p.title) for p in a.organisation.people] == \
        [(p.employee_id, p.name, p.title) for p in b.organisation.people]


@pytest.mark.parametrize("as_of", [dt.date(2026, 11, 20), dt.date(2026, 12, 1)])
def test_the_dashboard_shows_a_spread_of_health(seed1, as_of):
    """A leader looking at the sample must see what green or amber looks like, not only red."""
    from tracker.services.rollout_status import portfolio_status

    with Workspace.open(seed1[0], readonly=True) as ws:
        health = {s.rollout.name: s for s in portfolio_status(ws, as_of)}
    colours = {s.health for s in health.values()}
    assert Health.RED in colours and colours - {Health.RED}
    claims, underwriting = health["Claims triage assistant"], health["Underwriting copilot"]
    assert claims.health is not Health.RED
    assert sum(f.health is Health.AMBER for f in claims.factors) <= 1
    assert underwriting.health is Health.AMBER
    assert 1 <= sum(f.health is Health.AMBER for f in underwriting.factors) <= 2
    assert underwriting.factor("adoption").health is Health.AMBER  # it will miss its target date
    assert underwriting.forecast_date > underwriting.target_date
    contact = health["Contact-centre summariser"]
    assert contact.health is Health.RED and contact.factor("dependencies").health is Health.RED
    assert contact.facts.dependencies.critical_late >= 1  # the blocked chain on its critical path
