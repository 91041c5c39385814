"""The Seats tab reads the reclaim list first and each sub-tab's part (cohorts, uplift) only
when that sub-tab is shown: the figures are those of one whole read, the list is not read
again, and a rollout chosen while a round runs never shows the previous rollout's seats."""

from __future__ import annotations

import datetime as dt

import pytest
from seats_fixtures import AS_OF, context  # noqa: F401 - fixtures

from tracker.services.seat_overview import seats_overview
from tracker.ui.pages import seats_page
from tracker.ui.pages.seats_page import COHORTS_TAB, RECLAIM_TAB, UPLIFT_TAB, SeatsPage

pytestmark = pytest.mark.gui


def _seats(org, rollout: int, prefix: str, count: int, used: int) -> None:
    """``count`` people of Claims with a seat of ``rollout``; the first ``used`` use it."""
    ws = org["ws"]
    ids = [ws.people.create(employee_id=f"{prefix}{n}", name=f"{prefix} {n}", team_id=org["claims"])
           for n in range(count)]
    with ws.write("seats") as w:
        for pid in ids:
            w.insert("seats", {"rollout_id": rollout, "person_id": pid, "assigned_on": "2026-01-05",
                               "monthly_cost": 30.0, "currency": "EUR"})
    days = (dt.date(2026, 3, 2), dt.date(2026, 4, 6), dt.date(2026, 5, 25))
    keys = [(rollout << 44) | (pid << 20) | day.toordinal() for pid in ids[:used] for day in days]
    ws.adoption.import_usage(keys, source="t", rows=len(keys), unknown_people=0)


def _page(qtbot, context) -> SeatsPage:
    page = SeatsPage(context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    return page


def _wait(qtbot, page: SeatsPage) -> None:
    qtbot.waitUntil(lambda: not page.computing, timeout=10_000)


def _jobs(monkeypatch) -> list[str]:
    """The names of the worker jobs the page starts, in order."""
    started: list[str] = []
    for name in ("_overview_job", "_parts_job"):
        real = getattr(seats_page, name)

        def spy(*args, _real=real, _name=name, **kwargs):
            started.append(_name)
            return _real(*args, **kwargs)

        monkeypatch.setattr(seats_page, name, spy)
    return started


def test_each_part_is_read_when_its_tab_is_shown_with_the_figures_of_one_whole_read(qtbot, context, org,
                                                                                    monkeypatch):
    _seats(org, org["rollout"], "Seat", 8, 5)
    jobs = _jobs(monkeypatch)
    page = _page(qtbot, context)
    page.show_rollout(org["rollout"])
    _wait(qtbot, page)
    assert jobs == ["_overview_job"]
    assert page.overview.cohorts is None and page.overview.uplift is None  # not on screen
    assert page.seats_value.text() == "8" and page.active_value.text() == "5"

    page.show_tab(COHORTS_TAB)
    assert page.computing
    _wait(qtbot, page)
    page.show_tab(UPLIFT_TAB)
    _wait(qtbot, page)
    assert jobs == ["_overview_job", "_parts_job", "_parts_job"]  # the list was not read again
    whole = seats_overview(org["ws"], org["rollout"], AS_OF)
    assert page.overview.cohorts == whole.cohorts and page.overview.uplift == whole.uplift
    assert page.overview.listed == whole.listed
    assert page.cohorts.first_use.source_model.rows() == whole.cohorts.first_use
    assert page.uplift.sentence_label.text() == whole.uplift.sentence()

    page.show_tab(RECLAIM_TAB)
    page.show_tab(COHORTS_TAB)  # read already: nothing more to read
    assert not page.computing and len(jobs) == 3


def test_a_change_reads_the_list_and_the_part_on_screen_only(qtbot, context, org, monkeypatch):
    _seats(org, org["rollout"], "Seat", 6, 2)
    page = _page(qtbot, context)
    page.show_rollout(org["rollout"])
    _wait(qtbot, page)
    page.show_tab(UPLIFT_TAB)
    _wait(qtbot, page)
    jobs = _jobs(monkeypatch)
    org["ws"].seats.set_settings(org["rollout"], inactive_days=200, grace_days=30)
    _wait(qtbot, page)
    qtbot.waitUntil(lambda: page.inactive_words.text() == "inactive 200+ days", timeout=10_000)
    assert jobs == ["_overview_job"]
    assert page.overview.uplift is not None and page.overview.cohorts is None


def test_choosing_a_module_reads_the_uplift_again_and_nothing_else(qtbot, context, org, monkeypatch):
    ws, rollout = org["ws"], org["rollout"]
    _seats(org, rollout, "Seat", 6, 3)
    module = ws.training.create_module(rollout, code="AI-101", title="AI basics", due_date=dt.date(2026, 5, 1),
                                       available_from=dt.date(2025, 6, 1), team_ids=[org["claims"]])
    page = _page(qtbot, context)
    page.show_rollout(rollout)
    _wait(qtbot, page)
    page.show_tab(UPLIFT_TAB)
    _wait(qtbot, page)
    jobs = _jobs(monkeypatch)
    page.uplift.module_chosen.emit(module)
    _wait(qtbot, page)
    assert jobs == ["_parts_job"]
    assert page.overview.module_id == module
    assert page.overview.uplift == seats_overview(ws, rollout, AS_OF, module_id=module).uplift
    assert page.uplift.module_combo.currentData() == module


def test_a_rollout_chosen_while_seats_are_read_shows_only_its_own(qtbot, context, org, monkeypatch):
    ws, first = org["ws"], org["rollout"]
    second = ws.rollouts.create(name="Finance copilot", owner_id=org["boss"])
    _seats(org, first, "First", 7, 2)
    _seats(org, second, "Second", 3, 1)
    shown: list[int] = []
    real_show = SeatsPage.show_overview
    monkeypatch.setattr(SeatsPage, "show_overview",
                        lambda self, overview: (shown.append(overview.rollout_id), real_show(self, overview)))
    page = _page(qtbot, context)
    page.show_rollout(first)
    assert page.computing  # the first rollout's round is under way ...
    page.show_rollout(second)  # ... when the second is chosen
    _wait(qtbot, page)
    assert shown == [second]  # the first one's seats, read meanwhile, were never shown
    assert page.overview.rollout_id == second and page.seats_value.text() == "3"
    assert {line.name for line in page.reclaim.model.rows()} == {"Second 0", "Second 1", "Second 2"}


def test_the_leavers_panel_gets_every_leaver_and_unknown_holder_and_nothing_else(qtbot, context, org):
    """It is given the head of the list (leavers, then unknown holders, come first): exactly the
    lines its filters show, whatever the mix."""
    from tracker.ui.pages.seats_reclaim_panel import OUT

    ws, rollout = org["ws"], org["rollout"]
    _seats(org, rollout, "Seat", 6, 2)
    with ws.write("guest seat") as w:
        w.insert("seats", {"rollout_id": rollout, "account": "guest@example.com", "assigned_on": "2026-01-05"})
    ws.people.set_active([ws.people.by_employee_id("Seat4").id], False)
    page = _page(qtbot, context)
    page.show_rollout(rollout)
    _wait(qtbot, page)
    lines = page.overview.listed.lines
    out = [line for line in lines if line.category in OUT]
    assert len(out) == 2 and page.overview.out_count == 2
    assert page.leavers.model.rows() == out
    assert sorted(line.name for line in page.leavers.model.shown()) == ["Seat 4", "guest@example.com"]
