"""Without sqlcipher3 (or without a keyring) the option says why it is unavailable, encrypted
files get a clear message, and plain workspaces work as before. Runs everywhere: the missing
package is simulated."""

from __future__ import annotations

import sys

import pytest

from tracker.cli import main
from tracker.store import NotAWorkspaceError, Workspace
from tracker.store.encryption import (
    EncryptedWorkspaceError,
    EncryptionUnavailableError,
    is_available,
    keyring_unavailable_reason,
    unavailable_reason,
)


@pytest.fixture
def no_sqlcipher(monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)  # `import sqlcipher3` raises ImportError


def test_unavailable_without_sqlcipher3_says_why(no_sqlcipher):
    assert not is_available()
    assert "sqlcipher3 is not installed" in unavailable_reason()


def test_creating_encrypted_is_refused_and_plain_still_works(no_sqlcipher, tmp_path):
    path = tmp_path / "secret.tracker"
    with pytest.raises(EncryptionUnavailableError, match="sqlcipher3 is not installed"):
        Workspace.open(path, encrypted=True)
    assert not path.exists()
    with Workspace.open(tmp_path / "plain.tracker") as ws:
        ws.teams.create("Claims")
        assert not ws.encrypted
    with Workspace.open(tmp_path / "plain.tracker") as ws:
        assert [t.name for t in ws.teams.list()] == ["Claims"]


def test_tracker_new_encrypted_is_a_usage_error_with_the_reason(no_sqlcipher, tmp_path, capsys):
    assert main(["new", str(tmp_path / "x.tracker"), "--encrypted"]) == 2
    assert "sqlcipher3 is not installed" in capsys.readouterr().err
    assert not (tmp_path / "x.tracker").exists()


def test_no_keyring_backend_is_a_reason(monkeypatch):
    keyring = pytest.importorskip("keyring")
    pytest.importorskip("sqlcipher3")
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        assert keyring_unavailable_reason() == "no keyring backend is available on this computer to keep the key"
        assert unavailable_reason() is None  # a passphrase can still protect a workspace
    finally:
        keyring.set_keyring(previous)


def test_an_encrypted_file_without_sqlcipher3_is_a_clear_message(tmp_path, monkeypatch):
    pytest.importorskip("sqlcipher3", reason="needs sqlcipher3 to make the encrypted file")
    import keyring
    from encryption_fixtures import MemoryKeyring

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        path = tmp_path / "secret.tracker"
        with Workspace.open(path, encrypted=True) as ws:
            ws.teams.create("Claims")
        monkeypatch.setitem(sys.modules, "sqlcipher3", None)
        with pytest.raises(EncryptedWorkspaceError, match="sqlcipher3 is not installed") as caught:
            Workspace.open(path)
        assert "or it is an encrypted one" in str(caught.value)
    finally:
        keyring.set_keyring(previous)


def test_garbage_is_still_not_a_workspace(tmp_path):
    path = tmp_path / "photo.tracker"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(1000))
    with pytest.raises(NotAWorkspaceError, match="not a Rollout Tracker workspace") as caught:
        Workspace.open(path)
    assert not isinstance(caught.value, EncryptedWorkspaceError)
