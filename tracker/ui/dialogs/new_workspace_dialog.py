"""File → New workspace…: the save dialog with "Encrypt this workspace" under the file name.

Qt's own file dialog (not the platform's) is used here because only it can carry the checkbox,
so choosing the name and choosing encryption are one step. Where encryption cannot be used
(no sqlcipher3 wheel, no keyring) the checkbox is shown disabled and says why, so the option is
discoverable and its absence explained. The encrypted file itself is made by the store
(`Workspace.open(path, encrypted=True)`); see tracker/store/encryption.py.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QFileDialog, QGridLayout, QMessageBox, QWidget

from tracker.store import Workspace, WorkspaceError
from tracker.store.encryption import unavailable_reason

ENCRYPT_LABEL = "Encrypt this workspace"
ENCRYPT_HELP = ("The file, its history and its backups are encrypted; the key is kept in this "
                "computer's keyring. If that keyring entry is lost, nobody can read the workspace.")


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
        layout = self.layout()
        if isinstance(layout, QGridLayout):  # Qt's dialog is a grid; put it under the name row
            layout.addWidget(self.encrypt_check, layout.rowCount(), 0, 1, layout.columnCount())
        else:
            layout.addWidget(self.encrypt_check)

    def encrypt(self) -> bool:
        return self.encrypt_check.isEnabled() and self.encrypt_check.isChecked()


def choose_new_workspace(parent: QWidget | None, start: Path, file_filter: str) -> tuple[str, bool]:
    """The chosen file name ("" when cancelled) and whether it is to be encrypted."""
    dialog = NewWorkspaceFileDialog(parent, start, file_filter)
    try:
        if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
            return "", False
        return dialog.selectedFiles()[0], dialog.encrypt()
    finally:
        dialog.deleteLater()


def create_encrypted(parent: QWidget | None, path: Path) -> bool:
    """Make the empty encrypted workspace at `path` (then opened like any other file);
    on failure say why and return False."""
    try:
        Workspace.open(path, encrypted=True).close()
    except (WorkspaceError, OSError) as e:
        QMessageBox.warning(parent, "New workspace", f"The encrypted workspace was not created: {e}")
        return False
    return True
