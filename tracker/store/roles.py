"""Roles people hold in a rollout, and the workspace's editable list of role types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.models import RoleAssignment, RoleType
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace


class Roles:
    def __init__(self, ws: Workspace):
        self.ws = ws

    # ---------------------------------------------------------------- role types
    def types(self) -> list[RoleType]:
        rows = self.ws.conn.execute("SELECT id, name, position FROM role_types ORDER BY position, name").fetchall()
        return [RoleType(*r) for r in rows]

    def type_ids_by_name(self) -> dict[str, int]:
        """Lower-cased role name -> id, for matching names (imports, the sample workspace)."""
        return {r.name.lower(): r.id for r in self.types()}

    def type_by_name(self, name: str) -> RoleType | None:
        row = self.ws.conn.execute(
            "SELECT id, name, position FROM role_types WHERE name = ? COLLATE NOCASE", (name.strip(),)
        ).fetchone()
        return RoleType(*row) if row else None

    def add_type(self, name: str) -> int:
        name = (name or "").strip()
        if not name:
            raise StoreValidationError("A role needs a name.")
        if self.type_by_name(name):
            raise StoreValidationError(f"There is already a role called '{name}'.")
        position = (self.ws.scalar("SELECT MAX(position) FROM role_types") or 0) + 1
        with self.ws.write(f"Add role {name}") as w:
            return w.insert("role_types", {"name": name, "position": position})

    def rename_type(self, role_id: int, name: str) -> bool:
        name = (name or "").strip()
        if not name:
            raise StoreValidationError("A role needs a name.")
        clash = self.type_by_name(name)
        if clash and clash.id != role_id:
            raise StoreValidationError(f"There is already a role called '{name}'.")
        with self.ws.write(f"Rename role to {name}") as w:
            return w.update("role_types", role_id, {"name": name})

    def remove_type(self, role_id: int) -> None:
        used = self.ws.scalar("SELECT COUNT(*) FROM person_roles WHERE role_id = ?", (role_id,))
        name = self.ws.scalar("SELECT name FROM role_types WHERE id = ?", (role_id,))
        if used:
            raise StoreValidationError(f"The role '{name}' is held by {used} people; remove those first.")
        modules = [code for (code,) in self.ws.conn.execute(
            """SELECT m.code FROM training_role_requirements r JOIN training_modules m ON m.id = r.module_id
               WHERE r.role_id = ? ORDER BY m.code""", (role_id,))]
        if modules:
            raise StoreValidationError(f"Training module{'s' if len(modules) > 1 else ''} {', '.join(modules)} "
                                       f"{'are' if len(modules) > 1 else 'is'} required of the role '{name}'; "
                                       "take the role out of those modules first.")
        with self.ws.write(f"Remove role {name}") as w:
            w.delete("role_types", role_id)

    # ---------------------------------------------------------------- assignments
    def assignments(self, rollout_id: int) -> list[RoleAssignment]:
        rows = self.ws.conn.execute(
            """SELECT pr.id, pr.rollout_id, pr.person_id, pr.role_id, p.name, p.employee_id,
                      COALESCE(t.name, ''), rt.name, p.active
               FROM person_roles pr
               JOIN people p ON p.id = pr.person_id
               JOIN role_types rt ON rt.id = pr.role_id
               LEFT JOIN teams t ON t.id = p.team_id
               WHERE pr.rollout_id = ? ORDER BY rt.position, p.name""",
            (rollout_id,),
        ).fetchall()
        return [RoleAssignment(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], person_active=bool(r[8])) for r in rows]

    def assign(self, rollout_id: int, person_id: int, role_id: int) -> int:
        person = self.ws.scalar("SELECT name FROM people WHERE id = ?", (person_id,))
        role = self.ws.scalar("SELECT name FROM role_types WHERE id = ?", (role_id,))
        if person is None or role is None:
            raise StoreValidationError("That person or role no longer exists.")
        if self.ws.scalar(
            "SELECT id FROM person_roles WHERE rollout_id = ? AND person_id = ? AND role_id = ?",
            (rollout_id, person_id, role_id),
        ):
            raise StoreValidationError(f"{person} is already {role.lower()} in this rollout.")
        with self.ws.write(f"Make {person} {role.lower()}") as w:
            return w.insert("person_roles", {"rollout_id": rollout_id, "person_id": person_id, "role_id": role_id})

    def unassign(self, assignment_ids: list[int]) -> None:
        if not assignment_ids:
            return
        label = "Remove role" if len(assignment_ids) == 1 else f"Remove {len(assignment_ids)} roles"
        with self.ws.write(label) as w:
            for aid in assignment_ids:
                w.delete("person_roles", aid)
