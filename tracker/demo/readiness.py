"""Sample readiness data: stakeholders, monthly ADKAR assessments and resistance signals.

Realistic in shape so the pages and charts have something to say: most teams' ADKAR scores
improve month by month while one team in each pilot stalls at Ability; the rollouts live at
scale started from higher scores (their teams have been through the change), and in the one in
production a highly affected team was stuck at Ability for months until practice time came,
then caught up. Resistance signals of every type appear, more where ADKAR is weak; the older
ones are resolved, all of them in a team that is past its barrier now. A few teams answer
surveys with fewer than five respondents, so the leader view's small-group rule has work to do.
Dates are fixed (DEMO_AS_OF), never today, so a seed always gives the same workspace.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from tracker.demo.organisation import Organisation, written
from tracker.domain.enums import Impact, Stage
from tracker.domain.readiness import ADKAR, AdkarElement, SignalSource, SignalType, SupportLevel, barrier_point

if TYPE_CHECKING:
    from tracker.demo.rollouts import PlannedRollout
    from tracker.store.audit import AuditedWriter

DEMO_AS_OF = dt.date(2026, 11, 20)
MONTHS_OF_HISTORY = 9
# Starting score ranges per ADKAR element (A, D, K, A, R), before the monthly gains.
_BASE = ((2.6, 3.4), (2.2, 3.1), (1.9, 2.8), (1.6, 2.5), (1.4, 2.3))
# Rollouts live at scale start this much higher: by the latest assessment every element of
# every team is above the barrier threshold (3), even at the slowest pace and worst noise.
_HEAD_START = {Stage.PRODUCTION: 1.3, Stage.SCALING: 1.3}

# What resistance tends to look like when a given ADKAR element is the barrier.
_TYPES_FOR = {
    AdkarElement.AWARENESS: (SignalType.LACK_OF_AWARENESS, SignalType.ROLE_CLARITY),
    AdkarElement.DESIRE: (SignalType.JOB_SECURITY, SignalType.CHANGE_FATIGUE, SignalType.DISTRUST),
    AdkarElement.KNOWLEDGE: (SignalType.USAGE_DIFFICULTY, SignalType.ROLE_CLARITY),
    AdkarElement.ABILITY: (SignalType.USAGE_DIFFICULTY, SignalType.DISTRUST, SignalType.DATA_PRIVACY),
    AdkarElement.REINFORCEMENT: (SignalType.CHANGE_FATIGUE, SignalType.OTHER),
}
_DESCRIPTIONS = {
    SignalType.JOB_SECURITY: "Handlers asked in the team meeting whether the assistant will replace jobs",
    SignalType.ROLE_CLARITY: "Unclear who checks the AI's output before it reaches the customer",
    SignalType.USAGE_DIFFICULTY: "Several people say the tool is slower than the old way for simple cases",
    SignalType.LACK_OF_AWARENESS: "Team had not heard why the rollout is happening or when",
    SignalType.CHANGE_FATIGUE: "Third system change this year; people ask to pause until the next quarter",
    SignalType.DISTRUST: "Reviewers override most suggestions; they do not trust the explanations",
    SignalType.DATA_PRIVACY: "Concern that customer data is sent outside the company",
    SignalType.OTHER: "Complaints about the new screen layout during the monthly review",
}
_MITIGATIONS = ("Manager briefing and Q&A session", "Extra hands-on practice sessions",
                "Super-user assigned to the team", "Sponsor town hall on the why", "FAQ and data-flow explainer")


def _months(start: dt.date, end: dt.date) -> list[dt.date]:
    """Month-end dates from start to end."""
    out: list[dt.date] = []
    day = start
    while True:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        month_end = nxt - dt.timedelta(days=1)
        if month_end > end:
            return out
        out.append(month_end)
        day = nxt


def add_readiness(w: AuditedWriter, rng: random.Random, org: Organisation, rollouts: list[PlannedRollout]) -> None:
    """Write the readiness sample for every rollout (their ids are set by now)."""
    for rollout in rollouts:
        _stakeholders(w, rng, org, rollout)
        weak = _assessments(w, rng, rollout)
        _signals(w, rng, rollout, weak)


def _support(rng: random.Random, good: bool) -> tuple[SupportLevel, SupportLevel]:
    levels = list(SupportLevel)
    current = rng.choice(levels[2:] if good else levels[:4])
    needed = rng.choice(levels[max(current.rank, 3):]) if rng.random() < 0.7 else current
    return current, needed


def _stakeholders(w: AuditedWriter, rng: random.Random, org: Organisation, rollout: PlannedRollout) -> None:
    change_leads = [p for p, role in rollout.roles if role == "Change lead"]
    owner = change_leads[0] if change_leads else rollout.owner
    people = [(rollout.sponsor, 5, 4, True), (rollout.owner, 4, 5, True)]
    people += [(p, 3, 5, True) for p in change_leads]
    for team, impact in rollout.teams:
        if team.lead is not None and impact in (Impact.HIGH, Impact.MEDIUM):
            people.append((team.lead, rng.randint(2, 5), rng.randint(2, 5), rng.random() < 0.6))
    people.append((org.top, 5, 2, True))
    seen = set()
    for person, influence, interest, good in people:
        if person.id in seen:
            continue
        seen.add(person.id)
        current, needed = _support(rng, good)
        w.insert("stakeholders", {
            "rollout_id": rollout.id, "person_id": person.id, "influence": influence, "interest": interest,
            "current_support": current.value, "needed_support": needed.value,
            "owner_id": None if person is owner else owner.id,
            "last_contact": (DEMO_AS_OF - dt.timedelta(days=rng.randint(2, 75))).isoformat(),
            "engagement_plan": rng.choice(("Monthly one-to-one", "Steering committee", "Fortnightly update",
                                           "Include in pilot demos")),
            "notes": "",
        })
    for team, impact in rng.sample(rollout.teams, min(3, len(rollout.teams))):
        current, needed = _support(rng, impact is not Impact.HIGH)
        w.insert("stakeholders", {
            "rollout_id": rollout.id, "team_id": team.id, "influence": rng.randint(1, 4),
            "interest": {Impact.HIGH: 5, Impact.MEDIUM: 4}.get(impact, rng.randint(1, 3)),
            "current_support": current.value, "needed_support": needed.value, "owner_id": owner.id,
            "last_contact": (DEMO_AS_OF - dt.timedelta(days=rng.randint(5, 50))).isoformat(),
            "engagement_plan": "Team briefings and champion network", "notes": "",
        })


def _assessments(w: AuditedWriter, rng: random.Random,
                 rollout: PlannedRollout) -> dict[int, list[tuple[dt.date, AdkarElement | None]]]:
    """Monthly assessments of the high- and medium-impact teams; returns each team's barriers.

    A pilot has a team that stalls at Ability (practice time never came); the rollout in
    production has a highly affected team that was stuck there for the first half of the
    history and then caught up (the barrier that was overcome). Scaling has neither.
    """
    end = min(DEMO_AS_OF, rollout.target_date) if rollout.spec.stage is Stage.RETIRED else DEMO_AS_OF
    start = max(rollout.start, end - dt.timedelta(days=31 * MONTHS_OF_HISTORY))
    months = _months(start, end)
    teams = [(t, i) for t, i in rollout.teams if i in (Impact.HIGH, Impact.MEDIUM)]
    stage = rollout.spec.stage
    head_start = _HEAD_START.get(stage, 0.0)
    # One draw whatever the stage, so the stream (and every later score) is the same as ever.
    picked = rng.choice(teams) if teams else None
    staller = picked[0] if picked and stage in (Stage.PILOT, Stage.RETIRED) else None
    high_teams = [t for t, i in teams if i is Impact.HIGH]
    overcome = None
    if high_teams and stage is Stage.PRODUCTION:
        overcome = picked[0] if picked is not None and picked[1] is Impact.HIGH else high_teams[0]
    breakthrough = len(months) // 2  # the month the overcome team's practice time came
    barriers: dict[int, list[tuple[dt.date, AdkarElement | None]]] = {}
    for team, _impact in teams:
        base = [rng.uniform(low, top) + head_start for low, top in _BASE]
        pace = rng.uniform(0.12, 0.25)
        headcount = max(1, team.headcount)
        small = rng.random() < 0.2
        for n, day in enumerate(months):
            scores = []
            for i, b in enumerate(base):
                gain = pace * n * (1 - 0.1 * i)
                if team is staller and i >= 3:
                    gain = min(gain, 0.4)  # stuck at Ability: practice time never came
                noise = rng.uniform(-0.2, 0.2)
                score = b + gain + noise
                if team is overcome and i >= 3 and n < breakthrough:
                    score = min(score, 2.6 + noise)  # stuck at Ability until then
                scores.append(round(min(5.0, max(1.0, score)), 2))
            respondents = rng.randint(2, 4) if small else max(5, int(headcount * rng.uniform(0.5, 0.9)))
            values: dict[str, object] = {"rollout_id": rollout.id, "team_id": team.id, "assessed_on": day.isoformat(),
                      "respondents": respondents}
            values.update({e.value: s for e, s in zip(ADKAR, scores)})
            w.insert("adkar_assessments", values)
            barriers.setdefault(written(team), []).append((day, barrier_point(scores)))
    return barriers


def _signals(w: AuditedWriter, rng: random.Random, rollout: PlannedRollout,
             barriers: dict[int, list[tuple[dt.date, AdkarElement | None]]]) -> None:
    owners = [p for p, role in rollout.roles if role in ("Change lead", "Champion")] or [rollout.owner]
    teams = {t.id: t for t, _i in rollout.teams}
    planned = []
    for team_id, history in barriers.items():
        for day, barrier in history:
            if barrier is None:
                continue
            weight = 2 if barrier in (AdkarElement.AWARENESS, AdkarElement.DESIRE) else 1
            for _ in range(rng.choices((0, 1, 2), (4, 3 + weight, weight))[0]):
                planned.append((team_id, day - dt.timedelta(days=rng.randint(0, 27)), rng.choice(_TYPES_FOR[barrier])))
    if barriers:  # every type turns up at least once
        first_day = min(day for history in barriers.values() for day, _b in history)
        for kind in SignalType:
            planned.append((rng.choice(list(barriers)), first_day + dt.timedelta(days=rng.randint(0, 200)), kind))
    past_barrier = {team_id for team_id, history in barriers.items() if history and history[-1][1] is None}
    for team_id, day, kind in planned:
        day = min(day, DEMO_AS_OF)
        age = (DEMO_AS_OF - day).days
        # Old signals are mostly resolved; all of them where the team is past its barrier now.
        resolved = age > 45 and (rng.random() < 0.8 or team_id in past_barrier)
        status = "resolved" if resolved else rng.choice(("open", "open", "mitigating"))
        members = [p for p, _r in rollout.roles if p.team is teams[team_id]]
        source = rng.choice(list(SignalSource))
        person = rng.choice(members) if members and source is SignalSource.ONE_TO_ONE and rng.random() < 0.5 else None
        w.insert("resistance_signals", {
            "rollout_id": rollout.id, "team_id": team_id, "person_id": person.id if person else None,
            "observed_on": day.isoformat(), "type": kind.value, "severity": rng.choices(range(1, 6), (1, 3, 4, 3, 1))[0],
            "source": source.value, "description": _DESCRIPTIONS[kind], "owner_id": rng.choice(owners).id,
            "mitigation": rng.choice(_MITIGATIONS) if status != "open" else "", "status": status,
            "resolved_on": (day + dt.timedelta(days=rng.randint(7, min(45, age)))).isoformat() if resolved else None,
        })
