"""The window with passphrase-protected workspaces: a new one where there is no keyring, the
passphrase asked on open (again after a wrong one), the passphrase dialog's checks and hint,
and File → Encrypt… / Change key… / Decrypt… run off the GUI thread, the file reopened after."""

from __future__ import annotations

import pytest
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.store import Workspace, passphrase
from tracker.ui import key_change_flow
from tracker.ui.dialogs import confirm_action, new_workspace_dialog, passphrase_dialog
from tracker.ui.dialogs.passphrase_dialog import PassphraseDialog

pytestmark = pytest.mark.gui

MAGIC = b"SQLite format 3"
SECRET, OTHER = "correct horse battery staple", "a different passphrase 7"


@pytest.fixture(autouse=True)
def no_keyring():
    keyring = pytest.importorskip("keyring", reason="the encryption extra")
    pytest.importorskip("sqlcipher3", reason="the encryption extra")
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    passphrase.forget_all()
    yield
    passphrase.forget_all()
    passphrase.set_provider(None)
    keyring.set_keyring(previous)


@pytest.fixture
def answers(monkeypatch):
    """The passphrases the dialogs will be given, in order (None: Cancel); the asks recorded."""
    given, asked = [], []

    def ask(_parent, title, message, *, new):
        asked.append((title, message, new))
        return given.pop(0) if given else None

    for module in (passphrase_dialog, key_change_flow):
        monkeypatch.setattr(module, "ask_passphrase", ask)
    return given, asked


def test_the_dialog_wants_a_long_enough_passphrase_typed_twice(qtbot):
    dialog = PassphraseDialog(None, "New", "Choose one.", new=True)
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert not ok.isEnabled()
    dialog.entry.setText("kz7q")
    assert not ok.isEnabled() and "too short" in dialog.hint.text()
    dialog.entry.setText("abcdefgh")
    dialog.repeat.setText("abcdefgh")
    assert ok.isEnabled() and "weak" in dialog.hint.text()
    dialog.entry.setText(SECRET)
    assert not ok.isEnabled() and "same passphrase" in dialog.hint.text()
    dialog.repeat.setText(SECRET)
    assert ok.isEnabled() and "strong" in dialog.hint.text().lower()
    assert "nobody can read" in dialog.findChild(type(dialog.hint)).text()  # what forgetting costs


def test_new_workspace_without_a_keyring_uses_a_passphrase(window, messages, answers, tmp_path, monkeypatch):
    given, asked = answers
    target = tmp_path / "Secure.tracker"
    monkeypatch.setattr(new_workspace_dialog, "choose_new_workspace", lambda *a, **k: (str(target), True))
    given.append(SECRET)
    assert window.files.new_workspace()
    ws = window.context.workspace
    assert ws.encrypted and ws.key.source == "passphrase" and asked[0][2] is True
    assert not target.read_bytes().startswith(MAGIC)
    window.context.set_workspace(None)
    passphrase.forget_all()
    given += [OTHER, SECRET]  # a wrong one first: asked again, with a word about it
    assert window.files.open_path(target)
    assert window.context.workspace.encrypted
    assert "does not open" in asked[-1][1]
    window.context.set_workspace(None)
    passphrase.forget_all()
    assert not window.files.open_path(target)  # cancelled: nothing opened, no message
    assert window.context.workspace is None and messages == []


def test_the_checkbox_says_a_passphrase_is_needed_without_a_keyring(qtbot, tmp_path):
    dialog = new_workspace_dialog.NewWorkspaceFileDialog(None, tmp_path / "Org.tracker", "*.tracker")
    qtbot.addWidget(dialog)
    assert dialog.passphrase_check.isChecked() and "needed" in dialog.passphrase_check.text()
    dialog.encrypt_check.setChecked(True)
    assert dialog.encrypt() == new_workspace_dialog.PASSPHRASE


def test_encrypt_change_key_decrypt_from_the_file_menu(window, messages, answers, tmp_path, monkeypatch, qtbot):
    given, _asked = answers
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    assert window.files.open_path(path)
    menu = window.menu
    assert menu.encrypt.isEnabled() and not menu.decrypt.isEnabled()
    confirmations = []
    monkeypatch.setattr(confirm_action, "ask", lambda *a: confirmations.append(a[2]) or True)

    def run(start, secret):
        if secret:
            given.append(secret)
        assert start()
        qtbot.waitUntil(lambda: not menu.key_change.worker.running, timeout=30_000)
        qtbot.waitUntil(lambda: window.context.workspace is not None, timeout=10_000)
        return window.context.workspace

    ws = run(menu.key_change.encrypt, SECRET)
    assert ws.encrypted and ws.key.source == "passphrase"
    assert not path.read_bytes().startswith(MAGIC)
    assert menu.rekey.isEnabled() and menu.decrypt.isEnabled() and not menu.encrypt.isEnabled()
    old_id = ws.key.id
    ws = run(menu.key_change.rekey, OTHER)
    assert ws.encrypted and ws.key.id != old_id
    ws = run(menu.key_change.decrypt, None)
    assert not ws.encrypted and path.read_bytes().startswith(MAGIC)
    assert [t.name for t in ws.teams.list()] == ["Claims"]
    assert len(confirmations) == 3 and [m[0] for m in messages] == ["information"] * 3


def test_cancelling_changes_nothing(window, messages, answers, tmp_path, monkeypatch):
    path = tmp_path / "org.tracker"
    Workspace.open(path).close()
    before = path.read_bytes()
    assert window.files.open_path(path)
    menu = window.menu
    monkeypatch.setattr(confirm_action, "ask", lambda *a: True)
    assert not menu.key_change.encrypt()  # the passphrase dialog was cancelled
    monkeypatch.setattr(confirm_action, "ask", lambda *a: False)
    assert not menu.key_change.encrypt()
    assert window.context.workspace is not None and not window.context.workspace.encrypted
    window.context.set_workspace(None)
    assert path.read_bytes() == before


def test_a_failed_change_says_so_and_reopens_the_file_as_it_was(window, messages, answers, tmp_path, monkeypatch,
                                                                 qtbot):
    from tracker.store import rekeying

    given, _asked = answers
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Claims")
    assert window.files.open_path(path)
    monkeypatch.setattr(confirm_action, "ask", lambda *a: True)

    def broken(*_args):
        raise rekeying.WorkspaceError("the new file failed its integrity check (simulated)")

    monkeypatch.setattr(rekeying, "verify", broken)
    given.append(SECRET)
    flow = window.menu.key_change
    assert flow.encrypt()
    qtbot.waitUntil(lambda: not flow.worker.running, timeout=30_000)
    qtbot.waitUntil(lambda: window.context.workspace is not None, timeout=10_000)
    ws = window.context.workspace
    assert not ws.encrypted and [t.name for t in ws.teams.list()] == ["Claims"]
    assert path.read_bytes().startswith(MAGIC)
    [(kind, _title, text)] = messages
    assert kind == "warning" and "Nothing was changed" in text and "simulated" in text
    window.context.set_workspace(None)
    assert sorted(p.name for p in tmp_path.iterdir() if "backups" not in p.name) == ["org.tracker"]
