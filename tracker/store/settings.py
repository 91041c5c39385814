"""Workspace settings: values that travel with the file (not per-user window settings)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from tracker.store.events import ChangeEvent

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

DEFAULTS: dict[str, Any] = {
    # Reports never show resistance, assessment, adoption or training figures for a group smaller than this.
    "minimum_group_size": 5,
    # Months that named resistance signals keep their person (tracker/store/retention.py);
    # None keeps them until someone deletes them.
    "retention_months": None,
}


class Settings:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def get(self, key: str) -> Any:
        raw = self.ws.scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return DEFAULTS.get(key) if raw is None else json.loads(raw)

    def set(self, key: str, value: Any) -> None:
        # Settings changes are rare and not record edits, so they skip the audit's row-id model
        # but still commit atomically.
        if self.ws.readonly:
            from tracker.store.errors import ReadOnlyWorkspaceError

            raise ReadOnlyWorkspaceError("This workspace is open read-only.")
        with self.ws.conn:
            self.ws.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value)),
            )
            if self.ws.engine == "postgresql":  # others' windows hear it on commit (change_listener)
                self.ws.conn.execute("SELECT pg_notify('tracker_changes', 'settings')")
        self.ws.notify(ChangeEvent(frozenset({"settings"}), None, f"Set {key}"))

    @property
    def minimum_group_size(self) -> int:
        return int(self.get("minimum_group_size"))
