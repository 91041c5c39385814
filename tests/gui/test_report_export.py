"""File → Export status report…: the workbook is written in the background to the chosen path,
the user is offered to open it, and a failure leaves an earlier file untouched with a message."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.ui.report_export import STATUS, TRAINING_PLAN

pytestmark = pytest.mark.gui


@pytest.fixture
def opened(window, tmp_path):
    path = tmp_path / "acme.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        rollout = ws.rollouts.create(name="=HYPERLINK(\"http://x\")")
        ws.rollouts.set_impact(rollout, team, "high")
    assert window.files.open_path(path)
    return window


@pytest.mark.parametrize("kind, action", [(STATUS, "export_status"), (TRAINING_PLAN, "export_training")])
def test_export_writes_the_workbook_where_the_user_chose(opened, qtbot, tmp_path, monkeypatch, messages, kind, action):
    target = tmp_path / "out" / "report"
    target.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Excel workbook (*.xlsx)"))
    opened_urls = []
    opened.menu.exporter.open_url = lambda url: opened_urls.append(url.toLocalFile())
    getattr(opened.menu, action).trigger()
    qtbot.waitUntil(lambda: opened.menu.exporter.written is not None, timeout=30_000)
    written = opened.menu.exporter.written
    assert written == target.with_suffix(".xlsx") and written.exists()
    from openpyxl import load_workbook

    book = load_workbook(written, read_only=True)
    assert book.sheetnames  # a real workbook
    assert ("box", "Report written", f"The workbook is saved as {written.name}.") in messages
    # recorded in the history as made in the window (File → Export is not an undoable edit)
    from tracker.store.export_log import exports

    recorded = exports(opened.context.workspace)
    assert [(r.kind, r.file_name, r.made_with) for r in recorded] == [
        ("status_report" if kind == STATUS else "training_plan", written.name, "window")]
    assert not opened.context.undo.can_undo()


def test_a_failed_export_says_why_and_keeps_the_earlier_file(opened, qtbot, tmp_path, monkeypatch, messages):
    target = tmp_path / "report.xlsx"
    target.write_bytes(b"earlier report")
    (tmp_path / ".~lock.report.xlsx#").write_text("someone,host,1;")  # LibreOffice has it open
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    worker = opened.menu.exporter.choose_and_export(STATUS)
    qtbot.waitUntil(lambda: not worker.running, timeout=30_000)
    assert target.read_bytes() == b"earlier report"
    assert any(kind == "warning" and title == "Report not written" for kind, title, _text in messages)


def test_exports_start_in_the_last_export_folder_not_the_last_import_folder(opened, tmp_path, monkeypatch):
    from tracker.ui import settings

    imports, exports = tmp_path / "downloads", tmp_path / "shared"
    imports.mkdir()
    exports.mkdir()
    asked = []

    def save_to(folder):
        def dialog(_parent, _title, start, _filter):
            asked.append(start)
            return str(folder / "report.xlsx"), ""
        return dialog

    settings.set_last_folder(imports)  # a roster was just imported from here
    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_to(exports))
    monkeypatch.setattr(opened.menu.exporter, "export", lambda kind, path: None)
    opened.menu.exporter.choose_and_export(STATUS)
    settings.set_last_folder(imports)  # another import in between
    opened.menu.exporter.choose_and_export(TRAINING_PLAN)
    assert asked[1].startswith(str(exports))  # where the last export went
    assert settings.last_folder() == str(imports)  # an export does not move the import folder
