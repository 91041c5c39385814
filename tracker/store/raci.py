"""A rollout's RACI matrix: responsibilities (rows) against people or teams (columns)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.domain.raci import (
    DEFAULT_RESPONSIBILITIES,
    Holder,
    RaciCell,
    RaciProblem,
    RaciRole,
    Responsibility,
    raci_problems,
)
from tracker.store.errors import StaleRecordError, StoreValidationError

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace


class Raci:
    def __init__(self, ws: Workspace):
        self.ws = ws

    # ---------------------------------------------------------------- reading
    def responsibilities(self, rollout_id: int) -> list[Responsibility]:
        rows = self.ws.conn.execute(
            "SELECT id, rollout_id, name, position, version FROM raci_responsibilities WHERE rollout_id = ? "
            "ORDER BY position, id", (rollout_id,)).fetchall()
        return [Responsibility(*r) for r in rows]

    def cells(self, rollout_id: int) -> list[RaciCell]:
        rows = self.ws.conn.execute(
            """SELECT a.id, a.responsibility_id, a.person_id, a.team_id, COALESCE(p.name, t.name),
                      COALESCE(p.active, 1), a.role, a.version
               FROM raci_assignments a LEFT JOIN people p ON p.id = a.person_id LEFT JOIN teams t ON t.id = a.team_id
               WHERE a.rollout_id = ? ORDER BY a.id""", (rollout_id,)).fetchall()
        return [RaciCell(r[0], r[1], Holder(r[2], r[3], r[4], bool(r[5])), RaciRole(r[6]), r[7]) for r in rows]

    def holders(self, rollout_id: int) -> list[Holder]:
        """The matrix's columns: everyone holding a cell, people first, by name."""
        seen: dict[tuple[str, int], Holder] = {}
        for cell in self.cells(rollout_id):
            seen.setdefault(cell.holder.key, cell.holder)
        return sorted(seen.values(), key=lambda h: (h.person_id is None, h.name.casefold()))

    def problems(self, rollout_id: int) -> list[RaciProblem]:
        return raci_problems(self.responsibilities(rollout_id), self.cells(rollout_id))

    # ---------------------------------------------------------------- rows
    def add_responsibility(self, rollout_id: int, name: str) -> int:
        name = (name or "").strip()
        if not name:
            raise StoreValidationError("A responsibility needs a name.")
        if self.ws.scalar("SELECT 1 FROM raci_responsibilities WHERE rollout_id = ? AND name = ?", (rollout_id, name)):
            raise StoreValidationError(f"There is already a responsibility called '{name}'.")
        position = (self.ws.scalar("SELECT MAX(position) FROM raci_responsibilities WHERE rollout_id = ?",
                                   (rollout_id,)) or 0) + 1
        with self.ws.write(f"Add responsibility {name}") as w:
            return w.insert("raci_responsibilities", {"rollout_id": rollout_id, "name": name, "position": position})

    def add_default_responsibilities(self, rollout_id: int) -> int:
        """The usual rows of an AI rollout's RACI, those not there yet; one undo step."""
        have = {r.name.casefold() for r in self.responsibilities(rollout_id)}
        missing = [n for n in DEFAULT_RESPONSIBILITIES if n.casefold() not in have]
        if not missing:
            return 0
        position = (self.ws.scalar("SELECT MAX(position) FROM raci_responsibilities WHERE rollout_id = ?",
                                   (rollout_id,)) or 0)
        with self.ws.write("Add the usual responsibilities") as w:
            for n, name in enumerate(missing, start=1):
                w.insert("raci_responsibilities", {"rollout_id": rollout_id, "name": name, "position": position + n})
        return len(missing)

    def rename_responsibility(self, responsibility_id: int, name: str, *, expected_version: int | None = None) -> bool:
        name = (name or "").strip()
        if not name:
            raise StoreValidationError("A responsibility needs a name.")
        with self.ws.write(f"Rename responsibility to {name}") as w:
            return w.update("raci_responsibilities", responsibility_id, {"name": name}, expected_version=expected_version)

    def delete_responsibility(self, responsibility_id: int) -> None:
        name = self.ws.scalar("SELECT name FROM raci_responsibilities WHERE id = ?", (responsibility_id,))
        if name is None:
            return
        with self.ws.write(f"Delete responsibility {name}") as w:
            for (cell_id,) in self.ws.conn.execute("SELECT id FROM raci_assignments WHERE responsibility_id = ?",
                                                   (responsibility_id,)).fetchall():
                w.delete("raci_assignments", cell_id)
            w.delete("raci_responsibilities", responsibility_id)

    # ---------------------------------------------------------------- cells
    def set_role(self, responsibility_id: int, role: RaciRole | None, *, person_id: int | None = None,
                 team_id: int | None = None, expected_version: int | None = None) -> int:
        """Set (or with `role=None` clear) one cell; returns the cell's version now (0: empty),
        the one to base the next edit of the cell on.

        With `expected_version`, the cell's version as the editor read it (0: it was empty), an
        edit of a cell someone has set, changed or cleared since is refused with StaleRecordError.
        """
        if (person_id is None) == (team_id is None):
            raise StoreValidationError("A RACI cell belongs to one person or one team.")
        row = self.ws.conn.execute("SELECT rollout_id, name FROM raci_responsibilities WHERE id = ?",
                                   (responsibility_id,)).fetchone()
        if row is None:
            raise StoreValidationError("That responsibility no longer exists.")
        rollout_id, what = row
        holder, holder_id = ("person_id", person_id) if person_id is not None else ("team_id", team_id)
        who = self.ws.scalar(f"SELECT name FROM {'people' if person_id is not None else 'teams'} WHERE id = ?",
                             (holder_id,))
        if who is None:
            raise StoreValidationError("That person or team no longer exists.")
        cell = f"SELECT id FROM raci_assignments WHERE responsibility_id = ? AND {holder} = ?"
        if role is None and self.ws.scalar(cell, (responsibility_id, holder_id)) is None:
            return 0  # empty already (perhaps cleared by someone else: the same end)
        label = f"Clear {who} for {what}" if role is None else f"Make {who} {RaciRole(role).label.lower()} for {what}"
        with self.ws.write(label) as w:
            # An empty cell has no row to carry a version: whoever sets a cell of this
            # responsibility waits for another's write, then finds the cell they set.
            w.lock("raci_responsibilities", [responsibility_id])
            existing: int | None = self.ws.scalar(cell, (responsibility_id, holder_id))
            # The writer refuses a cell changed since `expected_version` (0: it was empty then).
            if role is None:
                if existing is not None:
                    w.delete("raci_assignments", existing, expected_version=expected_version)
                return 0
            role = RaciRole(role)
            if existing is None and expected_version:  # set when read, cleared since
                raise StaleRecordError(
                    "This RACI cell was cleared by someone else after you opened it; your change was not saved.",
                    table="raci_assignments", row_id=0, expected_version=expected_version, current=None,
                    attempted={"role": role.value})
            if existing is None:
                w.insert("raci_assignments", {"rollout_id": rollout_id, "responsibility_id": responsibility_id,
                                              "person_id": person_id, "team_id": team_id, "role": role.value})
                return 1
            w.update("raci_assignments", existing, {"role": role.value}, expected_version=expected_version)
            return int(self.ws.scalar("SELECT version FROM raci_assignments WHERE id = ?", (existing,)))
