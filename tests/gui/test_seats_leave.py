"""Marking a seat holder on leave from the Seats tab, the On leave list with Remove, and the day
the seats are judged on when the usage data is old."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog
from test_seats_page import _page, _select, _wait, context, seat_people  # noqa: F401 - context: a fixture

from tracker.domain.seats import Category
from tracker.ui.pages.rollout_area_page import RolloutAreaPage
from tracker.ui.pages.seats_page import LEAVE_TAB
from tracker.ui.qt_dates import to_qdate

pytestmark = pytest.mark.gui


def _line(page, name):
    return next(line for line in page.overview.listed.lines if line.name == name)


def _fill(start: dt.date, end: dt.date | None, steps: list):
    """A stand-in for the dialog's exec: fill in the days, press Mark on leave, note what it said."""
    def run(dialog):
        dialog.start_edit.setDate(to_qdate(start))
        dialog.end_edit.set_date(end)
        dialog.buttons.accepted.emit()
        steps.append((dialog.result(), not dialog.error_label.isHidden(), dialog.error_label.text()))
        return dialog.result()
    return run


def test_leave_is_marked_from_a_line_checked_after_the_user_acts_and_undone(qtbot, context, org, monkeypatch):
    ws = org["ws"]
    seat_people(org)
    page = _page(qtbot, context, org)
    panel = page.reclaim
    assert _line(page, "Seat 3").category is Category.RECLAIM
    assert not panel.leave_button.isEnabled()  # nothing selected
    _select(panel, {"Seat 3"})
    assert panel.leave_button.isEnabled()

    steps: list = []
    monkeypatch.setattr(QDialog, "exec", _fill(dt.date(2026, 5, 20), dt.date(2026, 5, 1), steps))
    assert not panel.mark_leave()
    assert steps == [(0, True, "The last day of leave is before its first day: choose a last day on or after "
                               "20 May 2026.")]
    assert ws.seats.leave() == []  # refused in the dialog: nothing written

    monkeypatch.setattr(QDialog, "exec", _fill(dt.date(2026, 5, 20), dt.date(2026, 8, 31), steps))
    assert panel.mark_leave()
    _wait(qtbot, page)
    assert [(m.starts_on, m.ends_on) for m in ws.seats.leave()] == [(dt.date(2026, 5, 20), dt.date(2026, 8, 31))]
    kept = _line(page, "Seat 3")
    assert kept.category is Category.KEEP and "on leave" in kept.reason
    assert "Seat 3" not in [line.name for line in panel.model.shown()]  # no longer recommended
    assert page.tabs.tabText(LEAVE_TAB) == "On leave (1)"
    assert [(r.name, r.state) for r in page.leave.model.shown()] == [("Seat 3", "on leave")]
    assert context.undo.undo_label() == "Mark Seat 3 on leave from 2026-05-20"

    # a second mark over the same days is refused by the store, said in the dialog, which stays open
    panel.filter_combo.setCurrentIndex(len(panel.filters) - 1)  # every seat, kept ones too
    _select(panel, {"Seat 3"})
    monkeypatch.setattr(QDialog, "exec", _fill(dt.date(2026, 6, 1), None, steps))
    assert not panel.mark_leave()
    assert steps[-1][:2] == (0, True) and "already on leave from 2026-05-20 to 2026-08-31" in steps[-1][2]
    assert len(ws.seats.leave()) == 1

    context.undo.undo()
    _wait(qtbot, page)
    assert ws.seats.leave() == [] and _line(page, "Seat 3").category is Category.RECLAIM
    assert page.tabs.tabText(LEAVE_TAB) == "On leave (0)" and page.leave.empty_label.isVisibleTo(page.leave)


def test_the_on_leave_list_removes_a_mark_and_undo_brings_it_back(qtbot, context, org):
    ws = org["ws"]
    ids = seat_people(org)
    ws.seats.add_leave(ids[4], dt.date(2026, 5, 1))  # until further notice
    ws.seats.add_leave(ids[5], dt.date(2026, 7, 1), dt.date(2026, 7, 31))  # coming
    ws.seats.add_leave(ids[3], dt.date(2026, 1, 1), dt.date(2026, 2, 1))  # ended: not listed
    page = _page(qtbot, context, org)
    rows = page.leave.model.shown()
    assert [(r.name, r.state, r.ends_on) for r in rows] == [("Seat 4", "on leave", None),
                                                            ("Seat 5", "starts 1 Jul 2026", dt.date(2026, 7, 31))]
    assert page.leave.model.data(page.leave.model.index(0, 4)) == "until further notice"
    assert not page.leave.remove_button.isEnabled()
    page.leave.table.select_where(lambda r: r.name == "Seat 4")
    assert page.leave.remove_button.isEnabled()
    page.leave.remove_button.click()
    _wait(qtbot, page)
    assert [r.name for r in page.leave.model.shown()] == ["Seat 5"]
    assert _line(page, "Seat 4").category is Category.RECLAIM
    context.undo.undo()
    _wait(qtbot, page)
    assert [r.name for r in page.leave.model.shown()] == ["Seat 4", "Seat 5"]
    assert _line(page, "Seat 4").category is Category.KEEP


def test_old_usage_data_is_said_and_the_seats_can_be_judged_on_its_last_day(qtbot, context, org, monkeypatch):
    ws = org["ws"]
    seat_people(org)  # the last use recorded: 25 May 2026, by Seat 0 and Seat 1
    ws.seats.set_settings(org["rollout"], inactive_days=14, grace_days=30)
    page = _page(qtbot, context, org)
    assert not page.usage_label.isVisibleTo(page) and not page.judge_check.isVisibleTo(page)  # 7 days old: fine
    assert _line(page, "Seat 0").active

    later = dt.date(2026, 6, 20)
    monkeypatch.setattr(RolloutAreaPage, "today", staticmethod(lambda: later))
    page.refresh()
    _wait(qtbot, page)
    assert page.overview.listed.as_of == later
    text = page.usage_label.text()
    assert page.usage_label.isVisibleTo(page)
    assert text.startswith("Usage data ends 25 May 2026 (26 days old): a seat can look inactive only because")
    assert _line(page, "Seat 0").category is Category.RECLAIM  # 26 days without a report of use
    assert page.judge_check.isVisibleTo(page) and page.judge_check.text() == "&Judge as of 25 May 2026"

    page.judge_check.setChecked(True)
    _wait(qtbot, page)
    assert page.overview.listed.as_of == dt.date(2026, 5, 25) and page.as_of() == dt.date(2026, 5, 25)
    assert _line(page, "Seat 0").active
    assert page.usage_label.text().startswith("Judged as of 25 May 2026, the last day of the usage data")
    assert page.judge_check.isChecked() and page.judge_check.isVisibleTo(page)

    page.judge_check.setChecked(False)
    _wait(qtbot, page)
    assert page.overview.listed.as_of == later and "26 days old" in page.usage_label.text()
