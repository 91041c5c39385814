"""Sample adoption: usage logs whose weekly active rates trace S-curves of different speeds.

Each rollout's end users take the tool up at a day drawn from a logistic (midpoint and spread
per rollout), a share of them never do (the plateau), and adopters use it on a share of their
working days until DEMO_AS_OF. So the claims assistant rises fast past its target, the
underwriting copilot climbs too slowly to reach its target by the target date, the contact-centre
pilot's Complaints team levels off well below the target (its forecast: "does not reach the
target"), the fraud explainer has barely started to climb (its forecast: "not yet predictable:
the curve has not turned"), and Learning & Development, with no usage
log, reports monthly figures (with proficiency) by hand. Events go through the bulk path of an
import (Adoption.record_usage), inside the sample workspace's single write.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from typing import TYPE_CHECKING

from tracker.demo.organisation import Organisation, written
from tracker.demo.readiness import DEMO_AS_OF
from tracker.domain.enums import Impact

if TYPE_CHECKING:
    from tracker.demo.rollouts import PlannedRollout
    from tracker.store.audit import AuditedWriter

# rollout name -> (plateau as a multiple of the target, midpoint in days after go-live, spread in days)
_CURVES: dict[str, tuple[float, int, float]] = {
    "Claims triage assistant": (1.15, 45, 14.0),   # fast, beyond the target
    "Underwriting copilot": (1.05, 240, 30.0),     # slow: reaches the target after its date
    "Contact-centre summariser": (1.3, 70, 18.0),  # medium, but see _LOW_TEAMS
    "Fraud alert explainer": (1.12, 265, 25.0),  # late: still before its turn on DEMO_AS_OF
}
# (rollout, team) -> plateau as an absolute rate: a team that levelled off well below target
_LOW_TEAMS: dict[tuple[str, str], float] = {("Contact-centre summariser", "Complaints Resolution"): 0.22}
_USE_SHARE = 0.45  # of an adopter's working days
_HAND_TEAM = "Learning & Development"


def add_adoption(w: AuditedWriter, rng: random.Random, org: Organisation,
                 rollouts: list[PlannedRollout]) -> None:
    keys: list[int] = []
    last = DEMO_AS_OF.toordinal()
    for r in rollouts:
        plateau_factor, midpoint, spread = _CURVES.get(r.name, (1.0, 90, 25.0))
        start = max(r.go_live - dt.timedelta(days=21), r.start)  # the pilot group starts early
        end_user_teams = [(t, i) for t, i in r.teams if i in (Impact.HIGH, Impact.MEDIUM)]
        for team, _ in end_user_teams:
            plateau = _LOW_TEAMS.get((r.name, team.name), min(r.target_adoption * plateau_factor, 0.97))
            for person in org.members(team.name):
                if not person.active or rng.random() > plateau:
                    continue
                u = min(max(rng.random(), 1e-6), 1 - 1e-6)
                first = r.go_live.toordinal() + int(midpoint + spread * math.log(u / (1 - u)))
                first = max(first, start.toordinal())
                base = (written(r) << 44) | (written(person) << 20)
                for day in range(first, last + 1):
                    if (day - 1) % 7 < 5 and rng.random() < _USE_SHARE:
                        keys.append(base | day)
    if keys:
        w.ws.adoption.record_usage(w, keys, source="sample usage log", rows=len(keys))
    _add_hand_figures(w, rng, org, rollouts)


def _add_hand_figures(w: AuditedWriter, rng: random.Random, org: Organisation,
                      rollouts: list[PlannedRollout]) -> None:
    """Monthly figures for a team without a usage log, in the rollout that has it taking part."""
    for r in rollouts:
        team = next((t for t, _ in r.teams if t.name == _HAND_TEAM), None)
        if team is None or r.go_live >= DEMO_AS_OF:
            continue
        eligible = max(len([p for p in org.members(team.name) if p.active]), 4)
        month = dt.date(r.go_live.year, r.go_live.month, 1)
        step = 0
        while True:
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            period_end = month - dt.timedelta(days=1)
            if period_end > DEMO_AS_OF:
                break
            step += 1
            share = r.target_adoption * 1.1 / (1 + math.exp(-(step - 3) / 1.2))
            active = min(eligible, round(eligible * share))
            proficient = min(active, round(active * min(0.2 + 0.12 * step, 0.8) * rng.uniform(0.9, 1.0)))
            w.insert("adoption_figures", {"rollout_id": r.id, "team_id": team.id,
                                          "period_end": period_end.isoformat(), "eligible": eligible,
                                          "active": active, "proficient": proficient})
            if step >= 12:
                break
