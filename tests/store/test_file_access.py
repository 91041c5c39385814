"""What the file system allows: new files appear whole, empty files are not workspaces, a
rejected import leaves nothing behind, and reading writes nothing beside the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from powerless import powerless_prefix

from tracker.cli import main
from tracker.store import Workspace, schema
from tracker.store.errors import NotAWorkspaceError


def test_a_new_workspace_appears_in_one_step_with_every_migration(tmp_path, monkeypatch):
    """A crash (here: a failing step) while the migrations run leaves nothing at the name, so
    no command ever meets a half-made workspace."""
    path = tmp_path / "org.tracker"
    def crash(db):
        raise RuntimeError("killed")

    crash.__name__ = schema.STEPS[-1].__name__  # the last step, killed
    monkeypatch.setattr(schema, "migrations", schema.new_migrations((*schema.STEPS[:-1], crash)))
    with pytest.raises(RuntimeError):
        Workspace.open(path)
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.undo()
    with Workspace.open(path) as ws:
        assert not schema.migrations.pending(ws.db)
    with Workspace.open_to_read(path) as ws:  # what a dry run opens
        assert ws.people.count() == 0


def test_a_creation_killed_earlier_leaves_no_temporary_behind(tmp_path):
    left = tmp_path / ".org.tracker.new-999999999"  # no such process
    left.write_bytes(b"half made")
    Workspace.open(tmp_path / "org.tracker").close()
    assert not left.exists()


def test_an_empty_file_is_not_a_workspace_and_is_left_alone(tmp_path):
    path = tmp_path / "org.tracker"
    path.write_bytes(b"")
    for opener in (Workspace.open, Workspace.open_to_read):
        with pytest.raises(NotAWorkspaceError, match=r"empty \(0 bytes\)"):
            opener(path)
    assert path.read_bytes() == b"" and sorted(p.name for p in tmp_path.iterdir()) == ["org.tracker"]


def test_a_rejected_import_into_a_new_path_leaves_no_file(tmp_path, capsys):
    bad = tmp_path / "roster.csv"
    bad.write_text("employee_id,name,team\nE1,Ann,Claims\nE1,Dup,Claims\n", encoding="utf-8")
    path = tmp_path / "new.tracker"
    assert main(["import", "roster", str(path), str(bad)]) == 1
    assert "duplicate employee id" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["roster.csv"]


def test_reading_writes_nothing_in_the_folder(tmp_path):
    """The report's way of opening: no -wal, -shm or lock file is left, the file unchanged."""
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with Workspace.open_to_read(path) as ws:
        assert ws.readonly and ws.teams.list()[0].name == "Claims"
        held = sorted(p.name for p in tmp_path.iterdir())
    assert held == ["org.tracker", "org.tracker.lock"]  # the lock: nobody writes meanwhile
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.tracker"]
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_reading_beside_a_writer_sees_its_committed_changes(tmp_path):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as writer:
        writer.teams.create("Claims")
        with Workspace.open_to_read(path) as reader:
            assert reader.locked_by is not None
            assert [t.name for t in reader.teams.list()] == ["Claims"]


_WINDOW_OPEN = """
import sys
from pathlib import Path
from tracker.store import Workspace
from tracker.store.errors import ReadOnlyFileError, WorkspaceError
path = Path(sys.argv[1])
try:
    Workspace.open(path, create=False)
except ReadOnlyFileError as e:
    print("refused:", e)
with Workspace.open(path, create=False, readonly_if_locked=True) as ws:  # the window's way
    print("readonly:", ws.readonly, [t.name for t in ws.teams.list()])
    try:
        ws.teams.create("Billing")
    except WorkspaceError as e:
        print("write:", e)
"""


def test_a_read_only_file_opens_read_only_in_the_window_and_is_left_alone(tmp_path):
    prefix = powerless_prefix()
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    path.chmod(0o444)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([*prefix, sys.executable, "-c", _WINDOW_OPEN, str(path)], cwd=repo,
                         env={**os.environ, "PYTHONPATH": str(repo)},
                         capture_output=True, text=True, check=True).stdout
    assert "refused: org.tracker is read-only here" in out
    assert "readonly: True ['Claims']" in out
    assert "write: This workspace is open read-only." in out
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.tracker"]


def test_a_view_holding_the_lock_lets_go_for_this_process_to_write(tmp_path):
    """The window's "open for editing" after a read-only view that took the lock itself."""
    from tracker.store import WorkspaceLockedError

    path = tmp_path / "org.tracker"
    Workspace.open(path).close()
    with Workspace.open_to_read(path) as view:
        with pytest.raises(WorkspaceLockedError, match="already open in this window"):
            Workspace.open(path)
        view.release_lock()
        with Workspace.open(path) as writable:
            assert not writable.readonly
