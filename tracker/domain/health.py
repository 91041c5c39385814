"""A rollout's health: red, amber or green, from a transparent rule, with a reason per factor.

Leaders act on the colour and the reason behind it, so the rule must be one they can read and
check by hand: seven factors (adoption, training, ADKAR, resistance, dependencies, gates, KPIs),
each judged from a few plain numbers against thresholds kept in one place (`Thresholds`), each
giving its own colour and a one-sentence reason ("Training: 41% complete, 3 teams overdue").

Overall: any red factor makes the rollout red; else any amber makes it amber; else a factor
without data makes it amber too (missing data is never green), except adoption and KPIs before
go-live, which cannot have data yet (a pilot before its go-live is judged on what it can show);
when no factor has data at all the rollout is "No data". `HEALTH_RULE_TEXT` says the same in
sentences generated from the thresholds, for the README, Help and the report's About sheet.

Pure: plain numbers in (`RolloutFacts`, gathered by tracker/services/rollout_status.py), no Qt,
no SQL, no clock (`as_of` is a fact).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tracker.domain.enums import LabelledEnum, Stage
from tracker.domain.forecast import Answer, Outcome


class Health(LabelledEnum):
    """The colour of a rollout or of one factor. A word is always shown with the colour."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    NO_DATA = "no_data"  # label "No data"

    @property
    def rank(self) -> int:
        """Worst first: red 0, amber 1, no data 2, green 3 (for sorting reasons and rollouts)."""
        return _RANK[self]


_RANK = {Health.RED: 0, Health.AMBER: 1, Health.NO_DATA: 2, Health.GREEN: 3}


@dataclass(frozen=True, slots=True)
class Factor:
    """One factor's verdict: `key` is stable ("training"), `name` is what users read."""

    key: str
    name: str
    health: Health
    reason: str  # one sentence, starting with the name: "Training: 41% complete, 3 teams overdue."


# ----------------------------------------------------------------------------- thresholds
@dataclass(frozen=True, slots=True)
class Thresholds:
    """Every number the rule uses. Shares are fractions (0.05 = 5 %), "at" means "at or above"."""

    # Adoption: percentage points behind the planned path (a straight line from 0 at go-live to
    # the target rate on the target date), and days the forecast arrives after the target date.
    adoption_amber_gap: float = 0.05
    adoption_red_gap: float = 0.15
    # Forecast date after the target date: amber; the whole 80 % band (its earliest date) this
    # much later: red. One plausible curve on time keeps a rollout out of red.
    adoption_red_late_days: int = 90
    # Training: share of required assignments (exemptions left out) that are overdue.
    training_amber_overdue: float = 0.02
    training_red_overdue: float = 0.10
    # ADKAR: highly affected teams whose latest assessment has a barrier point.
    adkar_amber_teams: int = 1
    adkar_red_share: float = 0.5  # of the assessed highly affected teams
    # Resistance: unresolved signals of this severity or worse.
    resistance_severity: int = 4
    resistance_amber_signals: int = 1
    resistance_red_signals: int = 3
    # Dependencies: blocked or overdue ones anywhere (on the critical path, one is red).
    dependency_amber_late: int = 1
    dependency_red_late: int = 5
    # Gates: open items of the next gate, and those of them past their due date.
    gate_amber_open: int = 1
    gate_red_overdue: int = 1
    # KPIs: KPIs whose latest reading is red (beyond the amber tolerance) or amber.
    kpi_amber_count: int = 1
    kpi_red_count: int = 1
    # Usage data whose latest week ends more than this many days before as_of is stale: the
    # adoption factor says so and is not green on it (tracker/domain/usage_freshness.py).
    usage_stale_days: int = 14

    def __post_init__(self) -> None:
        problems = []
        for low, high in (("adoption_amber_gap", "adoption_red_gap"),
                          ("training_amber_overdue", "training_red_overdue"),
                          ("resistance_amber_signals", "resistance_red_signals"),
                          ("dependency_amber_late", "dependency_red_late")):
            if getattr(self, low) > getattr(self, high):
                problems.append(f"{low} must not exceed {high}")
        for name in ("adoption_amber_gap", "adoption_red_gap", "training_amber_overdue", "training_red_overdue",
                     "adkar_red_share"):
            if not 0 <= getattr(self, name) <= 1:
                problems.append(f"{name} must be a share between 0 and 1")
        if not 1 <= self.resistance_severity <= 5:
            problems.append("resistance_severity must be 1 to 5")
        for name in ("adkar_amber_teams", "resistance_amber_signals", "dependency_amber_late", "gate_amber_open",
                     "gate_red_overdue", "kpi_amber_count", "kpi_red_count"):
            if getattr(self, name) < 1:  # 0 would make every rollout amber or red
                problems.append(f"{name} must be at least 1")
        if self.adoption_red_late_days < 0:
            problems.append("adoption_red_late_days must be 0 or more")
        if self.usage_stale_days < 0:
            problems.append("usage_stale_days must be 0 or more")
        if problems:
            raise ValueError("; ".join(problems))


DEFAULT = Thresholds()


# ----------------------------------------------------------------------------- facts
@dataclass(frozen=True, slots=True)
class AdoptionFacts:
    rate: float | None = None  # latest active users / eligible people, 0..1; None: no usage data
    target_rate: float | None = None  # the rollout's target adoption
    target_date: dt.date | None = None
    planned_rate: float | None = None  # where the target path stands on as_of (None: no path)
    forecast: Outcome | None = None  # the forecast's answer about the target (None: no forecast)
    forecast_reason: str = ""  # why there is no forecast
    data_ends: dt.date | None = None  # the end of the latest week with usage figures
    # Set when the rollout's eligible people are a group the small-group rule hides
    # (tracker/domain/withheld_facts.py): the figures above are then withheld, never used.
    withheld_below: int | None = None

    @property
    def forecast_date(self) -> dt.date | None:
        """When the forecast reaches the target; None unless its answer is "reaches"."""
        return self.forecast.date if self.forecast and self.forecast.answer is Answer.REACHES else None


@dataclass(frozen=True, slots=True)
class TrainingFacts:
    required: int = 0  # assignments (person x module) that must be taken, exemptions included
    completed: int = 0
    exempt: int = 0
    overdue: int = 0  # not completed nor exempt, past the module's due date
    teams_overdue: int = 0  # teams with at least one overdue assignment (of the teams shown)
    # The small-group rule (tracker/domain/withheld_facts.py): `withheld_below` when the rollout's
    # trainees are a group it hides (the counts above are then withheld: zero); otherwise the
    # teams it hides are left out of `teams_overdue` and only counted here.
    withheld_below: int | None = None
    teams_suppressed: int = 0
    suppressed_below: int | None = None  # the minimum group size that hid those teams
    suppressed_derived: bool = False  # some are hidden only so a small one cannot be worked out


@dataclass(frozen=True, slots=True)
class AdkarFacts:
    teams: int = 0  # teams taking part in the rollout
    high_impact_teams: int = 0
    assessed: int = 0  # highly affected teams with an assessment
    barriers: tuple[str, ...] = ()  # the barrier element of each assessed team stuck at one ("Desire")
    # Assessed highly affected teams left out above by the small-group rule
    # (tracker/domain/rollout_privacy.py): their barriers are not evidence the factor may use.
    suppressed: int = 0
    suppressed_below: int | None = None  # the minimum group size that hid them
    suppressed_derived: bool = False  # some are hidden only so a small one cannot be worked out


@dataclass(frozen=True, slots=True)
class ResistanceFacts:
    recorded: int = 0  # signals ever recorded, resolved included
    open_by_severity: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)  # unresolved, severity 1..5
    # Set when the rollout's people, taken together, are a group the small-group rule hides: the
    # counts above are then withheld (zero), never used, and the factor says it is suppressed.
    suppressed_below: int | None = None

    @property
    def open(self) -> int:
        return sum(self.open_by_severity)

    def open_at_least(self, severity: int) -> int:
        return sum(self.open_by_severity[severity - 1:])


@dataclass(frozen=True, slots=True)
class DependencyFacts:
    total: int = 0
    unfinished: int = 0
    blocked: int = 0
    overdue: int = 0  # unfinished past the due date (blocked ones included)
    late: int = 0  # blocked or overdue (each counted once)
    critical_late: int = 0  # of those, on the critical path
    cycle: bool = False  # teams wait on each other: the chain can never finish
    ready_on: dt.date | None = None  # when the last unfinished dependency is forecast to arrive


@dataclass(frozen=True, slots=True)
class GateFacts:
    next_gate: str | None = None  # label of the next transition ("Pilot → Scaling"); None: none ahead
    items: int = 0
    open: int = 0
    overdue: int = 0  # open and past the item's due date


@dataclass(frozen=True, slots=True)
class KpiFacts:
    total: int = 0
    measured: int = 0  # with at least one reading
    red: int = 0
    amber: int = 0


@dataclass(frozen=True, slots=True)
class RolloutFacts:
    """Everything the rule looks at for one rollout, as plain numbers."""

    as_of: dt.date
    stage: Stage = Stage.PILOT
    go_live_date: dt.date | None = None
    adoption: AdoptionFacts = field(default_factory=AdoptionFacts)
    training: TrainingFacts = field(default_factory=TrainingFacts)
    adkar: AdkarFacts = field(default_factory=AdkarFacts)
    resistance: ResistanceFacts = field(default_factory=ResistanceFacts)
    dependencies: DependencyFacts = field(default_factory=DependencyFacts)
    gates: GateFacts = field(default_factory=GateFacts)
    kpis: KpiFacts = field(default_factory=KpiFacts)

    @property
    def before_go_live(self) -> bool:
        """A pilot whose go-live has not come (or is not set): no use or KPI readings expected yet."""
        return Stage(self.stage) is Stage.PILOT and (self.go_live_date is None or self.as_of < self.go_live_date)


# ----------------------------------------------------------------------------- the rule
FACTOR_NAMES: dict[str, str] = {
    "adoption": "Adoption", "training": "Training", "adkar": "ADKAR", "resistance": "Resistance",
    "dependencies": "Dependencies", "gates": "Gates", "kpis": "KPIs",
}
# Factors that cannot have data before go-live: their "No data" does not hold a pilot at amber.
NOT_DUE_BEFORE_GO_LIVE = frozenset({"adoption", "kpis"})


def assess_health(facts: RolloutFacts, thresholds: Thresholds = DEFAULT) -> tuple[Health, tuple[Factor, ...]]:
    """The overall health and each factor's verdict, in FACTOR_NAMES order (module docstring)."""
    from tracker.domain import health_factors as f
    from tracker.domain.usage_freshness import flag_stale_usage
    from tracker.domain.withheld_facts import withheld_adoption

    t = thresholds
    adoption = withheld_adoption(facts.adoption) or f.adoption(facts, t)
    factors = (
        flag_stale_usage(adoption, facts.adoption.data_ends, facts.as_of, t), f.training(facts.training, t),
        f.adkar(facts.adkar, t),
        f.resistance(facts.resistance, t), f.dependencies(facts.dependencies, facts.go_live_date, t, facts.as_of),
        f.gates(facts.gates, t), f.kpis(facts.kpis, t, facts),
    )
    return overall(factors, excused=NOT_DUE_BEFORE_GO_LIVE if facts.before_go_live else frozenset()), factors


def overall(factors: tuple[Factor, ...], excused: frozenset[str] = frozenset()) -> Health:
    """Red if any is red; else amber if any is amber or (not excused) has no data; else green.
    No data at all: NO_DATA."""
    colours = {x.health for x in factors}
    if colours <= {Health.NO_DATA}:
        return Health.NO_DATA
    if Health.RED in colours:
        return Health.RED
    if Health.AMBER in colours:
        return Health.AMBER
    if any(x.health is Health.NO_DATA and x.key not in excused for x in factors):
        return Health.AMBER
    return Health.GREEN


def reasons(factors: tuple[Factor, ...]) -> tuple[str, ...]:
    """The reasons of the factors that are not green, worst first (red, amber, no data)."""
    return tuple(x.reason for x in sorted((x for x in factors if x.health is not Health.GREEN),
                                          key=lambda x: x.health.rank))


# ----------------------------------------------------------------------------- the rule in words
def health_rule_text(t: Thresholds = DEFAULT) -> str:
    """The rule in plain sentences, generated from the thresholds so that text and rule agree."""
    def pct(share: float) -> str:
        return f"{share * 100:g}%"

    def pts(share: float) -> str:
        return f"{share * 100:g} percentage points"

    def n(count: int, word: str) -> str:
        return f"{count} {word}" + ("" if count == 1 else "s")

    lines = [
        "Each rollout gets red, amber or green from seven factors; each factor has its own colour "
        "and a one-sentence reason, and a factor without data says \"No data\" and never counts as green.",
        f"- Adoption: active users against the planned path (a straight line from 0 at go-live to the "
        f"target rate on the target date), and the forecast, which gives one of three answers: it "
        f"reaches the target on a date (with an 80% band of dates), it does not reach the target "
        f"(only when even the top of the plateau's band lies below the target), or it is not yet "
        f"predictable (the curve has not turned yet, or only just, or its plateau may settle either "
        f"side of the target). Amber {pts(t.adoption_amber_gap)} or more behind the path, or when the forecast "
        f"date, or the band's earliest date, is after the target date; red {pts(t.adoption_red_gap)} or "
        f"more behind, or when the whole band misses the target date: the forecast does not reach "
        f"the target, or even the band's earliest date (a forecast not yet predictable has one too) "
        f"is more than {t.adoption_red_late_days} days after it. At or above the target rate is green. "
        f"No usage data or no target: No data.",
        f"- Training: overdue assignments (not completed nor exempt, past the module's due date) as a "
        f"share of the required ones, exemptions left out. Amber from {pct(t.training_amber_overdue)}, "
        f"red from {pct(t.training_red_overdue)}. No training required: No data.",
        f"- ADKAR: highly affected teams whose latest assessment has a barrier point (the first element "
        f"scoring 3 or less). Amber from {n(t.adkar_amber_teams, 'such team')}; red when "
        f"{pct(t.adkar_red_share)} or more of the assessed highly affected teams are stuck. No highly "
        f"affected team is green; highly affected teams without any assessment: No data.",
        f"- Resistance: unresolved signals of severity {t.resistance_severity} or more. Amber from "
        f"{t.resistance_amber_signals}, red from {t.resistance_red_signals}. No signals ever recorded: No data.",
        f"- Dependencies: blocked or overdue unfinished dependencies. Red when one is on the critical "
        f"path (the chain forecast to finish last), when teams wait on each other in a cycle, or from "
        f"{t.dependency_red_late} anywhere; amber from {t.dependency_amber_late}, or when, before go-live, the "
        f"critical path is forecast to finish after it. No dependencies recorded: No data.",
        f"- Gates: items of the next readiness gate. Red from {n(t.gate_red_overdue, 'open item')} past "
        f"the due date; amber from {n(t.gate_amber_open, 'open item')}; green when every item is done or "
        f"waived, or when no gate lies ahead. A next gate without items: No data.",
        f"- KPIs: the latest reading of each KPI against its target and amber tolerance. Red from "
        f"{n(t.kpi_red_count, 'red KPI')}; amber from {n(t.kpi_amber_count, 'amber KPI')}. No KPI with a "
        f"reading: No data.",
        "Overall: red when any factor is red; otherwise amber when any factor is amber or has no data; "
        "otherwise green. Before go-live, a pilot's adoption and KPIs cannot have data yet: their "
        "\"No data\" is shown but does not make the pilot amber. A rollout with no data at all is \"No data\". "
        "The reasons shown with the status are those of the factors that are not green, worst first.",
        "Small groups: figures of a group smaller than the workspace's minimum group size, or that would let "
        "one be worked out from a total, are suppressed before any reason is written. Resistance then says "
        "\"suppressed: fewer than N people\" with No data; ADKAR judges only the teams it may show, and is "
        "not green while an assessed highly affected team is suppressed. Adoption and training say the same "
        "when the rollout's eligible people or trainees are fewer than the minimum; otherwise their "
        "reasons count overdue teams only among the teams shown.",
        f"Stale usage: when the latest week with usage figures ends more than {t.usage_stale_days} days before "
        "the status date, adoption says \"usage data ends DATE (N days old)\" and is amber at best.",
    ]
    return "\n".join(lines)


HEALTH_RULE_TEXT: str = health_rule_text(DEFAULT)
