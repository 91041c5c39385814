"""Planning a roster import: compare an HR file with the workspace, row by row, without writing.

The plan says who is new, who changed (and which fields), who leaves, which teams appear, and
every row that cannot be accepted with its reason. Nothing is applied unless the plan has no
errors; applying it is the store's job (tracker/store/roster.py).

Leavers come two ways: a full roster deactivates the active people it does not list, and any
roster (a partial one too) deactivates the people it marks as gone, by a "leaver" status or a
termination date that has passed. Rows arrive keyed by field (tracker/domain/layouts), with
dates already parsed; names and teams are compared in Unicode NFC whatever the file's form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import compress
from operator import attrgetter, itemgetter, methodcaller, not_, or_
from typing import Any

from tracker.domain.importing import RowError, nfc
from tracker.domain.roster_cells import (
    _PARENT,
    STATUSES,
    RowCells,
    _cells,
    _clean,
    _leavers,
    _one_parent_per_team,
)
from tracker.domain.roster_structure import check_managers, plan_teams
from tracker.domain.validation import check_email, check_employee_id

REQUIRED_COLUMNS = ("employee_id", "name", "team")
OPTIONAL_COLUMNS = ("email", "title", "manager_id", "parent_team", "status", "hire_date", "termination_date",
                    "account")
# Fields compared between the file and the workspace, in the order the preview shows them.
PERSON_FIELDS = ("name", "email", "title", "team", "manager_id", "hire_date", "termination_date")
# A full roster that would deactivate more than this share of the active people is probably a
# partial one saved as full: the command line and the window ask before applying it.
MASS_DEACTIVATION_SHARE = 0.20


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
    hire_date: str | None = None  # ISO date; None: no column; "": no date
    termination_date: str | None = None
    leaver: bool = False  # the file says they have left (status, or a termination date passed)
    account: str | None = None  # their account in the layout's account system


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
    left_in_file: dict[str, int] = field(default_factory=dict)  # employee id -> row of the leavers the file names
    leavers_not_added: int = 0  # leavers in the file who were never in the workspace
    active_before: int = 0  # active people in the workspace before the import
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (employee id, account) to link
    account_system: str | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def has_changes(self) -> bool:
        return bool(self.new or self.changed or self.deactivated or self.new_teams or self.moved_teams
                     or self.accounts)

    @property
    def mass_deactivation(self) -> bool:
        """A full roster deactivating more than 20% of the active people (asks first)."""
        return (not self.partial and bool(self.deactivated)
                and len(self.deactivated) > MASS_DEACTIVATION_SHARE * self.active_before)

    def as_partial(self) -> RosterPlan:
        """The same plan for a partial roster: only the people the file says have left are
        deactivated (the window's answer to "was this a partial roster?")."""
        plan = replace(self, partial=True,
                       deactivated=[d for d in self.deactivated if d[0] in self.left_in_file])
        return plan

    def mass_deactivation_text(self) -> str:
        share = len(self.deactivated) / self.active_before if self.active_before else 1.0
        return (f"this full roster would deactivate {len(self.deactivated):,} of {self.active_before:,} "
                f"active people ({share:.0%}, more than {MASS_DEACTIVATION_SHARE:.0%})")

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
        if self.accounts:
            parts.append(f"{len(self.accounts):,} accounts")
        return ", ".join(parts)


def plan_roster(
    headers: list[str],
    rows: Iterable[tuple[int, dict[str, object]]],
    *,
    existing_people: Mapping[str, Mapping[str, object]],
    existing_teams: dict[str, tuple[str, str | None]],
    partial: bool,
    row_problems: Iterable[tuple[int, str]] = (),
    today: dt.date | None = None,
    account_system: str | None = None,
    existing_accounts: dict[str, str] | None = None,
) -> RosterPlan:
    """Compare the file's rows with the workspace.

    existing_people: employee id -> {name, email, title, team (name), manager_id (employee id
    or ""), hire_date, termination_date (ISO or ""), active}. existing_teams: lower-cased NFC
    name -> (name as stored, parent name or None). ``today`` decides which termination dates
    have passed. ``account_system``: the system of the ``account`` column's values; ``existing_accounts``:
    lower-cased account in that system -> employee id of its holder (only changes are planned).
    """
    plan = RosterPlan(partial=partial, account_system=account_system)
    plan.active_before = sum(map(bool, map(methodcaller("get", "active", True), existing_people.values())))
    missing = [c for c in REQUIRED_COLUMNS if c not in headers]
    if missing:
        plan.errors.append(RowError(None, "missing required column " + ", ".join(f"'{c}'" for c in missing)))
        return plan
    unknown = [h for h in headers if h not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        plan.warnings.append("ignored columns: " + ", ".join(unknown))
    plan.errors.extend(RowError(r, reason) for r, reason in row_problems)
    if "account" in headers and not account_system:
        plan.errors.append(RowError(None, "the file has an account column but no account system is known for it"))
        return plan

    people: list[RosterPerson] = []
    seen: dict[str, int] = {}
    team_parent: dict[str, tuple[str, str | None, int]] = {}  # lower name -> (name, parent, row)
    today_iso = (today or dt.date.today()).isoformat()
    departed: set[str] = set()  # leavers in the file who were never in the workspace: not added
    columns = _cells(rows, set(headers))
    clean = _clean(columns)
    if clean:  # every row would pass _read_person: the ids are distinct and valid
        seen.update(zip(columns[1], columns[0]))
    one_parent = _one_parent_per_team(columns)
    parents: list[str | None] = []
    leavers = _leavers(columns, today_iso)
    if clean and one_parent:  # the usual file: every row a person, in passes over the columns
        people = _people(columns, leavers)
        parents = list(columns[_PARENT])
        if any(leavers):  # leavers never in the workspace are not added
            kept = list(map(or_, map(not_, leavers), map(existing_people.__contains__, columns[1])))
            departed.update(compress(columns[1], map(not_, kept)))
            people, parents = list(compress(people, kept)), list(compress(parents, kept))
    else:
        for row, leaver in zip(zip(*columns), leavers):
            person = _person(row, leaver) if clean else _read_person(row, plan, seen, leaver)
            if person is None:
                continue
            if person.leaver and person.employee_id not in existing_people:
                departed.add(person.employee_id)
                continue
            if one_parent:
                parents.append(row[_PARENT])
            else:
                _note_team(person, row[_PARENT], plan, team_parent)
            people.append(person)
    if one_parent:
        team_parent.update(_first_of_each_team(people, parents))
    plan.leavers_not_added = len(departed)
    if departed:
        plan.warnings.append(f"{len(departed):,} leavers in the file were never in the workspace: not added")
        people = _without_departed_managers(people, departed, plan)

    in_file = set(seen) - departed  # rows with errors too: their reports' managers are known
    check_managers(people, in_file, existing_people, plan)
    plan_teams(team_parent, existing_teams, plan)
    if plan.errors:
        return plan

    deactivated: list[tuple[str, str]] = []
    same_as_stored = _same_as_stored(people)
    for person in people:
        if person.account and (existing_accounts or {}).get(person.account.lower()) != person.employee_id:
            plan.accounts.append((person.employee_id, person.account))
        stored = existing_people.get(person.employee_id)
        if stored is None:
            plan.new.append(person)
            continue
        diff: dict[str, tuple[object, object]] = {}
        for name in () if same_as_stored(person, stored) else PERSON_FIELDS:
            new_value = getattr(person, name)
            if new_value is None:
                continue  # column not in the file: keep the stored value
            old_value = str(stored.get(name) or "")
            if name in ("team", "name"):
                old_value = nfc(old_value)
            same = old_value.lower() == new_value.lower() if name == "team" else old_value == new_value
            if not same:
                diff[name] = (old_value, new_value)
        was_active = stored.get("active", True)
        reactivated = not was_active and not person.leaver
        if person.leaver and was_active:
            deactivated.append((person.employee_id, person.name))
            plan.left_in_file[person.employee_id] = person.row
        if diff or reactivated:
            plan.changed.append(PersonChange(person, diff, reactivated))
        elif not (person.leaver and was_active):
            plan.unchanged += 1
    if not partial:
        named = in_file | departed
        deactivated += [(eid, str(p["name"])) for eid, p in existing_people.items()
                        if p.get("active", True) and eid not in named]
    plan.deactivated = sorted(deactivated)
    return plan


def _same_as_stored(people: list[RosterPerson]) -> Callable[[RosterPerson, Mapping[str, object]], bool]:
    """A quick test that a person's fields in the file equal the stored ones exactly (then the
    field-by-field comparison below finds no difference): two C-level getters per person
    instead of seven comparisons. It answers False, sending every person to that comparison,
    unless each field is in the file for everyone or for no one."""
    fields = []
    for name in PERSON_FIELDS:
        nones = list(map(attrgetter(name), people)).count(None)
        if nones == 0:
            fields.append(name)
        elif nones < len(people):
            return lambda person, stored: False
    in_file, in_store = attrgetter(*fields), itemgetter(*fields)  # (name and team: always there)

    def same(person: RosterPerson, stored: Mapping[str, object]) -> bool:
        try:
            return bool(in_file(person) == in_store(stored))
        except KeyError:  # a stored person without some field: compared field by field
            return False

    return same


def _without_departed_managers(people: list[RosterPerson], departed: set[str], plan: RosterPlan) -> list[RosterPerson]:
    """People whose manager is a leaver the import does not add are imported without a manager."""
    out, cleared = [], 0
    for p in people:
        if p.manager_id and p.manager_id in departed:
            p = RosterPerson(**{**p.__dict__, "manager_id": ""})
            cleared += 1
        out.append(p)
    if cleared:
        plan.warnings.append(f"{cleared:,} people's manager has left and is not in the workspace: "
                             "imported without a manager")
    return out


def _read_person(row: RowCells, plan: RosterPlan, seen: dict[str, int], leaver: bool) -> RosterPerson | None:
    """One row (from _cells) as a person (``leaver``: from _leavers), or None with its errors
    added to the plan."""
    number, employee_id, name, team, email, parent, manager, status, title, hired, ended, account = row
    errors = plan.errors
    employee_id = employee_id or ""  # a required column: never None
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
    if email and check_email(email):
        errors.append(RowError(number, f"malformed email '{email}' for employee {employee_id}"))
        bad = True
    if not team:
        errors.append(RowError(number, f"no team for employee {employee_id}"))
        bad = True
    if team and parent and parent.lower() == team.lower():
        errors.append(RowError(number, f"team '{team}' cannot be its own parent team"))
        bad = True
    if manager is not None and manager == employee_id:
        errors.append(RowError(number, f"employee {employee_id} is given as their own manager"))
        bad = True
    word = status.lower() if status else ""
    if word and word not in STATUSES:
        errors.append(RowError(number, f"status '{status}' of employee {employee_id} is neither "
                                       "an active nor a leaver status"))
        bad = True
    if bad or not name or not team:  # (an empty name or team is an error above)
        return None
    return _person(row, leaver)


def _person(row: RowCells, leaver: bool) -> RosterPerson:
    """A row (from _cells) that _read_person accepts, as a person (``leaver``: from _leavers)."""
    number, employee_id, name, team, email, _parent, manager, _status, title, hired, ended, account = row
    return RosterPerson(number, employee_id or "", name or "", email, title, team or "", manager, hired, ended,
                        leaver, account or None)


def _people(columns: list[Sequence[Any]], leavers: list[bool]) -> list[RosterPerson]:
    """Every row (from _cells) as a person, as _person makes them: for columns that _clean
    accepts (ids, names and teams all given), in one C-level pass instead of a call per row."""
    numbers, ids, names, teams, emails, _parents, managers, _statuses, titles, hired, ended, accounts = columns
    if accounts[:1] != [None]:
        accounts = [account or None for account in accounts]
    return list(map(RosterPerson, numbers, ids, names, emails, titles, teams, managers, hired, ended, leavers,
                    accounts))


def _first_of_each_team(people: list[RosterPerson], parents: list[str | None]) -> dict[str, tuple[str, str | None, int]]:
    """Each team (lower-cased) -> (name, parent or None, row) from the first person naming it."""
    keys = [person.team.lower() for person in people]
    first = dict(zip(reversed(keys), range(len(keys) - 1, -1, -1)))  # (the earliest row wins)
    return {key: (people[i].team, parents[i] or None, people[i].row)
            for key in dict.fromkeys(keys) for i in (first[key],)}


def _note_team(person: RosterPerson, parent: str | None, plan: RosterPlan,
               team_parent: dict[str, tuple[str, str | None, int]]) -> None:
    """Record the person's team (and its parent) for the team plan, refusing a second parent."""
    parent = parent or ""
    key = person.team.lower()
    known = team_parent.get(key)
    if known is None or (not known[1] and parent):
        team_parent[key] = (person.team, parent or None, person.row)
    elif parent and known[1] and known[1].lower() != parent.lower():
        plan.errors.append(RowError(person.row, f"team '{person.team}' is given parent team '{parent}', "
                                                f"but '{known[1]}' on row {known[2]}"))
