"""The window and the command line warn about workspaces on network drives and synced folders.

The paths are real folders whose names the classifier recognises (a "Dropbox" folder in the
test's temporary folder), so nothing in the chain from path to message is stubbed.
"""

from __future__ import annotations

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.cli import main

pytestmark = pytest.mark.gui


def test_opening_a_workspace_in_a_synced_folder_warns_once_per_path(window, messages, tmp_path):
    synced = tmp_path / "Dropbox"
    synced.mkdir()
    risky, local = synced / "org.tracker", tmp_path / "local.tracker"

    assert window.files.open_path(risky, create=True)
    assert window.context.workspace.path == risky  # a warning, not a refusal
    [(kind, title, text)] = messages
    assert kind == "warning"
    assert "inside a Dropbox folder" in text and "local folder" in text and "org.tracker" in text

    assert window.files.open_path(local, create=True)
    assert window.files.open_path(risky)
    assert len(messages) == 1  # local opened silently, and the risky one is not repeated


def test_a_local_workspace_opens_without_a_warning(window, messages, tmp_path):
    assert window.files.open_path(tmp_path / "org.tracker", create=True)
    assert messages == []


def test_command_line_prints_the_warning_on_stderr(tmp_path, capsys):
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,name,team\nE1,Ann,Claims\n")
    folder = tmp_path / "OneDrive - Contoso"
    folder.mkdir()
    assert main(["import", "roster", str(folder / "org.tracker"), str(roster)]) == 0
    err = capsys.readouterr().err
    assert "tracker: warning: The workspace org.tracker is inside a OneDrive folder" in err

    assert main(["import", "roster", str(tmp_path / "local.tracker"), str(roster)]) == 0
    assert "warning" not in capsys.readouterr().err
