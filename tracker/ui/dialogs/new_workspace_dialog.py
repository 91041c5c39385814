"""File → New workspace…: the save dialog with "Encrypt this workspace" under the file name,
and "with a passphrase" beside it (the only way where this computer has no keyring).

Qt's own file dialog (not the platform's) is used here because only it can carry the checkbox,
so choosing the name and choosing encryption are one step. Where encryption cannot be used
(no sqlcipher3 wheel) the checkbox is shown disabled and says why, so the option is
discoverable and its absence explained; where there is no keyring, "with a passphrase" is
ticked, fixed, and says why. The encrypted file itself is made by the store
(`Workspace.open(path, encrypted=True, passphrase=...)`); see tracker/store/encryption.py and
tracker/store/passphrase.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFileDialog, QGridLayout, QMessageBox, QWidget

from tracker.store import Workspace, WorkspaceError
from tracker.store.encryption import keyring_unavailable_reason, unavailable_reason

ENCRYPT_LABEL = "Encrypt this workspace"
ENCRYPT_HELP = ("The file, its history and its backups are encrypted; the key is kept in this "
                "computer's keyring. If that keyring entry is lost, nobody can read the workspace.")
PASSPHRASE_LABEL = "with a passphrase instead of the keyring"
PASSPHRASE = "passphrase"  # what choose_new_workspace gives for "encrypted with a passphrase"


class NewWorkspaceFileDialog(QFileDialog):
    """A save dialog for a new workspace, with the encryption checkbox below the file name."""

    def __init__(self, parent: QWidget | None, start: Path, file_filter: str):
        super().__init__(parent, "New workspace", str(start.parent), file_filter)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        # The caller refuses existing files with its own message: never "Replace?" here.
        self.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
        self.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        self.setFileMode(QFileDialog.FileMode.AnyFile)
        self.selectFile(start.name)
        self.encrypt_check = QCheckBox(ENCRYPT_LABEL)
        self.unavailable = unavailable_reason()
        if self.unavailable:
            self.encrypt_check.setEnabled(False)
            self.encrypt_check.setText(f"{ENCRYPT_LABEL} (unavailable: {self.unavailable})")
            self.encrypt_check.setToolTip(f"Encryption is unavailable here: {self.unavailable}.")
        else:
            self.encrypt_check.setToolTip(ENCRYPT_HELP)
        self.passphrase_check = QCheckBox(PASSPHRASE_LABEL)
        self.passphrase_check.setToolTip("You choose a passphrase, asked for whenever the workspace is "
                                         "opened without its key in the keyring. Nobody can recover it.")
        self.no_keyring = keyring_unavailable_reason()
        if self.no_keyring:  # the only way here: ticked, and says why
            self.passphrase_check.setChecked(True)
            self.passphrase_check.setText(f"{PASSPHRASE_LABEL} (needed: {self.no_keyring})")
        self.passphrase_check.setEnabled(False)
        self.encrypt_check.toggled.connect(
            lambda on: self.passphrase_check.setEnabled(on and not self.no_keyring))
        layout = self.layout()
        assert layout is not None  # the non-native dialog has built its own by now
        for check in (self.encrypt_check, self.passphrase_check):
            if isinstance(layout, QGridLayout):  # Qt's dialog is a grid; put it under the name row
                layout.addWidget(check, layout.rowCount(), 0, 1, layout.columnCount())
            else:
                layout.addWidget(check)

    def encrypt(self) -> bool | str:
        """False (plain), True (key in the keyring) or PASSPHRASE."""
        if not (self.encrypt_check.isEnabled() and self.encrypt_check.isChecked()):
            return False
        return PASSPHRASE if self.passphrase_check.isChecked() else True


def choose_new_workspace(parent: QWidget | None, start: Path, file_filter: str) -> tuple[str, bool | str]:
    """The chosen file name ("" when cancelled) and whether it is to be encrypted: False,
    True (key in the keyring) or PASSPHRASE."""
    dialog = NewWorkspaceFileDialog(parent, start, file_filter)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", False
        return dialog.selectedFiles()[0], dialog.encrypt()
    finally:
        dialog.deleteLater()


def create_encrypted(parent: QWidget | None, path: Path, how: bool | str = True) -> bool:
    """Make the empty encrypted workspace at `path` (then opened like any other file), its key
    in the keyring or, with `how` PASSPHRASE or where there is no keyring, from a passphrase
    asked for here; on failure say why and return False."""
    secret = None
    if how == PASSPHRASE or (unavailable_reason() is None and keyring_unavailable_reason() is not None):
        from tracker.ui.dialogs.passphrase_dialog import ask_passphrase

        secret = ask_passphrase(parent, "New encrypted workspace",
                                f"Choose the passphrase that will protect {path.name}.", new=True)
        if secret is None:
            return False
    try:
        Workspace.open(path, encrypted=True, passphrase=secret).close()
    except (WorkspaceError, OSError) as e:
        QMessageBox.warning(parent, "New workspace", f"The encrypted workspace was not created: {e}")
        return False
    return True
