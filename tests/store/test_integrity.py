"""quick_check on open: a damaged workspace is refused, naming its newest good copy, and can be
restored from it without the damaged file being lost."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from tracker.store import NotAWorkspaceError, Workspace
from tracker.store.backup import copy_database, make_daily_backup
from tracker.store.errors import DamagedWorkspaceError, WorkspaceError
from tracker.store.integrity import backup_candidates, latest_good_backup, restore_damaged

PAGE = 4096


def make(path, people=1500):
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        with ws.conn:
            for i in range(people):
                ws.conn.execute("INSERT INTO people (employee_id, name, team_id) VALUES (?, ?, ?)",
                                (f"E{i:05}", f"Person number {i}", team))
        ws.people.create(employee_id="LAST", name="Recorded last", team_id=team)
    return path


def corrupt_middle_page(path):
    """Overwrite one whole page halfway through the file, as a bad sector or sync would."""
    pages = path.stat().st_size // PAGE
    assert pages > 20, "the workspace must be big enough to have a middle"
    with open(path, "r+b") as f:
        f.seek(PAGE * (pages // 2))
        f.write(bytes([0x5A]) * PAGE)


def count_people(path):
    with Workspace.open(path, readonly=True) as ws:
        return ws.scalar("SELECT count(*) FROM people")


def test_a_damaged_workspace_is_refused_and_names_no_backup_when_there_is_none(tmp_path):
    path = make(tmp_path / "org.tracker")
    corrupt_middle_page(path)
    before = path.read_bytes()
    with pytest.raises(DamagedWorkspaceError) as caught:
        Workspace.open(path)
    assert isinstance(caught.value, NotAWorkspaceError)  # callers that catch the old error still do
    assert caught.value.backup is None
    assert "org.tracker is damaged" in str(caught.value) and "No good copy" in str(caught.value)
    assert path.read_bytes() == before  # not written to
    with pytest.raises(DamagedWorkspaceError):
        Workspace.open(path, readonly=True)


def test_the_latest_good_backup_is_named_and_restored_keeping_the_damaged_file(tmp_path):
    path = make(tmp_path / "org.tracker")
    with Workspace.open(path) as ws:
        older = make_daily_backup(ws, now=dt.datetime(2026, 3, 1, 9, 0))
        ws.people.create(employee_id="NEW", name="After the first copy")
        newest = make_daily_backup(ws, now=dt.datetime(2026, 3, 2, 9, 0))
    # a newer copy that is itself damaged is passed over
    bad = newest.with_name(f"org {dt.datetime(2026, 3, 3, 9).strftime('%Y-%m-%d %H%M%S')}.tracker")
    bad.write_bytes(newest.read_bytes())
    corrupt_middle_page(bad)
    assert [c.path for c in backup_candidates(path)] == [bad, newest, older]
    assert latest_good_backup(path) == newest

    corrupt_middle_page(path)
    damaged_bytes = path.read_bytes()
    with pytest.raises(DamagedWorkspaceError) as caught:
        Workspace.open(path)
    assert caught.value.backup == newest and newest.name in str(caught.value)

    aside = restore_damaged(path, caught.value.backup, now=dt.datetime(2026, 3, 4, 10, 0))
    assert aside.name == "org.damaged-20260304-100000.tracker"
    assert aside.read_bytes() == damaged_bytes  # kept, never deleted
    assert count_people(path) == 1502  # as the newest good copy had it
    with Workspace.open(path) as ws:  # opens for writing again, passing the check
        assert ws.scalar("SELECT count(*) FROM people WHERE employee_id = 'NEW'") == 1


def test_copies_from_before_an_upgrade_count_as_backups(tmp_path):
    path = make(tmp_path / "org.tracker", people=10)
    with Workspace.open(path) as ws:
        upgrade = copy_database(ws.conn, tmp_path / "org.before-upgrade-20260101-120000.tracker")
    (tmp_path / "org.before-upgrade-garbled.tracker").write_bytes(b"x")  # not ours: ignored
    assert latest_good_backup(path) == upgrade


def test_restore_refuses_a_damaged_backup_and_leaves_everything_in_place(tmp_path):
    path = make(tmp_path / "org.tracker")
    backup = tmp_path / "copy.tracker"
    backup.write_bytes(path.read_bytes())
    corrupt_middle_page(backup)
    with pytest.raises(WorkspaceError, match="damaged too"):
        restore_damaged(path, backup)
    assert count_people(path) == 1501
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []


def test_restore_moves_the_wal_aside_with_the_damaged_file(tmp_path):
    path = make(tmp_path / "org.tracker", people=10)
    backup = tmp_path / "copy.tracker"
    with Workspace.open(path) as ws:
        copy_database(ws.conn, backup)
    wal = tmp_path / "org.tracker-wal"
    wal.write_bytes(b"left behind by a crash")
    aside = restore_damaged(path, backup, now=dt.datetime(2026, 3, 4, 10, 0))
    assert not wal.exists()
    assert (tmp_path / f"{aside.name}-wal").read_bytes() == b"left behind by a crash"
    assert count_people(path) == 11


def test_a_healthy_workspace_opens_after_the_check(tmp_path):
    path = make(tmp_path / "org.tracker", people=10)
    with Workspace.open(path) as ws:
        assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert ws.scalar("SELECT count(*) FROM people") == 11


def test_a_locked_file_is_not_called_damaged(tmp_path, monkeypatch):
    """"database is locked" is an OperationalError: no restore may be offered over a good file."""
    import tracker.store.opening as opening_module

    path = make(tmp_path / "org.tracker", people=10)

    def locked(*_args, **_kwargs):
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(opening_module, "check_workspace", locked)
    with pytest.raises(NotAWorkspaceError) as caught:
        Workspace.open(path)
    assert not isinstance(caught.value, DamagedWorkspaceError)
    assert "database is locked" in str(caught.value)
