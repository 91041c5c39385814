"""Starting the window: the Qt application, logging, the error hook, and what to open first.

`tracker` (cli.py) calls `run_gui(path)`. What opens: the path given on the command line
(created when it does not exist yet), else the workspace of the last session if it is still
there, else the first-run dialog. Unexpected errors show a dialog with the details and go to
the log file, instead of a traceback on a console nobody sees or a window that silently dies.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtCore import QEvent, QObject, QThread, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

import tracker
from tracker.resources import resource_path
from tracker.ui import settings, theme
from tracker.ui.context import AppContext
from tracker.ui.dialogs.start_dialog import StartDialog
from tracker.ui.main_window import MainWindow
from tracker.ui.widgets import accessible_names

log = logging.getLogger("tracker")

ORGANISATION = "RolloutTracker"  # the same names as tracker/ui/settings.py's QSettings
APPLICATION = "Rollout Tracker"


def log_file() -> Path:
    return Path(platformdirs.user_log_dir(ORGANISATION)) / "tracker.log"


def setup_logging() -> None:
    """A rotating log file per user, unless the caller (the CLI, a test) configured logging."""
    root = logging.getLogger()
    if root.handlers:
        return
    root.setLevel(logging.INFO)
    try:
        log_file().parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file(), maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()  # no writable profile: the console will have to do
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)


def app_icon() -> QIcon:
    icon = QIcon()
    for name in ("icon.svg", "icon.png"):
        path = resource_path(name)
        if path.exists():
            icon.addFile(str(path))
    return icon


# ---------------------------------------------------------------- unexpected errors
_showing_error = False


def show_unexpected_error(error: BaseException, details: str) -> None:
    """A dialog for an error nobody caught; at most one at a time, and only on the GUI thread."""
    global _showing_error
    app = QApplication.instance()
    if app is None or _showing_error or QThread.currentThread() is not app.thread():
        return
    _showing_error = True
    try:
        summary = str(error) or type(error).__name__
        box = QMessageBox(
            QMessageBox.Icon.Critical, "Unexpected error",
            f"Something went wrong: {summary}\n\n"
            "Changes saved before this are kept; the action that failed may not have been saved. "
            f"The details below were also written to {log_file()}.",
            QMessageBox.StandardButton.Ok, QApplication.activeWindow(),
        )
        box.setDetailedText(details)
        box.exec()
    finally:
        _showing_error = False


def _excepthook(exc_type: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, error, tb)
        return
    details = "".join(traceback.format_exception(exc_type, error, tb))
    log.error("Unexpected error\n%s", details)
    try:
        show_unexpected_error(error, details)
    except Exception:  # the hook itself must never raise
        log.exception("Could not show the error dialog")


def _thread_excepthook(args: threading.ExceptHookArgs) -> None:
    # Off the GUI thread no dialog can be shown; Worker reports its own failures, so anything
    # arriving here is logged for the record.
    details = "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback))
    log.error("Unexpected error in thread %s\n%s", getattr(args.thread, "name", "?"), details)


def install_excepthook() -> None:
    sys.excepthook = _excepthook
    threading.excepthook = _thread_excepthook


# ---------------------------------------------------------------- starting
def create_application() -> QApplication:
    existing = QApplication.instance()  # a QApplication when there is one (made here, or by tests' qtbot)
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])  # our arguments are not Qt's
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationVersion(tracker.__version__)
    app.setWindowIcon(app_icon())
    theme.install(app)  # follow the system's light/dark scheme, live ...
    theme.set_appearance(settings.appearance())  # ... unless View → Appearance chose one
    accessible_names.install(app)  # every field named from its label, for screen readers
    return app


def open_initial_workspace(window: MainWindow, workspace_path: str | None) -> None:
    if workspace_path:
        window.files.open_path(workspace_path, create=True)
        return
    last = settings.last_workspace()
    if last is not None and last.exists():
        window.files.open_path(last)
        return
    dialog = StartDialog(window)
    if dialog.exec() and dialog.choice is not None:
        window.start_with(dialog.choice)


def launch(workspace_path: str | None) -> MainWindow:
    """Everything `run_gui` does short of running the event loop (so tests can call it)."""
    context = AppContext()
    window = MainWindow(context)
    context.setParent(window)  # one lifetime: the context dies with its window
    window.show()
    open_initial_workspace(window, workspace_path)
    return window


SMOKE_TEST_ENV = "ROLLOUT_TRACKER_SMOKE_TEST"  # set to 1: quit once the window has painted


class _QuitAfterFirstPaint(QObject):
    """For the built program's smoke test: close the window after its first paint, exit 0."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, watched.close)
        return False


def quit_after_first_paint(window: MainWindow, timeout_ms: int = 60_000) -> None:
    window.installEventFilter(_QuitAfterFirstPaint(window))
    window.update()
    # Never hang a build: no paint within the timeout is a failure (exit status 1).
    QTimer.singleShot(timeout_ms, lambda: QApplication.exit(1))


def run_gui(workspace_path: str | None) -> int:
    setup_logging()
    app = create_application()
    install_excepthook()
    log.info("Rollout Tracker %s starting", tracker.__version__)
    window = launch(workspace_path)  # kept alive while the loop runs
    if os.environ.get(SMOKE_TEST_ENV):
        quit_after_first_paint(window)
    return app.exec()
