"""Cross-team dependencies of a rollout (the analysis is in tracker.domain.dependency_graph)."""

from __future__ import annotations

import builtins
import datetime as dt
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict, Unpack

from tracker.domain.dependencies import Dependency, DependencyKind, DependencyStatus, check_dependency
from tracker.store.convert import from_date, to_date
from tracker.store.errors import StoreValidationError
from tracker.store.record_versions import missing_record

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

_SELECT = """
    SELECT d.id, d.rollout_id, d.needer_team_id, d.provider_team_id, d.description, d.kind, d.status,
           d.due_date, d.owner_id, d.blocked_reason, n.name, p.name, COALESCE(o.name, ''), r.name,
           d.version
    FROM dependencies d
    JOIN teams n ON n.id = d.needer_team_id
    JOIN teams p ON p.id = d.provider_team_id
    JOIN rollouts r ON r.id = d.rollout_id
    LEFT JOIN people o ON o.id = d.owner_id
"""


def _dependency(r: tuple[Any, ...]) -> Dependency:
    return Dependency(
        id=r[0], rollout_id=r[1], needer_team_id=r[2], provider_team_id=r[3], description=r[4],
        kind=DependencyKind(r[5]), status=DependencyStatus(r[6]), due_date=to_date(r[7]), owner_id=r[8],
        blocked_reason=r[9], needer_name=r[10], provider_name=r[11], owner_name=r[12], rollout_name=r[13],
        version=r[14],
    )


class DependencyFields(TypedDict):
    """The fields add() takes (checked by _values)."""

    rollout_id: int
    needer_team_id: int
    provider_team_id: int
    description: str
    kind: NotRequired[DependencyKind]
    status: NotRequired[DependencyStatus]
    due_date: NotRequired[dt.date | None]
    owner_id: NotRequired[int | None]
    blocked_reason: NotRequired[str]


class DependencyChanges(TypedDict, total=False):
    """The fields update() may change."""

    rollout_id: int
    needer_team_id: int
    provider_team_id: int
    description: str
    kind: DependencyKind
    status: DependencyStatus
    due_date: dt.date | None
    owner_id: int | None
    blocked_reason: str


class Dependencies:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self, rollout_id: int) -> list[Dependency]:
        rows = self.ws.conn.execute(_SELECT + " WHERE d.rollout_id = ? ORDER BY d.due_date IS NULL, d.due_date, d.id",
                                    (rollout_id,))
        return [_dependency(r) for r in rows.fetchall()]

    def all(self) -> builtins.list[Dependency]:
        """Every rollout's dependencies (the cross-rollout view)."""
        return [_dependency(r) for r in self.ws.conn.execute(_SELECT + " ORDER BY d.rollout_id, d.id").fetchall()]

    def for_rollouts(self, rollout_ids: builtins.list[int]) -> builtins.list[Dependency]:
        """The dependencies of several rollouts in one query (the portfolio status of a selection)."""
        marks = ", ".join(str(int(i)) for i in rollout_ids) or "NULL"  # ints only
        return [_dependency(r) for r in self.ws.conn.execute(
            _SELECT + f" WHERE d.rollout_id IN ({marks}) ORDER BY d.rollout_id, d.id").fetchall()]

    def get(self, dependency_id: int) -> Dependency | None:
        row = self.ws.conn.execute(_SELECT + " WHERE d.id = ?", (dependency_id,)).fetchone()
        return _dependency(row) if row else None

    # ---------------------------------------------------------------- writes
    def _values(self, *, rollout_id: int, needer_team_id: int, provider_team_id: int, description: str,
                kind: DependencyKind = DependencyKind.OTHER, status: DependencyStatus = DependencyStatus.OPEN,
                due_date: dt.date | None = None, owner_id: int | None = None,
                blocked_reason: str = "") -> tuple[dict[str, Any], str]:
        status = DependencyStatus(status)
        if status is not DependencyStatus.BLOCKED:
            blocked_reason = ""  # unblocking clears the reason; the audit trail keeps it
        problem = check_dependency(needer_team_id=needer_team_id, provider_team_id=provider_team_id,
                                   description=description, status=status, blocked_reason=blocked_reason)
        if problem:
            raise StoreValidationError(problem)
        names = dict(self.ws.conn.execute("SELECT id, name FROM teams WHERE id IN (?, ?)",
                                          (needer_team_id, provider_team_id)).fetchall())
        if len(names) < 2:
            raise StoreValidationError("Both teams must exist.")
        if self.ws.scalar("SELECT 1 FROM rollouts WHERE id = ?", (rollout_id,)) is None:
            raise StoreValidationError("That rollout no longer exists.")
        values = {
            "rollout_id": rollout_id, "needer_team_id": needer_team_id, "provider_team_id": provider_team_id,
            "description": description.strip(), "kind": DependencyKind(kind).value, "status": status.value,
            "due_date": from_date(due_date), "owner_id": owner_id, "blocked_reason": (blocked_reason or "").strip(),
        }
        return values, f"{names[needer_team_id]} on {names[provider_team_id]}"

    def add(self, **fields: Unpack[DependencyFields]) -> int:
        values, what = self._values(**fields)
        with self.ws.write(f"Add dependency: {what}") as w:
            return w.insert("dependencies", values)

    def update(self, dependency_id: int, *, expected_version: int | None = None, **fields: Unpack[DependencyChanges]) -> bool:
        current = self.get(dependency_id)
        if current is None:  # deleted: after the editor read it, when it names a version
            raise missing_record(self.ws.conn, "dependencies", dependency_id, expected_version, dict(fields),
                                 "That dependency no longer exists.")
        merged: DependencyFields = {
            "rollout_id": current.rollout_id, "needer_team_id": current.needer_team_id,
            "provider_team_id": current.provider_team_id, "description": current.description, "kind": current.kind,
            "status": current.status, "due_date": current.due_date, "owner_id": current.owner_id,
            "blocked_reason": current.blocked_reason,
        }
        merged.update(fields)
        values, what = self._values(**merged)
        verb = "Finish" if values["status"] == "done" and current.unfinished else "Edit"
        with self.ws.write(f"{verb} dependency: {what}") as w:
            return w.update("dependencies", dependency_id, values, expected_version=expected_version)

    def delete(self, dependency_ids: builtins.list[int]) -> None:
        if not dependency_ids:
            return
        label = "Delete dependency" if len(dependency_ids) == 1 else f"Delete {len(dependency_ids)} dependencies"
        with self.ws.write(label) as w:
            for did in dependency_ids:
                w.delete("dependencies", did)
