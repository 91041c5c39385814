"""Workspaces as documents: New, Open, Open recent, Save a copy, the sample, read-only fallback.

Every way of opening a file (command line, last session, menus, recent list, start buttons)
ends in `open_path`, the one place that turns the store's errors into a message the user can
act on, falls back to read-only when someone else is editing, and records the file in the
recent list. A shared workspace (a server's address: File → Connect to shared workspace…, the
recent list, the command line) goes through `open_address` the same way. Nothing here raises a
store error to the caller, so no path shows a traceback.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from tracker.domain.date_text import time_text
from tracker.store import Workspace, WorkspaceError, WorkspaceLockedError
from tracker.store.engine.address import AddressError, ServerAddress, is_server_address, parse_address
from tracker.store.errors import DamagedWorkspaceError, DatabaseEngineError
from tracker.store.file_access import unwritable_reason
from tracker.store.lock import WorkspaceLock
from tracker.store.schema_trust import UntrustedSchemaError
from tracker.store.workspace import WORKSPACE_SUFFIX
from tracker.ui import settings
from tracker.ui.context import AppContext
from tracker.ui.open_jobs import OpenJobs
from tracker.ui.worker import WorkCancelled, Worker, show_progress

log = logging.getLogger(__name__)

FILE_FILTER = f"Rollout Tracker workspace (*{WORKSPACE_SUFFIX})"
SAMPLE_SEED = 1


def sample_workspace_path() -> Path:
    return Path(platformdirs.user_data_dir("RolloutTracker")) / f"sample{WORKSPACE_SUFFIX}"


def with_suffix(path: str | Path) -> Path:
    """Native save dialogs do not always add the suffix; a workspace always has it."""
    path = Path(path)
    return path if path.suffix.lower() == WORKSPACE_SUFFIX else path.with_name(path.name + WORKSPACE_SUFFIX)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return Path(a).absolute() == Path(b).absolute()


class WorkspaceFiles(QObject):
    """The File menu's work, for one window. `can_switch()` lets pages keep unsaved edits."""

    status_message = Signal(str)  # a line for the status bar
    sample_busy_changed = Signal(bool)

    def __init__(self, context: AppContext, window: QWidget,
                 can_switch: Callable[[], bool] = lambda: True):
        super().__init__(window)
        self.context = context
        self.window = window
        self.can_switch = can_switch
        self._sample_worker: Worker | None = None
        self._copy_worker: Worker | None = None
        self._cleaning_worker: Worker | None = None  # a cleaned copy being made
        self._connect_worker: Worker | None = None  # a shared workspace being opened
        self._shut_down = False
        self._location_warned: set[Path] = set()  # warn once per path about where it lives
        # The check, retention purge and daily backup of a workspace just opened, after the
        # window has painted it (open_jobs.py).
        self.open_jobs = OpenJobs(window, lambda: self.context.workspace)
        self.open_jobs.status_message.connect(self.status_message)
        self.open_jobs.check_failed.connect(self._on_check_failed)
        context.workspace_changed.connect(self._on_workspace_changed)

    def shut_down(self) -> None:
        """The window is closing: a background job finishing now must not open a file, and the
        jobs after opening end (the window's own closing makes the backup if still due)."""
        self._shut_down = True
        self.open_jobs.stop()

    # ------------------------------------------------------------ the one door
    def open_path(self, path: str | Path, *, create: bool = False) -> bool:
        """Open `path` in the window; on any problem say so and keep the current workspace."""
        if self._shut_down:
            return False
        if is_server_address(path):  # `tracker postgresql://…` opens the window on a server
            try:
                return self.open_address(parse_address(str(path)))
            except AddressError as e:
                self._warn("Cannot open shared workspace", str(e))
                return False
        path = Path(path).expanduser().absolute()
        current = self.context.workspace
        if current is not None and current.engine == "sqlite" and _same_file(current.path, path):
            self.status_message.emit(f"{path.name} is already open.")
            return True
        if not self.can_switch():
            return False
        try:
            ws = self._open_asking_passphrase(path, create)
            if ws is None:
                return False  # the passphrase was not given
        except DamagedWorkspaceError as e:
            return self._offer_restore(path, e)
        except UntrustedSchemaError as e:
            return self._offer_cleaned_copy(e)
        except WorkspaceError as e:  # not a workspace, newer version, damaged, locked, ...
            self._warn("Cannot open workspace", str(e))
            return False
        except OSError as e:
            self._warn("Cannot open workspace", f"{path.name} cannot be opened: {e.strerror or e}.")
            return False
        self.open_jobs.stop()  # the current one's: done with it before it is closed
        self.back_up(current)  # the one being closed, as it is now
        self.context.set_workspace(ws)
        self.open_jobs.start(ws)  # check, retention purge, daily backup: after the first paint
        self._warn_about_location(ws.path)
        settings.add_recent_file(ws.path)
        settings.set_last_folder(ws.path.parent)
        if ws.backup_path is not None:
            self.status_message.emit(
                f"{ws.path.name} was upgraded to this version; the file as it was is kept as "
                f"{ws.backup_path.name}."
            )
        elif ws.readonly:
            self.status_message.emit(f"Opened {ws.path.name} read-only.")
        else:
            self.status_message.emit(f"Opened {ws.path.name}.")
        return True

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

    def _open_asking_passphrase(self, path: Path, create: bool) -> Workspace | None:
        """Workspace.open, asking for the passphrase of an encrypted workspace whose key is not
        in the keyring (again after a wrong one); None when the user cancels."""
        from tracker.store import passphrase as passphrases
        from tracker.store.encryption import PassphraseNeededError, WrongPassphraseError
        from tracker.ui.dialogs.passphrase_dialog import ask_passphrase

        message = (f"{path.name} is encrypted with a passphrase (or its key is not in this computer's "
                   "keyring). Type its passphrase to open it.")
        while True:
            try:
                # A big file's quick_check follows the first paint, off the GUI thread (open_jobs.py).
                return Workspace.open(path, create=create, readonly_if_locked=True, defer_check=True)
            except (PassphraseNeededError, WrongPassphraseError) as e:
                if isinstance(e, WrongPassphraseError):
                    message = (f"That passphrase does not open {path.name} (or the file is damaged). "
                               "Type its passphrase again.")
            finally:
                passphrases.set_provider(None)  # a typed passphrase serves this one open only
            secret = ask_passphrase(self.window, "Open encrypted workspace", message, new=False)
            if secret is None:
                return None
            passphrases.set_provider(lambda _path, secret=secret: secret)

    def _on_workspace_changed(self, ws: Workspace | None) -> None:
        if self.open_jobs.running and ws is not self.open_jobs.workspace:
            self.open_jobs.stop()  # closed from elsewhere (a restore, a test): its jobs end too

    def _on_check_failed(self, ws: Workspace, error: WorkspaceError) -> None:
        """The deferred check did not pass: nothing was written to the file since it opened
        (every write waited for this verdict), so close it and offer its newest good copy."""
        if self.context.workspace is not ws:
            return
        self.context.set_workspace(None)  # unsaved edits cannot go into a damaged file anyway
        if isinstance(error, DamagedWorkspaceError):
            self._offer_restore(ws.path, error)
        else:
            self._warn("Cannot open workspace", str(error))

    # ------------------------------------------------------------ File menu
    def new_workspace(self) -> bool:
        from tracker.ui.dialogs import new_workspace_dialog

        start = Path(settings.last_folder()) / f"Organisation{WORKSPACE_SUFFIX}"
        chosen, encrypt = new_workspace_dialog.choose_new_workspace(self.window, start, FILE_FILTER)
        if not chosen:
            return False
        path = with_suffix(chosen)
        if path.exists():
            # Never replace a file from "New": it may be someone's only copy of their work.
            self._warn("New workspace", f"{path.name} already exists in {path.parent}. Choose another "
                                        "name, or use File → Open to open it.")
            return False
        if encrypt and not new_workspace_dialog.create_encrypted(self.window, path, encrypt):
            return False
        return self.open_path(path, create=True)

    def open_workspace(self) -> bool:
        chosen, _ = QFileDialog.getOpenFileName(
            self.window, "Open workspace", settings.last_folder(), f"{FILE_FILTER};;All files (*)"
        )
        return self.open_path(chosen) if chosen else False

    def open_recent(self, path: Path) -> bool:
        if not Path(path).exists():
            settings.remove_recent_file(path)
            self._warn("Open recent", f"{Path(path).name} is no longer in {Path(path).parent}; "
                                      "it was removed from the recent list.")
            return False
        return self.open_path(path)

    def reopen_for_editing(self) -> bool:
        """After a read-only open: try again for writing, e.g. once a colleague closed it."""
        ws = self.context.workspace
        if ws is None or not ws.readonly or not self.can_switch():
            return False
        reason = unwritable_reason(ws.path)
        if reason is not None:
            self._warn("Cannot open workspace", reason)
            return False
        # A view that is read-only because its file or folder could not be written holds the
        # lock itself (nobody writes while it reads); it lets go for this window's own attempt.
        ws.release_lock()
        try:
            writable = Workspace.open(ws.path, create=False)
        except WorkspaceLockedError as e:
            QMessageBox.information(self.window, "Still in use", f"{e} Try again when they have closed it.")
            return False
        except (WorkspaceError, OSError) as e:
            self._warn("Cannot open workspace", str(e))
            return False
        self.context.set_workspace(writable)
        self.status_message.emit(f"{writable.path.name} is open for editing.")
        return True

    def save_copy(self) -> None:
        """A consistent copy (SQLite backup, not a file copy), made in the background."""
        ws = self.context.workspace
        if ws is None or (self._copy_worker is not None and self._copy_worker.running):
            return
        start = Path(settings.last_folder()) / f"{ws.name} copy{WORKSPACE_SUFFIX}"
        chosen, _ = QFileDialog.getSaveFileName(self.window, "Save a copy", str(start), FILE_FILTER)
        if not chosen:
            return
        destination = with_suffix(chosen)
        if _same_file(destination, ws.path):
            self._warn("Save a copy", "A copy cannot replace the workspace it is made from; choose another name.")
            return
        holder = WorkspaceLock(destination).read_holder() if destination.exists() else None
        if holder is not None:
            self._warn("Save a copy", f"{destination.name} is open in Rollout Tracker; "
                                      "close it there first, or choose another name.")
            return

        def copy(clone: Workspace, target: Path, *, progress, cancelled):
            from tracker.domain.export_log import WINDOW
            from tracker.reports.recorded_exports import save_workspace_copy

            try:
                return save_workspace_copy(clone, target, made_with=WINDOW)  # recorded: it left the app
            except WorkspaceError:
                raise
            except Exception as e:  # the engine's "unable to open database file" and the like
                raise WorkspaceError(f"{target.name} could not be written in {target.parent} ({e}).") from e

        worker = Worker(copy, destination, workspace=ws)
        worker.finished.connect(lambda written: (
            settings.set_last_folder(Path(written.path).parent),
            self.status_message.emit(f"Saved a copy as {written.path}." + (f" {written.note}" if written.note else ""))))
        worker.failed.connect(lambda message, _details: self._warn("Save a copy", f"The copy was not saved: {message}"))
        show_progress(worker, self.window, "Saving a copy", cancellable=False)
        self._copy_worker = worker
        worker.start()

    # ------------------------------------------------------------ automatic backups
    def back_up(self, ws: Workspace | None) -> Path | None:
        """The daily copy when the window closes a workspace (open_jobs.py makes the one on
        opening, in the background); never stops the closing."""
        if ws is None or ws.engine != "sqlite":
            return None  # a shared workspace is backed up by its server
        from tracker.store.backup import make_daily_backup

        try:
            made = make_daily_backup(ws)
        except (WorkspaceError, OSError, DatabaseEngineError):
            log.exception("The daily backup of %s failed", ws.path)
            self.status_message.emit(f"The daily backup of {ws.path.name} could not be made; see the log.")
            return None
        if made is not None:
            log.info("Backed up %s to %s", ws.path, made)
        return made

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
        if not dialog.exec() or dialog.selected() is None or not self.can_switch():
            return False
        chosen, path = dialog.selected(), ws.path
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
    def open_sample(self) -> None:
        """Open the sample workspace, writing it first (in the background) if it is missing."""
        path = sample_workspace_path()
        if path.exists():
            self.open_path(path)
            return
        if self._sample_worker is not None and self._sample_worker.running:
            return
        try:
            from tracker.demo import write_demo_workspace
        except ImportError:
            log.exception("The sample workspace writer is missing")
            self._warn("Sample workspace", "The sample workspace is not part of this installation.")
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            self._warn("Sample workspace", f"The folder {path.parent} cannot be created: {e.strerror or e}.")
            return

        def write(target: Path, *, progress, cancelled) -> Path:
            def report(percent: int, text: str) -> None:
                if cancelled():
                    raise WorkCancelled()  # the writer removes its half-made file
                progress(percent, text)

            return write_demo_workspace(target, seed=SAMPLE_SEED, progress=report)

        worker = Worker(write, path)
        worker.finished.connect(lambda result: self.open_path(result or path))
        worker.failed.connect(
            lambda message, details: self._warn("Sample workspace",
                                                f"The sample workspace could not be created: {message}", details)
        )
        worker.done.connect(lambda: self.sample_busy_changed.emit(False))
        show_progress(worker, self.window, "Creating the sample workspace")
        self._sample_worker = worker
        self.sample_busy_changed.emit(True)
        worker.start()

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

    def _offer_cleaned_copy(self, error: UntrustedSchemaError) -> bool:
        """A file changed outside the app is never opened: offer a cleaned copy of it instead,
        made in the background and opened when it is there (so nothing is open yet: False)."""
        from tracker.ui import cleaned_copy_offer

        target = cleaned_copy_offer.ask(self.window, error)
        if target is None:
            return False

        def made(copy: Path) -> None:
            if self.open_path(copy):
                self.status_message.emit(f"Opened {copy.name}, a cleaned copy; {error.path.name} "
                                         "was left as it is.")

        self._cleaning_worker = cleaned_copy_offer.start_copy(self.window, error.path, target, made)
        return False

    # ------------------------------------------------------------ messages
    def _warn_about_location(self, path: Path) -> None:
        """Once per path: a network drive or synced folder can corrupt the file."""
        from tracker.domain.locations import location_risk, location_warning

        if path in self._location_warned:
            return
        self._location_warned.add(path)
        reason = location_risk(path)
        if reason is not None:
            QMessageBox.warning(self.window, "Workspace in a risky place",
                                location_warning(path.name, reason))

    def _warn(self, title: str, text: str, details: str = "") -> None:
        if not details:
            QMessageBox.warning(self.window, title, text)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setDetailedText(details)
        box.exec()
