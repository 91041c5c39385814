"""Sample delivery data: dependencies, readiness gates, RACI, decisions and KPI readings.

Shaped so each view has something to say, and so the dashboard shows every colour: the
contact-centre pilot has a blocked chain of dependencies on its critical path (Legal's approval
holds up the transcript pipeline, which holds up the model, which holds up the advisors and
then Complaints); the underwriting copilot's open dependencies are all on time, and the claims
assistant has everything but a long-term audit log, not due for months; Data Platform, Legal
and Cloud Platform provide to several rollouts. Gates are done in proportion to each rollout's
stage (the scaling rollout's open items are due after the coming weeks, the pilots' partly past
due), one RACI has a gap (no one accountable for model performance), stage changes are in the
decision log, and KPIs have monthly readings settling toward a level that depends on the stage:
beyond the target once live at scale, short of it in a pilot. Dates are fixed around
DEMO_AS_OF, never today.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import TYPE_CHECKING

from tracker.demo.organisation import Organisation
from tracker.demo.readiness import DEMO_AS_OF, _months
from tracker.domain.enums import Stage
from tracker.domain.gates import GateTransition
from tracker.domain.raci import DEFAULT_RESPONSIBILITIES

if TYPE_CHECKING:
    from tracker.demo.organisation import PlannedPerson
    from tracker.demo.rollouts import PlannedRollout
    from tracker.store.audit import AuditedWriter

# (needer, provider, what, kind, status, due in days from DEMO_AS_OF, blocked reason)
_DEPENDENCIES: dict[str, tuple[tuple[str, str, str, str, str, int, str], ...]] = {
    "Contact-centre summariser": (
        ("Data Platform", "Legal & Compliance", "Approval to keep call transcripts for 90 days", "approval",
         "blocked", 35, "Data protection impact assessment not yet submitted"),
        ("Data Science Lab", "Data Platform", "Call transcript pipeline with PII redaction", "data", "blocked", -10,
         "Waiting for Legal's approval to store transcripts"),
        ("Data Platform", "Cloud Platform", "GPU capacity for transcription", "infrastructure", "in_progress", 14, ""),
        ("Customer Service – North", "Data Science Lab", "Summary model tuned on North call transcripts",
         "integration", "open", 20, ""),
        ("Complaints Resolution", "Customer Service – North", "Advisor feedback from the pilot", "other", "open", 45, ""),
        ("Service Desk", "Data Science Lab", "Runbook and support handover", "training", "open", 60, ""),
        ("Customer Service – South", "Learning & Development", "Advisor training sessions scheduled", "training",
         "done", -30, ""),
        ("Customer Service – North", "HR Business Partners", "Works council consultation", "approval", "done", -60, ""),
    ),
    "Underwriting copilot": (
        ("Commercial Underwriting", "Data Platform", "Submission and loss-run document feed", "data", "in_progress", 20, ""),
        ("Pricing & Actuarial", "Risk Modelling", "Validated referral model", "approval", "open", 25, ""),
        ("Risk Modelling", "Pricing & Actuarial", "Rating factors for the validation set", "data", "done", -35, ""),
        ("Commercial Underwriting", "Pricing & Actuarial", "Referral thresholds signed off", "approval", "open", 40, ""),
        ("Data Platform", "Cloud Platform", "Document store sized for production", "infrastructure", "done", -40, ""),
        ("Commercial Underwriting", "Legal & Compliance", "Regulator explainability review", "approval", "open", 55, ""),
        ("Personal Lines Underwriting", "Learning & Development", "Copilot e-learning published", "training", "done", -20, ""),
    ),
    "Claims triage assistant": (
        ("Motor Claims", "Data Platform", "First-notice-of-loss feed in real time", "data", "done", -300, ""),
        ("Fraud Analytics", "Data Science Lab", "Fraud flag on triage output", "integration", "done", -200, ""),
        ("Data Science Lab", "Data Platform", "Monthly drift dataset", "data", "done", -60, ""),
        ("Property Claims", "Legal & Compliance", "Customer notice on automated routing", "approval", "done", -120, ""),
        ("Claims Quality Assurance", "Cloud Platform", "Audit log retention for 7 years", "infrastructure",
         "in_progress", 75, ""),
    ),
    "Fraud alert explainer": (
        ("Fraud Analytics", "Data Platform", "Alert history extract", "data", "done", -40, ""),
        ("AML Investigations", "Legal & Compliance", "Approval to show reasons to investigators", "approval",
         "in_progress", 25, ""),
        ("Fraud Analytics", "Data Science Lab", "Reason codes mapped to plain-language text", "integration", "open", 40, ""),
    ),
}

_DECISIONS = (
    ("Keep a human reviewer on every output during the pilot", "AI steering committee",
     "Regulator expects human oversight until accuracy is proven", "Gate: risk assessment on record"),
    ("Use the group's approved cloud model, not a local one", "Chief Information Officer",
     "Cheaper to run and already security-reviewed", "Dependency: GPU capacity"),
    ("Measure adoption weekly, report monthly to the sponsor", "Change lead", "Weekly data shows resistance early", ""),
)

_KPIS = (  # name, unit, target, direction, tolerance, first reading
    ("Accuracy", "%", 90.0, "higher_better", 3.0, 84.0),
    ("p95 latency", "ms", 800.0, "lower_better", 200.0, 1400.0),
    ("Uptime", "%", 99.5, "higher_better", 0.3, 99.1),
    ("Cost per transaction", "€", 0.12, "lower_better", 0.03, 0.21),
)
# Where a KPI settles, as a share of the way from its first reading to its target: beyond the
# target (1.0) once live at scale, about halfway in a pilot (amber or red).
_KPI_REACH = {Stage.PRODUCTION: 1.25, Stage.SCALING: 1.2, Stage.PILOT: 0.55}
_EVIDENCE = ("Steering minutes", "https://intranet.example.com/ai/", "Signed off in", "Test report", "Confluence page")


def add_delivery(w: AuditedWriter, rng: random.Random, org: Organisation, rollouts: list[PlannedRollout]) -> None:
    """Write the delivery sample for every rollout (their ids are set by now)."""
    template = [(t.transition.value, t.area.value, t.text, t.position, t.evidence_rule)
                for t in sorted(w.ws.delivery.gates.template(), key=lambda t: t.position)]
    for rollout in rollouts:
        owners = [p for p, role in rollout.roles if role in ("Change lead", "Data owner", "Model owner", "Sponsor")]
        owners = owners or [rollout.owner]
        _dependencies(w, rng, org, rollout, owners)
        _gates(w, rng, rollout, owners, template)
        _decisions(w, rng, rollout)
        if rollout.spec.stage is not Stage.RETIRED:
            _raci(w, rng, org, rollout)
            _kpis(w, rng, rollout)


def _day(offset: int) -> str:
    return (DEMO_AS_OF + dt.timedelta(days=offset)).isoformat()


def _dependencies(w: AuditedWriter, rng: random.Random, org: Organisation, rollout: PlannedRollout,
                  owners: list[PlannedPerson]) -> None:
    retired = rollout.spec.stage is Stage.RETIRED
    for needer, provider, what, kind, status, due, reason in _DEPENDENCIES.get(rollout.name, ()):
        if retired:  # the retired variant's history: everything it waited on arrived, long ago
            status, due, reason = "done", due - 500, ""
        provider_team = org.team(provider)
        owner = provider_team.lead if provider_team.lead and rng.random() < 0.7 else rng.choice(owners)
        w.insert("dependencies", {
            "rollout_id": rollout.id, "needer_team_id": org.team(needer).id, "provider_team_id": provider_team.id,
            "description": what, "kind": kind, "status": status, "due_date": _day(due + rng.randint(-2, 2)),
            "owner_id": owner.id, "blocked_reason": reason,
        })


def _gates(w: AuditedWriter, rng: random.Random, rollout: PlannedRollout, owners: list[PlannedPerson],
           template: list[tuple[str, str, str, int, str]]) -> None:
    # Share of each gate done: gates already passed are (nearly) complete.
    done_share = {
        Stage.PILOT: {GateTransition.PILOT_TO_SCALING: 0.45, GateTransition.SCALING_TO_PRODUCTION: 0.0},
        Stage.SCALING: {GateTransition.PILOT_TO_SCALING: 1.0, GateTransition.SCALING_TO_PRODUCTION: 0.5},
        Stage.PRODUCTION: {GateTransition.PILOT_TO_SCALING: 1.0, GateTransition.SCALING_TO_PRODUCTION: 0.9},
        Stage.RETIRED: {GateTransition.PILOT_TO_SCALING: 0.3, GateTransition.SCALING_TO_PRODUCTION: 0.0},
    }[rollout.spec.stage]
    # When open items fall due, in days from DEMO_AS_OF: the scaling rollout has planned its
    # remaining production checks for the coming months; a pilot has some past due, and one
    # that has run past its target date most of them.
    if rollout.spec.stage is Stage.SCALING:
        due_range = (20, 90)
    elif rollout.spec.stage is Stage.PILOT and rollout.target_date <= DEMO_AS_OF:
        due_range = (-45, 30)
    else:
        due_range = (-20, 70)
    for transition, area, text, position, rule in template:
        share = done_share[GateTransition(transition)]
        roll = rng.random()
        status = "done" if roll < share else "waived" if roll < share + 0.05 and share > 0 else "open"
        owner = rng.choice(owners)
        evidence = ""
        if status == "done":
            source = rng.choice(_EVIDENCE)
            evidence = (f"{source}{text.lower().replace(' ', '-')[:30]}" if source.startswith("http")
                        else f"{source} {_day(-rng.randint(10, 200))}")
        w.insert("gate_items", {
            "rollout_id": rollout.id, "transition": transition, "area": area, "text": text, "status": status,
            "owner_id": owner.id, "evidence": evidence, "position": position, "evidence_rule": rule,
            "due_date": _day(rng.randint(*due_range)) if status == "open" else None,
            "waiver_reason": "Not applicable to this rollout; agreed with Risk" if status == "waived" else "",
        })


def _decisions(w: AuditedWriter, rng: random.Random, rollout: PlannedRollout) -> None:
    stage = rollout.spec.stage
    moves = {Stage.PILOT: [], Stage.SCALING: [(Stage.PILOT, Stage.SCALING)],
             Stage.PRODUCTION: [(Stage.PILOT, Stage.SCALING), (Stage.SCALING, Stage.PRODUCTION)],
             Stage.RETIRED: [(Stage.PILOT, Stage.RETIRED)]}[stage]
    span = max(30, (rollout.go_live - rollout.start).days)
    for n, (before, after) in enumerate(moves):
        day = rollout.start + dt.timedelta(days=span * (n + 1) // len(moves))
        rationale = ("Investigators did not trust the explanations; the vendor platform now ships its own"
                     if after is Stage.RETIRED else "Pilot targets met; open items have owners and dates")
        w.insert("decisions", {
            "rollout_id": rollout.id, "decided_on": min(day, DEMO_AS_OF).isoformat(),
            "decision": f"Move from {before.label.lower()} to {after.label.lower()}",
            "decided_by": rollout.sponsor.name, "rationale": rationale, "links": "Readiness gate review",
            "from_stage": before.value, "to_stage": after.value,
        })
    for decision, by, rationale, links in rng.sample(_DECISIONS, 2):
        day = rollout.start + dt.timedelta(days=rng.randint(5, max(6, span // 2)))
        w.insert("decisions", {"rollout_id": rollout.id, "decided_on": min(day, DEMO_AS_OF).isoformat(),
                               "decision": decision, "decided_by": by, "rationale": rationale, "links": links})


def _raci(w: AuditedWriter, rng: random.Random, org: Organisation, rollout: PlannedRollout) -> None:
    by_role: dict[str, list[PlannedPerson]] = {}
    for person, role in rollout.roles:
        by_role.setdefault(role, []).append(person)

    def first(role: str) -> PlannedPerson:
        return (by_role.get(role) or [rollout.owner])[0]

    accountable = [rollout.owner, first("Model owner"), first("Data owner"), rollout.owner, first("Change lead"),
                   rollout.sponsor]
    responsible = [None, "Data Science Lab", "Data Platform", "Cloud Platform",
                   "Learning & Development", "Legal & Compliance"]
    gap = rollout.name == "Contact-centre summariser"  # one RACI gap: no one accountable for the model
    for position, name in enumerate(DEFAULT_RESPONSIBILITIES, start=1):
        rid = w.insert("raci_responsibilities", {"rollout_id": rollout.id, "name": name, "position": position})
        cell = {"rollout_id": rollout.id, "responsibility_id": rid}
        if not (gap and name == "Model performance and drift"):
            w.insert("raci_assignments", {**cell, "person_id": accountable[position - 1].id, "role": "A"})
        team = responsible[position - 1]
        if team is None:
            w.insert("raci_assignments", {**cell, "person_id": first("Change lead").id, "role": "R"})
        else:
            w.insert("raci_assignments", {**cell, "team_id": org.team(team).id, "role": "R"})
        if rng.random() < 0.6 and rollout.sponsor is not accountable[position - 1]:
            w.insert("raci_assignments", {**cell, "person_id": rollout.sponsor.id, "role": "I"})


def _kpis(w: AuditedWriter, rng: random.Random, rollout: PlannedRollout) -> None:
    """Monthly readings that close a share of the gap to where the KPI settles each month, with
    noise far smaller than the margin by which a live rollout's KPIs end beyond their target."""
    months = _months(rollout.start, DEMO_AS_OF)[-10:]
    reach = _KPI_REACH[rollout.spec.stage]
    for position, (name, unit, target, direction, tolerance, start) in enumerate(_KPIS, start=1):
        kid = w.insert("kpis", {"rollout_id": rollout.id, "name": name, "unit": unit, "target": target,
                                "direction": direction, "tolerance": tolerance, "position": position})
        gap = target - start
        settle, value = start + gap * reach, start
        speed = rng.uniform(0.3, 0.45)  # of the remaining way, per month
        for day in months:
            noise = rng.uniform(-0.03, 0.03) * abs(gap)
            w.insert("kpi_readings", {"rollout_id": rollout.id, "kpi_id": kid, "measured_on": day.isoformat(),
                                      "value": round(min(value + noise, 99.99) if unit == "%" else value + noise, 3)})
            value += (settle - value) * speed
