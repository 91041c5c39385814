"""Undo and redo for the window, built on the store's audit trail.

Every committed change made in this session is pushed here automatically (the store announces
it); undo asks the store to reverse it, which itself is a recorded change, and redo reverses
that reversal. Changes made before the workspace was opened are not on the stack, and neither
are other people's: on a shared workspace the stack holds only the changes the trail records
under this session's database user, and undoing one whose records someone has changed since is
refused by the store with a sentence naming who and when (UndoConflictError).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from tracker.store import Workspace
from tracker.store.events import ChangeEvent


class UndoStack(QObject):
    changed = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ws: Workspace | None = None
        self._undo: list[tuple[int, str]] = []  # (change id, label)
        self._redo: list[tuple[int, str]] = []  # (id of the undo change, original label)
        self._busy = False

    def reset(self, workspace: Workspace | None) -> None:
        self._ws = workspace
        self._undo.clear()
        self._redo.clear()
        self.changed.emit()

    def on_change(self, event: ChangeEvent) -> None:
        if self._busy or event.change_id is None or event.by_other:
            return  # our own undo/redo, a write outside the trail, or someone else's change
        if not self._mine(event.change_id):
            return  # another person's step (a shared workspace's broadcast): theirs to undo
        self._undo.append((event.change_id, event.label))
        self._redo.clear()
        self.changed.emit()

    def can_undo(self) -> bool:
        return bool(self._undo) and self._ws is not None and not self._ws.readonly

    def can_redo(self) -> bool:
        return bool(self._redo) and self._ws is not None and not self._ws.readonly

    def undo_label(self) -> str:
        return self._undo[-1][1] if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1][1] if self._redo else ""

    def undo(self) -> None:
        """Raises the store's error (e.g. UndoConflictError) with the stack unchanged."""
        ws = self._ws
        if ws is None or not self.can_undo():
            return
        change_id, label = self._undo[-1]
        reversal = self._run(ws, change_id)
        self._undo.pop()
        if reversal is not None:
            self._redo.append((reversal, label))
        self.changed.emit()

    def redo(self) -> None:
        ws = self._ws
        if ws is None or not self.can_redo():
            return
        undo_id, label = self._redo[-1]
        again = self._run(ws, undo_id)
        self._redo.pop()
        if again is not None:
            self._undo.append((again, label))
        self.changed.emit()

    def _mine(self, change_id: int) -> bool:
        ws = self._ws
        if ws is None or ws.engine == "sqlite":
            return True  # a file has one writer at a time: every change it announces is ours
        change = ws.audit.change(change_id)
        return change is not None and change.user == ws.user

    def _run(self, ws: Workspace, change_id: int) -> int | None:
        self._busy = True
        try:
            return ws.audit.undo(change_id)
        finally:
            self._busy = False
