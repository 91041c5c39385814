"""Evidence the workspace already holds for a readiness gate item, and whether it says "met".

Some gate items ask about things the workspace records anyway: a sponsor, champions in the
highly affected teams, training completion, open severe resistance, KPIs, the decision log. An
item linked to one of the rules below shows what the data says beside it, so a reviewer does
not have to look it up; ticking stays the user's decision (the window offers "Mark done from
evidence", which writes the evidence text into the item in one undoable change).

An item is linked by a stable key (`evidence_rule`, stored on template and checklist items), not
by its text, so a workspace may reword "Sponsor named" and keep its evidence. The built-in
template's items get their keys from `BUILTIN_RULES` (new workspaces and, by matching texts,
older ones in migration m010).

Pure: the facts come in as plain values (tracker/services/gate_evidence.py gathers them, with
the small-group rule applied before they get here), the sentences go out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from tracker.domain.enums import LabelledEnum
from tracker.domain.health import DEFAULT

TRAINING_TARGET = 0.8  # share of required training completed that counts as "trained"
SEVERE = DEFAULT.resistance_severity  # the health rule's "severe": an unresolved signal at or above it


class EvidenceRule(LabelledEnum):
    SPONSOR = "sponsor"
    CHAMPIONS = "champions"
    TRAINING = "training"
    SEVERE_SIGNALS = "severe_signals"
    KPIS_GREEN = "kpis_green"
    LATENCY_KPI = "latency_kpi"
    UPTIME_KPI = "uptime_kpi"
    DECISION_LOG = "decision_log"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    EvidenceRule.SPONSOR: "The rollout has a sponsor",
    EvidenceRule.CHAMPIONS: "A champion in every highly affected team",
    EvidenceRule.TRAINING: f"Training at least {TRAINING_TARGET:.0%} complete",
    EvidenceRule.SEVERE_SIGNALS: f"No open resistance signal of severity {SEVERE} or worse",
    EvidenceRule.KPIS_GREEN: "Every KPI green",
    EvidenceRule.LATENCY_KPI: "Latency KPIs green",
    EvidenceRule.UPTIME_KPI: "Uptime KPIs green",
    EvidenceRule.DECISION_LOG: "Decisions are logged",
}

# The built-in template's items that the data can answer (by their text in BUILTIN_TEMPLATE).
BUILTIN_RULES: dict[str, EvidenceRule] = {
    "Sponsor named": EvidenceRule.SPONSOR,
    "A champion in every highly affected team": EvidenceRule.CHAMPIONS,
    "Decision log kept": EvidenceRule.DECISION_LOG,
    "Training completed in every highly affected team": EvidenceRule.TRAINING,
    "Latency target met under production load": EvidenceRule.LATENCY_KPI,
    "Uptime target and monitoring in place": EvidenceRule.UPTIME_KPI,
}


def rule_of(key: str | None) -> EvidenceRule | None:
    """The rule a stored key names; None for a manual item (or a key this version does not know)."""
    try:
        return EvidenceRule(key) if key else None
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class KpiState:
    name: str
    status: str  # a Rag value: green, amber, red, no_data


@dataclass(frozen=True)
class EvidenceFacts:
    """What the rules look at for one rollout. `None` for a figure means the small-group rule
    hides it (so no sentence may be built from it)."""

    as_of: dt.date
    sponsor_name: str = ""
    sponsor_set_on: dt.date | None = None  # when the current sponsor was set, from the history
    high_impact_teams: tuple[str, ...] = ()
    teams_with_champion: frozenset[str] = field(default_factory=frozenset)
    training_percent: float | None = None  # 0..1; None: hidden or nothing required
    training_hidden: bool = False
    severe_open_signals: int | None = 0  # None: hidden by the small-group rule
    kpis: tuple[KpiState, ...] = ()
    decisions: int = 0
    latest_decision: dt.date | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    rule: EvidenceRule
    met: bool
    text: str  # one line, what a reviewer reads and what "Mark done from evidence" stores


def day(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def _names(names: Sequence[str], most: int = 3) -> str:
    shown = ", ".join(names[:most])
    return shown + (f" and {len(names) - most} more" if len(names) > most else "")


def _sponsor(f: EvidenceFacts) -> Evidence:
    if not f.sponsor_name:
        return Evidence(EvidenceRule.SPONSOR, False, "No sponsor set on the rollout")
    since = f" (set {day(f.sponsor_set_on)})" if f.sponsor_set_on else ""
    return Evidence(EvidenceRule.SPONSOR, True, f"Sponsor: {f.sponsor_name}{since}")


def _champions(f: EvidenceFacts) -> Evidence:
    if not f.high_impact_teams:
        return Evidence(EvidenceRule.CHAMPIONS, False, "No highly affected team yet")
    missing = [t for t in f.high_impact_teams if t not in f.teams_with_champion]
    total = len(f.high_impact_teams)
    if not missing:
        return Evidence(EvidenceRule.CHAMPIONS, True, f"A champion in each of the {total} highly affected team(s)")
    return Evidence(EvidenceRule.CHAMPIONS, False,
                    f"{len(missing)} of {total} highly affected team(s) without a champion: {_names(missing)}")


def _training(f: EvidenceFacts) -> Evidence:
    target = f"target {TRAINING_TARGET:.0%}"
    if f.training_hidden:
        return Evidence(EvidenceRule.TRAINING, False, f"Training figures hidden (too few trainees); {target}")
    if f.training_percent is None:
        return Evidence(EvidenceRule.TRAINING, False, "No training required yet")
    pct = f.training_percent
    shown = f"{int(pct * 100)}%"  # rounded down: 79.6 % is not "80 %"
    return Evidence(EvidenceRule.TRAINING, pct >= TRAINING_TARGET, f"Training {shown} complete ({target})")


def _signals(f: EvidenceFacts) -> Evidence:
    if f.severe_open_signals is None:
        return Evidence(EvidenceRule.SEVERE_SIGNALS, False, "Resistance figures hidden (too few people)")
    n = f.severe_open_signals
    if n == 0:
        return Evidence(EvidenceRule.SEVERE_SIGNALS, True, f"No open resistance signal of severity {SEVERE}+")
    return Evidence(EvidenceRule.SEVERE_SIGNALS, False, f"{n} open resistance signal(s) of severity {SEVERE}+")


def _kpis(rule: EvidenceRule, f: EvidenceFacts, word: str | None) -> Evidence:
    kpis = [k for k in f.kpis if word is None or word in k.name.casefold()]
    what = "KPI" if word is None else f"{word} KPI"
    if not kpis:
        return Evidence(rule, False, f"No {what} recorded")
    unmeasured = [k.name for k in kpis if k.status == "no_data"]
    off = [f"{k.name} {k.status}" for k in kpis if k.status in ("red", "amber")]
    if not off and not unmeasured:
        names = "" if word is None else f": {_names([k.name for k in kpis])}"
        return Evidence(rule, True, f"{len(kpis)} {what}(s) green{names}")
    parts = ([f"off target: {_names(off)}"] if off else []) + ([f"no reading: {_names(unmeasured)}"] if unmeasured else [])
    return Evidence(rule, False, f"{len(kpis) - len(off) - len(unmeasured)} of {len(kpis)} {what}(s) green; "
                    + "; ".join(parts))


def _decisions(f: EvidenceFacts) -> Evidence:
    if not f.decisions:
        return Evidence(EvidenceRule.DECISION_LOG, False, "No decision logged yet")
    latest = f", latest {day(f.latest_decision)}" if f.latest_decision else ""
    return Evidence(EvidenceRule.DECISION_LOG, True, f"{f.decisions} decision(s) logged{latest}")


def evaluate(rule: EvidenceRule, facts: EvidenceFacts) -> Evidence:
    rule = EvidenceRule(rule)
    if rule is EvidenceRule.SPONSOR:
        return _sponsor(facts)
    if rule is EvidenceRule.CHAMPIONS:
        return _champions(facts)
    if rule is EvidenceRule.TRAINING:
        return _training(facts)
    if rule is EvidenceRule.SEVERE_SIGNALS:
        return _signals(facts)
    if rule is EvidenceRule.DECISION_LOG:
        return _decisions(facts)
    word = {EvidenceRule.LATENCY_KPI: "latency", EvidenceRule.UPTIME_KPI: "uptime"}.get(rule)
    return _kpis(rule, facts, word)


def evaluate_all(facts: EvidenceFacts) -> dict[EvidenceRule, Evidence]:
    return {rule: evaluate(rule, facts) for rule in EvidenceRule}


def recorded_text(evidence: Evidence, as_of: dt.date) -> str:
    """What "Mark done from evidence" stores in the item: the evidence and the day it was read."""
    return f"{evidence.text} (from the workspace, {day(as_of)})"
