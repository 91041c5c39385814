"""File → Encrypt…, Change key…, Decrypt…: the window's side of rekeying.change_key.

Each asks first (what happens, what is lost if the passphrase is forgotten), asks where the
new key lives (this computer's keyring, or a passphrase; only a passphrase where there is no
keyring), closes the workspace (after its daily backup), runs the change off the GUI thread
with progress, and opens the file again, changed or, on any failure, exactly as it was.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.store import encryption
from tracker.store import passphrase as passphrases
from tracker.store.rekeying import DECRYPT, ENCRYPT, REKEY, change_key
from tracker.ui.dialogs import confirm_action
from tracker.ui.dialogs.passphrase_dialog import FORGOTTEN, ask_passphrase
from tracker.ui.worker import Worker, show_progress

TITLES = {ENCRYPT: "Encrypt workspace", REKEY: "Change key", DECRYPT: "Decrypt workspace"}
KEYRING, PASSPHRASE = "keyring", "passphrase"


def choose_key_home(parent: QWidget | None, title: str) -> str | None:
    """Where the new key lives: KEYRING or PASSPHRASE (None: cancelled). Without a keyring,
    a passphrase, said so."""
    if encryption.keyring_unavailable_reason() is not None:
        return PASSPHRASE
    box = QMessageBox(QMessageBox.Icon.Question, title,
                      "Where should the key be kept?", QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText("In this computer's keyring: opens without asking, on this computer only. "
                           "With a passphrase: asked for when the workspace is opened, on any computer. "
                           + FORGOTTEN)
    keyring = box.addButton("In the &keyring", QMessageBox.ButtonRole.AcceptRole)
    passphrase = box.addButton("With a &passphrase", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(keyring)
    box.exec()
    clicked = box.clickedButton()
    return KEYRING if clicked is keyring else PASSPHRASE if clicked is passphrase else None


def _confirmation(action: str, name: str) -> tuple[str, str, str]:
    """(question, detail, button) for `action` on the workspace `name`."""
    if action == ENCRYPT:
        return (f"Encrypt {name}?", "The file and its automatic backups are written anew, encrypted. "
                "The file as it is now is kept until the encrypted one is checked and in place. "
                "Copies saved elsewhere before stay unencrypted.", "Encrypt")
    if action == REKEY:
        return (f"Change the key of {name}?", "The file and its automatic backups are written anew with "
                "a new key. Copies saved elsewhere before still open only with the old key or passphrase.",
                "Change key")
    return (f"Decrypt {name}?", "The file and its automatic backups are written anew without encryption: "
            "anyone who can read the file can then read its contents, names included.", "Decrypt")


class KeyChangeFlow(QObject):
    def __init__(self, files, window: QWidget):
        super().__init__(window)
        self.files = files
        self.window = window
        self.worker: Worker | None = None

    def encrypt(self) -> bool:
        return self.start(ENCRYPT)

    def rekey(self) -> bool:
        return self.start(REKEY)

    def decrypt(self) -> bool:
        return self.start(DECRYPT)

    def start(self, action: str) -> bool:
        """Ask, then run the change in the background; False when it did not start."""
        title = TITLES[action]
        ws = self.files.context.workspace
        if ws is None or (self.worker is not None and self.worker.running):
            return False
        refusal = self._refusal(action, ws)
        if refusal:
            QMessageBox.warning(self.window, title, refusal)
            return False
        question, detail, button = _confirmation(action, ws.path.name)
        if not confirm_action.ask(self.window, title, question, button, detail):
            return False
        make_key = self._new_key_maker(action, title, ws.path.name)
        if make_key is None or not self.files.can_switch():
            return False
        path = ws.path
        self.files.open_jobs.stop()
        self.files.back_up(ws)  # the daily copy, in the old encryption, then converted with it
        self.files.context.set_workspace(None)

        def run(*, progress, cancelled):
            return change_key(path, action, make_key,
                              lambda step, steps, what: progress(100 * step // steps, what))

        worker = Worker(run)
        worker.finished.connect(lambda change: self._finished(path, title, change))
        worker.failed.connect(lambda message, _details: self._failed(path, title, message))
        show_progress(worker, self.window, title, cancellable=False)
        self.worker = worker
        worker.start()
        return True

    def _refusal(self, action: str, ws) -> str | None:
        if ws.readonly:
            return f"{ws.path.name} is open read-only, so its encryption cannot be changed."
        if action == ENCRYPT and ws.encrypted:
            return f"{ws.path.name} is already encrypted; use File → Change key… to change its key."
        if action != ENCRYPT and not ws.encrypted:
            return f"{ws.path.name} is not encrypted."
        reason = encryption.unavailable_reason()
        if reason and action != DECRYPT:
            return f"Encryption is unavailable here: {reason}."
        return None

    def _new_key_maker(self, action: str, title: str, name: str):
        """A function giving the new key (run by the worker), or None when cancelled."""
        if action == DECRYPT:
            return lambda: None
        home = choose_key_home(self.window, title)
        if home is None:
            return None
        if home == KEYRING:
            return encryption.create_key
        where = "" if encryption.keyring_unavailable_reason() is None else " (this computer has no keyring)"
        text = ask_passphrase(self.window, title, f"Choose the passphrase that will protect {name}{where}.",
                              new=True)
        if text is None:
            return None
        return lambda: passphrases.new_key(text)

    def _finished(self, path: Path, title: str, change) -> None:
        self.files.open_path(path)
        QMessageBox.information(self.window, title, change.summary())

    def _failed(self, path: Path, title: str, message: str) -> None:
        QMessageBox.warning(self.window, title, f"Nothing was changed: {message}")
        self.files.open_path(path)
