"""A rollout's status (health, the reasons, the figures behind them), for one rollout or all.

The dashboard, the rollout page and the Excel report all show the same `RolloutStatus`, so the
colour and the reasons can never disagree between them. `portfolio_status` gathers each area's
facts for every rollout at once (one grouped query per area: `severity_counts`,
`latest_by_rollout`, `Gates.counts`, `Kpis.all`, `Dependencies.all`, the training counts of
tracker/store/training_status.py), not area by area per rollout: 50 rollouts cost a handful of
queries, not 350. The rule itself is the pure `tracker.domain.health.assess_health`; the
critical path is `tracker.domain.dependency_graph.critical_path`.

The small-group rule (tracker/domain/rollout_privacy.py) is applied here, before the rule sees
any figure: hidden teams' signals and ADKAR barriers never reach the facts, nor do a rollout's
adoption or training figures when its eligible people or trainees are too few, nor a hidden
team's lateness (tracker/domain/withheld_facts.py), so no reason, colour or count built from
them can tell what a "hidden" cell beside it hides. The decision travels with the status
(`privacy`, with the team figures it was taken on) and every view of the rollout hides the
same teams.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, TypeVar

from tracker.domain.health import (
    DEFAULT,
    AdkarFacts,
    AdoptionFacts,
    DependencyFacts,
    Factor,
    GateFacts,
    Health,
    KpiFacts,
    ResistanceFacts,
    RolloutFacts,
    Thresholds,
    TrainingFacts,
    assess_health,
    reasons,
)
from tracker.domain.models import Rollout
from tracker.domain.rollout_privacy import RolloutPrivacy, only_small, rollout_privacy

if TYPE_CHECKING:
    from tracker.domain.adoption import AdoptionPoint, AdoptionSummary
    from tracker.domain.change_load import ChangeLoad
    from tracker.domain.dependencies import Dependency
    from tracker.domain.gates import GateTransition
    from tracker.domain.kpis import Kpi
    from tracker.domain.readiness import AdkarAssessment
    from tracker.domain.team_adoption import TeamAdoption
    from tracker.store.events import ChangeEvent
    from tracker.store.workspace import Workspace


@dataclass(frozen=True)
class RolloutStatus:
    """One rollout's status as of a day: what the dashboard row and the report's Summary show."""

    rollout: Rollout
    health: Health
    factors: tuple[Factor, ...]
    reasons: tuple[str, ...]  # the reasons of the factors that are not green, worst first
    adoption: AdoptionSummary | None
    adoption_rate: float | None
    target_rate: float | None
    target_date: dt.date | None
    forecast_date: dt.date | None  # only when the forecast's answer is "reaches the target"
    training_percent: float | None  # 0..1, exemptions left out; None: no training required
    overdue_training: int | None  # None: hidden by the small-group rule
    open_signals: int | None  # None: hidden by the small-group rule (shown as "hidden")
    high_severity_signals: int | None  # unresolved, at or above Thresholds.resistance_severity; None: hidden
    blocked_dependencies: int
    overdue_dependencies: int
    open_gate_items: int  # of the next gate
    next_gate: str | None  # label of the next gate transition ("Pilot → Scaling")
    kpis_off_target: int  # red or amber
    as_of: dt.date
    facts: RolloutFacts | None = None  # everything the rule looked at
    privacy: RolloutPrivacy | None = None  # the groups every view of this rollout hides
    usage_note: str | None = None  # "usage data ends DATE (N days old)" when the usage data is stale
    team_adoption: dict[int, TeamAdoption] | None = None  # team id -> TeamAdoption as of the day (the report's team rows)

    def factor(self, key: str) -> Factor | None:
        return next((f for f in self.factors if f.key == key), None)

    @property
    def signals_hidden(self) -> bool:
        return self.open_signals is None

    @property
    def adoption_hidden(self) -> bool:
        """The rollout's eligible people are too few: no adoption figure of it is shown."""
        return self.privacy is not None and self.privacy.adoption_total_hidden

    @property
    def training_hidden(self) -> bool:
        """The rollout's trainees are too few: no training figure of it is shown."""
        return self.privacy is not None and self.privacy.training_total_hidden

    def adoption_points(self) -> list[AdoptionPoint]:
        """The rollout's weekly adoption figures a leader may see: none when hidden, and never a
        week whose eligible people were fewer than the minimum group size."""
        if self.adoption is None or self.adoption_hidden:
            return []
        minimum = self.privacy.minimum if self.privacy is not None else 0
        return [p for p in self.adoption.points if p.eligible == 0 or p.eligible >= minimum]


# ----------------------------------------------------------------------------- computing it
_NEXT_GATE = {"pilot": "pilot_to_scaling", "scaling": "scaling_to_production"}


def rollout_status(ws: Workspace, rollout_id: int, as_of: dt.date | None = None,
                   thresholds: Thresholds = DEFAULT) -> RolloutStatus:
    """One rollout's status (the rollout page); raises StoreValidationError when it is gone."""
    found = portfolio_status(ws, as_of, [rollout_id], thresholds)
    if not found:
        from tracker.store.errors import StoreValidationError

        raise StoreValidationError("That rollout no longer exists.")
    return found[0]


def portfolio_status(ws: Workspace, as_of: dt.date | None = None, rollout_ids: list[int] | None = None,
                     thresholds: Thresholds = DEFAULT) -> list[RolloutStatus]:
    """Every rollout's status (or those of `rollout_ids`), worst first, then by name.

    Each area is read once for all of them (grouped queries); the training figures are kept
    between calls and counted again only where a change can have moved them
    (tracker/store/training_status.py). Each team's latest adoption figures (one query for all,
    tracker/store/adoption_latest.py) weigh it for the small-group rule, and the report shows them.
    """
    from tracker.domain import withheld_facts as withheld
    from tracker.store.adoption_latest import latest_team_adoption
    from tracker.store.change_load import ChangeLoadStore
    from tracker.store.training_status import current_counts, facts_from

    as_of = as_of or dt.date.today()
    rollouts = ws.rollouts.list()
    if rollout_ids is not None:
        wanted = set(rollout_ids)
        rollouts = [r for r in rollouts if r.id in wanted]
    if not rollouts:
        return []
    ids = None if rollout_ids is None else [r.id for r in rollouts]
    training_counts = current_counts(ws, ids)
    training = facts_from(training_counts, as_of)
    team_training = withheld.team_training(training_counts, as_of)
    signals = ws.readiness.signals.severity_counts(ids)
    latest = ws.readiness.adkar.latest_by_rollout(ids)
    impacts: dict[int, dict[int, str]] = {}
    for row in ChangeLoadStore(ws).rows(ids):
        impacts.setdefault(row.rollout_id, {})[row.team_id] = row.impact.value
    staffed = ws.teams.taking_part_with_people()
    dependencies = _group(ws.delivery.dependencies.all() if ids is None else
                          ws.delivery.dependencies.for_rollouts(ids))
    gates = ws.delivery.gates.counts(as_of, ids)
    kpis = _group(ws.delivery.kpis.all(ids))
    signal_teams = ws.readiness.signals.teams_by_rollout(ids)
    minimum = ws.settings.minimum_group_size
    involved = {t for r in rollouts for t in impacts.get(r.id, {}).keys() | signal_teams.get(r.id, set())}
    headcount = ws.teams.headcounts(involved)
    if ids is None:
        adoption = ws.adoption.summaries(as_of)
    else:
        adoption = {rid: ws.adoption.summary(rid, as_of) for rid in ids}
    team_adoption = latest_team_adoption(ws, as_of, ids)

    statuses = []
    for r in rollouts:
        # The small-group rule first: the facts below carry only evidence it lets through.
        people = {t: headcount.get(t, 0) for t in impacts.get(r.id, {}).keys() | signal_teams.get(r.id, set())}
        teams_adoption = team_adoption.get(r.id, {})
        trained = team_training.get(r.id, {})
        summary = adoption.get(r.id)
        privacy = rollout_privacy(
            people, {a.team_id: a.respondents for a in latest.get(r.id, [])}, minimum,
            eligible={t: a.eligible for t, a in teams_adoption.items() if a.has_data},
            rollout_eligible=summary.eligible if summary is not None and summary.has_data else 0,
            trainees={t: trainees for t, (trainees, _late) in trained.items()})
        facts = RolloutFacts(
            as_of=as_of, stage=r.stage, go_live_date=r.go_live_date,
            adoption=withheld.withhold_adoption(_adoption_facts(r, summary), privacy),
            training=withheld.withhold_training(training.get(r.id, TrainingFacts()),
                                                {t: late for t, (_n, late) in trained.items()}, privacy),
            adkar=_adkar_facts(impacts.get(r.id, {}), latest.get(r.id, []), privacy, staffed),
            resistance=(ResistanceFacts(suppressed_below=minimum) if privacy.signal_total_hidden
                        else signals.get(r.id, ResistanceFacts())),
            dependencies=_dependency_facts(dependencies.get(r.id, []), as_of),
            gates=_gate_facts(r, gates),
            kpis=_kpi_facts(kpis.get(r.id, [])),
        )
        statuses.append(_status(r, facts, summary, thresholds, privacy, teams_adoption))
    statuses.sort(key=lambda s: (s.health.rank, s.rollout.name.casefold()))
    return statuses


# ----------------------------------------------------------------------------- what an edit can move
# Tables that no status reads (tests trace portfolio_status's SQL to keep this true): an edit of
# only these leaves every rollout's health, reasons and figures as they were.
UNREAD_TABLES = frozenset({
    "stakeholders", "decisions", "raci_assignments", "raci_responsibilities", "training_sessions",
    "training_enrolments", "gate_template",
})
# Columns of `people` that no status counts or shows. Names are shown (owners, sponsors), team
# and active decide training and adoption; a title, email, employee id or manager decide nothing.
PERSON_DETAILS = frozenset({"title", "email", "employee_id", "manager_id"})
_FEW_PEOPLE = 50  # beyond this many people in one change, reading its trail costs more than a recompute


def may_change_status(ws: Workspace, event: ChangeEvent) -> bool:
    """Whether a committed change (a ChangeEvent) can move any rollout's status: False for edits
    the status never reads, such as a person's title, so the dashboard need not recompute."""
    tables = set(event.tables) - UNREAD_TABLES
    if not tables:
        return False
    if tables != {"people"}:
        return True
    fields = people_fields_changed(ws, event)
    return fields is None or bool(fields - PERSON_DETAILS)


# A person's columns that no area page (training, readiness, delivery, adoption) shows or counts.
UNSHOWN_PERSON_FIELDS = frozenset({"title", "email"})


def shows_nothing_of(ws: Workspace | None, event: ChangeEvent) -> bool:
    """True when the change only edited people's titles or emails: the area pages skip their
    refresh (and the redraw of their charts) for it."""
    if ws is None:
        return False
    fields = people_fields_changed(ws, event)
    return fields is not None and fields <= UNSHOWN_PERSON_FIELDS


_last_fields: tuple[object, frozenset[str] | None] = (None, None)  # every page asks about the same event


def people_fields_changed(ws: Workspace, event: ChangeEvent) -> frozenset[str] | None:
    """The columns of `people` that a people-only change edited, read from its audit trail; None
    when it did more than update a few people (other tables, new or deleted people, more than
    _FEW_PEOPLE people, or no trail), so a page that shows people must refresh."""
    global _last_fields
    if set(event.tables) != {"people"} or event.change_id is None:
        return None
    key = (str(ws.location), id(ws), event.change_id)
    if _last_fields[0] == key:
        return _last_fields[1]
    result: frozenset[str] | None = None
    if len(ws.people.changed_by(event.change_id)) <= _FEW_PEOPLE:
        fields: set[str] = set()
        for entry in ws.audit.entries(event.change_id):
            if entry.entity != "people":
                continue
            if entry.action != "update" or entry.before is None or entry.after is None:
                break
            fields |= set(entry.changed_fields())  # not the record's version: it moves with every edit
        else:  # every entry an update of a person
            result = frozenset(fields)
    _last_fields = (key, result)
    return result


class _OfRollout(Protocol):
    @property
    def rollout_id(self) -> int: ...


_Item = TypeVar("_Item", bound=_OfRollout)


def _group(items: Iterable[_Item]) -> dict[int, list[_Item]]:
    out: dict[int, list[_Item]] = {}
    for item in items:
        out.setdefault(item.rollout_id, []).append(item)
    return out


def _status(r: Rollout, facts: RolloutFacts, summary: AdoptionSummary | None, t: Thresholds, privacy: RolloutPrivacy,
            team_adoption: dict[int, TeamAdoption]) -> RolloutStatus:
    from tracker.domain.training import percent_complete
    from tracker.domain.usage_freshness import stale_note

    health, factors = assess_health(facts, t)
    tr, dep, kp = facts.training, facts.dependencies, facts.kpis
    return RolloutStatus(
        rollout=r, health=health, factors=factors, reasons=reasons(factors), adoption=summary,
        adoption_rate=facts.adoption.rate, target_rate=r.target_adoption, target_date=r.target_date,
        forecast_date=facts.adoption.forecast_date,
        training_percent=percent_complete(tr.required, tr.completed, tr.exempt) if tr.required else None,
        overdue_training=None if privacy.training_total_hidden else tr.overdue,
        open_signals=None if privacy.signal_total_hidden else facts.resistance.open,
        high_severity_signals=(None if privacy.signal_total_hidden
                               else facts.resistance.open_at_least(t.resistance_severity)),
        blocked_dependencies=dep.blocked, overdue_dependencies=dep.overdue,
        open_gate_items=facts.gates.open, next_gate=facts.gates.next_gate,
        kpis_off_target=kp.red + kp.amber, as_of=facts.as_of, facts=facts, privacy=privacy,
        usage_note=stale_note(facts.adoption.data_ends, facts.as_of, t), team_adoption=team_adoption,
    )


def _adoption_facts(r: Rollout, s: AdoptionSummary | None) -> AdoptionFacts:
    if s is None or not s.has_data:
        return AdoptionFacts(target_rate=r.target_adoption, target_date=r.target_date)
    f = s.forecast
    return AdoptionFacts(rate=s.rate, target_rate=r.target_adoption, target_date=r.target_date,
                         planned_rate=s.expected_rate, forecast=f.outcome if f.ok else None,
                         forecast_reason=f.reason, data_ends=usage_data_ends(s))


def usage_data_ends(s: AdoptionSummary | None) -> dt.date | None:
    """The end of the latest week with usage figures (None: no usage data)."""
    if s is None:
        return None
    weeks = [p.period_end for p in s.points if p.eligible > 0]
    return max(weeks) if weeks else None


def _adkar_facts(impacts: dict[int, str], latest: list[AdkarAssessment], privacy: RolloutPrivacy,
                 staffed: set[int]) -> AdkarFacts:
    """Only the assessments the small-group rule shows are evidence; hidden ones are counted.
    `staffed`: teams with people of their own; an empty (parent) team is never "unassessed"."""
    high = {tid for tid, impact in impacts.items() if impact == "high" and tid in staffed}
    assessed = [a for a in latest if a.team_id in high and not privacy.adkar_hidden(a.team_id)]
    hidden = [a.team_id for a in latest if a.team_id in high and privacy.adkar_hidden(a.team_id)]
    return AdkarFacts(teams=len(impacts), high_impact_teams=len(high), assessed=len(assessed),
                      barriers=tuple(a.barrier.label for a in assessed if a.barrier is not None),
                      suppressed=len(hidden), suppressed_below=privacy.minimum if hidden else None,
                      suppressed_derived=not only_small(privacy.adkar, hidden))


def _dependency_facts(deps: list[Dependency], as_of: dt.date) -> DependencyFacts:
    from tracker.domain.dependencies import DependencyStatus
    from tracker.domain.dependency_graph import critical_path

    unfinished = [d for d in deps if d.unfinished]
    late = {d.id for d in unfinished if d.status is DependencyStatus.BLOCKED or d.is_overdue(as_of)}
    path = critical_path(deps, as_of) if unfinished else None
    return DependencyFacts(
        total=len(deps), unfinished=len(unfinished),
        blocked=sum(d.status is DependencyStatus.BLOCKED for d in unfinished),
        overdue=sum(d.is_overdue(as_of) for d in unfinished), late=len(late),
        critical_late=len(late & set(path.dependency_ids)) if path else 0,
        cycle=bool(path and path.blocked_by_cycle), ready_on=path.ready_on if path else None,
    )


def _gate_facts(r: Rollout, counts: dict[tuple[int, GateTransition], tuple[int, int, int]]) -> GateFacts:
    from tracker.domain.gates import GateTransition

    value = _NEXT_GATE.get(r.stage.value)
    if value is None:
        return GateFacts()
    gate = GateTransition(value)
    items, open_items, overdue = counts.get((r.id, gate), (0, 0, 0))
    return GateFacts(next_gate=gate.label, items=items, open=open_items, overdue=overdue)


def _kpi_facts(kpis: list[Kpi]) -> KpiFacts:
    from tracker.domain.kpis import Rag

    statuses = [k.status for k in kpis]
    return KpiFacts(total=len(kpis), measured=sum(s is not Rag.NO_DATA for s in statuses),
                    red=sum(s is Rag.RED for s in statuses), amber=sum(s is Rag.AMBER for s in statuses))


def change_load(ws: Workspace, months: int | list[dt.date] = 12, first: dt.date | None = None) -> ChangeLoad:
    """The change-load heatmap: teams x `months` months from `first` (default: this month), with
    the workspace's impact weights and saturation threshold (tracker/domain/change_load.py)."""
    from tracker.domain.change_load import change_load as compute
    from tracker.domain.change_load import month_range
    from tracker.store.change_load import ChangeLoadStore

    store = ChangeLoadStore(ws)
    shown = month_range(first or dt.date.today(), months) if isinstance(months, int) else list(months)
    return compute(store.rows(), shown, weights=store.weights(), threshold=store.threshold())
