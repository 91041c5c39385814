"""The page life cycle (tracker/ui/pages/area_page.py): a page follows area names, not tables,
and a hidden page waits and reloads once when shown again."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.readiness import SupportLevel
from tracker.store.areas import AREAS, area_of_table
from tracker.store.events import ChangeEvent
from tracker.ui.context import AppContext
from tracker.ui.pages.area_page import EVERYTHING, AreaPage
from tracker.ui.pages.kpis_page import KpisPage
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.pages.stakeholders_page import StakeholdersPage

pytestmark = pytest.mark.gui

AS_OF = dt.date(2026, 3, 31)


class CountingPage(AreaPage):
    """Notes each reload and the areas it was for."""

    def __init__(self, context: AppContext, areas: set[str]):
        self.AREAS = frozenset(areas)  # per instance: two pages of one class follow different areas
        super().__init__(context)
        self.reloads: list[frozenset[str]] = []

    def reload(self, areas: frozenset[str]) -> None:
        self.reloads.append(areas)


@pytest.fixture
def context(org, monkeypatch):
    monkeypatch.setattr(RolloutAreaPage, "today", staticmethod(lambda: AS_OF))
    ctx = AppContext()
    ctx.set_workspace(org["ws"])
    yield ctx
    ctx.workspace = None  # the workspace fixture closes it


def _shown(qtbot, page):
    qtbot.addWidget(page)
    page.show()
    page.reloads.clear() if isinstance(page, CountingPage) else None
    return page


def _event(*tables: str) -> ChangeEvent:
    return ChangeEvent(frozenset(tables), 1, "test")


@pytest.mark.parametrize("area", [a for a in AREAS if a.tables])
def test_a_change_to_any_table_of_an_area_reaches_the_pages_that_follow_it(qtbot, context, area):
    follower = _shown(qtbot, CountingPage(context, {area.name}))
    others = _shown(qtbot, CountingPage(context, EVERYTHING - {area.name}))
    for table in area.tables:
        assert area_of_table(table) == area.name
        context.data_changed.emit(_event(table))
    assert follower.reloads == [frozenset({area.name})] * len(area.tables)
    assert others.reloads == []


def test_a_change_names_only_the_followed_areas_it_touched(qtbot, context):
    page = _shown(qtbot, CountingPage(context, {"readiness", "organisation"}))
    context.data_changed.emit(_event("stakeholders", "kpis", "people"))
    assert page.reloads == [frozenset({"readiness", "organisation"})]


def test_a_hidden_page_reloads_once_when_shown_again(qtbot, context):
    page = _shown(qtbot, CountingPage(context, {"training", "delivery"}))
    page.hide()
    context.data_changed.emit(_event("training_records"))
    context.data_changed.emit(_event("kpis"))
    context.data_changed.emit(_event("stakeholders"))  # not followed
    assert page.reloads == [] and page.out_of_date
    page.show()
    assert page.reloads == [frozenset({"training", "delivery"})] and not page.out_of_date
    page.hide()
    page.show()  # nothing changed meanwhile: no reload
    assert len(page.reloads) == 1


def test_a_rollout_chosen_while_hidden_loads_when_shown(qtbot, context, org):
    page = CountingPage(context, {"readiness"})
    page.FOLLOWS_ROLLOUT = True
    context.rollout_selected.connect(page.show_rollout)
    qtbot.addWidget(page)
    context.rollout_selected.emit(org["rollout"])
    assert page.rollout_id == org["rollout"] and page.reloads == []
    page.show()
    assert page.reloads == [EVERYTHING]


def _counting_reloads(page) -> list[int]:
    """Wrap the page's own `_reload` (what fetches the rollout's rows) to count its runs."""
    runs: list[int] = []
    own = page._reload

    def counted(ws, rollout) -> None:
        runs.append(rollout.id)
        own(ws, rollout)

    page._reload = counted
    return runs


def test_real_pages_follow_a_store_write_by_its_area(qtbot, context, org):
    """A stakeholder saved through the store reaches the Stakeholders page (readiness) and not
    the KPIs page (delivery); the hidden Stakeholders page rebuilds only when shown, once."""
    ws, rollout = org["ws"], org["rollout"]
    stakeholders, kpis = StakeholdersPage(context), KpisPage(context)
    for page in (stakeholders, kpis):
        qtbot.addWidget(page)
        page.show()
        page.show_rollout(rollout)
    built_stakeholders, built_kpis = _counting_reloads(stakeholders), _counting_reloads(kpis)
    fields = dict(rollout_id=rollout, current_support=SupportLevel.NEUTRAL, needed_support=SupportLevel.CHAMPION,
                  as_of=AS_OF, influence=4, interest=4)
    first = ws.readiness.stakeholders.add(person_id=org["ann"], **fields)
    assert len(built_stakeholders) == 1 and built_kpis == []
    assert [s.id for s in stakeholders.table.source_model.rows()] == [first]

    stakeholders.hide()
    second = ws.readiness.stakeholders.add(person_id=org["bob"], **fields)
    ws.readiness.stakeholders.add(team_id=org["billing"], **fields)
    assert len(built_stakeholders) == 1  # hidden: nothing fetched yet
    assert [s.id for s in stakeholders.table.source_model.rows()] == [first]
    stakeholders.show()
    assert len(built_stakeholders) == 2 and built_kpis == []
    assert second in {s.id for s in stakeholders.table.source_model.rows()}
