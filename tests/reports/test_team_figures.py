"""The report's per-team figures, gathered once for all rollouts, against the store's own reads."""

from __future__ import annotations

import datetime as dt

from report_sample import AS_OF

from tracker.domain.adoption import AdoptionPoint
from tracker.reports.context import ReportContext
from tracker.reports.team_figures import latest_adoption, team_adoption
from tracker.store import Workspace
from tracker.store.training_queries import Scope


def _fields(t):
    return (t.team_id, t.team_name, t.required, t.completed, t.in_progress, t.overdue, t.exempt,
            t.in_progress_overdue)


def test_training_figures_match_team_progress_per_rollout_and_module(sample_path):
    with Workspace.open(sample_path, readonly=True) as ws:
        rollouts = ws.rollouts.list()
        for as_of in (AS_OF, dt.date(2025, 1, 1)):  # overdue counts depend on the day
            ctx = ReportContext(ws, as_of, rollouts)
            checked = 0
            for r in rollouts:
                expected = {t.team_id: _fields(t) for t in ws.training.team_progress(Scope(r.id, as_of=as_of))}
                assert {k: _fields(t) for k, t in ctx.training.rollout(r.id).items()} == expected
                for m in ws.training.modules(r.id):
                    progress = ws.training.team_progress(Scope(r.id, module_id=m.id, as_of=as_of))
                    expected_rows = [_fields(t) for t in sorted(progress, key=lambda t: t.team_name.casefold())]
                    assert [_fields(t) for t in ctx.training.module(m.id)] == expected_rows
                    checked += len(expected_rows)
            assert checked > 0


def test_team_adoption_matches_the_team_summaries(sample_path):
    with Workspace.open(sample_path, readonly=True) as ws:
        compared = 0
        for r in ws.rollouts.list():
            for as_of in (AS_OF, AS_OF - dt.timedelta(days=60)):
                summaries = ws.adoption.team_summaries(r.id, as_of)
                latest = team_adoption(ws, r.id, as_of)
                assert latest.keys() == summaries.keys()
                for team_id, s in summaries.items():
                    got = latest[team_id]
                    assert (got.eligible, got.active, got.rate, got.has_data) == \
                        (s.eligible, s.active, s.rate, s.has_data)
                    compared += 1
        assert compared > 0


def test_latest_adoption_ignores_weeks_after_the_day():
    week = dt.date(2026, 1, 4)
    points = [AdoptionPoint(week, 10, 2, None), AdoptionPoint(week + dt.timedelta(days=7), 10, 6, None)]
    assert latest_adoption(points, week).active == 2
    assert latest_adoption(points, week + dt.timedelta(days=7)).active == 6
    nothing = latest_adoption(points, week - dt.timedelta(days=1))
    assert (nothing.eligible, nothing.active, nothing.rate, nothing.has_data) == (0, 0, None, False)
    assert not latest_adoption([AdoptionPoint(week, 0, 0, None)], week).has_data


def test_latest_team_adoption_of_every_rollout_in_one_query_equals_the_histories(sample_path):
    """What the status weighs each team by (tracker/store/adoption_latest.py) is exactly what the
    team rows show: logged weeks and hand-entered figures alike, any day."""
    from tracker.store.adoption_latest import latest_team_adoption

    with Workspace.open(sample_path, readonly=True) as ws:
        hand = {r for (r,) in ws.conn.execute("SELECT DISTINCT rollout_id FROM adoption_figures")}
        logged = {r for (r,) in ws.conn.execute("SELECT DISTINCT rollout_id FROM adoption_weekly")}
        assert hand and logged - hand  # both kinds of figures are compared
        compared = 0
        for as_of in (AS_OF, AS_OF - dt.timedelta(days=60), dt.date(2000, 1, 1)):
            every = latest_team_adoption(ws, as_of)
            for r in ws.rollouts.list():
                expected = {t: latest_adoption(points, as_of) for t, points in ws.adoption.team_histories(r.id).items()
                            if any(p.period_end <= as_of for p in points)}
                assert every.get(r.id, {}) == expected
                assert latest_team_adoption(ws, as_of, [r.id]).get(r.id, {}) == expected
                compared += len(expected)
        assert compared > 0


def test_a_team_only_in_frozen_weeks_keeps_its_latest_frozen_figures(workspace):
    """After a retention purge a frozen week can hold a team the later weeks no longer have
    (it left the rollout): its latest figures are those of its last frozen week."""
    from tracker.store.adoption_latest import latest_team_adoption

    ws = workspace
    rollout = ws.rollouts.create(name="Fraud triage")
    stayed, left = ws.teams.create("Stayed"), ws.teams.create("Left")
    weeks = [dt.date(2026, 5, 3) + dt.timedelta(days=7 * n) for n in range(3)]
    rows = [(rollout, w.toordinal(), stayed, 8, n + 2, 0) for n, w in enumerate(weeks)]
    rows += [(rollout, w.toordinal(), left, 6, n + 1, 0) for n, w in enumerate(weeks[:2])]
    with ws.write("frozen weeks"):
        ws.conn.executemany("INSERT INTO adoption_weekly (rollout_id, week_end, team_id, eligible, active, "
                            "new_adopters) VALUES (?, ?, ?, ?, ?, ?)", rows)
        ws.conn.execute("INSERT INTO adoption_frozen (rollout_id, purged_before, frozen_before) VALUES (?, ?, ?)",
                        (rollout, weeks[2].toordinal(), weeks[2].toordinal()))
    latest = latest_team_adoption(ws, weeks[2])[rollout]
    expected = {t: latest_adoption(points, weeks[2]) for t, points in ws.adoption.team_histories(rollout).items()}
    assert latest == expected
    assert (latest[left].eligible, latest[left].active) == (6, 2) and latest[stayed].active == 4
