"""Dropping a CSV/XLSX file on the window opens the import its headers belong to."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.ui.drop_import import read_headers

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(window, tmp_path, monkeypatch):
    path = tmp_path / "acme.tracker"
    with Workspace.open(path) as ws:
        ws.rollouts.create(name="Claims assistant")
        ws.rollouts.create(name="Code helper")
    assert window.files.open_path(path)
    shown = []
    monkeypatch.setattr(window.drop_import, "run_dialog", shown.append)
    window.shown_dialogs = shown
    return window


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_headers_of_csv_with_semicolons_and_bom(tmp_path):
    path = tmp_path / "x.csv"
    path.write_bytes("\ufeffEmployee ID;Name;Team\nE1;Ann;Sales\n".encode("utf-8"))
    assert read_headers(path) == ["employee_id", "name", "team"]


def test_headers_of_tab_separated_utf16_as_excel_saves_unicode_text(tmp_path):
    path = tmp_path / "x.txt"
    path.write_bytes("KPI\tDate\tValue\r\nNPS\t2026-03-01\t40\r\n".encode("utf-16"))
    assert read_headers(path) == ["kpi", "date", "value"]


def test_headers_of_a_workbook(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["rollout", "Team", "Period end", "eligible", "active"])
    book.active.append(["Claims assistant", "Sales", "2026-03-01", 10, 4])
    book.save(tmp_path / "figures.xlsx")
    assert read_headers(tmp_path / "figures.xlsx") == ["rollout", "team", "period_end", "eligible", "active"]


def test_a_roster_opens_the_roster_import_with_the_file(opened, tmp_path, qtbot):
    from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog

    path = write(tmp_path, "hr.csv", "employee_id,name,team\nE1,Ann,Sales\n")
    dialog = opened.drop_import.import_file(path)
    assert isinstance(dialog, RosterImportDialog) and opened.shown_dialogs == [dialog]
    assert dialog.path_edit.text() == str(path)
    qtbot.waitUntil(lambda: dialog.apply_button.isEnabled(), timeout=5000)


def test_a_drop_event_with_one_csv_reaches_the_import(opened, tmp_path):
    path = write(tmp_path, "usage.csv", "employee_id,rollout,used_on\nE1,Claims assistant,2026-03-01\n")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    # (sendEvent does not deliver a synthetic drop; the window's filter is what a real one meets)
    assert opened.drop_import.eventFilter(opened, event) and event.isAccepted()
    [dialog] = opened.shown_dialogs
    assert dialog.kind.title == "Import usage" and dialog.path_edit.text() == str(path)


def test_a_kind_of_a_rollout_asks_which_rollout_when_none_is_selected(opened, tmp_path, monkeypatch):
    from tracker.ui.dialogs.kpi_import_dialog import KpiImportDialog

    opened.show_dashboard()
    assert opened.navigator.current_rollout_id() is None
    asked = []
    monkeypatch.setattr(opened.drop_import, "choose", lambda title, label, items: asked.append(items) or 1)
    dialog = opened.drop_import.import_file(write(tmp_path, "kpi.csv", "kpi,date,value\nNPS,2026-03-01,40\n"))
    assert asked == [["Claims assistant", "Code helper"]]
    assert isinstance(dialog, KpiImportDialog)
    assert dialog.rollout_id == opened.context.workspace.rollouts.by_name("Code helper").id


def test_an_ambiguous_file_asks_which_import(opened, tmp_path, monkeypatch):
    asked = []
    monkeypatch.setattr(opened.drop_import, "choose", lambda title, label, items: asked.append(items) or None)
    path = write(tmp_path, "both.csv", "employee_id,name,team,rollout,used_on\n")
    assert opened.drop_import.import_file(path) is None  # the user cancelled the question
    assert asked == [["HR roster", "Usage log"]] and opened.shown_dialogs == []


def test_an_adkar_survey_goes_to_the_rollout_s_adkar_page(opened, tmp_path, monkeypatch):
    from tracker.ui.pages.adkar_page import AdkarPage

    rid = opened.context.workspace.rollouts.by_name("Claims assistant").id
    opened.context.rollout_selected.emit(rid)
    read = []
    monkeypatch.setattr(AdkarPage, "import_survey_file", lambda self, path: read.append((self.rollout_id, path)))
    path = write(tmp_path, "adkar.csv",
                 "team,assessed_on,awareness,desire,knowledge,ability,reinforcement\n")
    page = opened.drop_import.import_file(path)
    assert isinstance(page, AdkarPage) and read == [(rid, path)]


def test_an_unknown_file_names_the_imports(opened, messages, tmp_path):
    assert opened.drop_import.import_file(write(tmp_path, "notes.csv", "title,body\n")) is None
    assert "HR roster: employee_id, name, team" in messages.texts()[-1]


def test_a_rollout_kind_without_rollouts_says_to_add_one(window, messages, tmp_path):
    path = tmp_path / "empty.tracker"
    Workspace.open(path).close()
    assert window.files.open_path(path)
    csv = write(tmp_path, "training.csv", "employee_id,module,status\n")
    assert window.drop_import.import_file(csv) is None
    assert "add the rollout first" in messages.texts()[-1]


def test_drags_of_other_things_are_not_taken(opened, tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.csv")), QUrl.fromLocalFile(str(tmp_path / "b.csv"))])
    two = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier)
    assert not opened.drop_import.eventFilter(opened, two)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "slides.pptx"))])
    other = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    assert not opened.drop_import.eventFilter(opened, other) and opened.shown_dialogs == []


def test_a_recognised_lms_export_opens_the_training_import_though_it_has_none_of_our_columns(opened, tmp_path,
                                                                                            monkeypatch):
    from tracker.ui.dialogs.training_import_dialog import TrainingImportDialog

    monkeypatch.setattr(opened.drop_import, "choose", lambda title, label, items: 0)
    path = write(tmp_path, "transcript.csv", "\ufeffUser - User ID,Training Title,Transcript Status,"
                 "Transcript Completed Date\nE1,Prompting basics,Completed,01/15/2025\n")
    dialog = opened.drop_import.import_file(path)
    assert isinstance(dialog, TrainingImportDialog)


def test_a_file_with_a_saved_mapping_opens_the_import_it_was_mapped_for(opened, tmp_path, monkeypatch):
    from tracker.ui.dialogs.roster_import_dialog import RosterImportDialog

    header = ["Personalnummer", "Anzeigename", "Abteilung"]
    opened.context.workspace.import_mappings.save(
        "HR DE", "roster", {"employee_id": "personalnummer", "name": "anzeigename", "team": "abteilung"}, header)
    dialog = opened.drop_import.import_file(write(tmp_path, "ma.csv", ";".join(header) + "\n7;Ana;Kasse\n"))
    assert isinstance(dialog, RosterImportDialog)


def test_a_copilot_usage_report_opens_the_usage_import_for_the_rollout_asked(opened, tmp_path, monkeypatch, qtbot):
    report = Path(__file__).resolve().parent.parent / "data" / "exports" / "m365_copilot_graph_v1.csv"
    opened.show_dashboard()
    monkeypatch.setattr(opened.drop_import, "choose", lambda title, label, items: items.index("Code helper"))
    dialog = opened.drop_import.import_file(report)
    assert dialog.kind.title == "Import usage" and "imported into Code helper" in dialog.kind.hint
    qtbot.waitUntil(lambda: dialog.preview is not None, timeout=10_000)
    text = dialog.report_view.toPlainText()
    assert text.startswith("Recognised: Microsoft 365 Copilot usage user detail (Graph report, v1)")
    assert "every use is for Code helper" in text
