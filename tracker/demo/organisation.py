"""The sample organisation: teams in three levels and about 2,000 people with a reporting tree.

Planned in memory first (pure, seeded), then written in one go. The plan objects keep the ids
they get when written, so later parts of the generator (rollouts, training, adoption, ...) can
refer to teams and people without querying the store.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from tracker.demo.catalogue import (
    DIVISIONS,
    EXECUTIVE_OFFICE,
    FAMILIES,
    LEAVER_SHARE,
    SPAN_OF_CONTROL,
    TeamSpec,
)
from tracker.demo.names import email_part, random_name

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter

EMAIL_DOMAIN = "example.com"


@dataclass(eq=False)
class PlannedTeam:
    spec: TeamSpec
    level: int  # 1 = top level
    parent: PlannedTeam | None
    headcount: int = 0  # planned, lead included
    lead: PlannedPerson | None = None
    id: int | None = None  # set when written

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(eq=False)
class PlannedPerson:
    employee_id: str
    name: str
    email: str
    title: str
    team: PlannedTeam
    manager: PlannedPerson | None
    active: bool = True
    reports: int = 0  # how many people report to this person
    id: int | None = None  # set when written


class _Planned(Protocol):
    @property
    def id(self) -> int | None: ...


def written(thing: _Planned) -> int:
    """The id a planned team, person or rollout got when written (each is written before use)."""
    assert thing.id is not None, f"{thing!r} is used before it is written"
    return thing.id


def lead_of(team: PlannedTeam) -> PlannedPerson:
    """A team's lead: every planned team has one once the people are planned."""
    assert team.lead is not None, f"{team.name} has no lead"
    return team.lead


@dataclass
class Organisation:
    teams: list[PlannedTeam]  # parents before children
    people: list[PlannedPerson]  # managers before their reports
    _by_team: dict[str, list[PlannedPerson]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for person in self.people:
            self._by_team.setdefault(person.team.name, []).append(person)

    def team(self, name: str) -> PlannedTeam:
        for team in self.teams:
            if team.name == name:
                return team
        raise KeyError(name)

    def members(self, team_name: str, *, active_only: bool = True) -> list[PlannedPerson]:
        people = self._by_team.get(team_name, [])
        return [p for p in people if p.active] if active_only else list(people)

    @property
    def top(self) -> PlannedPerson:
        return self.people[0]


class _Namer:
    """Hands out names, unique emails and unique employee ids."""

    def __init__(self, rng: random.Random, count: int):
        self.rng = rng
        self.used_emails: set[str] = set()
        # Sparse, ascending ids: the earliest hires (the leaders, planned first) get the lowest.
        self.ids = iter(sorted(rng.sample(range(10_000, 100_000), count)))

    def person(self, title: str, team: PlannedTeam, manager: PlannedPerson | None) -> PlannedPerson:
        first, last = random_name(self.rng)
        local = f"{email_part(first)}.{email_part(last)}"
        email, n = f"{local}@{EMAIL_DOMAIN}", 1
        while email in self.used_emails:
            n += 1
            email = f"{local}{n}@{EMAIL_DOMAIN}"
        self.used_emails.add(email)
        if manager is not None:
            manager.reports += 1
        return PlannedPerson(f"E{next(self.ids)}", f"{first} {last}", email, title, team, manager)


def _plan_teams(rng: random.Random) -> list[PlannedTeam]:
    """Breadth first, so every parent (and so every lead's manager) comes before its children."""
    teams = [PlannedTeam(EXECUTIVE_OFFICE, 1, None)]
    level = [PlannedTeam(spec, 1, None) for spec in DIVISIONS]
    while level:
        teams.extend(level)
        level = [PlannedTeam(child, t.level + 1, t) for t in level for child in t.spec.children]
    for team in teams:
        team.headcount = max(3, round(team.spec.size * rng.uniform(0.88, 1.12)))
    return teams


def _staff_team(rng: random.Random, namer: _Namer, team: PlannedTeam, boss: PlannedPerson | None,
                people: list[PlannedPerson]) -> None:
    """The lead, squad leaders in big teams, and members reporting to one of them."""
    family = FAMILIES[team.spec.family]
    team.lead = namer.person(team.spec.lead_title, team, boss)
    people.append(team.lead)
    rest = team.headcount - 1
    squads = rest // (SPAN_OF_CONTROL + 1) if rest > SPAN_OF_CONTROL + 1 else 0
    leaders = [namer.person(family.team_leader, team, team.lead) for _ in range(squads)]
    people.extend(leaders)
    titles = [title for title, _ in family.members]
    weights = [weight for _, weight in family.members]
    managers = leaders or [team.lead]
    for i in range(rest - squads):
        title = rng.choices(titles, weights)[0]
        people.append(namer.person(title, team, managers[i % len(managers)]))


def plan_organisation(rng: random.Random) -> Organisation:
    teams = _plan_teams(rng)
    namer = _Namer(rng, sum(t.headcount for t in teams))
    people: list[PlannedPerson] = []
    for team in teams:
        if team.parent is not None:
            boss = team.parent.lead
        elif team.spec is EXECUTIVE_OFFICE:
            boss = None  # the CEO: the one person without a manager
        else:
            boss = teams[0].lead  # division heads report to the CEO
        _staff_team(rng, namer, team, boss, people)
    # Leavers are people nobody reports to, so every active person keeps an active manager.
    candidates = [p for p in people if p.reports == 0 and p is not p.team.lead]
    for person in rng.sample(candidates, round(len(people) * rng.uniform(*LEAVER_SHARE))):
        person.active = False
    return Organisation(teams, people)


def write_organisation(w: AuditedWriter, org: Organisation) -> None:
    """Teams first (without leads: a lead is a person, who needs a team), then people, then leads."""
    for team in org.teams:
        team.id = w.insert("teams", {"name": team.name, "parent_id": team.parent.id if team.parent else None})
    for p in org.people:
        p.id = w.insert("people", {
            "employee_id": p.employee_id, "name": p.name, "email": p.email, "title": p.title,
            "team_id": p.team.id, "manager_id": p.manager.id if p.manager else None,
            "active": int(p.active),
        })
    for team in org.teams:
        w.update("teams", written(team), {"lead_id": written(lead_of(team))})
