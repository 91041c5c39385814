"""People's accounts in other systems (UPN, work email, GitHub login, ChatGPT email).

Usage reports and LMS exports name people by the account they use there; matching goes
through this table, case-insensitively. An account belongs to one person per system; linking
it to someone else moves it (the roster or identity file is the newer word).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace


class Accounts:
    def __init__(self, ws: Workspace):
        self.ws = ws

    def person_ids(self, system: str) -> dict[str, int]:
        """Lower-cased account -> person id, for one system."""
        rows = self.ws.conn.execute("SELECT account, person_id FROM accounts WHERE system = ?", (system,))
        return {account.lower(): person_id for account, person_id in rows}

    def owners_in_any_system(self) -> dict[str, int | None]:
        """Lower-cased account -> its person id across every system; None for an account that
        names two different people in different systems (it identifies neither)."""
        owners: dict[str, int | None] = {}
        for account, person_id in self.ws.conn.execute("SELECT lower(account), person_id FROM accounts"):
            held = owners.get(account, person_id)
            owners[account] = person_id if held == person_id else None
        return owners

    def of_person(self, person_id: int) -> list[tuple[str, str]]:
        """(system, account) pairs of one person, by system."""
        return list(self.ws.conn.execute(
            "SELECT system, account FROM accounts WHERE person_id = ? ORDER BY system, account", (person_id,)))

    def systems(self) -> dict[str, int]:
        """System -> how many accounts are known in it."""
        return dict(self.ws.conn.execute(
            "SELECT system, COUNT(*) FROM accounts GROUP BY system ORDER BY system"))

    def link(self, system: str, pairs: Iterable[tuple[int, str]], label: str) -> tuple[int, int]:
        """Link (person id, account) pairs in one audited write: new accounts are added, an
        account held by another person moves to this one. Returns (added, moved); pairs already
        stored change nothing. The caller has checked the person ids.
        """
        new, moves = self._changes(system, pairs)
        if not new and not moves:
            return 0, 0
        with self.ws.write(label) as w:
            w.insert_many("accounts", new)
            w.update_many("accounts", moves)
        return len(new), len(moves)

    def write_links(self, w: AuditedWriter, system: str, pairs: Iterable[tuple[int, str]]) -> tuple[int, int]:
        """`link` inside a write already open (``w``), so that accounts found in a roster are
        part of that roster's one change (and its one undo)."""
        new, moves = self._changes(system, pairs)
        w.insert_many("accounts", new)
        w.update_many("accounts", moves)
        return len(new), len(moves)

    def _changes(self, system: str, pairs: Iterable[tuple[int, str]]
                 ) -> tuple[list[dict[str, object]], list[tuple[int, dict[str, object]]]]:
        stored = {row[1].lower(): (row[0], row[2]) for row in self.ws.conn.execute(
            "SELECT id, account, person_id FROM accounts WHERE system = ?", (system,))}
        new: list[dict[str, object]] = []
        moves: list[tuple[int, dict[str, object]]] = []
        seen: set[str] = set()
        for person_id, account in pairs:
            account = account.strip()
            key = account.lower()
            if not key or key in seen:
                continue
            seen.add(key)
            found = stored.get(key)
            if found is None:
                new.append({"person_id": person_id, "system": system, "account": account})
            elif found[1] != person_id:
                moves.append((found[0], {"person_id": person_id}))
        return new, moves
