"""Opening workspace files: settings, refusals, locking, migrations and their backups."""

from __future__ import annotations

import json
import os
import socket
import sqlite3

import pytest

from tracker.store import (
    NewerWorkspaceError,
    NotAWorkspaceError,
    ReadOnlyWorkspaceError,
    Workspace,
    WorkspaceError,
    WorkspaceLockedError,
    schema,
)
from tracker.store.lock import lock_path_for

pytestmark = pytest.mark.sqlite_only("about the workspace file: its connection settings, lock, migrations' "
                                     "bookkeeping and copies")


def test_new_workspace_has_safe_connection_settings(workspace):
    def pragma(name):
        return workspace.conn.execute(f"PRAGMA {name}").fetchone()[0]

    assert pragma("journal_mode") == "wal"
    assert pragma("foreign_keys") == 1
    assert pragma("secure_delete") == 1
    assert pragma("busy_timeout") >= 5000
    assert pragma("application_id") == schema.APPLICATION_ID


def test_new_workspace_applies_every_migration_and_default_roles(workspace):
    applied = {m.name for m in schema.migrations.applied(workspace.db)}
    assert applied == schema.known_migration_names()
    assert [r.name for r in workspace.roles.types()][:3] == ["Sponsor", "Change lead", "Champion"]


def test_reopen_keeps_data(tmp_path):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    with Workspace.open(path) as ws:
        assert [t.name for t in ws.teams.list()] == ["Claims"]


def test_text_file_is_not_a_workspace(tmp_path):
    path = tmp_path / "notes.tracker"
    path.write_text("just some notes\n")
    with pytest.raises(NotAWorkspaceError, match="not a Rollout Tracker workspace"):
        Workspace.open(path)
    assert not lock_path_for(path).exists(), "a refused open must not leave its lock behind"


def test_other_sqlite_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER)")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(NotAWorkspaceError, match="not a Rollout Tracker workspace"):
        Workspace.open(path)
    assert path.read_bytes() == before


def test_damaged_file_gives_a_clear_error(tmp_path):
    path = tmp_path / "damaged.tracker"
    with Workspace.open(path) as ws:
        for i in range(200):
            ws.teams.create(f"Team {i}")
    data = bytearray(path.read_bytes())
    data[100:4000] = os.urandom(3900)  # the header page's schema area
    path.write_bytes(bytes(data))
    with pytest.raises(NotAWorkspaceError):
        Workspace.open(path)


def test_newer_file_is_refused_and_not_changed(tmp_path):
    path = tmp_path / "future.tracker"
    with Workspace.open(path) as ws:
        ws.conn.execute(
            "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES ('tracker', 'm999_from_the_future', 'x')"
        )
        ws.conn.commit()
    before = path.read_bytes()
    with pytest.raises(NewerWorkspaceError, match="newer version"):
        Workspace.open(path)
    assert path.read_bytes() == before


def test_pending_migration_copies_the_file_aside_first(tmp_path, monkeypatch):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    ran = []

    def m002_test_step(db):
        ran.append(True)
        db.execute("ALTER TABLE teams ADD COLUMN cost_centre TEXT")

    monkeypatch.setattr(schema, "migrations", schema.new_migrations((*schema.STEPS, m002_test_step)))
    with Workspace.open(path) as ws:
        assert ran == [True]
        assert ws.backup_path is not None and ws.backup_path.exists()
        cols = [r[1] for r in ws.conn.execute("PRAGMA table_info(teams)")]
        assert "cost_centre" in cols
    # The copy is a complete workspace from before the step.
    copy = sqlite3.connect(ws.backup_path)
    assert copy.execute("SELECT name FROM teams").fetchall() == [("Claims",)]
    assert "cost_centre" not in [r[1] for r in copy.execute("PRAGMA table_info(teams)")]
    copy.close()


def test_failing_migration_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")

    def m002_broken(db):
        db.execute("ALTER TABLE teams ADD COLUMN half_done TEXT")
        raise RuntimeError("step failed")

    monkeypatch.setattr(schema, "migrations", schema.new_migrations((*schema.STEPS, m002_broken)))
    with pytest.raises(RuntimeError):
        Workspace.open(path)
    monkeypatch.undo()
    with Workspace.open(path) as ws:
        cols = [r[1] for r in ws.conn.execute("PRAGMA table_info(teams)")]
        assert "half_done" not in cols


def test_second_writer_is_refused_with_the_holder_named(tmp_path):
    path = tmp_path / "org.tracker"
    with Workspace.open(path):
        with pytest.raises(WorkspaceLockedError, match="already open"):
            Workspace.open(path)


def _fake_foreign_lock(path, pid):
    lock_path_for(path).write_text(json.dumps(
        {"user": "maria", "host": socket.gethostname(), "pid": pid, "since": "2026-11-28T09:00:00"}
    ))


def test_locked_workspace_opens_read_only_and_refuses_writes(tmp_path):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    _fake_foreign_lock(path, os.getppid())  # a live process that is not us
    with pytest.raises(WorkspaceLockedError, match="maria"):
        Workspace.open(path)
    with Workspace.open(path, readonly_if_locked=True) as ro:
        assert ro.readonly and ro.locked_by["user"] == "maria"
        assert [t.name for t in ro.teams.list()] == ["Claims"]
        with pytest.raises(ReadOnlyWorkspaceError, match="maria"):
            ro.teams.create("Billing")
    assert lock_path_for(path).exists(), "a reader never removes the writer's lock"


def test_stale_lock_from_a_dead_process_is_taken_over(tmp_path):
    path = tmp_path / "org.tracker"
    Workspace.open(path).close()
    dead = os.fork() if hasattr(os, "fork") else None
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    _fake_foreign_lock(path, dead)
    with Workspace.open(path) as ws:
        assert not ws.readonly
        assert json.loads(lock_path_for(path).read_text())["pid"] == os.getpid()
    assert not lock_path_for(path).exists()


def test_lock_of_another_host_is_never_stolen(tmp_path):
    path = tmp_path / "org.tracker"
    Workspace.open(path).close()
    lock_path_for(path).write_text(json.dumps({"user": "li", "host": "elsewhere", "pid": 1, "since": ""}))
    with pytest.raises(WorkspaceLockedError, match="li on elsewhere"):
        Workspace.open(path)


def test_missing_folder_and_folder_path_are_clear_errors(tmp_path):
    with pytest.raises(WorkspaceError, match="does not exist"):
        Workspace.open(tmp_path / "nowhere" / "x.tracker")
    with pytest.raises(WorkspaceError, match="folder"):
        Workspace.open(tmp_path)


def test_save_copy_is_complete_and_checked(workspace, tmp_path):
    workspace.teams.create("Claims")  # still in the WAL, not yet in the main file
    copy = workspace.save_copy(tmp_path / "copy.tracker")
    with Workspace.open(copy) as other:
        assert [t.name for t in other.teams.list()] == ["Claims"]
