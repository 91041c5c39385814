"""Planning a roster import: compare an HR file with the workspace, row by row, without writing.

The plan says who is new, who changed (and which fields), who leaves, which teams appear, and
every row that cannot be accepted with its reason. Nothing is applied unless the plan has no
errors; applying it is the store's job (tracker/store/roster.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from tracker.domain.importing import RowError, cell_text
from tracker.domain.validation import check_email, check_employee_id

REQUIRED_COLUMNS = ("employee_id", "name", "team")
OPTIONAL_COLUMNS = ("email", "title", "manager_id", "parent_team")
# Fields compared between the file and the workspace, in the order the preview shows them.
PERSON_FIELDS = ("name", "email", "title", "team", "manager_id")


@dataclass(frozen=True)
class RosterPerson:
    """A person as the file describes them (team and manager by name and employee id)."""

    row: int
    employee_id: str
    name: str
    email: str | None  # None: the file has no such column, keep what is stored
    title: str | None
    team: str
    manager_id: str | None  # employee id of the manager; None: no column; "": no manager


@dataclass(frozen=True)
class PersonChange:
    person: RosterPerson
    fields: dict[str, tuple[object, object]]  # field -> (stored, from the file)
    reactivated: bool = False


@dataclass
class RosterPlan:
    partial: bool
    new: list[RosterPerson] = field(default_factory=list)
    changed: list[PersonChange] = field(default_factory=list)
    deactivated: list[tuple[str, str]] = field(default_factory=list)  # (employee id, name)
    new_teams: list[tuple[str, str | None]] = field(default_factory=list)  # (team, parent), parents first
    moved_teams: list[tuple[str, str | None, str | None]] = field(default_factory=list)  # (team, old, new parent)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.deactivated or self.new_teams or self.moved_teams)

    def summary(self) -> str:
        parts = [
            f"{len(self.new):,} new",
            f"{len(self.changed):,} changed",
            f"{len(self.deactivated):,} deactivated",
            f"{self.unchanged:,} unchanged",
        ]
        if self.new_teams:
            parts.append(f"{len(self.new_teams):,} new teams")
        if self.moved_teams:
            parts.append(f"{len(self.moved_teams):,} teams moved")
        return ", ".join(parts)


def plan_roster(
    headers: list[str],
    rows: Iterable[tuple[int, dict[str, object]]],
    *,
    existing_people: dict[str, dict],
    existing_teams: dict[str, tuple[str, str | None]],
    partial: bool,
    row_problems: Iterable[tuple[int, str]] = (),
) -> RosterPlan:
    """Compare the file's rows with the workspace.

    existing_people: employee id -> {name, email, title, team (name), manager_id (employee id
    or ""), active}. existing_teams: lower-cased name -> (name as stored, parent name or None).
    """
    plan = RosterPlan(partial=partial)
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        plan.errors.append(RowError(None, "missing required column " + ", ".join(f"'{c}'" for c in missing)))
        return plan
    unknown = [h for h in headers if h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        plan.warnings.append("ignored columns: " + ", ".join(unknown))
    plan.errors.extend(RowError(r, reason) for r, reason in row_problems)

    people: list[RosterPerson] = []
    seen: dict[str, int] = {}
    team_parent: dict[str, tuple[str, str | None, int]] = {}  # lower name -> (name, parent, row)
    columns = tuple(c in headers for c in ("email", "title", "manager_id", "parent_team"))
    for number, values in rows:
        person = _read_person(number, values, columns, plan, seen, team_parent)
        if person is not None:
            people.append(person)

    in_file = {p.employee_id for p in people} | set(seen)
    _check_managers(people, in_file, existing_people, plan)
    _plan_teams(team_parent, existing_teams, plan)
    if plan.errors:
        return plan

    for person in people:
        stored = existing_people.get(person.employee_id)
        if stored is None:
            plan.new.append(person)
            continue
        diff = {}
        for name in PERSON_FIELDS:
            new_value = getattr(person, name)
            if new_value is None:
                continue  # column not in the file: keep the stored value
            old_value = stored.get(name) or ""
            if name == "team":
                same = old_value.lower() == new_value.lower()
            else:
                same = old_value == new_value
            if not same:
                diff[name] = (old_value, new_value)
        reactivated = not stored.get("active", True)
        if diff or reactivated:
            plan.changed.append(PersonChange(person, diff, reactivated))
        else:
            plan.unchanged += 1
    if not partial:
        plan.deactivated = sorted(
            (eid, p["name"]) for eid, p in existing_people.items() if p.get("active", True) and eid not in in_file
        )
    return plan


def _read_person(number, values, columns, plan, seen, team_parent) -> RosterPerson | None:
    """One row as a person, or None with its errors added to the plan.

    `columns` says which optional columns the file has (email, title, manager_id,
    parent_team), worked out once per file rather than per row.
    """
    has_email, has_title, has_manager, has_parent = columns
    get = values.get
    errors = plan.errors
    employee_id = cell_text(get("employee_id"))
    name = cell_text(get("name"))
    team = cell_text(get("team"))
    problem = check_employee_id(employee_id)
    if problem:
        errors.append(RowError(number, problem.replace("Employee id", "employee id", 1)))
        return None
    if employee_id in seen:
        errors.append(RowError(number, f"duplicate employee id {employee_id} (also on row {seen[employee_id]})"))
        return None
    seen[employee_id] = number
    bad = False
    if not name:
        errors.append(RowError(number, f"empty name for employee {employee_id}"))
        bad = True
    email = cell_text(get("email")) if has_email else None
    if email and check_email(email):
        errors.append(RowError(number, f"malformed email '{email}' for employee {employee_id}"))
        bad = True
    if not team:
        errors.append(RowError(number, f"no team for employee {employee_id}"))
        bad = True
    parent = cell_text(get("parent_team")) if has_parent else ""
    if team:
        key = team.lower()
        if parent and parent.lower() == key:
            errors.append(RowError(number, f"team '{team}' cannot be its own parent team"))
            bad = True
        known = team_parent.get(key)
        if known is None or (not known[1] and parent):
            team_parent[key] = (team, parent or None, number)
        elif parent and known[1] and known[1].lower() != parent.lower():
            errors.append(RowError(number, f"team '{team}' is given parent team '{parent}', but '{known[1]}' on row {known[2]}"))
            bad = True
    manager = cell_text(get("manager_id")) if has_manager else None
    if manager is not None and manager == employee_id:
        errors.append(RowError(number, f"employee {employee_id} is given as their own manager"))
        bad = True
    if bad:
        return None
    return RosterPerson(
        row=number, employee_id=employee_id, name=name, email=email,
        title=cell_text(get("title")) if has_title else None,
        team=team, manager_id=manager,
    )


def _check_managers(people: list[RosterPerson], in_file: set[str], existing: dict[str, dict], plan: RosterPlan) -> None:
    manager_of = {eid: p.get("manager_id") or "" for eid, p in existing.items()}
    for person in people:
        if person.manager_id is None:
            continue
        if person.manager_id and person.manager_id not in in_file and person.manager_id not in existing:
            plan.errors.append(RowError(person.row, f"unknown manager {person.manager_id} for employee {person.employee_id}"))
        manager_of[person.employee_id] = person.manager_id
    # A chain of managers that loops back (A manages B manages A) is refused on every row in it.
    # `cleared` holds everyone whose chain is known to end (at the top, or in a loop already
    # reported): a walk stops there instead of climbing to the top again, so the check is
    # linear in the number of people rather than people times the depth of the hierarchy.
    rows = {p.employee_id: p.row for p in people}
    reported: set[str] = set()
    cleared: set[str] = set()
    for start in rows:
        chain, on_chain, node = [], set(), start
        while node and node not in on_chain and node not in reported and node not in cleared:
            chain.append(node)
            on_chain.add(node)
            node = manager_of.get(node, "")
        if node and node in on_chain:
            at = chain.index(node)
            loop = chain[at:]
            for eid in loop:
                if eid in rows and eid not in reported:
                    plan.errors.append(RowError(rows[eid], f"manager chain of employee {eid} loops back to them ({' → '.join(loop + [node])})"))
            reported.update(loop)
            cleared.update(chain[:at])  # they lead into the loop, but are not in it
        else:
            cleared.update(chain)


def _plan_teams(team_parent, existing_teams, plan: RosterPlan) -> None:
    parent_of: dict[str, str | None] = {k: (v[1].lower() if v[1] else None) for k, v in existing_teams.items()}
    wanted: dict[str, tuple[str, str | None, int]] = {}
    for key, (name, parent, row) in team_parent.items():
        stored = existing_teams.get(key)
        if stored is None:
            wanted[key] = (name, parent, row)
            parent_of[key] = parent.lower() if parent else None
        elif parent and (stored[1] or "").lower() != parent.lower():
            plan.moved_teams.append((stored[0], stored[1], parent))
            parent_of[key] = parent.lower()
    # Parent teams named only as parents are created too (at the top level).
    named_parents = [(parent, row) for _name, parent, row in wanted.values() if parent]
    named_parents += [(new_parent, None) for _team, _old, new_parent in plan.moved_teams]
    for parent, row in named_parents:
        if parent.lower() not in wanted and parent.lower() not in existing_teams:
            wanted[parent.lower()] = (parent, None, row)
            parent_of[parent.lower()] = None
    for key, (name, _parent, row) in wanted.items():
        seen, node = set(), key
        while node is not None and node not in seen:
            seen.add(node)
            node = parent_of.get(node)
        if node is not None:
            plan.errors.append(RowError(row or None, f"team '{name}' would end up under itself"))
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
