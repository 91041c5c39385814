"""What the store announces after each committed change, so views refresh themselves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChangeEvent:
    tables: frozenset[str]
    change_id: int | None  # None for writes outside the audit trail (settings)
    label: str
    reverts_id: int | None = None  # set when this change is an undo (or a redo) of another
