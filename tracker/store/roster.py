"""Applying a checked roster plan to the workspace in one audited transaction."""

from __future__ import annotations

import unicodedata
from itertools import repeat
from operator import attrgetter, lt
from typing import TYPE_CHECKING

from tracker.domain.roster import RosterPerson, RosterPlan
from tracker.store.errors import StoreValidationError

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter
    from tracker.store.workspace import Workspace


def team_key(name: str) -> str:
    """How a roster finds a team by name: case-insensitive, in NFC (a team saved before names
    were normalised, in NFD, is still the same team)."""
    return unicodedata.normalize("NFC", name).lower()


def roster_snapshot(ws: Workspace) -> tuple[dict[str, dict[str, object]], dict[str, tuple[str, str | None]]]:
    """The workspace as a roster plan compares it: people by employee id, teams by name."""
    people = {
        r[0]: {"name": r[1], "email": r[2], "title": r[3], "team": r[4] or "", "manager_id": r[5] or "",
               "active": bool(r[6]), "hire_date": r[7] or "", "termination_date": r[8] or ""}
        for r in ws.conn.execute(
            """SELECT p.employee_id, p.name, p.email, p.title, t.name, m.employee_id, p.active,
                      p.hire_date, p.termination_date
               FROM people p LEFT JOIN teams t ON t.id = p.team_id LEFT JOIN people m ON m.id = p.manager_id"""
        )
    }
    teams = {
        team_key(r[0]): (r[0], unicodedata.normalize("NFC", r[1]) if r[1] else None)
        for r in ws.conn.execute("SELECT t.name, parent.name FROM teams t LEFT JOIN teams parent ON parent.id = t.parent_id")
    }
    return people, teams


def roster_accounts(ws: Workspace, system: str) -> dict[str, str]:
    """Lower-cased account in ``system`` -> employee id of the person holding it."""
    return {account.lower(): employee_id for account, employee_id in ws.conn.execute(
        "SELECT a.account, p.employee_id FROM accounts a JOIN people p ON p.id = a.person_id WHERE a.system = ?",
        (system,))}


def apply_roster_plan(ws: Workspace, plan: RosterPlan, label: str) -> int | None:
    """Write the plan; all of it or none of it. Returns the change id (None if nothing changed)."""
    if plan.errors:
        raise StoreValidationError("A roster with errors is never applied.")
    if not plan.has_changes:
        return None
    conn = ws.conn
    with ws.write(label) as w:
        # Every phase is one bulk write (AuditedWriter.insert_many/update_many): the same rows
        # and audit trail as a write per record, without three statements per person.
        team_ids = {team_key(name): tid for tid, name in conn.execute("SELECT id, name FROM teams")}
        # Parents come before their children in plan.new_teams, so the ids counted up from
        # next_id() are known before the insert and a child can name its new parent.
        next_team = w.next_id("teams")
        team_rows = []
        for i, (name, parent) in enumerate(plan.new_teams):
            team_ids[team_key(name)] = next_team + i
            team_rows.append({"id": next_team + i, "name": name,
                              "parent_id": team_ids[team_key(parent)] if parent else None})
        w.insert_many("teams", team_rows)
        w.update_many("teams", [(team_ids[team_key(name)], {"parent_id": team_ids[team_key(new_parent)]})
                                for name, _old, new_parent in plan.moved_teams if new_parent])

        person_ids = {eid: pid for pid, eid in conn.execute("SELECT id, employee_id FROM people")}
        # Managers before their reports (a manager may be further down the file), so each new
        # person is written once, manager included: an insert and then an update per person
        # took twice the statements and audit rows (apply: 8.3 s instead of 3.1 s for 100,000 people).
        new_people = _managers_first(plan.new)
        next_person = w.next_id("people")
        person_ids.update(zip([p.employee_id for p in new_people], range(next_person, next_person + len(new_people))))
        _insert_people(w, new_people, person_ids, team_ids)
        updates = []
        for change in plan.changed:
            values: dict[str, object] = {}
            for field, (_old, new) in change.fields.items():
                if field == "team":
                    values["team_id"] = team_ids[team_key(str(new))]
                elif field == "manager_id":
                    values["manager_id"] = person_ids[new] if new else None
                elif field in ("hire_date", "termination_date"):
                    values[field] = new or None
                else:
                    values[field] = new
            if change.reactivated:
                values["active"] = 1
            updates.append((person_ids[change.person.employee_id], values))
        w.update_many("people", updates)
        w.update_many("people", [(person_ids[eid], {"active": 0}) for eid, _name in plan.deactivated])
        if plan.accounts and plan.account_system:  # (a plan with accounts names their system)
            ws.accounts.write_links(w, plan.account_system,
                                    [(person_ids[eid], account) for eid, account in plan.accounts])
    return w.change_id


def _insert_people(w: AuditedWriter, people: list[RosterPerson], person_ids: dict[str, int],
                   team_ids: dict[str, int]) -> None:
    """The new people as rows built column by column (C-level passes, not a dict per person)."""
    if not people:
        return
    ids = list(map(attrgetter("employee_id"), people))
    team_of = {name: team_ids[team_key(name)] for name in set(map(attrgetter("team"), people))}  # each name once
    managers = [person_ids[m] if m else None for m in map(attrgetter("manager_id"), people)]
    w.insert_rows("people", ["id", "employee_id", "name", "email", "title", "team_id", "active", "manager_id",
                             "hire_date", "termination_date"], list(zip(
        map(person_ids.__getitem__, ids), ids, map(attrgetter("name"), people),
        [value or "" for value in map(attrgetter("email"), people)],
        [value or "" for value in map(attrgetter("title"), people)],
        map(team_of.__getitem__, map(attrgetter("team"), people)), repeat(1), managers,
        [value or None for value in map(attrgetter("hire_date"), people)],
        [value or None for value in map(attrgetter("termination_date"), people)])))


def _managers_first(new: list[RosterPerson]) -> list[RosterPerson]:
    """The new people in file order, except that a new manager comes before their reports.

    The plan has refused manager chains that loop, so every chain ends; iterative, so a deep
    chain cannot hit the recursion limit.
    """
    ids = list(map(attrgetter("employee_id"), new))
    position = dict(zip(ids, range(len(ids))))
    managers = [manager or "" for manager in map(attrgetter("manager_id"), new)]
    if all(map(lt, map(position.get, managers, repeat(-1)), range(len(ids)))):  # (C-level passes)
        return list(new)  # the usual HR export: every new manager already above their reports
    by_id = {p.employee_id: p for p in new}
    ordered: list[RosterPerson] = []
    placed: set[str] = set()
    for person in new:
        chain = []
        node: RosterPerson | None = person
        while node is not None and node.employee_id not in placed:
            chain.append(node)
            placed.add(node.employee_id)
            node = by_id.get(node.manager_id) if node.manager_id else None
        ordered.extend(reversed(chain))  # the topmost new manager first
    return ordered
