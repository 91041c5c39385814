"""The offer made when a workspace was changed outside the app: a cleaned copy, with consent.

The store refuses such a file (tracker/store/schema_trust.py) before any of its SQL runs. The
file itself is never changed here; with the user's yes, a copy beside it is made in the
background (a big workspace takes tens of seconds) with the app's own tables and their rows
only, and that copy is what opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.store.schema_trust import UntrustedSchemaError, cleaned_copy_path, make_cleaned_copy
from tracker.ui.worker import Worker, show_progress

TITLE = "Workspace changed outside Rollout Tracker"


def ask(parent: QWidget | None, error: UntrustedSchemaError) -> Path | None:
    """Where the cleaned copy would go, if the user says yes; None when they decline."""
    target = cleaned_copy_path(error.path)
    answer = QMessageBox.question(
        parent, TITLE,
        f"{error}\n\nMake a cleaned copy and open it? {error.path.name} stays as it is; the copy, "
        f"{target.name} beside it, has the app's own tables and their rows, without what was "
        "added. Only say yes if you trust where the rows came from.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return target if answer == QMessageBox.StandardButton.Yes else None


def start_copy(parent: QWidget | None, source: Path, target: Path, made: Callable[[Path], None]) -> Worker:
    """Make the copy off the GUI thread, with progress; `made(path)` runs when it is there, and
    a failure is said in a message box."""

    def copy(source: Path, target: Path, *, progress, cancelled) -> Path:
        return make_cleaned_copy(source, target, progress=progress)

    worker = Worker(copy, source, target)
    worker.finished.connect(made)
    worker.failed.connect(lambda message, _details: QMessageBox.warning(
        parent, TITLE, f"The cleaned copy was not made: {message}"))
    show_progress(worker, parent, "Making a cleaned copy", cancellable=False)
    worker.start()
    return worker
