"""File → New workspace…: the "Encrypt this workspace" checkbox, disabled with its reason where
encryption is unavailable, and an encrypted workspace opened in the window when ticked."""

from __future__ import annotations

import sys

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.ui.dialogs import new_workspace_dialog
from tracker.ui.dialogs.new_workspace_dialog import NewWorkspaceFileDialog

pytestmark = pytest.mark.gui

FILTER = "Rollout Tracker workspace (*.tracker)"


@pytest.fixture
def keyring_in_memory():
    import keyring
    from encryption_fixtures import MemoryKeyring  # skips without the encryption extra

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    yield
    keyring.set_keyring(previous)


def test_checkbox_is_disabled_and_says_why_without_sqlcipher3(qtbot, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    dialog = NewWorkspaceFileDialog(None, tmp_path / "Organisation.tracker", FILTER)
    qtbot.addWidget(dialog)
    check = dialog.encrypt_check
    assert not check.isEnabled()
    assert "sqlcipher3 is not installed" in check.text()
    assert "sqlcipher3 is not installed" in check.toolTip()
    check.setChecked(True)
    assert not dialog.encrypt()  # a disabled option is never taken


def test_checkbox_is_offered_with_a_keyring(qtbot, tmp_path, keyring_in_memory):
    dialog = NewWorkspaceFileDialog(None, tmp_path / "Organisation.tracker", FILTER)
    qtbot.addWidget(dialog)
    check = dialog.encrypt_check
    assert check.isEnabled() and "keyring" in check.toolTip()
    assert check.isVisibleTo(dialog)
    assert not dialog.encrypt()
    check.setChecked(True)
    assert dialog.encrypt()


def test_a_ticked_box_opens_an_encrypted_workspace(window, messages, tmp_path, monkeypatch,
                                                   keyring_in_memory):
    target = tmp_path / "Secure"
    monkeypatch.setattr(new_workspace_dialog, "choose_new_workspace", lambda *a, **k: (str(target), True))
    assert window.files.new_workspace()
    ws = window.context.workspace
    assert ws.path == tmp_path / "Secure.tracker" and ws.encrypted and not ws.readonly
    assert not (tmp_path / "Secure.tracker").read_bytes().startswith(b"SQLite format 3")
    assert messages == []


def test_an_unavailable_option_is_a_message_not_a_file(window, messages, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "sqlcipher3", None)
    monkeypatch.setattr(new_workspace_dialog, "choose_new_workspace",
                        lambda *a, **k: (str(tmp_path / "Secure.tracker"), True))
    assert not window.files.new_workspace()
    assert "sqlcipher3 is not installed" in messages.texts()[0]
    assert not (tmp_path / "Secure.tracker").exists()


def test_a_passphrase_can_be_chosen_where_a_keyring_exists(window, messages, tmp_path, monkeypatch, qtbot):
    import keyring
    from encryption_fixtures import MemoryKeyring

    from tracker.store import passphrase
    from tracker.ui.dialogs import passphrase_dialog

    backend = MemoryKeyring()
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        dialog = NewWorkspaceFileDialog(None, tmp_path / "Organisation.tracker", FILTER)
        qtbot.addWidget(dialog)
        assert not dialog.passphrase_check.isEnabled()  # only with "Encrypt" ticked
        dialog.encrypt_check.setChecked(True)
        assert dialog.passphrase_check.isEnabled() and dialog.encrypt() is True
        dialog.passphrase_check.setChecked(True)
        assert dialog.encrypt() == new_workspace_dialog.PASSPHRASE
        target = tmp_path / "Secure.tracker"
        monkeypatch.setattr(new_workspace_dialog, "choose_new_workspace",
                            lambda *a, **k: (str(target), new_workspace_dialog.PASSPHRASE))
        monkeypatch.setattr(passphrase_dialog, "ask_passphrase", lambda *a, **k: "correct horse battery staple")
        assert window.files.new_workspace()
        ws = window.context.workspace
        assert ws.encrypted and ws.key.source == "passphrase"
        assert backend.entries == {} and messages == []
    finally:
        keyring.set_keyring(previous)
        passphrase.forget_all()
