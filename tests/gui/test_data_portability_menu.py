"""File → Export all data… and File → Import data… in the window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace

pytestmark = pytest.mark.gui


def test_export_all_data_writes_a_pseudonymised_workbook_when_asked(window, qtbot, tmp_path, monkeypatch, messages):
    path = tmp_path / "acme.tracker"
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        ws.people.create(employee_id="E1", name="Zed Secretname", email="zed@example.com", team_id=team)
    assert window.files.open_path(path)
    target = tmp_path / "everything"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    assert window.menu.export_data.isEnabled() and window.menu.import_data.isEnabled()
    window.menu.export_data.trigger()  # the question is answered Yes: pseudonymise
    qtbot.waitUntil(lambda: window.menu.data_exporter.written is not None, timeout=30_000)
    written = window.menu.data_exporter.written
    assert written == tmp_path / "everything.xlsx"
    import zipfile

    with zipfile.ZipFile(written) as z:
        content = b"".join(z.read(n) for n in z.namelist())
    assert b"Secretname" not in content and b"zed@example.com" not in content and b"Claims" in content
    from tracker.store.export_log import exports

    assert [(r.kind, r.pseudonymised, r.made_with) for r in exports(window.context.workspace)] == [
        ("all_data", True, "window")]


def test_the_import_dialog_is_the_shared_one_with_the_data_kind(window, tmp_path, messages):
    from tracker.ui.dialogs.data_import_dialog import DataImportDialog

    Workspace.open(tmp_path / "new.tracker").close()
    assert window.files.open_path(tmp_path / "new.tracker")
    dialog = DataImportDialog(window.context, window)
    assert dialog.windowTitle() == "Import data"
    dialog.close()


def test_an_export_from_a_workspace_open_elsewhere_is_written_with_a_note(window, qtbot, tmp_path, monkeypatch,
                                                                         messages):
    path = tmp_path / "shared.tracker"
    Workspace.open(path).close()
    holder = Workspace.open(path)  # another copy of the app has it open for writing
    try:
        assert window.files.open_path(path) and window.context.workspace.readonly
        target = tmp_path / "everything.xlsx"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        window.menu.export_data.trigger()
        qtbot.waitUntil(lambda: window.menu.data_exporter.written is not None, timeout=30_000)
        assert target.exists()
        note = [text for kind, _title, text in messages if kind == "information"][-1]
        assert "everything.xlsx was written but is not recorded in the workspace's history: it is open " \
               "read-only" in note
    finally:
        holder.close()
