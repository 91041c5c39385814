"""Encrypted workspaces with a passphrase (where no keyring exists, or by choice), and encrypt /
re-key / decrypt of an existing workspace as one step that keeps a copy until it succeeded.

Skipped, with the reason, where sqlcipher3 or keyring is not installed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import time

import pytest
from encryption_fixtures import memory_keyring  # noqa: F401 - fixture (skips without the extra)

from tracker.cli import main
from tracker.store import Workspace, passphrase, rekeying
from tracker.store.backup import list_backups, make_daily_backup
from tracker.store.encryption import KEYRING_SERVICE, PassphraseNeededError, WrongPassphraseError, workspace_id

MAGIC = b"SQLite format 3"
SECRET, OTHER = "correct horse battery staple", "a different passphrase 7"
NAME = "Quintessa Marchbanks"


@pytest.fixture(autouse=True)
def scrypt_cost(request, monkeypatch):
    """In the fast loop, keys are derived at scrypt's N = 2**10 instead of 2**16 (a hundredth of
    a second instead of half of one; a test derives up to seven), except by the test of the
    derivation itself, which keeps the real cost and checks its time. The flows checked here are
    the same at any cost; any run that includes the slow tests derives every key at the real one
    (property_budget.FULL, set by tests/conftest.py)."""
    import property_budget

    if not property_budget.FULL and request.node.originalname not in REAL_COST:
        monkeypatch.setattr(passphrase, "SCRYPT_N", 2**10)
    yield passphrase.SCRYPT_N


@pytest.fixture(autouse=True)
def fresh_session():
    passphrase.forget_all()
    passphrase.set_provider(None)
    yield
    passphrase.forget_all()
    passphrase.set_provider(None)


@pytest.fixture
def no_keyring():
    import keyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def secret_file(tmp_path, text, name="pass.txt"):
    path = tmp_path / name
    path.write_text(text + "\n", encoding="utf-8")
    return str(path)


def plain_workspace(path):
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        ws.people.create(employee_id="E1", name=NAME, team_id=team)
    return path


def names_in(path, **open_args):
    with Workspace.open(path, readonly=True, **open_args) as ws:
        return ws.encrypted, [p.name for p in ws.people.list()]


def snapshot(folder):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir()) if p.is_file()}


# ---------------------------------------------------------------- the key derivation
REAL_COST = {"test_the_key_is_derived_with_scrypt_from_passphrase_and_salt"}  # see scrypt_cost


@pytest.mark.slow  # at the real scrypt cost: 3 s of CPU
def test_the_key_is_derived_with_scrypt_from_passphrase_and_salt(scrypt_cost):
    assert scrypt_cost == 2**16  # the real cost (3 s of CPU, so with the slow tests)
    salt = "00" * 16
    started = time.perf_counter()
    key = passphrase.derive_key(SECRET, salt)
    took = time.perf_counter() - started
    assert key.source == "passphrase" and key.salt == salt and len(key.key) == 64
    assert passphrase.derive_key(SECRET, salt) == key
    assert passphrase.derive_key(SECRET, "01" * 16).key != key.key
    assert passphrase.derive_key(OTHER, salt).key != key.key
    assert took < 5  # ~0.3–0.6 s on a quiet machine; generous for a loaded one
    assert SECRET not in repr(key) and key.key not in repr(key)


@pytest.mark.parametrize("text, why", [("", "empty"), ("kz7q", "too short"), (" padded passphrase", "space"),
                                       ("line one\nline two", "more than one line")])
def test_a_passphrase_file_that_cannot_serve_is_one_line_exit_2(tmp_path, no_keyring, capsys, text, why):
    path = tmp_path / "x.tracker"
    file = tmp_path / "pass.txt"
    file.write_text(text, encoding="utf-8")
    assert main(["new", str(path), "--encrypted", "--passphrase-file", str(file)]) == 2
    err = capsys.readouterr().err
    assert why in err and len(err.strip().splitlines()) == 1
    assert not path.exists()
    if text:
        assert text.strip() not in err  # the passphrase is never echoed


# ---------------------------------------------------------------- new, open, wrong passphrase
def test_no_keyring_and_no_passphrase_says_how_to_give_one(tmp_path, no_keyring, capsys):
    path = tmp_path / "secure.tracker"
    assert main(["new", str(path), "--encrypted"]) == 2  # stdin is not a terminal here
    err = capsys.readouterr().err
    assert "no keyring backend is available" in err and "--passphrase-file" in err
    assert not path.exists()


def test_new_with_a_passphrase_then_every_open_needs_it(tmp_path, no_keyring, capsys):
    path = tmp_path / "secure.tracker"
    good, bad = secret_file(tmp_path, SECRET), secret_file(tmp_path, OTHER, "wrong.txt")
    assert main(["new", str(path), "--encrypted", "--passphrase-file", good]) == 0
    assert "protected by your passphrase" in capsys.readouterr().out
    passphrase.set_provider(lambda _p: SECRET)
    with Workspace.open(path) as ws:
        assert ws.key.source == "passphrase"
        ws.people.create(employee_id="E1", name=NAME, team_id=ws.teams.create("Claims"))
        backup = make_daily_backup(ws, dt.datetime(2026, 3, 2, 9, 30))
    passphrase.forget_all()
    passphrase.set_provider(None)
    for made in (path, backup):  # the daily backup is encrypted like its workspace
        data = made.read_bytes()
        assert MAGIC not in data and NAME.encode() not in data
    assert workspace_id(backup) == workspace_id(path)
    with pytest.raises(PassphraseNeededError):
        names_in(backup)
    passphrase.set_provider(lambda _p: SECRET)
    assert names_in(backup) == (True, [NAME])
    passphrase.forget_all()
    passphrase.set_provider(None)
    shutil.rmtree(backup.parent)
    before = snapshot(tmp_path)
    assert main(["report", str(path), "-o", str(tmp_path / "out.xlsx")]) == 3
    err = capsys.readouterr().err
    assert "passphrase was not given" in err and "--passphrase-file" in err and len(err.splitlines()) == 1
    assert main(["import", "roster", str(path), good, "--passphrase-file", bad]) == 3
    err = capsys.readouterr().err
    assert "cannot be decrypted with this passphrase" in err and len(err.splitlines()) == 1
    assert OTHER not in err
    assert snapshot(tmp_path) == before  # nothing changed, no lock, no -wal left
    assert main(["rollout", "list", str(path), "--passphrase-file", good]) == 0
    assert main(["report", str(path), "-o", str(tmp_path / "out.xlsx"), "--passphrase-file", good]) == 0


def test_a_passphrase_can_be_chosen_where_a_keyring_exists(tmp_path, memory_keyring, capsys):
    path = tmp_path / "secure.tracker"
    assert main(["new", str(path), "--encrypted", "--passphrase-file", secret_file(tmp_path, SECRET)]) == 0
    assert memory_keyring.entries == {}  # the passphrase is nowhere, and no key went to the keyring
    with pytest.raises(PassphraseNeededError):
        Workspace.open(path)
    passphrase.set_provider(lambda _p: OTHER)
    with pytest.raises(WrongPassphraseError):
        Workspace.open(path)
    passphrase.set_provider(lambda _p: SECRET)
    assert names_in(path) == (True, [])


# ---------------------------------------------------------------- encrypt, rekey, decrypt
@pytest.mark.slow  # three commands, each deriving a key: 1 s
def test_encrypt_rekey_decrypt_on_the_command_line(tmp_path, no_keyring, capsys):
    path = plain_workspace(tmp_path / "org.tracker")
    with Workspace.open(path) as ws:
        backup = make_daily_backup(ws, dt.datetime(2026, 3, 2, 9, 30))
    assert backup.read_bytes().startswith(MAGIC)
    first, second = secret_file(tmp_path, SECRET), secret_file(tmp_path, OTHER, "new.txt")

    assert main(["encrypt", str(path), "--passphrase-file", first]) == 0
    out = capsys.readouterr().out
    assert "encrypted with your passphrase" in out and "1 automatic backup(s) were converted" in out
    for made in (path, backup):  # the backup is as protected as the workspace
        data = made.read_bytes()
        assert MAGIC not in data and NAME.encode() not in data
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt", "org backups", "org.tracker", "pass.txt"]
    passphrase.set_provider(lambda _p: SECRET)
    assert names_in(path) == (True, [NAME]) and names_in(backup) == (True, [NAME])
    passphrase.forget_all()
    passphrase.set_provider(None)

    assert main(["encrypt", str(path), "--passphrase-file", first]) == 2
    assert "already encrypted" in capsys.readouterr().err
    old_id = workspace_id(path)
    assert main(["rekey", str(path), "--passphrase-file", first, "--new-passphrase-file", second]) == 0
    capsys.readouterr()
    assert workspace_id(path) != old_id and workspace_id(backup) == workspace_id(path)
    assert main(["rollout", "list", str(path), "--passphrase-file", first]) == 3
    assert "cannot be decrypted with this passphrase" in capsys.readouterr().err

    assert main(["decrypt", str(path), "--passphrase-file", second]) == 0
    assert "no longer encrypted" in capsys.readouterr().out
    assert path.read_bytes().startswith(MAGIC) and backup.read_bytes().startswith(MAGIC)
    assert names_in(path) == (False, [NAME])
    assert main(["decrypt", str(path)]) == 2
    assert "is not encrypted" in capsys.readouterr().err
    assert [b.path for b in list_backups(path)] == [backup]


def test_encrypt_into_the_keyring_and_back(tmp_path, memory_keyring, capsys):
    path = plain_workspace(tmp_path / "org.tracker")
    assert main(["encrypt", str(path)]) == 0
    ident = workspace_id(path)
    assert ident in capsys.readouterr().out
    assert set(memory_keyring.entries) == {(KEYRING_SERVICE, ident)}
    assert names_in(path) == (True, [NAME])
    assert main(["rekey", str(path), "--new-passphrase-file", secret_file(tmp_path, SECRET)]) == 0
    assert workspace_id(path) != ident
    passphrase.set_provider(lambda _p: SECRET)
    assert names_in(path) == (True, [NAME])
    assert main(["decrypt", str(path), "--passphrase-file", secret_file(tmp_path, SECRET)]) == 0
    assert names_in(path) == (False, [NAME])


@pytest.mark.parametrize("failing_call", [1, 2], ids=["the new file's check", "the check after the move"])
def test_a_failure_leaves_the_original_and_no_leftovers(tmp_path, memory_keyring, monkeypatch, failing_call):
    path = plain_workspace(tmp_path / "org.tracker")
    before = path.read_bytes()
    calls = []
    real = rekeying.verify

    def verify(*args):
        calls.append(args)
        if len(calls) == failing_call:
            raise rekeying.WorkspaceError("simulated failure")
        return real(*args)

    monkeypatch.setattr(rekeying, "verify", verify)
    with pytest.raises(rekeying.WorkspaceError, match="simulated failure"):
        rekeying.change_key(path, rekeying.ENCRYPT, lambda: passphrase.new_key(SECRET))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["org.tracker"]  # no copy, no temporary, no lock
    assert names_in(path) == (False, [NAME])
    with pytest.raises(rekeying.WorkspaceError, match="simulated failure"):
        calls.clear()
        from tracker.store.encryption import create_key

        rekeying.change_key(path, rekeying.ENCRYPT, create_key)
    assert memory_keyring.entries == {}  # the new key of a change that failed is forgotten


def test_a_workspace_open_elsewhere_is_not_changed(tmp_path, no_keyring, capsys):
    path = plain_workspace(tmp_path / "org.tracker")
    with Workspace.open(path):
        before = path.read_bytes()
        assert main(["encrypt", str(path), "--passphrase-file", secret_file(tmp_path, SECRET)]) == 3
        assert "already open" in capsys.readouterr().err
        assert path.read_bytes() == before


def test_no_passphrase_is_asked_for_a_file_that_cannot_be_changed(tmp_path, no_keyring, capsys):
    asked = []
    missing = tmp_path / "missing.tracker"
    with pytest.raises(rekeying.WorkspaceError):
        rekeying.change_key(missing, rekeying.ENCRYPT, lambda: asked.append(1))
    assert asked == [] and not missing.exists()


# ---------------------------------------------------------------- the prompt, and never in argv
def test_on_a_terminal_the_passphrase_is_asked_without_echo(tmp_path, no_keyring, monkeypatch, capsys):
    from tracker.commands import passphrases as cli_passphrases

    typed = []
    monkeypatch.setattr(cli_passphrases, "on_terminal", lambda: True)
    monkeypatch.setattr(cli_passphrases.getpass, "getpass", lambda prompt: typed.append(prompt) or answers.pop(0))
    path = tmp_path / "secure.tracker"
    answers = [SECRET, OTHER]  # the two entries differ
    assert main(["new", str(path), "--encrypted"]) == 2
    assert "differ" in capsys.readouterr().err and not path.exists()
    answers = [SECRET, SECRET]
    assert main(["new", str(path), "--encrypted"]) == 0
    assert len(typed) == 4 and all("passphrase" in p.lower() for p in typed)
    answers = [SECRET]
    assert main(["rollout", "list", str(path)]) == 0
    assert typed[-1] == "Passphrase for secure.tracker: "
    answers = [OTHER]
    assert main(["rollout", "list", str(path)]) == 3
    assert len(capsys.readouterr().err.splitlines()) == 1


def test_no_option_takes_a_passphrase_as_an_argument():
    """Only files and prompts: a passphrase in argv is readable by every user of the machine."""
    import argparse

    from tracker.cli import build_parser

    seen = 0

    def walk(parser):
        nonlocal seen
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    walk(sub)
            elif any("passphrase" in o for o in action.option_strings):
                seen += 1
                assert action.nargs == 0 or action.type is not None and action.metavar == "PATH", action.option_strings

    walk(build_parser())
    assert seen > 20  # every command that opens a workspace has --passphrase-file


def test_what_a_killed_change_left_is_cleared_by_the_next(tmp_path, no_keyring):
    path = plain_workspace(tmp_path / "org.tracker")
    dead = tmp_path / ".org.tracker.encrypt-999999999"  # no such process
    dead.write_bytes(b"half an export")
    alive = tmp_path / ".org.tracker.encrypt-1"  # init: a change under way elsewhere is left alone
    alive.write_bytes(b"someone else's")
    rekeying.change_key(path, rekeying.ENCRYPT, lambda: passphrase.new_key(SECRET))
    assert not dead.exists() and alive.exists()
