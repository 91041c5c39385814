"""Errors the store raises; each message is a sentence a user can act on."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

#: The database engine's own errors (locked, disk full, I/O), which can still come from below the
#: store's own messages; callers outside the store catch this name instead of importing the engine.
DatabaseEngineError = sqlite3.Error


class WorkspaceError(Exception):
    """Base for every problem with a workspace file."""


class NotAWorkspaceError(WorkspaceError):
    """The file exists but is not a Rollout Tracker workspace (or is damaged)."""


class NewerWorkspaceError(WorkspaceError):
    """The file was written by a newer version of Rollout Tracker."""


class WorkspaceLockedError(WorkspaceError):
    """Another process has the workspace open for writing."""

    def __init__(self, message: str, holder: dict[str, Any] | None = None):
        super().__init__(message)
        self.holder = holder or {}


class ReadOnlyWorkspaceError(WorkspaceError):
    """A write was attempted on a workspace opened read-only."""


class ReadOnlyFileError(WorkspaceError):
    """The workspace file (or its -wal/-shm) may not be written here, so it is not opened for writing."""


class NeedsUpgradeError(WorkspaceError):
    """The file is from an older version and was opened read-only, so it cannot be upgraded."""


class StoreValidationError(WorkspaceError):
    """A write was refused because the data breaks a rule (unique name, unknown team, ...)."""


class DamagedWorkspaceError(NotAWorkspaceError):
    """The workspace failed SQLite's integrity check; `backup` is the newest good copy, if any."""

    def __init__(self, message: str, path: Path | None = None, backup: Path | None = None):
        super().__init__(message)
        self.path = path
        self.backup = backup


class StaleRecordError(WorkspaceError):
    """An edit was based on a version of the record that someone has changed since.

    Carries what the window needs to show the conflict and offer to reapply the edit: the
    record as it is now (`current`, None when it was deleted), the changes that were refused
    (`attempted`), the row as the editor read it when the trail still has it (`read`), and who
    changed it last and when (from the audit trail)."""

    def __init__(self, message: str, *, table: str, row_id: int, expected_version: int,
                 current: dict[str, Any] | None, attempted: dict[str, Any],
                 read: dict[str, Any] | None = None, changed_by: str = "", changed_at: str = ""):
        super().__init__(message)
        self.table = table
        self.row_id = row_id
        self.expected_version = expected_version
        self.current = current
        self.attempted = attempted
        self.read = read
        self.changed_by = changed_by
        self.changed_at = changed_at

    @property
    def current_version(self) -> int | None:
        """The version to base a second try on (None: the record is gone)."""
        return None if self.current is None else int(self.current.get("version", 1))


def constraint_refusal(error: Exception) -> Exception:
    """A constraint failure as a sentence for users, raised by the audited writer in place of
    SQLite's message (a server's failures arrive translated into SQLite's by its connection)."""
    if not isinstance(error, sqlite3.IntegrityError):
        return error
    text = str(error)
    if "UNIQUE" in text:
        columns = text.split(":", 1)[-1].split(",")
        if len(columns) > 1:
            return StoreValidationError("That record already exists.")
        column = columns[0].rsplit(".", 1)[-1]
        return StoreValidationError(f"Another record already has this {column.replace('_', ' ')}.")
    if "FOREIGN KEY" in text:
        return StoreValidationError("The record is still referred to elsewhere, or refers to one that does not exist.")
    if "CHECK" in text or "NOT NULL" in text:
        return StoreValidationError(f"A value is missing or out of range ({text}).")
    return StoreValidationError(text)
