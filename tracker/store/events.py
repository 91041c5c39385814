"""What the store announces after each committed change, so views refresh themselves."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.store.areas import areas_of


@dataclass(frozen=True)
class ChangeEvent:
    tables: frozenset[str]
    change_id: int | None  # None for writes outside the audit trail (settings)
    label: str
    reverts_id: int | None = None  # set when this change is an undo (or a redo) of another
    # Made by someone else on a shared workspace (engine/change_listener.py): pages refresh, but
    # it is not this window's step to undo.
    by_other: bool = False

    @property
    def areas(self) -> frozenset[str]:
        """The names of the areas (``tracker.store.areas``) whose tables this change touched."""
        return areas_of(self.tables)
