"""The application's shared state: the open workspace, its change signal, and undo/redo.

Pages receive the context and listen to `data_changed`, so a write anywhere (a dialog, an
import, an undo) refreshes every page that shows an area it touched (`ChangeEvent.areas`).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from tracker.store import Workspace
from tracker.store.events import ChangeEvent
from tracker.ui.undo_stack import UndoStack


class AppContext(QObject):
    workspace_changed = Signal(object)  # Workspace | None
    data_changed = Signal(object)  # ChangeEvent
    rollout_selected = Signal(object)  # rollout id | None: the navigator's choice

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.workspace: Workspace | None = None
        self.undo = UndoStack(self)

    def set_workspace(self, workspace: Workspace | None) -> None:
        """Switch to another workspace, closing the previous one."""
        old = self.workspace
        if old is not None:
            old.remove_listener(self._on_store_change)
            old.close()
        self.workspace = workspace
        self.undo.reset(workspace)
        if workspace is not None:
            workspace.add_listener(self._on_store_change)
        self.workspace_changed.emit(workspace)

    def _on_store_change(self, event: ChangeEvent) -> None:
        self.undo.on_change(event)
        self.data_changed.emit(event)

    def require_workspace(self) -> Workspace:
        """The open workspace, for code that only runs while one is open (a dialog, a page's
        action); reaching it with none open is a programming error, not a user's."""
        if self.workspace is None:
            raise RuntimeError("no workspace is open")
        return self.workspace

    @property
    def readonly(self) -> bool:
        return self.workspace is None or self.workspace.readonly

    @property
    def may_edit_roster(self) -> bool:
        """The roster (people, teams, accounts) and the workspace's settings: on a shared
        workspace only an admin's to change (the server refuses an editor's writes anyway)."""
        ws = self.workspace
        return ws is not None and not ws.readonly and (ws.server is None or ws.server.may_edit_roster)
