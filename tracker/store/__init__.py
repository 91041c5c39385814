"""The workspace file: opening, locking, migrations, and one module of queries per area.

Nothing here imports Qt. Every write goes through `Workspace.write()`, which runs one
transaction and records the change in the audit trail inside that same transaction.
"""

from tracker.store.errors import (
    NewerWorkspaceError,
    NotAWorkspaceError,
    ReadOnlyWorkspaceError,
    StoreValidationError,
    WorkspaceError,
    WorkspaceLockedError,
)
from tracker.store.workspace import Workspace

__all__ = [
    "NewerWorkspaceError",
    "NotAWorkspaceError",
    "ReadOnlyWorkspaceError",
    "StoreValidationError",
    "Workspace",
    "WorkspaceError",
    "WorkspaceLockedError",
]
