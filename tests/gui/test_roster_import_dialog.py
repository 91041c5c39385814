"""File → Import roster…: the real dialog, its background preview, rejections, partial rosters, apply."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QFileDialog, QMainWindow
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.io.table_reader import ReadCancelled
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.dialogs import roster_import_dialog
from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog

pytestmark = pytest.mark.gui

HEADER = "employee_id,name,team,manager_id"
# Against the org fixture (E001 Ada, E002 Ann in Claims, E003 Bob, E004 Cy): Ann moves to
# Billing, Dee is new, Bob and Cy are missing; Ada is unchanged.
ROSTER = [HEADER, "E001,Ada Boss,Operations,", "E002,Ann Claims,Billing,E001", "E005,Dee New,Claims,E002"]


def write(path, lines):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def ctx(org):
    c = AppContext()
    c.workspace = org["ws"]  # the fixture closes it; set_workspace would close it twice
    org["ws"].add_listener(c._on_store_change)
    yield c
    org["ws"].remove_listener(c._on_store_change)


def open_dialog(qtbot, ctx, parent=None) -> RosterImportDialog:
    dialog = RosterImportDialog(ctx, parent)
    if parent is None:  # a child goes with its parent
        qtbot.addWidget(dialog)
    return dialog


def wait_preview(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.preview is not None and not dialog._busy(), timeout=5000)


def kinds(dialog) -> list[tuple[int | None, str, str]]:
    return sorted(((line.row, line.kind, line.who) for line in dialog.lines.source_model.rows()),
                  key=lambda t: (t[0] or 0, t[1]))


def test_the_menu_opens_the_real_dialog(window, org, messages, monkeypatch):
    shown = []
    monkeypatch.setattr(RosterImportDialog, "exec", lambda self: shown.append(self) or 0)
    window.context.set_workspace(org["ws"])
    window.menu.import_roster.trigger()
    assert messages == []  # not "Roster import is not part of this installation"
    [dialog] = shown
    assert type(dialog) is RosterImportDialog and dialog.context is window.context and dialog.parent() is window


def test_choosing_a_file_previews_without_writing_then_applies_in_one_undo_step(qtbot, ctx, org, tmp_path,
                                                                                monkeypatch):
    ws = org["ws"]
    folder = tmp_path / "hr"
    folder.mkdir()
    path = write(folder / "roster.csv", ROSTER)
    asked = []

    def choose(_parent, _title, start, _filter):
        asked.append(start)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(choose))
    main = QMainWindow()
    qtbot.addWidget(main)
    dialog = open_dialog(qtbot, ctx, main)
    dialog.choose_button.click()
    wait_preview(qtbot, dialog)
    assert settings.last_folder() == str(folder)
    assert "1 new · 1 changed · 2 deactivated · 1 unchanged" in dialog.summary_label.text()
    assert kinds(dialog) == [(None, "Deactivated", "Bob Billing (E003)"), (None, "Deactivated", "Cy Claims (E004)"),
                             (3, "Changed", "Ann Claims (E002)"), (4, "New", "Dee New (E005)")]
    assert ws.people.get(org["bob"]).active and ws.scalar("SELECT COUNT(*) FROM people") == 4  # nothing written yet
    assert dialog.apply_button.isEnabled()

    dialog.partial_check.setChecked(True)  # read again: now no one is deactivated
    wait_preview(qtbot, dialog)
    assert "1 new · 1 changed · 0 deactivated" in dialog.summary_label.text()
    assert "partial roster" in dialog.summary_label.text()

    dialog.apply()
    qtbot.waitUntil(lambda: dialog.change_id is not None, timeout=5000)
    stored = {p.employee_id: p for p in ws.people.list()}
    assert stored["E005"].team_name == "Claims" and stored["E002"].team_name == "Billing"
    assert stored["E003"].active and stored["E004"].active  # partial: kept
    assert "Imported roster.csv: 1 new · 1 changed" in main.statusBar().currentMessage()
    assert dialog.result() == dialog.DialogCode.Accepted

    choose_again = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        staticmethod(lambda _p, _t, start, _f: choose_again.append(start) or ("", "")))
    RosterImportDialog(ctx).choose_file()
    assert choose_again == [str(folder)]  # the next import starts in the same folder

    ws.audit.undo(dialog.change_id)  # the whole import is one change
    assert "E005" not in {p.employee_id for p in ws.people.list()}
    assert ws.people.get(org["ann"]).team_name == "Claims"


def test_a_full_roster_deactivates_the_missing_once_the_user_says_it_is_full(qtbot, ctx, org, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(roster_import_dialog, "ask_mass_deactivation",
                        lambda _parent, preview: asked.append(preview.plan.mass_deactivation_text()) or "anyway")
    dialog = open_dialog(qtbot, ctx)
    dialog.load(write(tmp_path / "r.csv", ROSTER))
    wait_preview(qtbot, dialog)
    dialog.apply()
    qtbot.waitUntil(lambda: dialog.change_id is not None, timeout=5000)
    assert asked == ["this full roster would deactivate 2 of 4 active people (50%, more than 20%)"]
    ws = org["ws"]
    assert not ws.people.get(org["bob"]).active and not ws.people.get(org["cy"]).active
    assert ws.people.get(org["boss"]).active


def test_a_mass_deactivation_can_be_cancelled_or_taken_as_partial(qtbot, ctx, org, tmp_path, monkeypatch):
    answers = ["cancel", "partial"]
    monkeypatch.setattr(roster_import_dialog, "ask_mass_deactivation", lambda _parent, _preview: answers.pop(0))
    lines = ROSTER[:1] + ["E001,Ada Boss,Operations,", "E004,Cy Claims,Claims,E002"]
    dialog = open_dialog(qtbot, ctx)
    dialog.load(write(tmp_path / "r.csv", [HEADER + ",status"] + [line + ",active" for line in lines[1:]]
                      + ["E003,Bob Billing,Billing,E001,leaver"]))
    wait_preview(qtbot, dialog)
    assert "2 deactivated" in dialog.summary_label.text()  # Ann is missing, Bob is a leaver
    assert dialog.apply() is None  # cancelled: nothing written, still previewed
    ws = org["ws"]
    assert ws.people.get(org["ann"]).active and dialog.apply_button.isEnabled()
    dialog.apply()  # as a partial roster: only the leaver the file names goes
    qtbot.waitUntil(lambda: dialog.change_id is not None, timeout=5000)
    assert dialog.partial_check.isChecked()
    assert ws.people.get(org["ann"]).active and not ws.people.get(org["bob"]).active


def test_the_real_question_offers_partial_anyway_and_cancel(qtbot, ctx, org, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    seen = []

    def click(box):  # closed without choosing, as Escape would
        seen.append([b.text() for b in box.buttons()])
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    dialog = open_dialog(qtbot, ctx)
    dialog.load(write(tmp_path / "r.csv", ROSTER))
    wait_preview(qtbot, dialog)
    assert roster_import_dialog.ask_mass_deactivation(dialog, dialog.preview) == "cancel"
    assert sorted(seen[0]) == sorted(["Import as partial roster", "Deactivate 2 people", "Cancel"])


def test_every_rejected_row_is_listed_and_apply_stays_off(qtbot, ctx, org, tmp_path):
    lines = [HEADER, "E001,Ada Boss,Operations,", "E002,,Claims,E001", "E001,Ada Again,Claims,",
             "E006,Eve,Claims,E999"]
    dialog = open_dialog(qtbot, ctx)
    dialog.load(write(tmp_path / "bad.csv", lines))
    wait_preview(qtbot, dialog)
    assert "3 rows rejected: nothing will be changed" in dialog.summary_label.text()
    rejected = {(line.row, line.detail) for line in dialog.lines.source_model.rows()}
    assert rejected == {(3, "empty name for employee E002"), (4, "duplicate employee id E001 (also on row 2)"),
                        (5, "unknown manager E999 for employee E006")}
    assert not dialog.apply_button.isEnabled()
    assert dialog.apply() is None
    assert org["ws"].scalar("SELECT COUNT(*) FROM people") == 4
    assert org["ws"].people.get(org["ann"]).name == "Ann Claims"


def test_a_file_without_the_required_columns_says_so(qtbot, ctx, tmp_path):
    dialog = open_dialog(qtbot, ctx)
    dialog.load(write(tmp_path / "x.csv", ["id,full_name", "1,Ann"]))
    wait_preview(qtbot, dialog)
    assert "cannot be imported" in dialog.summary_label.text()
    [line] = dialog.lines.source_model.rows()
    assert line.row is None and "missing required column" in line.detail
    assert not dialog.apply_button.isEnabled()


def test_reading_runs_in_the_background_and_cancel_stops_it(qtbot, ctx, org, tmp_path, monkeypatch):
    started = threading.Event()
    seen = {}

    def slow_preview(ws, path, *, partial, progress, cancelled, overrides=None):
        seen["thread"] = threading.current_thread()
        progress(100, "Reading row 100")
        started.set()
        while not cancelled():
            threading.Event().wait(0.01)
        raise ReadCancelled()

    monkeypatch.setattr(roster_import_dialog, "preview_roster", slow_preview)
    dialog = open_dialog(qtbot, ctx)
    worker = dialog.load(write(tmp_path / "r.csv", ROSTER))
    assert started.wait(5)
    assert seen["thread"] is not threading.main_thread()
    assert not dialog.choose_button.isEnabled()  # no second read while one runs
    worker.cancel()
    qtbot.waitUntil(lambda: not worker.running, timeout=5000)
    assert dialog.summary_label.text() == "Cancelled; nothing was read."
    assert dialog.preview is None and not dialog.apply_button.isEnabled() and dialog.choose_button.isEnabled()


def test_a_read_only_workspace_previews_but_cannot_apply(qtbot, ctx, tmp_path, monkeypatch):
    monkeypatch.setattr(type(ctx), "readonly", property(lambda _self: True))
    dialog = open_dialog(qtbot, ctx)
    dialog.load(write(tmp_path / "r.csv", ROSTER))
    wait_preview(qtbot, dialog)
    assert "1 new" in dialog.summary_label.text()
    assert not dialog.apply_button.isEnabled() and dialog.apply() is None


def test_match_columns_reads_an_unknown_hr_export_and_saves_the_mapping(qtbot, ctx, org, tmp_path, monkeypatch):
    from tracker.ui.dialogs import mapping_flow

    path = write(tmp_path / "mitarbeiter.csv", ["Personalnummer;Anzeigename;Abteilung",
                                                "E002;Ann Claims;Billing", "E005;Dee New;Claims"])
    dialog = open_dialog(qtbot, ctx)
    dialog.load(path)
    wait_preview(qtbot, dialog)
    assert not dialog.preview.ok and dialog.map_button.isEnabled()

    def answer(self):
        for field, column in (("employee_id", "Personalnummer"), ("name", "Anzeigename"), ("team", "Abteilung")):
            self.combos[field].setCurrentIndex(self.combos[field].findText(column))
        self.name_edit.setText("SAP HCM (DE)")
        return self.DialogCode.Accepted

    monkeypatch.setattr(mapping_flow.ColumnMappingDialog, "exec", answer)
    dialog.preview = None
    dialog.match_columns()
    wait_preview(qtbot, dialog)
    assert dialog.preview.ok and dialog.preview.layout_title, dialog.summary_label.text()
    assert "1 new" in dialog.summary_label.text() and "1 changed" in dialog.summary_label.text()
    assert [m.title for m in org["ws"].import_mappings.list()] == ["SAP HCM (DE)"]
