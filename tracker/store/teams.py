"""Teams: the organisation's hierarchy."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tracker.domain.importing import nfc
from tracker.domain.models import Team
from tracker.domain.validation import would_create_cycle
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace

_SELECT = """
    SELECT t.id, t.name, t.parent_id, t.lead_id, COALESCE(l.name, ''),
           (SELECT COUNT(*) FROM people p WHERE p.team_id = t.id AND p.active = 1), t.version
    FROM teams t LEFT JOIN people l ON l.id = t.lead_id
"""


class Teams:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def list(self) -> list[Team]:
        rows = self.ws.conn.execute(_SELECT + " ORDER BY t.name COLLATE NOCASE").fetchall()
        return [Team(*r) for r in rows]

    def get(self, team_id: int) -> Team | None:
        row = self.ws.conn.execute(_SELECT + " WHERE t.id = ?", (team_id,)).fetchone()
        return Team(*row) if row else None

    def headcounts(self, team_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Team id -> active people directly in it (0 included), for `team_ids` or every team:
        the group sizes the small-group rule compares (one grouped query)."""
        counts = {int(t): 0 for t in team_ids} if team_ids is not None else \
            {t: 0 for (t,) in self.ws.conn.execute("SELECT id FROM teams")}
        if not counts:
            return counts
        where = "" if team_ids is None else f" AND team_id IN ({', '.join(map(str, counts))})"  # ints only
        for team_id, n in self.ws.conn.execute(
                f"SELECT team_id, COUNT(*) FROM people WHERE active = 1{where} GROUP BY team_id"):
            if team_id in counts:
                counts[team_id] = n
        return counts

    def choices(self) -> Sequence[tuple[int, str]]:
        """(id, name) of every team in the order `list()` gives, for a filter's choices: without
        the leads' names `list()` joins in, a fifth of the time at 2,000 teams."""
        return self.ws.conn.execute("SELECT id, name FROM teams ORDER BY name COLLATE NOCASE").fetchall()

    def names(self) -> dict[int, str]:
        """Team id -> name, for showing ids held by other records."""
        return dict(self.ws.conn.execute("SELECT id, name FROM teams"))

    def by_name(self) -> dict[str, int]:
        """Lower-cased team name -> id, for matching names from imported files."""
        return {name.lower(): tid for tid, name in self.ws.conn.execute("SELECT id, name FROM teams")}

    def parents(self) -> dict[int, int | None]:
        return dict(self.ws.conn.execute("SELECT id, parent_id FROM teams").fetchall())

    def subtree_ids(self, team_id: int) -> set[int]:
        """The team and every team below it."""
        rows = self.ws.conn.execute(
            """WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT t.id FROM teams t JOIN sub ON t.parent_id = sub.id)
               SELECT id FROM sub""",
            (team_id,),
        ).fetchall()
        return {r[0] for r in rows}

    def taking_part_with_people(self) -> set[int]:
        """Teams in some rollout that have an active person of their own. A parent team with
        only sub-teams under it has no one to assess or train: the health rule leaves it out."""
        rows = self.ws.conn.execute(
            """SELECT DISTINCT pa.team_id FROM participation pa
               WHERE EXISTS (SELECT 1 FROM people p WHERE p.team_id = pa.team_id AND p.active = 1)""").fetchall()
        return {r[0] for r in rows}

    # ---------------------------------------------------------------- writes
    def _validate(self, name: str, parent_id: int | None, team_id: int | None = None) -> str:
        name = nfc((name or "").strip())
        if not name:
            raise StoreValidationError("A team needs a name.")
        clash = self.ws.scalar("SELECT id FROM teams WHERE name = ? COLLATE NOCASE", (name,))
        if clash is not None and clash != team_id:
            raise StoreValidationError(f"There is already a team called '{name}'.")
        if team_id is not None and parent_id is not None and would_create_cycle(team_id, parent_id, self.parents()):
            raise StoreValidationError("A team cannot be placed under itself or under one of its own sub-teams.")
        return name

    def create(self, name: str, parent_id: int | None = None, lead_id: int | None = None,
               *, writer: AuditedWriter | None = None) -> int:
        name = self._validate(name, parent_id)
        values = {"name": name, "parent_id": parent_id, "lead_id": lead_id}
        if writer is not None:
            return writer.insert("teams", values)
        with self.ws.write(f"Add team {name}") as w:
            return w.insert("teams", values)

    def update(self, team_id: int, *, expected_version: int | None = None, name: str,
               parent_id: int | None, lead_id: int | None) -> bool:
        name = self._validate(name, parent_id, team_id)
        with self.ws.write(f"Edit team {name}") as w:
            return w.update("teams", team_id, {"name": name, "parent_id": parent_id, "lead_id": lead_id},
                            expected_version=expected_version)

    def delete(self, team_id: int) -> None:
        """Delete an empty team. Teams with people, sub-teams or rollouts are kept: their history matters."""
        team = self.get(team_id)
        if team is None:
            return
        uses = {
            "people": self.ws.scalar("SELECT COUNT(*) FROM people WHERE team_id = ?", (team_id,)),
            "sub-teams": self.ws.scalar("SELECT COUNT(*) FROM teams WHERE parent_id = ?", (team_id,)),
            "rollouts": self.ws.scalar("SELECT COUNT(*) FROM participation WHERE team_id = ?", (team_id,)),
        }
        used = [f"{n} {what}" for what, n in uses.items() if n]
        if used:
            raise StoreValidationError(f"'{team.name}' still has {', '.join(used)}; move or remove them first.")
        with self.ws.write(f"Delete team {team.name}") as w:
            w.delete("teams", team_id)
