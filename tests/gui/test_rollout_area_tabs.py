"""The rollout page's area tabs: every area is reachable from the window, built on first view,
and shows the rollout the navigator chose (also when the choice changes afterwards)."""

from __future__ import annotations

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.ui.pages.rollout_area_tabs import AREA_TABS

pytestmark = pytest.mark.gui


def _current(page):
    return page.rollout_id


@pytest.fixture
def opened(window, tmp_path):
    path = tmp_path / "acme.tracker"
    with Workspace.open(path) as ws:
        first = ws.rollouts.create(name="Claims triage assistant")
        second = ws.rollouts.create(name="Fraud alert explainer")
    assert window.files.open_path(path)
    return window, first, second


def test_area_pages_are_built_only_when_their_tab_is_first_shown(opened, qtbot):
    window, first, _second = opened
    window.navigator.choose_rollout(first)
    page = window.rollout_page
    assert page.areas.pages == {}  # nothing built behind the user's back
    page.tabs.setCurrentIndex(page.areas.index_of("training"))
    assert set(page.areas.pages) == {"training"}
    training = page.areas.pages["training"]
    assert _current(training) == first
    # Shown and loaded at once, not on the next turn of the event loop.
    assert training.isVisible() and training.stack.currentWidget() is training.content


def test_a_hidden_area_tab_loads_another_rollout_only_when_shown_again(opened):
    window, first, second = opened
    window.navigator.choose_rollout(first)
    page = window.rollout_page
    kpis = page.areas.show("kpis")
    page.tabs.setCurrentIndex(page.areas.index_of("training"))
    window.navigator.choose_rollout(second)
    assert _current(kpis) == second and kpis.out_of_date  # follows the choice, fetches nothing yet
    page.areas.show("kpis")
    assert not kpis.out_of_date and kpis.stack.currentWidget() is kpis.content


@pytest.mark.parametrize("key", [area.key for area in AREA_TABS])
def test_each_area_follows_the_navigator(opened, key):
    window, first, second = opened
    window.navigator.choose_rollout(first)
    area = window.rollout_page.areas.show(key)
    assert window.rollout_page.tabs.currentWidget().objectName() == f"area_{key}"
    assert _current(area) == first
    window.navigator.choose_rollout(second)
    assert _current(area) == second


def test_every_area_has_a_titled_tab(opened):
    window, _first, _second = opened
    titles = [window.rollout_page.tabs.tabText(i) for i in range(window.rollout_page.tabs.count())]
    for area in AREA_TABS:
        assert area.title in titles
