"""The Seats tab driven like a change manager would: decide, undo, export, read the uplift."""

from __future__ import annotations

import datetime as dt

import pytest
from conflict_fixtures import answer, someone_else  # noqa: F401 - a fixture
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog, QFileDialog
from seats_fixtures import AS_OF, context  # noqa: F401 - fixtures

from tracker.domain.seat_records import Decision
from tracker.domain.seat_uplift import CAVEAT, Uplift
from tracker.ui.pages import seats_page
from tracker.ui.pages.seats_page import LEAVERS_TAB, UPLIFT_TAB, SeatsPage

pytestmark = pytest.mark.gui


def seat_people(org, count: int = 6) -> list[int]:
    """``count`` people of Claims with a seat since January at 30 EUR; the first two use the tool."""
    ws, rollout = org["ws"], org["rollout"]
    ids = [ws.people.create(employee_id=f"S{n}", name=f"Seat {n}", team_id=org["claims"]) for n in range(count)]
    with ws.write("seats") as w:
        for pid in ids:
            w.insert("seats", {"rollout_id": rollout, "person_id": pid, "assigned_on": "2026-01-05",
                               "monthly_cost": 30.0, "currency": "EUR"})
    keys = [(rollout << 44) | (pid << 20) | dt.date(2026, 5, 25).toordinal() for pid in ids[:2]]
    ws.adoption.import_usage(keys, source="t", rows=2, unknown_people=0)
    return ids


def _page(qtbot, context, org) -> SeatsPage:
    page = SeatsPage(context)
    qtbot.addWidget(page)
    page.resize(1000, 600)
    page.show()
    page.show_rollout(org["rollout"])
    _wait(qtbot, page)
    return page


def _wait(qtbot, page: SeatsPage) -> None:
    qtbot.waitUntil(lambda: not page.computing, timeout=10_000)


def _select(panel, names: set[str]) -> None:
    panel.table.clearSelection()
    panel.table.select_where(lambda line: line.name in names)


def test_no_seats_says_how_to_get_them_with_a_button(qtbot, context, org, monkeypatch):
    page = _page(qtbot, context, org)
    assert page.body.currentIndex() == 1
    assert "Import seats…" in page.empty_text.text() and "usage reports" in page.empty_text.text()
    opened = []
    monkeypatch.setattr(QDialog, "exec", lambda dialog: opened.append(dialog.windowTitle()) or 0)
    page.empty_import_button.click()
    assert opened == ["Import seats – Claims triage assistant"]


def test_the_figures_and_the_recommendations_with_their_reasons(qtbot, context, org):
    seat_people(org)
    page = _page(qtbot, context, org)
    assert page.body.currentIndex() == 2
    assert (page.seats_value.text(), page.active_value.text(), page.inactive_value.text()) == ("6", "2", "4")
    assert page.money_value.text() == "120.00 EUR"
    shown = page.reclaim.model.shown()
    assert sorted(line.name for line in shown) == ["Seat 2", "Seat 3", "Seat 4", "Seat 5"]
    assert all("never used" in line.reason for line in shown)
    page.reclaim.search.setText("S3")
    assert [line.name for line in page.reclaim.model.shown()] == ["Seat 3"]


def test_approve_and_reject_are_audited_and_undone(qtbot, context, org, monkeypatch):
    ws = org["ws"]
    seat_people(org)
    page = _page(qtbot, context, org)
    panel = page.reclaim
    _select(panel, {"Seat 2", "Seat 3"})
    assert panel.approve_button.isEnabled()
    panel.approve_button.click()
    _wait(qtbot, page)
    decided = {d.seat_id: d for d in ws.seats.decisions(org["rollout"])}
    assert len(decided) == 2 and {d.decision for d in decided.values()} == {Decision.APPROVED}
    assert {d.decided_by for d in decided.values()} == {ws.user}
    assert page.money_value.text() == "60.00 EUR"
    assert context.undo.undo_label() == "Approve reclaim of 2 seats of Claims triage assistant"
    assert {line.name for line in panel.table.selected_records()} == {"Seat 2", "Seat 3"}  # kept selected

    def keep(dialog):  # an empty reason is refused first, in the dialog
        dialog.buttons.accepted.emit()
        assert dialog.isVisible() is False and "needs a reason" in dialog.error_label.text()
        dialog.reason_edit.setText("On parental leave until March")
        dialog.buttons.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", keep)
    _select(panel, {"Seat 4"})
    assert panel.reject()
    _wait(qtbot, page)
    latest = ws.seats.decisions(org["rollout"])[-1]
    assert (latest.decision, latest.reason) == (Decision.REJECTED, "On parental leave until March")
    assert page.money_value.text() == "30.00 EUR"

    context.undo.undo()  # the rejection
    _wait(qtbot, page)
    assert len(ws.seats.decisions(org["rollout"])) == 2
    context.undo.undo()  # the approval of two
    _wait(qtbot, page)
    assert ws.seats.decisions(org["rollout"]) == []
    assert page.money_value.text() == "120.00 EUR"


def test_leavers_are_listed_apart_for_reclaim_at_once(qtbot, context, org):
    ids = seat_people(org)
    org["ws"].people.set_active([ids[5]], False)
    page = _page(qtbot, context, org)
    assert "Seat 5" not in [line.name for line in page.reclaim.model.shown()]
    assert [line.name for line in page.leavers.model.shown()] == ["Seat 5"]
    assert "reclaim at once" in page.leavers.model.shown()[0].reason
    assert page.tabs.tabText(LEAVERS_TAB) == "Leavers (1)"


def test_export_writes_the_approved_and_leavers_seats_to_reclaim(qtbot, context, org, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    ids = seat_people(org)
    org["ws"].people.set_active([ids[5]], False)
    page = _page(qtbot, context, org)
    _select(page.reclaim, {"Seat 2"})
    page.reclaim.approve()
    _wait(qtbot, page)
    target = tmp_path / "reclaim.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)
    worker = page.export_reclaim_list()
    assert worker is not None
    qtbot.waitUntil(lambda: target.exists() and page._exporter.written is not None, timeout=10_000)
    book = load_workbook(target)
    names = [row[1] for row in book["To reclaim"].iter_rows(min_row=2, values_only=True) if row[3]]
    assert sorted(names) == ["Seat 2", "Seat 5"]  # approved, and the leaver; not those awaiting
    waiting = [row[1] for row in book["Awaiting decision"].iter_rows(min_row=2, values_only=True) if row[3]]
    assert sorted(waiting) == ["Seat 3", "Seat 4"]


def test_the_uplift_is_shown_with_its_caveat_and_suppressed_with_the_reports_words(qtbot, context, org,
                                                                                   monkeypatch):
    seat_people(org)
    page = _page(qtbot, context, org)
    assert page.overview.uplift is None  # read when its sub-tab is shown
    page.show_tab(UPLIFT_TAB)
    _wait(qtbot, page)
    suppressed = page.overview.uplift
    assert suppressed.suppressed  # two trained people are fewer than five
    assert page.uplift.sentence_label.text() == suppressed.sentence()
    assert "suppressed: fewer than 5 people" in page.uplift.sentence_label.text()
    assert not page.uplift.figures.isVisible() and CAVEAT in page.uplift.sentence_label.text()

    measured = Uplift(12, 30, 0.25, 0.6, 0.3, 0.35, 0.3, 0.1, 0.5)
    import tracker.services.seat_overview as overview_module

    monkeypatch.setattr(overview_module, "seat_uplift", lambda *a, **k: measured)
    page.refresh()
    _wait(qtbot, page)
    text = page.uplift.sentence_label.text()
    assert "+30 percentage points" in text and "95% interval +10 to +50" in text and CAVEAT in text
    assert page.uplift.caveat_label.text() == "Observational: not proof of cause."
    assert page.uplift.figures.isVisible()
    assert page.uplift.trained_label.text() == "25% → 60% (12 people)"


def test_seat_rules_are_checked_after_the_user_acts_and_change_the_verdicts(qtbot, context, org, monkeypatch):
    seat_people(org)
    page = _page(qtbot, context, org)

    def set_rules(dialog):
        assert not dialog.error_label.isVisible()  # nothing said on opening
        dialog.inactive_spin.setValue(200)
        dialog.grace_spin.setValue(365)
        dialog.buttons.accepted.emit()
        return dialog.result()

    monkeypatch.setattr(QDialog, "exec", set_rules)
    page.edit_rules()
    _wait(qtbot, page)
    rules = org["ws"].seats.settings(org["rollout"])
    assert (rules.inactive_days, rules.grace_days) == (200, 365)
    # Every seat was given within the year's grace period now: nothing is recommended.
    assert page.reclaim.model.shown() == []
    assert page.inactive_words.text() == "inactive 200+ days"


def test_the_overview_is_read_off_the_gui_thread(qtbot, context, org, monkeypatch):
    import threading

    seat_people(org)
    threads = []
    real = seats_page._overview_job

    def spy(*args, **kwargs):
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(seats_page, "_overview_job", spy)
    _page(qtbot, context, org)
    assert threads == [False]


def test_import_seats_previews_off_the_gui_thread_then_applies_and_the_tab_fills(qtbot, context, org, tmp_path):
    from tracker.ui.dialogs.seat_import_dialog import SeatImportDialog

    page = _page(qtbot, context, org)
    assert page.body.currentIndex() == 1  # no seats yet
    seats = tmp_path / "licences.csv"
    seats.write_text("employee_id,assigned_on,cost_per_seat,currency\nE002,2026-01-05,30,EUR\n"
                     "E003,2026-01-05,30,EUR\n")
    dialog = SeatImportDialog(context, org["rollout"], page)
    qtbot.addWidget(dialog)
    assert dialog.map_button.isVisibleTo(dialog)  # Match columns… for a file in other columns
    dialog.load(seats)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    assert "2 new seats" in dialog.report_view.toPlainText()
    assert org["ws"].scalar("SELECT COUNT(*) FROM seats") == 0  # a preview writes nothing
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.change_id is not None, timeout=5000)
    _wait(qtbot, page)
    assert page.body.currentIndex() == 2 and page.seats_value.text() == "2"
    assert context.undo.undo_label().startswith("Import seats of Claims triage assistant")


def test_a_seats_file_with_a_bad_row_names_it_and_changes_nothing(qtbot, context, org, tmp_path):
    from tracker.ui.dialogs.seat_import_dialog import SeatImportDialog

    seats = tmp_path / "licences.csv"
    seats.write_text("employee_id,cost_per_seat\nE002,30\nE999,thirty\n")
    dialog = SeatImportDialog(context, org["rollout"])
    qtbot.addWidget(dialog)
    dialog.load(seats)
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=5000)
    text = dialog.report_view.toPlainText()
    assert "nothing will be changed" in text and "row 3" in text.lower()
    assert not dialog.apply_button.isEnabled()
    assert dialog.apply() is None and org["ws"].scalar("SELECT COUNT(*) FROM seats") == 0


def test_across_tools_is_read_when_shown_and_names_people_in_several_tools(qtbot, context, org):
    from tracker.ui.pages.seats_page import TOOLS_TAB

    ws = org["ws"]
    ids = seat_people(org)
    chat = ws.rollouts.create(name="ChatGPT Enterprise")
    with ws.write("seats") as w:
        for pid in ids[:3]:
            w.insert("seats", {"rollout_id": chat, "person_id": pid, "assigned_on": "2026-01-05"})
    page = _page(qtbot, context, org)
    assert not page.overview.tools_read  # not read while another tab is shown
    page.show_tab(TOOLS_TAB)
    _wait(qtbot, page)
    assert page.overview.tools_read
    held = {p.name: p.held for p in page.tools.people_model.shown()}
    assert held["Seat 0"] == ("ChatGPT Enterprise", "Claims triage assistant")
    assert held["Seat 4"] == ("Claims triage assistant",)
    page.tools.several_check.setChecked(True)
    assert sorted(p.name for p in page.tools.people_model.shown()) == ["Seat 0", "Seat 1", "Seat 2"]
    assert "3 of this rollout's 6 seat holders" in page.tools.note.text()


@pytest.mark.parametrize("mine", [True, False])
def test_a_seat_someone_else_decided_on_since_the_list_showed_it_asks_first(qtbot, context, org, answer, mine):
    ws = org["ws"]
    seat_people(org)
    page = _page(qtbot, context, org)
    panel = page.reclaim
    _select(panel, {"Seat 2", "Seat 3"})
    [seat2] = [line.seat for line in panel.table.selected_records() if line.name == "Seat 2"]
    someone_else(ws, lambda o: o.seats.decide(org["rollout"], [seat2], Decision.REJECTED, by="Bea",
                                              reason="Starts using it in June", on=AS_OF))
    asked = answer(mine)
    assert panel.approve() is mine
    assert len(asked) == 1 and asked[0].changed_by == "bea" and asked[0].current["decided_by"] == "Bea"
    latest = {d.seat_id: d for d in ws.seats.decisions(org["rollout"])}  # the latest of each seat
    assert latest[seat2.seat_id].decision is (Decision.APPROVED if mine else Decision.REJECTED)
    assert len(latest) == (2 if mine else 1)  # "Keep theirs" decides none of the selection
