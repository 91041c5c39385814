"""A window on a shared workspace: another user's edit shows up on its own (LISTEN/NOTIFY through
tracker/ui/live_updates.py, within 2 s), and the server's role shapes the window: a viewer's
opens read-only, an editor's cannot edit the roster or the settings."""

from __future__ import annotations

import time
import uuid

import psycopg
import pytest
from psycopg import sql
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace
from tracker.store.engine.server_roles import grant_role

pytestmark = pytest.mark.gui

LIVE_MS = 2000


def _open_in(window, qtbot, address: str) -> Workspace:
    assert window.files.open_path(address)
    qtbot.waitUntil(lambda: window.context.workspace is not None, timeout=30000)
    ws = window.context.workspace
    assert ws is not None and ws.engine == "postgresql"
    return ws


def _user_with_role(pg_cluster, address: str, role: str) -> str:
    """A new login on the cluster holding `role` in the workspace at `address`; its address."""
    user = f"{role}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user)))
    with psycopg.connect(address, autocommit=True) as owner:
        grant_role(owner, user, role)
    database = address.split("/")[3].split("?")[0]
    return pg_cluster.url(database, user=user)


def test_a_page_shows_another_users_edit_without_any_action(window, pg_database, messages, qtbot):
    address = pg_database
    ws = _open_in(window, qtbot, address)
    window.show_organisation()
    qtbot.waitUntil(lambda: window.live_updates.listening, timeout=5000)
    assert window.live_updates._listener is not None and window.live_updates._listener.wait_until_listening(10)
    page = window.organisation_page
    with Workspace.open(address) as other:
        team = other.teams.create("Claims")
        qtbot.waitUntil(lambda: page.tree_model.team(team) is not None, timeout=LIVE_MS)
        started = time.monotonic()
        person = other.people.create(employee_id="E1", name="Ann Other", team_id=team)
        qtbot.waitUntil(lambda: window.people_label.text() == "1 active person", timeout=LIVE_MS)
        took = time.monotonic() - started
    assert took < LIVE_MS / 1000
    qtbot.waitUntil(lambda: page.people_model.find(person) is not None, timeout=LIVE_MS)  # (painted lazily)
    assert page.people_model.find(person).name == "Ann Other"
    assert not window.context.undo.can_undo()  # someone else's step is not this window's to undo
    assert window.context.workspace is ws and messages == []


def test_closing_the_window_stops_listening(window, pg_database, qtbot):
    _open_in(window, qtbot, pg_database)
    qtbot.waitUntil(lambda: window.live_updates.listening, timeout=5000)
    listener = window.live_updates._listener
    window.close()
    assert listener is not None and not listener.running and not window.live_updates.listening


def test_a_file_starts_no_listener(window, tmp_path, qtbot):
    assert window.files.open_path(tmp_path / "desk.tracker", create=True)
    assert window.context.workspace is not None and not window.live_updates.listening


def test_a_viewer_opens_read_only_with_the_reason(window, pg_database, pg_cluster, messages, qtbot):
    address = pg_database
    with Workspace.open(address) as ws:
        ws.rollouts.create(name="Assistant")
    viewer = _user_with_role(pg_cluster, address, "viewer")
    ws = _open_in(window, qtbot, viewer)
    assert ws.readonly and window.windowTitle().endswith("[read-only]")
    assert "is a viewer of this shared workspace" in window.banner.label.text()
    assert not window.banner.retry.isVisible()
    assert not window.menu.new_rollout.isEnabled() and not window.menu.import_roster.isEnabled()
    assert messages == []


def test_an_editor_edits_records_but_not_the_roster_or_settings(window, pg_database, pg_cluster,
                                                                 messages, qtbot):
    from tracker.ui.dialogs.group_size_dialog import GroupSizeDialog

    address = pg_database
    Workspace.open(address).close()  # made by its owner
    editor = _user_with_role(pg_cluster, address, "editor")
    _open_in(window, qtbot, editor)
    window.show_organisation()
    page = window.organisation_page
    assert window.menu.new_rollout.isEnabled()
    assert not window.menu.import_roster.isEnabled() and not window.menu.import_data.isEnabled()
    assert not page.act_new_person.isEnabled() and not page.act_new_team.isEnabled()
    dialog = GroupSizeDialog(window.context, window)
    assert not dialog.spin.isEnabled()
    dialog.deleteLater()
    assert messages == []


def test_a_dropped_connection_is_said_in_the_status_bar_and_comes_back(window, pg_database, pg_cluster, qtbot):
    _open_in(window, qtbot, pg_database)
    qtbot.waitUntil(lambda: window.live_updates.listening, timeout=5000)
    listener = window.live_updates._listener
    assert listener is not None and listener.wait_until_listening(10)
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (listener.session,))
    qtbot.waitUntil(lambda: "connection to its server was lost" in window.statusBar().currentMessage(), timeout=5000)
    qtbot.waitUntil(lambda: "are back" in window.statusBar().currentMessage(), timeout=10000)
    assert listener.wait_until_listening(1)
