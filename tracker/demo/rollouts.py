"""The sample rollouts: four AI systems at different stages, their teams and who does what.

Dates are fixed around 2026 and shifted by a few seeded weeks, never taken from today, so the
same seed always gives the same workspace.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tracker.demo.organisation import Organisation, PlannedPerson, PlannedTeam, lead_of
from tracker.domain.enums import Impact, Stage
from tracker.domain.validation import check_rollout_dates

if TYPE_CHECKING:
    from tracker.store.audit import AuditedWriter

H, M, L, N = Impact.HIGH, Impact.MEDIUM, Impact.LOW, Impact.NONE
D = dt.date


@dataclass(frozen=True)
class RolloutSpec:
    name: str
    stage: Stage
    description: str
    owner_team: str  # its lead is accountable for the rollout
    sponsor_team: str  # its lead sponsors it
    start: dt.date
    go_live: dt.date
    target_date: dt.date
    teams: tuple[tuple[str, Impact], ...]  # always take part
    optional_teams: tuple[str, ...]  # a seeded few of these join as well
    data_owner: tuple[str, tuple[str, ...]]  # (team, preferred titles)
    model_owner: tuple[str, tuple[str, ...]]


_CLAIMS = RolloutSpec(
    "Claims triage assistant", Stage.PRODUCTION,
    "Reads first notice of loss and routes each claim to the right handler queue, flagging "
    "complex, injury and likely-fraud claims. Objective: cut average triage time from 2 days "
    "to 4 hours and route 90 % of claims right first time.",
    "Claims Operations", "Insurance Operations", D(2025, 2, 3), D(2025, 9, 15), D(2026, 6, 30),
    (("Motor Claims", H), ("Property Claims", H), ("Claims Quality Assurance", M),
     ("Fraud Analytics", M), ("Data Science Lab", M), ("Data Platform", L),
     ("Legal & Compliance", L), ("Learning & Development", L)),
    ("Customer Service – North", "Customer Service – South", "Cloud Platform", "Service Desk"),
    ("Data Platform", ("Data Product Owner", "Data Steward")),
    ("Data Science Lab", ("Machine Learning Engineer", "Data Scientist")),
)

_UNDERWRITING = RolloutSpec(
    "Underwriting copilot", Stage.SCALING,
    "Drafts risk summaries and referral notes from submissions, loss runs and survey reports "
    "for underwriters to review. Objective: quote 30 % more commercial submissions with the "
    "same team and keep referral decisions fully explainable to the regulator.",
    "Underwriting", "Insurance Operations", D(2025, 6, 2), D(2026, 1, 19), D(2026, 9, 30),
    (("Personal Lines Underwriting", M), ("Commercial Underwriting", H), ("Pricing & Actuarial", M),
     ("Risk Modelling", M), ("Data Platform", L), ("Legal & Compliance", L)),
    ("Mortgage Lending", "Consumer Credit", "Cloud Platform", "BI & Reporting", "Learning & Development"),
    ("Pricing & Actuarial", ("Senior Actuary",)),
    ("Risk Modelling", ("Risk Modeller", "Model Validator")),
)

_CONTACT_CENTRE = RolloutSpec(
    "Contact-centre summariser", Stage.PILOT,
    "Summarises each customer call and drafts the case note and follow-up letter while the "
    "advisor wraps up. Objective: reduce after-call work by 40 % and raise note quality scores; "
    "piloted in the North contact centre first.",
    "Customer Service", "Technology & Data", D(2026, 1, 12), D(2026, 5, 4), D(2026, 11, 27),
    (("Customer Service – North", H), ("Complaints Resolution", M), ("Customer Service – South", L),
     ("Data Science Lab", M), ("Service Desk", L)),
    ("Digital Channels", "Data Platform", "HR Business Partners", "Legal & Compliance"),
    ("Data Platform", ("Data Steward", "Data Product Owner")),
    ("Data Science Lab", ("Machine Learning Engineer", "MLOps Engineer")),
)

_FRAUD_TEAMS = (
    ("Fraud Analytics", H), ("AML Investigations", M), ("Motor Claims", L),
    ("Data Science Lab", M), ("Legal & Compliance", L),
)
_FRAUD_VARIANTS = (
    RolloutSpec(
        "Fraud alert explainer", Stage.PILOT,
        "Explains in plain words why a transaction or claim raised a fraud alert, citing the "
        "signals behind the score. Objective: halve the time to clear false positives and cut "
        "unnecessary customer contacts by a quarter.",
        "Financial Crime", "Retail Banking", D(2025, 11, 3), D(2026, 4, 6), D(2026, 10, 30),
        _FRAUD_TEAMS, ("Consumer Credit", "Branch Network", "Risk Modelling", "Claims Quality Assurance"),
        ("Fraud Analytics", ("Senior Fraud Analyst",)),
        ("Data Science Lab", ("Data Scientist",)),
    ),
    RolloutSpec(
        "Fraud alert explainer", Stage.RETIRED,
        "Explained in plain words why a transaction or claim raised a fraud alert. Retired after "
        "the pilot: investigators did not trust the explanations, and the vendor's fraud platform "
        "now ships its own. Kept for its lessons and history.",
        "Financial Crime", "Retail Banking", D(2024, 10, 7), D(2025, 3, 3), D(2025, 9, 30),
        _FRAUD_TEAMS, ("Consumer Credit", "Branch Network", "Risk Modelling", "Claims Quality Assurance"),
        ("Fraud Analytics", ("Senior Fraud Analyst",)),
        ("Data Science Lab", ("Data Scientist",)),
    ),
)

TARGET_ADOPTIONS = (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)


@dataclass(eq=False)
class PlannedRollout:
    spec: RolloutSpec
    owner: PlannedPerson
    sponsor: PlannedPerson
    start: dt.date
    go_live: dt.date
    target_date: dt.date
    target_adoption: float
    teams: list[tuple[PlannedTeam, Impact]] = field(default_factory=list)
    roles: list[tuple[PlannedPerson, str]] = field(default_factory=list)  # (person, role type name)
    id: int | None = None  # set when written

    @property
    def name(self) -> str:
        return self.spec.name


def _pick(rng: random.Random, people: list[PlannedPerson], k: int,
          prefer: tuple[str, ...] = ()) -> list[PlannedPerson]:
    """`k` people, from those with a preferred title when there are enough of them."""
    preferred = [p for p in people if p.title in prefer]
    pool = preferred if len(preferred) >= k else people
    return rng.sample(pool, min(k, len(pool)))


def _plan_roles(rng: random.Random, org: Organisation, r: PlannedRollout) -> None:
    roles = r.roles
    roles.append((r.sponsor, "Sponsor"))
    for p in _pick(rng, org.members("HR Business Partners"), rng.randint(1, 2), ("Change Manager",)):
        roles.append((p, "Change lead"))
    for team, impact in r.teams:
        # A champion in most affected teams: nearly always where the change is big.
        chance = {H: 0.95, M: 0.85, L: 0.5, N: 0.0}[impact]
        if rng.random() < chance:
            staff = [p for p in org.members(team.name) if p is not team.lead]
            seniors = [p for p in staff if p.title.startswith("Senior")]
            for p in rng.sample(seniors or staff, min(1, len(staff))):
                roles.append((p, "Champion"))
    for p in _pick(rng, org.members("Learning & Development"), rng.randint(2, 4), ("Trainer",)):
        roles.append((p, "Trainer"))
    for role, (owner_team, titles) in (("Data owner", r.spec.data_owner), ("Model owner", r.spec.model_owner)):
        for p in _pick(rng, org.members(owner_team), 1, titles):
            roles.append((p, role))
    for team, impact in r.teams:
        if impact in (H, M):
            roles.extend((p, "End user") for p in org.members(team.name))


def plan_rollout(rng: random.Random, org: Organisation, spec: RolloutSpec) -> PlannedRollout:
    shift = dt.timedelta(weeks=rng.randint(-3, 3))
    r = PlannedRollout(
        spec, lead_of(org.team(spec.owner_team)), lead_of(org.team(spec.sponsor_team)),
        spec.start + shift, spec.go_live + shift, spec.target_date + shift,
        rng.choice(TARGET_ADOPTIONS),
    )
    problem = check_rollout_dates(r.start, r.go_live, r.target_date)
    assert problem is None, f"{spec.name}: {problem}"
    joining = rng.sample(spec.optional_teams, rng.randint(1, min(3, len(spec.optional_teams))))
    r.teams = [(org.team(name), impact) for name, impact in spec.teams]
    r.teams += [(org.team(name), rng.choice((L, L, M, N))) for name in joining]
    _plan_roles(rng, org, r)
    return r


def plan_rollouts(rng: random.Random, org: Organisation) -> list[PlannedRollout]:
    specs = (_CLAIMS, _UNDERWRITING, _CONTACT_CENTRE, rng.choice(_FRAUD_VARIANTS))
    return [plan_rollout(rng, org, spec) for spec in specs]


def write_rollouts(w: AuditedWriter, rollouts: list[PlannedRollout]) -> None:
    role_ids = w.ws.roles.type_ids_by_name()
    for r in rollouts:
        r.id = w.insert("rollouts", {
            "name": r.name, "description": r.spec.description, "stage": r.spec.stage.value,
            "owner_id": r.owner.id, "sponsor_id": r.sponsor.id, "start_date": r.start.isoformat(),
            "go_live_date": r.go_live.isoformat(), "target_adoption": r.target_adoption,
            "target_date": r.target_date.isoformat(),
        })
        for team, impact in r.teams:
            w.insert("participation", {"rollout_id": r.id, "team_id": team.id, "impact": impact.value})
        for person, role in r.roles:
            w.insert("person_roles", {"rollout_id": r.id, "person_id": person.id, "role_id": role_ids[role.lower()]})
