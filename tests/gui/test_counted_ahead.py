"""Issue 19: the Adoption, Seats and Training tabs' slow counts are counted ahead when a rollout
is chosen, taken once by the tab when it is shown, joined rather than counted twice, and dropped
by a change that names one of the areas they were counted from; built, hidden ADKAR, Resistance
and Dependencies pages are filled with the rollout just chosen before their tab is clicked."""

from __future__ import annotations

import datetime as dt
import shutil
import threading

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.demo import write_demo_workspace
from tracker.services.seat_overview import seats_overview
from tracker.store.events import ChangeEvent
from tracker.store.training_queries import Scope
from tracker.ui import counted_ahead as counted_ahead_module
from tracker.ui.counted_ahead import CountedAhead, counted_ahead
from tracker.ui.pages.adkar_page import AdkarPage
from tracker.ui.pages.adoption_page import AdoptionPage, headline
from tracker.ui.pages.area_counts import (
    NO_SEAT_PARTS,
    adoption_key,
    dependencies_key,
    seats_key,
    signals_key,
    training_key,
)
from tracker.ui.pages.dependencies_page import DependenciesPage
from tracker.ui.pages.resistance_page import ResistancePage
from tracker.ui.pages.seats_page import SeatsPage
from tracker.ui.pages.training_page import TrainingPage

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def sample_path(tmp_path_factory):
    return write_demo_workspace(tmp_path_factory.mktemp("sample") / "sample.tracker")


@pytest.fixture
def chosen(window, sample_path, tmp_path, qtbot):
    """The sample's rollout with the most teams in its adoption figures, chosen in the
    navigator, its three slow counts counted ahead (no area page built yet)."""
    path = tmp_path / "copy.tracker"
    shutil.copy(sample_path, path)
    assert window.files.open_path(path)
    ws = window.context.workspace
    today = dt.date.today()
    rollout = max(ws.rollouts.list(), key=lambda r: len(ws.adoption.team_histories(r.id)))
    window.navigator.choose_rollout(rollout.id)
    held = counted_ahead(ws)
    qtbot.waitUntil(lambda: held.counted(adoption_key(rollout.id, today))
                    and held.counted(training_key(Scope(rollout.id)))
                    and held.counted(seats_key(rollout.id, today, None, NO_SEAT_PARTS)), timeout=30_000)
    # The signal and dependency lists are read ahead too and may still be under way on a busy
    # machine: the tests start from a page at rest.
    qtbot.waitUntil(lambda: not window.rollout_page.loading, timeout=30_000)
    assert window.rollout_page.areas.pages == {}  # counted before any tab page exists
    return window, ws, rollout, today


@pytest.fixture
def workers_started(monkeypatch):
    """The counts started from now on (their functions' names)."""
    started: list[str] = []
    real = counted_ahead_module.Worker

    def counting(fn, *args, **kwargs):
        started.append(fn.__name__)
        return real(fn, *args, **kwargs)

    monkeypatch.setattr(counted_ahead_module, "Worker", counting)
    return started


def test_the_tabs_take_what_was_counted_ahead_at_once(chosen, workers_started):
    window, ws, rollout, today = chosen
    page = window.rollout_page.areas.show("adoption")
    assert isinstance(page, AdoptionPage)
    assert not page.loading  # shown with its figures: nothing left to count
    assert page.headline.text() == headline(ws.adoption.summary(rollout.id, today))
    assert {row.team_id for row in page.model.rows()} == set(ws.adoption.team_summaries(rollout.id, today))
    training = window.rollout_page.areas.show("training")
    assert isinstance(training, TrainingPage)
    progress = training.progress
    assert not progress.loading
    teams = ws.training.team_progress(Scope(rollout.id))
    assert [(t.team_id, t.required, t.completed) for t in progress.team_table.source_model.rows()] == \
        [(t.team_id, t.required, t.completed) for t in teams]
    seats = window.rollout_page.areas.show("seats")
    assert isinstance(seats, SeatsPage)
    assert not seats.computing  # shown with the overview read ahead
    assert seats.overview == seats_overview(ws, rollout.id, today, cohorts=False, uplift=False)
    assert workers_started == []
    held = counted_ahead(ws)  # taken once: the pages own them now
    assert not held.counted(adoption_key(rollout.id, today))
    assert not held.counted(training_key(Scope(rollout.id)))
    assert not held.counted(seats_key(rollout.id, today, None, NO_SEAT_PARTS))


def test_a_change_to_their_areas_drops_what_was_counted_ahead(chosen, workers_started, qtbot):
    window, ws, rollout, today = chosen
    held = counted_ahead(ws)
    team_id = next(iter(ws.adoption.team_histories(rollout.id)))
    ws.adoption.set_team_figure(rollout.id, team_id, today, eligible=40, active=31)  # the adoption area only
    assert not held.counted(adoption_key(rollout.id, today))
    assert held.counted(training_key(Scope(rollout.id)))  # training does not read adoption figures
    page = window.rollout_page.areas.show("adoption")
    assert workers_started == ["adoption_summaries"]  # counted afresh, with the new figure
    qtbot.waitUntil(lambda: not page.loading, timeout=30_000)
    row = next(r for r in page.model.rows() if r.team_id == team_id)
    assert (row.summary.eligible, row.summary.active) == (40, 31)


def _event(*tables: str) -> ChangeEvent:
    return ChangeEvent(frozenset(tables), 1, "test")


def test_a_count_is_joined_not_repeated_and_a_change_meanwhile_keeps_nothing(qtbot, tmp_path):
    from tracker.store.workspace_open import open_workspace

    ws = open_workspace(tmp_path / "w.tracker")
    release = threading.Event()
    calls: list[int] = []

    def job(_ws, n, *, progress, cancelled):
        calls.append(n)
        release.wait(10)
        return n * 2

    held = CountedAhead()
    got: list[int] = []
    held.ahead(ws, "k", frozenset({"adoption"}), job, 21)
    assert held.counting
    held.ahead(ws, "k", frozenset({"adoption"}), job, 21)  # asked again: the same count
    held.take(ws, "k", frozenset({"adoption"}), job, 21, finished=got.append, failed=lambda *_: None)
    assert not held.counting  # taken: a page waits for it now
    release.set()
    qtbot.waitUntil(lambda: got == [42], timeout=10_000)
    assert calls == [21] and not held.counted("k")  # one count, handed to the page, not kept

    release.clear()
    held.ahead(ws, "k", frozenset({"adoption"}), job, 5)
    held.on_change(_event("kpis"))  # another area: the count goes on
    held.on_change(_event("adoption_figures"))  # its own: dropped while under way
    assert not held.counting
    release.set()
    qtbot.waitUntil(lambda: calls == [21, 5], timeout=10_000)
    qtbot.wait(100)  # its outcome delivered, unheard
    assert not held.counted("k")
    ws.close()


def test_a_page_listening_from_before_is_not_handed_what_the_change_made_stale(qtbot, tmp_path):
    """A page that reloads on a change takes what was counted ahead, if anything waits: the
    holder hears the change first (whatever the order the two started listening in), so the
    page reads afresh instead of showing the list from before its own save."""
    from tracker.store.workspace_open import open_workspace

    ws = open_workspace(tmp_path / "w.tracker")
    handed: list[object] = []
    ws.add_listener(lambda _event: handed.append(counted_ahead(ws).taken("signals")))  # the page, first
    held = counted_ahead(ws)
    held.ahead(ws, "signals", frozenset({"organisation"}), lambda _ws, *, progress, cancelled: ["before"])
    qtbot.waitUntil(lambda: held.counted("signals"), timeout=10_000)
    ws.teams.create("Claims")  # a change naming the area the list was read from
    assert handed == [None] and not held.counted("signals")
    ws.close()


def test_a_built_hidden_tab_is_filled_with_the_next_rollout_before_it_is_shown(chosen, qtbot):
    window, ws, rollout, today = chosen
    areas = window.rollout_page.areas
    page = areas.show("adoption")
    areas.tabs.setCurrentIndex(0)  # the Details tab: the Adoption page hidden
    other = next(r for r in ws.rollouts.list() if r.id != rollout.id and ws.adoption.team_histories(r.id))
    window.navigator.choose_rollout(other.id)
    assert page.out_of_date and not page.isVisible()
    qtbot.waitUntil(lambda: not page.out_of_date and not page.loading, timeout=30_000)
    assert not page.isVisible()
    assert {row.team_id for row in page.model.rows()} == set(ws.adoption.team_summaries(other.id, today))
    assert page.headline.text() == headline(ws.adoption.summary(other.id, today))


def test_built_hidden_readiness_and_dependency_pages_are_filled_one_per_turn(chosen, qtbot):
    window, ws, rollout, _today = chosen
    areas = window.rollout_page.areas
    adkar, resistance, dependencies = (areas.show(key) for key in ("adkar", "resistance", "dependencies"))
    assert isinstance(adkar, AdkarPage) and isinstance(resistance, ResistancePage)
    assert isinstance(dependencies, DependenciesPage)
    areas.tabs.setCurrentIndex(0)  # the Details tab: all three hidden
    other = max((r for r in ws.rollouts.list() if r.id != rollout.id),
                key=lambda r: len(ws.readiness.signals.list(r.id)))
    window.navigator.choose_rollout(other.id)
    assert adkar.out_of_date and resistance.out_of_date and dependencies.out_of_date
    qtbot.waitUntil(lambda: not adkar.out_of_date, timeout=10_000)
    assert resistance.out_of_date or dependencies.out_of_date  # the next ones on later turns
    qtbot.waitUntil(lambda: not resistance.out_of_date and not dependencies.out_of_date, timeout=10_000)
    assert not any(page.isVisible() for page in (adkar, resistance, dependencies))
    assert {a.id for a in adkar.table.source_model.rows()} == {a.id for a in ws.readiness.adkar.latest(other.id)}
    assert {s.id for s in resistance.shown_signals()} == {s.id for s in ws.readiness.signals.list(other.id)}
    assert {d.id for d in dependencies.shown_dependencies()} == \
        {d.id for d in ws.delivery.dependencies.list(other.id)}
    held = counted_ahead(ws)  # their reads were made in the worker pool and taken by the pages
    assert not held.counted(signals_key(other.id)) and not held.counted(dependencies_key(other.id))
    assert "stakeholders" not in areas.pages  # a tab never opened is not built by choosing a rollout


def test_hidden_pages_are_filled_only_once_nothing_is_counted_ahead(chosen, qtbot):
    window, ws, rollout, _today = chosen
    areas = window.rollout_page.areas
    seats, adkar = areas.show("seats"), areas.show("adkar")
    areas.tabs.setCurrentIndex(0)
    release = threading.Event()

    def slow(_ws, *, progress, cancelled):
        release.wait(20)

    held = counted_ahead(ws)
    held.ahead(ws, "a slow count", frozenset({"kpis"}), slow)
    other = next(r for r in ws.rollouts.list() if r.id != rollout.id)
    window.navigator.choose_rollout(other.id)
    qtbot.wait(600)  # the counts of `other` are done long before; the slow one holds the filling
    assert areas.filling and window.rollout_page.loading
    assert seats.out_of_date and adkar.out_of_date
    release.set()
    qtbot.waitUntil(lambda: not areas.filling, timeout=30_000)
    assert not seats.out_of_date and not adkar.out_of_date and not window.rollout_page.loading
    assert seats.overview is not None and seats.overview.rollout_id == other.id

