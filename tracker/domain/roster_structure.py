"""A roster's structure: managers that exist and do not loop, and the team hierarchy it implies.

Split from tracker/domain/roster.py (the row-by-row planning): these checks look at the whole
file and the workspace at once. Pure: no files, no SQL.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import repeat
from operator import attrgetter
from typing import TYPE_CHECKING, cast

from tracker.domain.importing import RowError

if TYPE_CHECKING:
    from tracker.domain.roster import RosterPerson, RosterPlan


def check_managers(people: list[RosterPerson], in_file: set[str], existing: Mapping[str, Mapping[str, object]],
                   plan: RosterPlan) -> None:
    """Refuse managers that are neither in the file nor in the workspace, and manager chains
    that loop (with the file's managers in place of the stored ones)."""
    manager_of = {eid: str(p.get("manager_id") or "") for eid, p in existing.items()}
    ids = list(map(attrgetter("employee_id"), people))
    managers = list(map(attrgetter("manager_id"), people))
    if set(managers) - {None, ""} - in_file - existing.keys():  # (set passes first: row by row only then)
        for person in people:
            if person.manager_id and person.manager_id not in in_file and person.manager_id not in existing:
                plan.errors.append(RowError(person.row, f"unknown manager {person.manager_id} for employee {person.employee_id}"))
    if None in managers:  # no manager column: the stored managers stay
        manager_of.update((eid, manager) for eid, manager in zip(ids, managers) if manager is not None)
    else:
        manager_of.update(zip(ids, cast(list[str], managers)))
    if _every_chain_ends(manager_of):
        return  # the usual organisation: no loop to look for person by person
    # A chain of managers that loops back (A manages B manages A) is refused on every row in it.
    # `cleared` holds everyone whose chain is known to end (at the top, or in a loop already
    # reported): a walk stops there instead of climbing to the top again, so the check is
    # linear in the number of people rather than people times the depth of the hierarchy.
    rows = {p.employee_id: p.row for p in people}
    reported: set[str] = set()
    cleared: set[str] = set()
    for start in rows:
        chain: list[str] = []
        on_chain: set[str] = set()
        node = start
        while node and node not in on_chain and node not in reported and node not in cleared:
            chain.append(node)
            on_chain.add(node)
            node = manager_of.get(node, "")
        if node and node in on_chain:
            at = chain.index(node)
            loop = chain[at:]
            for eid in loop:
                if eid in rows and eid not in reported:
                    path = " → ".join(loop + [node])
                    plan.errors.append(RowError(rows[eid], f"manager chain of employee {eid} loops back to them ({path})"))
            reported.update(loop)
            cleared.update(chain[:at])  # they lead into the loop, but are not in it
        else:
            cleared.update(chain)


def _every_chain_ends(manager_of: Mapping[str, str]) -> bool:
    """Whether every chain of managers reaches the top (or a manager nobody knows) without a loop.

    Pointer doubling: after k passes each person maps to their 2^k-th manager up ("" past the
    top), so with no loop every chain (at most one per person long) has ended after
    log2(people) passes. Each pass is a C-level map over the whole dict rather than a walk in
    Python per person; any loop leaves someone with a manager and answers False.
    """
    up: Mapping[str, str] = manager_of
    for _ in range(len(manager_of).bit_length() + 1):
        if not any(up.values()):
            return True
        up = dict(zip(up, map(up.get, up.values(), repeat(""))))
    return not any(up.values())


def plan_teams(team_parent: Mapping[str, tuple[str, str | None, int]],
               existing_teams: Mapping[str, tuple[str, str | None]], plan: RosterPlan) -> None:
    """The teams to create (parents first) and to move, refusing a hierarchy that loops.

    team_parent: lower-cased NFC team name -> (name, parent or None, row); existing_teams:
    the same key -> (name as stored, parent name or None).
    """
    parent_of: dict[str, str | None] = {k: (v[1].lower() if v[1] else None) for k, v in existing_teams.items()}
    wanted: dict[str, tuple[str, str | None, int | None]] = {}  # row None: a parent named in a move
    for key, (name, parent, row) in team_parent.items():
        stored = existing_teams.get(key)
        if stored is None:
            wanted[key] = (name, parent, row)
            parent_of[key] = parent.lower() if parent else None
        elif parent and (stored[1] or "").lower() != parent.lower():
            plan.moved_teams.append((stored[0], stored[1], parent))
            parent_of[key] = parent.lower()
    # Parent teams named only as parents are created too (at the top level).
    named_parents: list[tuple[str, int | None]] = [(parent, row) for _name, parent, row in wanted.values() if parent]
    named_parents += [(new_parent, None) for _team, _old, new_parent in plan.moved_teams if new_parent]
    for parent, named_in in named_parents:
        if parent.lower() not in wanted and parent.lower() not in existing_teams:
            wanted[parent.lower()] = (parent, None, named_in)
            parent_of[parent.lower()] = None
    for key, (name, _parent, team_row) in wanted.items():
        seen: set[str] = set()
        walker: str | None = key
        while walker is not None and walker not in seen:
            seen.add(walker)
            walker = parent_of.get(walker)
        if walker is not None:
            plan.errors.append(RowError(team_row or None, f"team '{name}' would end up under itself"))
            return
    # Parents before children, so the store can create them in order.
    ordered: list[tuple[str, str | None]] = []
    done: set[str] = set()

    def add(key: str) -> None:
        if key in done or key not in wanted:
            return
        name, parent, _row = wanted[key]
        if parent:
            add(parent.lower())
        done.add(key)
        ordered.append((name, parent))

    for key in wanted:
        add(key)
    plan.new_teams = ordered
