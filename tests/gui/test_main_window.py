"""The main window: opening files, the navigator, undo/redo, read-only mode, layout memory.

Message boxes and file dialogs are patched; every test checks what the store holds or what
the user sees, never the window's internals alone.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QFileDialog
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.services.rollout_lifecycle import delete_rollout
from tracker.store import NewerWorkspaceError, NotAWorkspaceError, Workspace, WorkspaceError
from tracker.store.lock import lock_path_for
from tracker.ui import settings

pytestmark = pytest.mark.gui


def make_workspace(path: Path, rollouts=("Claims triage assistant",)) -> Path:
    with Workspace.open(path) as ws:
        for name in rollouts:
            ws.rollouts.create(name=name)
    return path


def hold_lock(path: Path, user="colleague") -> None:
    """Pretend another running program (our parent process) has the workspace open."""
    lock_path_for(path).write_text(json.dumps({
        "user": user, "host": socket.gethostname(), "pid": os.getppid(), "since": "2026-03-02T09:14:00",
    }))


# ---------------------------------------------------------------- opening
def test_empty_window_offers_the_three_ways_to_start(window, monkeypatch):
    assert window.body.currentWidget() is window.start_panel
    assert window.windowTitle() == "Rollout Tracker"
    assert not window.menu.undo.isEnabled() and not window.menu.save_copy.isEnabled()
    chosen = []
    monkeypatch.setattr(window.files, "open_sample", lambda: chosen.append("sample"))
    window.start_panel.buttons["sample"].click()
    assert chosen == ["sample"]


def test_opening_a_workspace_shows_it_and_remembers_it(window, tmp_path):
    path = make_workspace(tmp_path / "acme.tracker")
    assert window.files.open_path(path)
    assert window.context.workspace.path == path
    assert window.body.currentWidget() is window.splitter
    assert window.windowTitle() == "acme — Rollout Tracker"
    assert window.path_label.text() == str(path)
    assert settings.recent_files()[0] == path
    assert settings.last_folder() == str(tmp_path)
    assert not window.banner.isVisible()


@pytest.mark.parametrize("error", [NotAWorkspaceError("x.tracker is not a Rollout Tracker workspace."),
                                   NewerWorkspaceError("x.tracker was written by a newer version."),
                                   WorkspaceError("There is no workspace at x.tracker.")])
def test_store_errors_on_open_become_messages(window, messages, tmp_path, monkeypatch, error):
    def refuse(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(Workspace, "open", refuse)
    assert not window.files.open_path(tmp_path / "x.tracker")
    assert messages.texts() == [str(error)]
    assert window.context.workspace is None


def test_a_file_that_is_not_a_workspace_gives_a_message_not_a_traceback(window, messages, tmp_path):
    path = tmp_path / "notes.tracker"
    path.write_text("shopping list\n")
    assert not window.files.open_path(path)
    [(kind, _title, text)] = messages
    assert kind == "warning" and "is not a Rollout Tracker workspace" in text
    assert "Traceback" not in text
    assert window.context.workspace is None
    assert window.body.currentWidget() is window.start_panel


def test_a_failed_open_keeps_the_current_workspace(window, messages, tmp_path):
    good = make_workspace(tmp_path / "good.tracker")
    bad = tmp_path / "bad.tracker"
    bad.write_bytes(b"\x00" * 100)
    window.files.open_path(good)
    window.files.open_path(bad)
    assert window.context.workspace.path == good
    assert len(messages) == 1


def test_new_workspace_adds_the_suffix_and_never_replaces_a_file(window, messages, tmp_path, monkeypatch):
    from tracker.ui.dialogs import new_workspace_dialog

    target = tmp_path / "Insurer"
    monkeypatch.setattr(new_workspace_dialog, "choose_new_workspace", lambda *a, **k: (str(target), False))
    assert window.files.new_workspace()
    assert window.context.workspace.path == tmp_path / "Insurer.tracker"
    window.context.set_workspace(None)
    assert not window.files.new_workspace()  # Insurer.tracker exists now
    assert "already exists" in messages.texts()[0]


def test_open_dialog_starts_in_the_last_folder(window, tmp_path, monkeypatch):
    path = make_workspace(tmp_path / "bank.tracker")
    settings.set_last_folder(tmp_path)
    asked = {}

    def get_open(parent, caption, folder, file_filter):
        asked.update(folder=folder, filter=file_filter)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    window.menu.open.trigger()
    assert window.context.workspace.path == path
    assert asked["folder"] == str(tmp_path)
    assert "Rollout Tracker workspace (*.tracker)" in asked["filter"]


def test_recent_files_menu_opens_and_prunes_missing_files(window, messages, qtbot, tmp_path):
    kept = make_workspace(tmp_path / "kept.tracker")
    gone = tmp_path / "gone.tracker"
    settings.add_recent_file(gone)
    settings.add_recent_file(kept)
    window.menu.rebuild_recent()
    entries = {a.data(): a for a in window.menu.recent_menu.actions() if a.data()}
    assert list(entries) == [str(kept), str(gone)]
    entries[str(gone)].trigger()
    assert "gone.tracker is no longer" in messages.texts()[0]
    assert settings.recent_files() == [kept]
    qtbot.waitUntil(lambda: len([a for a in window.menu.recent_menu.actions() if a.data()]) == 1)
    [entry] = [a for a in window.menu.recent_menu.actions() if a.data()]
    entry.trigger()
    assert window.context.workspace.path == kept


def test_recent_files_of_another_type_read_as_none(qapp):
    """A settings file holding a number where the list belongs (hand-edited, or written by
    something else) gives no recent files instead of failing while the menu is built."""
    QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, "RolloutTracker",
              "Rollout Tracker").setValue("recent_files", 5)
    assert settings.recent_files() == []


def test_save_a_copy_runs_in_the_background(window, qtbot, tmp_path, monkeypatch):
    window.files.open_path(make_workspace(tmp_path / "live.tracker", rollouts=("Fraud explainer",)))
    copy = tmp_path / "copies" / "snapshot"
    copy.parent.mkdir()
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    window.menu.save_copy.trigger()
    qtbot.waitUntil(lambda: copy.with_suffix(".tracker").exists(), timeout=5000)
    qtbot.waitUntil(lambda: not window.files._copy_worker.running, timeout=5000)
    with Workspace.open(copy.with_suffix(".tracker"), readonly=True) as saved:
        assert [r.name for r in saved.rollouts.list()] == ["Fraud explainer"]
    from tracker.store.export_log import exports  # a whole copy left the app: in the history

    assert [(r.kind, r.file_name, r.made_with) for r in exports(window.context.workspace)] == [
        ("workspace_copy", "snapshot.tracker", "window")]


def test_a_failed_copy_is_a_message(window, qtbot, messages, tmp_path, monkeypatch):
    window.files.open_path(make_workspace(tmp_path / "live.tracker"))
    target = tmp_path / "no such folder" / "copy.tracker"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.menu.save_copy.trigger()
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert messages.texts()[0].startswith("The copy was not saved: copy.tracker could not be written in")


def test_sample_workspace_is_created_in_the_background_then_opened(window, qtbot, messages):
    from tracker.ui.workspace_files import sample_workspace_path

    path = sample_workspace_path()
    assert not path.exists()
    window.menu.sample.trigger()
    qtbot.waitUntil(lambda: window.context.workspace is not None, timeout=20_000)
    assert window.context.workspace.path == path
    assert window.navigator.rollout_ids()
    assert messages == []


# ---------------------------------------------------------------- navigator and pages
def test_navigator_lists_rollouts_and_follows_the_store(window, org):
    window.context.set_workspace(org["ws"])
    nav = window.navigator
    assert nav.rollout_ids() == [org["rollout"]]
    new_id = org["ws"].rollouts.create(name="Underwriting copilot")
    assert nav.rollout_ids() == [org["rollout"], new_id]
    texts = [nav._rollouts.child(i).text(1) for i in range(2)]
    assert texts == ["Pilot", "Pilot"]


def test_selecting_a_rollout_shows_the_rollout_page(window, org, qtbot):
    window.context.set_workspace(org["ws"])
    with qtbot.waitSignal(window.context.rollout_selected) as signal:
        window.navigator.choose_rollout(org["rollout"])
    assert signal.args == [org["rollout"]]
    assert window.current_page() is window.rollout_page
    assert window.rollout_page.rollout_id == org["rollout"]
    window.navigator.tree.setCurrentItem(window.navigator._organisation)
    assert window.current_page() is window.organisation_page


def test_go_menu_moves_between_dashboard_organisation_and_rollouts(window, org):
    window.context.set_workspace(org["ws"])
    assert window.current_page() is window.dashboard_page  # the page the window opens on
    window.menu.go_rollouts.trigger()
    assert window.current_page() is window.rollout_page
    assert window.navigator.current_rollout_id() == org["rollout"]
    window.menu.go_organisation.trigger()
    assert window.current_page() is window.organisation_page
    window.menu.go_dashboard.trigger()
    assert window.current_page() is window.dashboard_page
    shortcuts = [a.shortcut().toString() for a in (window.menu.go_dashboard, window.menu.go_organisation,
                                                   window.menu.go_rollouts)]
    assert shortcuts == ["Ctrl+1", "Ctrl+2", "Ctrl+3"]


def test_deleting_the_shown_rollout_goes_back_to_the_dashboard(window, org):
    window.context.set_workspace(org["ws"])
    window.navigator.choose_rollout(org["rollout"])
    delete_rollout(org["ws"], org["rollout"])
    assert window.current_page() is window.dashboard_page
    assert window.navigator.rollout_ids() == []


def test_status_bar_counts_active_people(window, org):
    window.context.set_workspace(org["ws"])
    assert window.people_label.text() == "4 active people"
    org["ws"].people.set_active([org["cy"]], False)
    assert window.people_label.text() == "3 active people"


# ---------------------------------------------------------------- undo and redo
def test_undo_and_redo_menu_actions_change_the_stored_data(window, org):
    ws = org["ws"]
    window.context.set_workspace(ws)
    champion = ws.roles.type_by_name("Champion").id
    ws.roles.assign(org["rollout"], org["ann"], champion)
    menu = window.menu
    assert menu.undo.isEnabled()
    assert menu.undo.text().replace("&", "") == "Undo Make Ann Claims champion"
    menu.undo.trigger()
    assert ws.roles.assignments(org["rollout"]) == []
    assert menu.redo.text().replace("&", "") == "Redo Make Ann Claims champion"
    menu.redo.trigger()
    assert [a.person_id for a in ws.roles.assignments(org["rollout"])] == [org["ann"]]
    assert not menu.redo.isEnabled()


def test_undo_shortcuts(window):
    assert window.menu.undo.shortcut() == QKeySequence(QKeySequence.StandardKey.Undo)
    assert [s.toString() for s in window.menu.redo.shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]


def test_an_undo_conflict_is_a_message(window, org, messages):
    ws = org["ws"]
    window.context.set_workspace(ws)
    ws.people.update(org["ann"], title="Claims lead")
    other = ws.for_thread()  # a write the window never heard of
    try:
        other.people.update(org["ann"], title="Head of claims")
    finally:
        other.close()
    window.menu.undo.trigger()
    assert "cannot be undone" in messages.texts()[0]
    assert ws.people.get(org["ann"]).title == "Head of claims"


# ---------------------------------------------------------------- read-only
def test_locked_workspace_opens_read_only_with_a_banner(window, qtbot, tmp_path):
    path = make_workspace(tmp_path / "shared.tracker")
    hold_lock(path)
    assert window.files.open_path(path)
    ws = window.context.workspace
    assert ws.readonly
    assert window.banner.isVisible()
    text = window.banner.label.text()
    assert text.startswith(f"Read-only: open for writing by colleague on {socket.gethostname()} since 2026-03-02 09:14")
    assert window.windowTitle() == "shared — Rollout Tracker [read-only]"
    for action in (window.menu.undo, window.menu.redo, window.menu.import_roster, window.menu.new_rollout):
        assert not action.isEnabled()
    assert not window.navigator.new_button.isEnabled()
    assert window.menu.save_copy.isEnabled()

    lock_path_for(path).unlink()  # the colleague closed it
    window.banner.retry.click()
    assert not window.context.workspace.readonly
    assert not window.banner.isVisible()
    assert window.windowTitle() == "shared — Rollout Tracker"


def test_reopen_for_editing_says_when_still_locked(window, messages, tmp_path):
    path = make_workspace(tmp_path / "shared.tracker")
    hold_lock(path, user="mara")
    window.files.open_path(path)
    window.banner.retry.click()
    assert "mara" in messages.texts()[0]
    assert window.context.workspace.readonly


# ---------------------------------------------------------------- closing
def test_closing_saves_geometry_and_closes_the_workspace(window, qtbot, tmp_path, context):
    from tracker.ui.main_window import MainWindow

    path = make_workspace(tmp_path / "w.tracker")
    window.files.open_path(path)
    # The offscreen screen is 800x600 and restoring clamps to the screen, while the pages ask for
    # a little more width than that: the height shows the restore.
    window.resize(700, 520)
    window.close()
    assert context.workspace is None
    assert not lock_path_for(path).exists()
    assert settings.window_geometry() is not None

    again = MainWindow(context)
    qtbot.addWidget(again)
    assert again.height() == 520


# ---------------------------------------------------------------- other menu entries
def test_history_of_changes_opens_once(window, org):
    window.context.set_workspace(org["ws"])
    window.menu.history.trigger()
    dialog = window._history_dialog
    assert dialog.isVisible() and dialog.changes.filter_model.rowCount() == 8
    window.menu.history.trigger()
    assert window._history_dialog is dialog
    window.context.set_workspace(None)  # another workspace: the old history closes
    assert not dialog.isVisible()


def test_import_roster_opens_the_import_dialog(window, org, monkeypatch):
    import sys
    import types

    opened = []

    class RosterImportDialog:
        def __init__(self, context, parent):
            opened.append((context, parent))

        def exec(self):
            return 0

    fake = types.ModuleType("tracker.ui.dialogs.roster_import_dialog")
    fake.RosterImportDialog = RosterImportDialog
    monkeypatch.setitem(sys.modules, "tracker.ui.dialogs.roster_import_dialog", fake)
    window.context.set_workspace(org["ws"])
    window.menu.import_roster.trigger()
    assert opened == [(window.context, window)]


def test_about_names_the_version(window, messages):
    import tracker

    window.menu.about.trigger()
    [(kind, _title, text)] = messages
    assert kind == "about" and tracker.__version__ in text
