"""Sample training: modules per rollout, who must take them, completions over time, sessions.

Teams get a pace (fast, steady, behind), so the page shows some teams done, some behind and
some overdue; completions fall between a module's availability and shortly after its due date.
The pace depends on how far the rollout has come: the pilots' teams range from fast to far
behind (and in a pilot that has run past its target date, none is fast), while in the
rollouts live at scale nearly everyone has finished (a few stragglers, under 2 % overdue), so
the dashboard shows a mature rollout's training as green.
Each live rollout also has an advanced workshop due in the coming months, with sessions some
people already hold seats in, so HR's month plan has real gaps to fill. Dates are fixed
(DEMO_AS_OF, the same day as the rest of the sample), never today: a seed always gives the
same workspace. Written through the audited writer inside the sample's single write.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tracker.demo.organisation import written
from tracker.domain.enums import Impact, Stage
from tracker.domain.training import TrainingFormat

if TYPE_CHECKING:
    from tracker.demo.organisation import Organisation, PlannedPerson
    from tracker.demo.rollouts import PlannedRollout
    from tracker.store.audit import AuditedWriter

DEMO_AS_OF = dt.date(2026, 11, 20)
PACES = ((0.97, "fast"), (0.85, "steady"), (0.6, "behind"), (0.35, "far behind"))
# Live at scale: the catch-up sessions have run; only a few stragglers are left.
MATURE_PACES = ((0.995, "done"), (0.99, "nearly done"), (0.985, "a few stragglers"))
PACES_BY_STAGE = {Stage.PRODUCTION: MATURE_PACES, Stage.SCALING: MATURE_PACES}
# A pilot that has run past its target date: its teams never found the time (no fast ones).
OVERRAN_PACES = ((0.85, "steady"), (0.6, "behind"), (0.6, "behind"), (0.35, "far behind"))
# The pace of people from outside the participating teams (sponsor, change leads): typical.
OTHERS_PACE = {Stage.PRODUCTION: 0.99, Stage.SCALING: 0.99}
F = TrainingFormat


@dataclass(frozen=True)
class ModuleSpec:
    number: str
    title: str
    hours: float
    format: TrainingFormat
    roles: tuple[str, ...]
    due_days: int | None  # relative to go-live
    due_fixed: dt.date | None = None
    high_impact_teams: bool = False  # also required of everyone in the rollout's high-impact teams


def _specs(r: PlannedRollout) -> list[ModuleSpec]:
    specs = [
        ModuleSpec("101", f"{r.name}: essentials", 1.0, F.E_LEARNING, ("End user", "Champion", "Change lead"), -14),
        ModuleSpec("201", "Hands-on with real cases", 3.0, F.WORKSHOP, ("End user",), 30),
        ModuleSpec("301", "Champion coaching", 2.0, F.COACHING, ("Champion",), -30),
        ModuleSpec("401", "Responsible AI and model risk", 1.5, F.CLASSROOM,
                   ("Data owner", "Model owner", "Sponsor", "Change lead"), None, r.go_live),
    ]
    if r.spec.stage is not Stage.RETIRED:
        specs.append(ModuleSpec("250", "Advanced use and edge cases", 2.5, F.WORKSHOP, ("Champion",), None,
                                DEMO_AS_OF + dt.timedelta(days=45 + 15 * len(r.name) % 60), high_impact_teams=True))
    return specs


def _prefix(name: str) -> str:
    return "".join(word[0] for word in name.replace("-", " ").split()).upper()[:3]


def add_training(w: AuditedWriter, rng: random.Random, org: Organisation,
                 rollouts: list[PlannedRollout]) -> None:
    """Modules, requirement rules, progress records and sessions for every sample rollout."""
    role_ids = w.ws.roles.type_ids_by_name()
    booked: dict[int, set[dt.date]] = {}  # person id -> days with a seat: no clashes in the sample
    for r in rollouts:
        overran = r.spec.stage is Stage.PILOT and r.target_date <= DEMO_AS_OF
        paces = OVERRAN_PACES if overran else PACES_BY_STAGE.get(r.spec.stage, PACES)
        pace = {team.name: rng.choice(paces)[0] for team, _ in r.teams}
        holders: dict[str, list[PlannedPerson]] = {}
        for person, role in r.roles:
            holders.setdefault(role, []).append(person)
        trainers = holders.get("Trainer", [])
        for spec in _specs(r):
            module_id = w.insert("training_modules", {
                "rollout_id": r.id, "code": f"{_prefix(r.name)}-{spec.number}", "title": spec.title,
                "hours": spec.hours, "format": spec.format.value,
                "due_date": spec.due_fixed.isoformat() if spec.due_fixed else None,
                "due_offset_days": spec.due_days, "available_from": r.start.isoformat(),
            })
            for role in spec.roles:
                w.insert("training_role_requirements", {"module_id": module_id, "role_id": role_ids[role.lower()]})
            people = {p.id: p for role in spec.roles for p in holders.get(role, []) if p.active}
            if spec.high_impact_teams:
                for team, impact in r.teams:
                    if impact is Impact.HIGH:
                        w.insert("training_team_requirements", {"module_id": module_id, "team_id": team.id})
                        people.update({p.id: p for p in org.members(team.name)})
            due = spec.due_fixed or r.go_live + dt.timedelta(days=spec.due_days or 0)
            waiting = _progress(w, rng, module_id, list(people.values()), pace, OTHERS_PACE.get(r.spec.stage, 0.8),
                                r.start, due)
            if spec.format.needs_sessions and r.spec.stage is not Stage.RETIRED:
                _sessions(w, rng, module_id, waiting, trainers, due, booked)


def _progress(w: AuditedWriter, rng: random.Random, module_id: int, people: list[PlannedPerson], pace: dict[str, float],
              others: float, start: dt.date, due: dt.date) -> list[PlannedPerson]:
    """Write each person's record; returns those still to train."""
    waiting = []
    open_days = max(1, (min(due, DEMO_AS_OF) - start).days)
    share_due = min(1.0, open_days / max(1, (due - start).days))  # a module not yet due is partly done
    for person in people:
        chance = pace.get(person.team.name, others) * share_due
        roll = rng.random()
        if roll < 0.01:
            w.insert("training_records", {"module_id": module_id, "person_id": person.id, "status": "exempt",
                                          "exempt_reason": rng.choice(("Long-term leave", "Already certified"))})
        elif roll < chance:
            # Most finish in the weeks before the due date; stragglers just after it.
            day = start + dt.timedelta(days=int(rng.triangular(0, open_days + 20, open_days * 0.8)))
            day = min(day, DEMO_AS_OF)
            w.insert("training_records", {"module_id": module_id, "person_id": person.id, "status": "completed",
                                          "completed_on": day.isoformat(),
                                          "score": round(rng.uniform(62, 100)) if rng.random() < 0.7 else None})
        else:
            if rng.random() < 0.45:
                w.insert("training_records", {"module_id": module_id, "person_id": person.id,
                                              "status": "in_progress"})
            waiting.append(person)
    return waiting


def _sessions(w: AuditedWriter, rng: random.Random, module_id: int, waiting: list[PlannedPerson],
              trainers: list[PlannedPerson], due: dt.date, booked: dict[int, set[dt.date]]) -> None:
    """A past session or two, and upcoming ones holding about half of those still waiting."""
    first = DEMO_AS_OF + dt.timedelta(days=rng.randint(5, 20))
    upcoming = [first + dt.timedelta(weeks=3 * i + rng.randint(0, 1)) for i in range(rng.randint(1, 3))]
    past = [DEMO_AS_OF - dt.timedelta(days=rng.randint(20, 120)) for _ in range(rng.randint(1, 2))]
    queue = [p for p in waiting if rng.random() < 0.55]
    for day in sorted(past + upcoming):
        day += dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)  # weekdays only
        capacity = rng.choice((10, 12, 12, 15, 16))
        online = rng.random() < 0.3
        trainer = rng.choice(trainers) if trainers else None
        session_id = w.insert("training_sessions", {
            "module_id": module_id, "starts_on": day.isoformat(), "start_time": rng.choice(("09:00", "13:30")),
            "duration_minutes": rng.choice((90, 120, 180)), "capacity": capacity,
            "place": "Teams meeting" if online else rng.choice(("London – Room 4.2", "Leeds – Training suite",
                                                                 "Bristol – Room 1.07")),
            "online": int(online), "trainer_id": trainer.id if trainer else None,
        })
        if day < DEMO_AS_OF:
            continue  # past sessions: who attended shows as completions
        seats = 0
        while queue and seats < capacity - rng.randint(0, 3):
            person = queue.pop()
            if day in booked.setdefault(written(person), set()):
                continue
            booked[written(person)].add(day)
            w.insert("training_enrolments", {"session_id": session_id, "person_id": person.id})
            seats += 1
