"""The offer made when a workspace was changed outside the app: a cleaned copy, with consent.

The store refuses such a file (tracker/store/schema_trust.py) before any of its SQL runs. The
file itself is never changed here; with the user's yes, a copy beside it holds the app's own
tables and their rows only, and that copy is what opens.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from tracker.store import WorkspaceError
from tracker.store.schema_trust import UntrustedSchemaError, cleaned_copy_path, make_cleaned_copy

TITLE = "Workspace changed outside Rollout Tracker"


def offer_cleaned_copy(parent: QWidget | None, error: UntrustedSchemaError) -> Path | None:
    """Ask, and make the copy when the answer is yes; its path, or None (declined, or it failed
    and the user was told why)."""
    target = cleaned_copy_path(error.path)
    answer = QMessageBox.question(
        parent, TITLE,
        f"{error}\n\nMake a cleaned copy and open it? {error.path.name} stays as it is; the copy, "
        f"{target.name} beside it, has the app's own tables and their rows, without what was "
        "added. Only say yes if you trust where the rows came from.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    try:
        return make_cleaned_copy(error.path, target)
    except (WorkspaceError, OSError) as e:
        QMessageBox.warning(parent, TITLE, f"The cleaned copy was not made: {e}")
        return None
