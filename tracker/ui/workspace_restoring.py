"""Restoring a workspace file from one of its daily backups: File → Restore from backup…, and
the offer made when a file turns out damaged on opening. Part of WorkspaceFiles
(tracker/ui/workspace_files.py), which holds the state these methods use."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.domain.date_text import time_text
from tracker.store import WorkspaceError
from tracker.store.errors import DamagedWorkspaceError
from tracker.ui.context import AppContext


class BackupRestoring:
    """The backup half of WorkspaceFiles (a mixin: WorkspaceFiles sets these)."""

    context: AppContext
    window: QWidget
    can_switch: Callable[[], bool]
    status_message: SignalInstance

    if TYPE_CHECKING:  # WorkspaceFiles' own
        def open_path(self, path: str | Path, *, create: bool = False) -> bool: ...

        def _warn(self, title: str, text: str, details: str = "") -> None: ...

    def restore_from_backup(self) -> bool:
        """File → Restore from backup…: choose a copy, confirm, and reopen the workspace on it."""
        from tracker.store.backup import list_backups, restore_backup
        from tracker.ui.dialogs.restore_dialog import RestoreDialog

        ws = self.context.workspace
        if ws is None:
            return False
        if ws.readonly:
            self._warn("Restore from backup", "The workspace is open read-only here; restore it "
                                              "where it is open for editing.")
            return False
        backups = list_backups(ws.path)
        if not backups:
            QMessageBox.information(self.window, "Restore from backup",
                                    f"There are no backups of {ws.path.name} yet. One is made each day "
                                    "the workspace changed, when it is opened or closed.")
            return False
        dialog = RestoreDialog(ws.path.name, backups, self.window)
        chosen = dialog.selected() if dialog.exec() else None
        if chosen is None or not self.can_switch():
            return False
        path = ws.path
        self.context.set_workspace(None)  # a live database is never replaced under itself
        try:
            aside = restore_backup(chosen.path, path)
        except (WorkspaceError, OSError) as e:
            self._warn("Restore from backup", f"The backup was not restored: {e}")
            self.open_path(path)
            return False
        if not self.open_path(path):
            return False
        self.status_message.emit(f"Restored the copy from {time_text(chosen.made)}; the file as it "
                                 f"was is kept as {aside.name}.")
        return True

    # ------------------------------------------------------------ the sample

    def _offer_restore(self, path: Path, error: DamagedWorkspaceError) -> bool:
        """A damaged file is never opened: offer its newest good copy instead."""
        from tracker.store.integrity import restore_damaged

        if error.backup is None:
            self._warn("Workspace damaged", str(error))
            return False
        answer = QMessageBox.question(
            self.window, "Workspace damaged",
            f"{error}\n\nRestore from the latest backup? {path.name} is replaced by "
            f"{error.backup.name}; the damaged file is kept beside it, renamed.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            aside = restore_damaged(path, error.backup)
        except (WorkspaceError, OSError) as e:
            self._warn("Restore from the latest backup", str(e))
            return False
        if not self.open_path(path):
            return False
        self.status_message.emit(f"Restored {path.name} from {error.backup.name}; the damaged "
                                 f"file is kept as {aside.name}.")
        return True
