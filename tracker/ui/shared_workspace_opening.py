"""Opening a shared workspace (a PostgreSQL server) from the File menu: the Connect dialog,
connecting off the GUI thread, the password kept in the keyring when asked, Open Recent's
servers. Part of WorkspaceFiles (tracker/ui/workspace_files.py), which holds the state these
methods use; apart so that each file keeps one purpose."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QWidget

from tracker.store import Workspace, WorkspaceError
from tracker.store.engine.address import AddressError, ServerAddress, parse_address
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.open_jobs import OpenJobs
from tracker.ui.worker import Worker, show_progress


class SharedWorkspaceOpening:
    """The shared-workspace half of WorkspaceFiles (a mixin: WorkspaceFiles sets these)."""

    context: AppContext
    window: QWidget
    can_switch: Callable[[], bool]
    open_jobs: OpenJobs
    status_message: SignalInstance
    _shut_down: bool
    _connect_worker: Worker | None

    if TYPE_CHECKING:  # WorkspaceFiles' own
        def back_up(self, ws: Workspace | None) -> Path | None: ...

        def _warn(self, title: str, text: str, details: str = "") -> None: ...

    def open_address(self, address: ServerAddress, *, remember: bool = False) -> bool:
        """Start opening the shared workspace at ``address`` (``remember``: keep the typed
        password in the keyring once it worked); False when nothing was started. Connecting
        (and bringing the server's schema up to date) runs off the GUI thread: a server that
        does not answer takes seconds to say so. The window switches when it is open; on any
        problem it says so and keeps the current workspace, and a server asking for a password
        that was not found offers the Connect dialog to type it."""
        from tracker.store.engine.connection_errors import failures_explained
        from tracker.store.engine.credentials import keep_for_session

        if self._shut_down or (self._connect_worker is not None and self._connect_worker.running):
            return False
        current = self.context.workspace
        if current is not None and current.engine != "sqlite" and current.address == address.display():
            self.status_message.emit(f"{address.title()} is already open.")
            return True
        if not self.can_switch():
            return False
        shown = keep_for_session(address).display()  # the store keeps the address without password

        def connect(*, progress, cancelled) -> Workspace | WorkspaceError:
            try:
                with failures_explained(address):
                    return Workspace.open(shown)
            except WorkspaceError as e:  # handed back as a value: its reason decides what follows
                return e

        worker = Worker(connect)
        worker.finished.connect(lambda outcome: self._connected(address, outcome, remember))
        worker.failed.connect(lambda message, _details: self._warn("Cannot open shared workspace", message))
        show_progress(worker, self.window, f"Connecting to {address.title()}", cancellable=False)
        self._connect_worker = worker
        worker.start()
        return True

    def _connected(self, address: ServerAddress, outcome: Workspace | WorkspaceError, remember: bool) -> None:
        from tracker.store.engine.connection_errors import AUTHENTICATION, ServerConnectionError
        from tracker.store.engine.credentials import CredentialsError, remember_password

        if isinstance(outcome, ServerConnectionError) and outcome.reason == AUTHENTICATION \
                and address.password is None and not self._shut_down:
            self.connect_shared(address, note=str(outcome))
            return
        if isinstance(outcome, WorkspaceError):
            self._warn("Cannot open shared workspace", str(outcome))
            return
        if self._shut_down:
            outcome.close()  # the window closed while it connected
            return
        current = self.context.workspace
        self.open_jobs.stop()  # the current one's: done with it before it is closed
        self.back_up(current)
        self.context.set_workspace(outcome)
        settings.add_recent_shared(address)  # without the password (address.for_settings)
        note = ""
        if remember and address.password is not None:
            try:
                remember_password(address, address.password)
                note = " Its password is kept in the system keyring."
            except CredentialsError as e:
                note = f" {e}"
        elif address.password is not None:
            note = (" Its password was not kept: passwords are kept only in the system keyring, when "
                    "\"Remember in the system keyring\" is ticked (File → Connect to shared workspace…).")
        if outcome.server is not None and outcome.server.note:  # roles an administrator must make
            note += f" {outcome.server.note}"
        self.status_message.emit(f"Opened {address.title()}{' read-only' if outcome.readonly else ''}.{note}")

    def connect_shared(self, start: ServerAddress | None = None, *, note: str = "") -> bool:
        """File → Connect to shared workspace…: the dialog, then `open_address`."""
        from tracker.ui.dialogs.connect_dialog import ConnectDialog

        dialog = ConnectDialog(self.window, start)
        if note:
            dialog.outcome.setText(note)
        if not dialog.exec():
            return False
        try:
            address = dialog.address()
        except AddressError as e:  # the dialog allows Connect only when it has none
            self._warn("Connect to shared workspace", str(e))
            return False
        return self.open_address(address, remember=dialog.remember())

    def open_recent_shared(self, shown: str) -> bool:
        try:
            address = parse_address(shown)
        except AddressError as e:  # a hand-edited settings file
            settings.remove_recent_shared(shown)
            self._warn("Open recent", f"{e}; it was removed from the recent list.")
            return False
        return self.open_address(address)
