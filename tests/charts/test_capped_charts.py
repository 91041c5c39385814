"""Charts of a big rollout stay readable and honest: past a few rows they show the teams (or
dependencies) that need attention, say how many of how many, and at sample scale show everything."""

from __future__ import annotations

import datetime as dt

from tracker.charts.dependencies import GRAPH_DEPENDENCIES, build_dependency_graph_figure
from tracker.charts.readiness import (
    HEATMAP_TEAMS,
    SIGNAL_TEAMS,
    TREND_TEAMS,
    build_adkar_heatmap_figure,
    build_adkar_trend_figure,
    build_open_signals_figure,
)
from tracker.charts.style import title_text
from tracker.domain.dependencies import Dependency, DependencyStatus
from tracker.domain.dependency_graph import graph_selection
from tracker.domain.readiness import AdkarAssessment, ResistanceSignal, SignalSource, SignalStatus, SignalType

TODAY = dt.date(2026, 3, 1)


def assessment(team: int, score: float, day: dt.date = TODAY, n: int = 10) -> AdkarAssessment:
    return AdkarAssessment(team * 100 + day.toordinal() % 97, 1, team, f"Team {team:03d}", day,
                           score, score, score, score, score, n)


def _row_labels(figure) -> list[str]:
    return [t.get_text().split("\n")[0] for t in figure.axes[0].get_yticklabels()]


def test_the_heatmap_of_many_teams_shows_the_lowest_scoring_ones_and_says_so():
    latest = [assessment(t, 1 + (t % 40) / 10) for t in range(1, 241)]  # scores 1.1 .. 4.9
    figure = build_adkar_heatmap_figure(latest, overall=((3.0,) * 5, 2400))
    labels = _row_labels(figure)
    assert len(labels) == HEATMAP_TEAMS + 1 and labels[-1] == "All teams (weighted)"
    worst = sorted(latest, key=lambda a: (a.awareness, a.team_name))[:HEATMAP_TEAMS]
    assert labels[:-1] == [a.team_name for a in worst]  # lowest first
    assert f"showing {HEATMAP_TEAMS} of 240 teams: the lowest average scores" in title_text(figure)
    assert len(figure.axes[0].texts) == 5 * (HEATMAP_TEAMS + 1)  # a number in every drawn cell


def test_a_small_heatmap_shows_every_team_by_name_with_no_note():
    latest = [assessment(3, 2.0), assessment(1, 4.0), assessment(2, 3.5)]
    figure = build_adkar_heatmap_figure(sorted(latest, key=lambda a: a.team_name))
    assert _row_labels(figure) == ["Team 001", "Team 002", "Team 003"]
    assert "showing" not in title_text(figure)


def test_the_trend_follows_the_lowest_teams_when_there_are_too_many_lines():
    history = [assessment(t, 1 + t / 10, day) for t in range(1, 21)
               for day in (TODAY - dt.timedelta(days=30), TODAY)]
    figure = build_adkar_trend_figure(history)
    assert len(figure.axes[0].get_lines()) == TREND_TEAMS
    assert {line.get_label() for line in figure.axes[0].get_lines()} == {f"Team {t:03d}" for t in
                                                                         range(1, TREND_TEAMS + 1)}
    assert f"{TREND_TEAMS} of 20 teams" in title_text(figure)
    few = build_adkar_trend_figure([a for a in history if a.team_id <= 3])
    assert len(few.axes[0].get_lines()) == 3 and "showing" not in title_text(few)


def signal(id: int, team: int, severity: int = 3) -> ResistanceSignal:
    return ResistanceSignal(id, 1, team, f"Team {team:03d}", TODAY, SignalType.JOB_SECURITY, severity,
                            SignalSource.SURVEY, SignalStatus.OPEN)


def test_unresolved_signals_show_the_teams_with_the_most_and_say_how_many_teams_there_are():
    signals = [signal(n * 100 + team, team, 1 + n % 5) for team in range(1, 31) for n in range(team % 7 + 1)]
    figure = build_open_signals_figure(signals, hidden_note="2 small team(s) hidden")
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert len(labels) == SIGNAL_TEAMS
    counts = {team: team % 7 + 1 for team in range(1, 31)}
    expected = sorted(counts, key=lambda t: (-counts[t], f"Team {t:03d}"))[:SIGNAL_TEAMS]
    assert labels == [f"Team {t:03d}" for t in expected]
    title = title_text(figure)
    assert f"{SIGNAL_TEAMS} of 30 teams: those with the most" in title and "2 small team(s) hidden" in title
    totals = sorted(int(t.get_text()) for t in figure.axes[0].texts)  # the number on each bar
    assert totals == sorted(counts[t] for t in expected)


def dependency(id: int, needer: int, provider: int, status=DependencyStatus.OPEN, due=None) -> Dependency:
    return Dependency(id=id, rollout_id=1, needer_team_id=needer, provider_team_id=provider, description=f"d{id}",
                      status=status, due_date=due, needer_name=f"T{needer}", provider_name=f"T{provider}")


def test_graph_selection_keeps_the_critical_path_loops_blocked_and_overdue_first():
    deps = [dependency(i, 100 + i, 200 + i, due=TODAY + dt.timedelta(days=i)) for i in range(1, 41)]
    deps.append(dependency(50, 1, 2, DependencyStatus.BLOCKED))
    deps.append(dependency(51, 3, 4, due=TODAY - dt.timedelta(days=5)))  # overdue
    deps += [dependency(52, 5, 6), dependency(53, 6, 5)]  # a loop
    deps.append(dependency(54, 7, 8, DependencyStatus.DONE, due=TODAY - dt.timedelta(days=99)))
    chosen = graph_selection(deps, critical=[40, 39], cycle_teams={5, 6}, today=TODAY, limit=7)
    # Critical 39, 40; the loop 52, 53; blocked 50; overdue 51; then the earliest due open one, 1.
    assert [d.id for d in chosen] == [1, 39, 40, 50, 51, 52, 53]  # in the given order
    assert graph_selection(deps, critical=[40], today=TODAY, limit=100) == deps  # all when they fit


def test_the_graph_of_many_dependencies_draws_a_readable_subset_and_says_so():
    deps = [dependency(i, i % 60 + 1, (i * 7) % 60 + 61) for i in range(1, 301)]
    figure = build_dependency_graph_figure(deps, critical=[5, 6], today=TODAY)
    assert len(figure.dependency_arrows) == GRAPH_DEPENDENCIES and {5, 6} <= set(figure.dependency_arrows)
    assert f"Showing {GRAPH_DEPENDENCIES} of 300 dependencies" in title_text(figure)
    small = build_dependency_graph_figure(deps[:3], today=TODAY)
    assert len(small.dependency_arrows) == 3 and "Showing" not in title_text(small)
