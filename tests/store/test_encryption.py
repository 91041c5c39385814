"""Encrypted workspaces (SQLCipher, key in the keyring): nothing readable in the file, its WAL or
its copies; opened again with the key from the keyring; clear errors without it.

Skipped, with the reason, where sqlcipher3 or keyring is not installed.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import threading

import pytest
from encryption_fixtures import MemoryKeyring, memory_keyring  # noqa: F401 - fixture (skips without the extra)

from tracker.cli import main
from tracker.demo import write_demo_workspace
from tracker.store import StoreValidationError, Workspace
from tracker.store.backup import list_backups, make_daily_backup, restore_backup
from tracker.store.encryption import (
    KEYRING_SERVICE,
    EncryptedWorkspaceError,
    workspace_id,
)
from tracker.store.errors import DamagedWorkspaceError
from tracker.store.integrity import latest_good_backup, restore_damaged
from tracker.store.lock import lock_path_for

MAGIC = b"SQLite format 3"
DAY = dt.datetime(2026, 3, 2, 9, 30)


@pytest.fixture(scope="module")
def sample_plain(sample_copy, tmp_path_factory):
    """The plain sample workspace: what the encrypted one must not show."""
    path = sample_copy(tmp_path_factory.mktemp("plain") / "sample.tracker", seed=1)
    with Workspace.open(path, readonly=True) as ws:
        names = [p.name for p in ws.people.list()[:20]]
    return path, names


@pytest.fixture(scope="module")
def encrypted_original(tmp_path_factory):
    """The encrypted sample, written once per module (a second of CPU each time) with its key in
    a keyring of its own: (file, keyring entries)."""
    import keyring

    previous, own = keyring.get_keyring(), MemoryKeyring()
    keyring.set_keyring(own)
    try:
        path = write_demo_workspace(tmp_path_factory.mktemp("encrypted") / "sample.tracker", seed=1,
                                    encrypted=True)
    finally:
        keyring.set_keyring(previous)
    return path, dict(own.entries)


@pytest.fixture
def sample(encrypted_original, tmp_path, memory_keyring):
    """A copy of the encrypted sample (same id, so the same keyring entry), its key in this test's
    keyring."""
    original, entries = encrypted_original
    path = tmp_path / "sample.tracker"
    shutil.copyfile(original, path)
    memory_keyring.entries.update(entries)
    return path


def readable(data: bytes, texts) -> list[str]:
    return [t for t in texts if t.encode("utf-8") in data]


def test_plain_sample_does_show_its_names(sample_plain):
    """The control: the search below would find the names if they were there."""
    path, names = sample_plain
    data = path.read_bytes()
    assert data.startswith(MAGIC)
    assert readable(data, names) == names


@pytest.mark.slow  # encrypts the whole sample: 1.9 s
def test_encrypted_sample_has_no_readable_text_in_its_file(sample, sample_plain, memory_keyring):
    _plain, names = sample_plain
    data = sample.read_bytes()
    assert MAGIC not in data
    assert readable(data, names + ["Claims", "teams", "CREATE TABLE"]) == []
    # The only clear bytes: the salt, which is the keyring entry's name.
    ident = workspace_id(sample)
    assert memory_keyring.entries.keys() == {(KEYRING_SERVICE, ident)}
    with Workspace.open(sample, readonly=True) as ws:
        assert ws.encrypted and ws.key.id == ident
        assert sorted(p.name for p in ws.people.list()[:20]) == sorted(names)


def test_the_wal_of_an_open_encrypted_workspace_is_encrypted(tmp_path, memory_keyring):
    marker = "Quintessa Marchbanks"
    for encrypted in (False, True):
        path = tmp_path / f"org-{encrypted}.tracker"
        with Workspace.open(path, encrypted=encrypted) as ws:
            team = ws.teams.create("Claims")
            ws.people.create(employee_id="E1", name=marker, team_id=team)
            wal = path.with_name(path.name + "-wal").read_bytes()
            assert wal, "the edit is in the WAL while the workspace is open"
            assert (marker.encode() in wal) is not encrypted
            secure = ws.scalar("PRAGMA secure_delete")
            mode = ws.scalar("PRAGMA journal_mode")
            fks = ws.scalar("PRAGMA foreign_keys")
        assert (secure, mode, fks) == (1, "wal", 1)
        assert (marker.encode() in path.read_bytes()) is not encrypted


def test_reopens_with_the_key_from_the_keyring_even_after_a_move(sample, tmp_path):
    moved = tmp_path / "elsewhere" / "Renamed.tracker"
    moved.parent.mkdir()
    sample.rename(moved)
    with Workspace.open(moved, create=False) as ws:
        assert ws.encrypted
        ws.teams.create("Newly added team")
    with Workspace.open(moved, create=False) as ws:
        assert "Newly added team" in {t.name for t in ws.teams.list()}


def test_a_missing_key_is_a_clear_error_and_changes_nothing(sample, memory_keyring):
    before = sample.read_bytes()
    memory_keyring.entries.clear()
    with pytest.raises(EncryptedWorkspaceError, match="key is not in this computer's keyring") as caught:
        Workspace.open(sample)
    assert workspace_id(sample) in str(caught.value)
    assert not lock_path_for(sample).exists()
    assert sample.read_bytes() == before


def test_a_wrong_key_is_a_clear_error(sample, memory_keyring):
    [entry] = memory_keyring.entries
    memory_keyring.entries[entry] = "ab" * 32
    with pytest.raises(EncryptedWorkspaceError, match="cannot be decrypted with the key"):
        Workspace.open(sample)
    assert not lock_path_for(sample).exists()


def test_constraint_errors_still_become_sentences(tmp_path, memory_keyring):
    """sqlcipher3 raises its own exception classes; the store must still see sqlite3's."""
    with Workspace.open(tmp_path / "org.tracker", encrypted=True) as ws:
        ws.teams.create("Claims")
        # Straight to the table, past the teams area's own check: SQLite's UNIQUE decides.
        with pytest.raises(StoreValidationError, match="Another record already has this name"):
            with ws.write("Add a duplicate") as w:
                w.insert("teams", {"name": "Claims"})
        assert [t.name for t in ws.teams.list()] == ["Claims"]


def test_a_worker_thread_opens_its_own_encrypted_connection(tmp_path, memory_keyring):
    with Workspace.open(tmp_path / "org.tracker", encrypted=True) as ws:
        seen = []

        def work():
            clone = ws.for_thread()
            try:
                clone.teams.create("From the worker")
                seen.append(clone.encrypted)
            finally:
                clone.close()

        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        assert seen == [True]
        assert [t.name for t in ws.teams.list()] == ["From the worker"]


def test_backups_and_copies_are_encrypted_and_restorable(sample, tmp_path, sample_plain):
    _plain, names = sample_plain
    with Workspace.open(sample) as ws:
        ident = ws.key.id
        ws.teams.create("Added before the backup")
        backup = make_daily_backup(ws, DAY)
        copy = ws.save_copy(tmp_path / "copy.tracker")
        ws.teams.create("Added after the backup")
    for made in (backup, copy):
        data = made.read_bytes()
        assert MAGIC not in data and readable(data, names + ["Added before the backup"]) == []
        assert workspace_id(made) == ident  # the same keyring entry opens it
    assert [b.path for b in list_backups(sample)] == [backup]
    assert latest_good_backup(sample) == backup
    aside = restore_backup(backup, sample)
    assert aside.exists()
    with Workspace.open(sample, create=False) as ws:
        teams = {t.name for t in ws.teams.list()}
    assert "Added before the backup" in teams and "Added after the backup" not in teams
    data = sample.read_bytes()
    assert MAGIC not in data and readable(data, names) == []
    with Workspace.open(copy, readonly=True) as ws:
        assert "Added before the backup" in {t.name for t in ws.teams.list()}


@pytest.mark.parametrize("where", [slice(100, 4000), slice(4096 * 5, 4096 * 5 + 3000)],
                         ids=["first page", "a later page"])
def test_a_damaged_encrypted_workspace_offers_its_backup(sample, where):
    with Workspace.open(sample) as ws:
        ws.teams.create("Kept in the backup")
        backup = make_daily_backup(ws, DAY)
    data = bytearray(sample.read_bytes())
    data[where] = os.urandom(where.stop - where.start)
    sample.write_bytes(bytes(data))
    with pytest.raises(DamagedWorkspaceError) as caught:
        Workspace.open(sample)
    assert caught.value.backup == backup
    restore_damaged(sample, backup)
    with Workspace.open(sample) as ws:
        assert ws.encrypted and "Kept in the backup" in {t.name for t in ws.teams.list()}


def test_a_failed_creation_leaves_neither_file_nor_key(tmp_path, memory_keyring, monkeypatch):
    from tracker.store import schema

    def broken(_db):
        raise RuntimeError("disk fell off")

    monkeypatch.setattr(schema.migrations, "apply", broken)
    path = tmp_path / "org.tracker"
    with pytest.raises(RuntimeError):
        Workspace.open(path, encrypted=True)
    assert memory_keyring.entries == {}
    assert not path.exists() and not lock_path_for(path).exists()


def test_only_a_new_workspace_can_be_created_encrypted(tmp_path, memory_keyring):
    path = tmp_path / "plain.tracker"
    Workspace.open(path).close()
    with pytest.raises(Exception, match="only a new workspace can be created encrypted"):
        Workspace.open(path, encrypted=True)
    with Workspace.open(path) as ws:
        assert not ws.encrypted


# ---------------------------------------------------------------- the command line
def test_tracker_new_encrypted_then_report(tmp_path, capsys, memory_keyring):
    path = tmp_path / "Secure"
    assert main(["new", str(path), "--encrypted"]) == 0
    out = capsys.readouterr().out
    created = tmp_path / "Secure.tracker"
    assert workspace_id(created) in out and KEYRING_SERVICE in out
    assert MAGIC not in created.read_bytes()
    assert main(["new", str(created)]) == 2  # never replaces a file
    assert main(["report", str(created), "-o", str(tmp_path / "status.xlsx")]) == 0
    assert (tmp_path / "status.xlsx").exists()
    memory_keyring.entries.clear()
    assert main(["report", str(created), "-o", str(tmp_path / "again.xlsx")]) == 3
    assert "key is not in this computer's keyring" in capsys.readouterr().err


def test_tracker_new_plain(tmp_path, capsys):
    assert main(["new", str(tmp_path / "Open.tracker")]) == 0
    assert (tmp_path / "Open.tracker").read_bytes().startswith(MAGIC)
