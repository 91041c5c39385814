"""Other people's edits to a shared workspace, shown as they happen.

While a shared workspace is open, a listener thread (tracker/store/engine/change_listener.py)
hears each change another person commits and hands its ChangeEvent (``by_other``) here. The
event crosses to the GUI thread through a queued signal and goes out through the workspace's own
broadcast (`Workspace.notify`), the one every page already follows for local edits, so pages
refresh themselves the same way; the undo stack leaves such events alone (they are not this
window's steps). The listener's words about a lost or restored connection go to the status bar.
A file has no one else writing it: nothing is started for one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from tracker.store import Workspace
from tracker.store.events import ChangeEvent
from tracker.ui.context import AppContext

if TYPE_CHECKING:
    from tracker.store.engine.change_listener import ServerChangeListener


class LiveUpdates(QObject):
    status_message = Signal(str)  # a line for the status bar
    _heard = Signal(object, object)  # (Workspace, ChangeEvent), emitted from the listener's thread

    def __init__(self, context: AppContext, parent: QObject | None = None):
        super().__init__(parent)
        self.context = context
        self._listener: ServerChangeListener | None = None
        self._heard.connect(self._deliver)  # queued: the receiver lives in the GUI thread
        context.workspace_changed.connect(self._follow)

    @property
    def listening(self) -> bool:
        return self._listener is not None and self._listener.running

    def _follow(self, ws: Workspace | None) -> None:
        self.stop()
        if ws is None or ws.engine != "postgresql" or ws.server is None:
            return
        from tracker.store.workspace_shared import start_listening

        self._listener = start_listening(ws, lambda event: self._heard.emit(ws, event),
                                         on_status=self.status_message.emit)

    def _deliver(self, ws: Workspace, event: ChangeEvent) -> None:
        """On the GUI thread: announce `event` if its workspace is still the open one."""
        if ws is self.context.workspace:
            ws.notify(event)

    def stop(self) -> None:
        """End the listener (the window closes, or another workspace replaces this one)."""
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.stop()
