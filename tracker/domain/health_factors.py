"""The seven health factors, one pure function each: facts and thresholds in, a `Factor` out.

Kept apart from tracker/domain/health.py (the types, the overall combination and the rule's
text) so that each factor reads as one short rule. Every reason is one sentence that starts
with the factor's name and gives the figures that decided the colour, so a leader can check
it without opening the tracker. Comparisons with shares allow for float rounding (a gap of
exactly 5 points is "5 points", whatever 0.55 - 0.50 comes to in binary).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

from tracker.domain.date_text import day_text
from tracker.domain.forecast import Answer
from tracker.domain.health import (
    FACTOR_NAMES,
    AdkarFacts,
    DependencyFacts,
    Factor,
    GateFacts,
    Health,
    KpiFacts,
    ResistanceFacts,
    RolloutFacts,
    Thresholds,
    TrainingFacts,
)
from tracker.domain.readiness import ADKAR
from tracker.domain.rollout_privacy import suppressed_text

_EPSILON = 1e-9


def _at_least(value: float, threshold: float) -> bool:
    return value >= threshold - _EPSILON


def percent(share: float) -> str:
    """A share as a whole percentage, rounded down: 99.6 % complete is not "100% complete",
    and 0.4 % overdue is "under 1%", not "0%" (something is overdue)."""
    if 0 < share < 0.01 - _EPSILON:
        return "under 1%"
    return f"{math.floor(share * 100 + _EPSILON):d}%"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (plural or word + 's')}"


def _factor(key: str, health: Health, text: str) -> Factor:
    return Factor(key, FACTOR_NAMES[key], health, f"{FACTOR_NAMES[key]}: {text}.")


def _worst(red: bool, amber: bool) -> Health:
    return Health.RED if red else Health.AMBER if amber else Health.GREEN


# ----------------------------------------------------------------------------- adoption
def adoption(facts: RolloutFacts, t: Thresholds) -> Factor:
    a = facts.adoption
    if a.rate is None:
        if facts.before_go_live:
            when = f" (go-live {day_text(facts.go_live_date)})" if facts.go_live_date else " (no go-live date set)"
            return _factor("adoption", Health.NO_DATA, f"not live yet{when}, so no usage data is expected")
        return _factor("adoption", Health.NO_DATA, "no usage data yet")
    if a.target_rate is None:
        return _factor("adoption", Health.NO_DATA,
                       f"{percent(a.rate)} active, but the rollout has no target adoption to judge it by")
    target = f"target {percent(a.target_rate)}" + (f" by {day_text(a.target_date)}" if a.target_date else "")
    if _at_least(a.rate, a.target_rate):
        return _factor("adoption", Health.GREEN, f"{percent(a.rate)} active, at or above the {target}")
    gap = None if a.planned_rate is None else a.planned_rate - a.rate
    o = a.forecast
    never = o is not None and o.answer is Answer.DOES_NOT_REACH
    late_days = early_days = None  # days after the target date: the forecast date, the band's earliest
    if o is not None and a.target_date is not None:
        if a.forecast_date is not None:
            late_days = (a.forecast_date - a.target_date).days
        if o.early is not None and not never:
            early_days = (o.early - a.target_date).days
    whole_band_late = early_days is not None and early_days > t.adoption_red_late_days
    red = (gap is not None and _at_least(gap, t.adoption_red_gap)) or never or whole_band_late
    amber = ((gap is not None and _at_least(gap, t.adoption_amber_gap)) or (late_days is not None and late_days > 0)
             or (early_days is not None and early_days > 0))
    text = f"{percent(a.rate)} active"
    if a.planned_rate is not None:
        text += f" against {percent(a.planned_rate)} planned by now"
    text += f" ({target})"
    if o is not None:
        text += f"; the forecast {'is ' if o.answer is Answer.NOT_YET else ''}{o.sentence()}"
        if late_days is not None and late_days > 0:
            text += f", {_plural(late_days, 'day')} late"
        if early_days is not None and early_days > 0:
            text += f"; even the band's earliest date is {_plural(early_days, 'day')} after the target date"
    elif a.forecast_reason:
        text += f", no forecast ({a.forecast_reason})"
    return _factor("adoption", _worst(red, amber), text)


# ----------------------------------------------------------------------------- training
def training(tr: TrainingFacts, t: Thresholds) -> Factor:
    """Judged on the rollout's totals; teams the small-group rule hides are not named as overdue."""
    if tr.withheld_below is not None:
        # The counts were withheld before they reached here: no figure, no colour from them.
        return _factor("training", Health.NO_DATA, suppressed_text(tr.withheld_below))
    if tr.required == 0:
        return _factor("training", Health.NO_DATA, "no training required yet")
    counted = tr.required - tr.exempt
    if counted <= 0:
        return _factor("training", Health.GREEN, f"all {tr.required:,} required assignments are exempt")
    done, late = min(1.0, tr.completed / counted), tr.overdue / counted
    health = _worst(_at_least(late, t.training_red_overdue), _at_least(late, t.training_amber_overdue))
    if tr.overdue == 0:
        return _factor("training", health, f"{percent(done)} complete, none overdue")
    text = (f"{percent(done)} complete, {_plural(tr.teams_overdue, 'team')} overdue "
            f"({_plural(tr.overdue, 'assignment')}, {percent(late)} of those required)")
    if tr.teams_suppressed:
        why = suppressed_text(tr.suppressed_below or 0, derived=tr.suppressed_derived)
        text += f"; {_plural(tr.teams_suppressed, 'more team')} not named, {why}"
    return _factor("training", health, text)


# ----------------------------------------------------------------------------- ADKAR
def adkar(a: AdkarFacts, t: Thresholds) -> Factor:
    """Judged on the teams the small-group rule shows; hidden teams are counted, never read."""
    if a.teams == 0:
        return _factor("adkar", Health.NO_DATA, "no teams take part yet")
    if a.high_impact_teams == 0:
        return _factor("adkar", Health.GREEN, "no highly affected teams")
    why = suppressed_text(a.suppressed_below or 0, derived=a.suppressed_derived)
    if a.assessed == 0 and a.suppressed:
        # The only evidence is hidden: say so, and never green (nor red) on what may not be read.
        return _factor("adkar", Health.NO_DATA, f"{why} ({_plural(a.suppressed, 'assessed highly affected team')})")
    if a.assessed == 0:
        return _factor("adkar", Health.NO_DATA, f"none of the {_plural(a.high_impact_teams, 'highly affected team')} "
                                                "assessed yet")
    unassessed = a.high_impact_teams - a.assessed - a.suppressed
    tail = f", {unassessed:,} not assessed" if unassessed > 0 else ""
    shown = " shown" if a.suppressed else ""
    if a.suppressed:
        tail += f"; {a.suppressed:,} more {why}"
    stuck = len(a.barriers)
    if stuck == 0:
        # Green would vouch for the hidden teams too, and so tell what their hidden cells hide.
        return _factor("adkar", Health.AMBER if a.suppressed else Health.GREEN,
                       f"no barrier in the {_plural(a.assessed, 'assessed highly affected team')}{shown}{tail}")
    order = {e.label: n for n, e in enumerate(ADKAR)}
    counts = Counter(a.barriers)
    where = ", ".join(f"{label} {counts[label]}" for label in sorted(counts, key=lambda x: (order.get(x, 9), x)))
    health = _worst(_at_least(stuck / a.assessed, t.adkar_red_share), stuck >= t.adkar_amber_teams)
    return _factor("adkar", health, f"{stuck:,} of {_plural(a.assessed, 'assessed highly affected team')}{shown} at "
                                    f"a barrier ({where}){tail}")


# ----------------------------------------------------------------------------- resistance
def resistance(r: ResistanceFacts, t: Thresholds) -> Factor:
    if r.suppressed_below is not None:
        # The counts were withheld before they reached here: no figure, no colour from them.
        return _factor("resistance", Health.NO_DATA, suppressed_text(r.suppressed_below))
    if r.recorded == 0:
        return _factor("resistance", Health.NO_DATA, "no signals recorded yet")
    serious = r.open_at_least(t.resistance_severity)
    health = _worst(serious >= t.resistance_red_signals, serious >= t.resistance_amber_signals)
    what = (_plural(serious, "unresolved signal") if serious else "no unresolved signals")
    return _factor("resistance", health, f"{what} of severity {t.resistance_severity} or more "
                                         f"({r.open:,} unresolved in all)")


# ----------------------------------------------------------------------------- dependencies
def dependencies(d: DependencyFacts, go_live: dt.date | None, t: Thresholds, as_of: dt.date | None = None) -> Factor:
    """`as_of`: once go-live has passed, finishing after it is no longer news (overdue is)."""
    if d.total == 0:
        return _factor("dependencies", Health.NO_DATA, "none recorded")
    if d.unfinished == 0:
        return _factor("dependencies", Health.GREEN, f"all {d.total:,} done")
    after_go_live = (go_live is not None and (as_of is None or as_of <= go_live)
                     and d.ready_on is not None and d.ready_on > go_live)
    red = d.critical_late > 0 or d.cycle or d.late >= t.dependency_red_late
    amber = d.late >= t.dependency_amber_late or after_go_live
    text = f"{d.blocked:,} blocked and {d.overdue:,} overdue of {d.unfinished:,} unfinished"
    if d.critical_late:
        text += f", {d.critical_late:,} of them on the critical path"
    if d.cycle:
        text += ", and some teams wait on each other in a cycle"
    if after_go_live:
        text += f"; the last is forecast for {day_text(d.ready_on)}, after go-live on {day_text(go_live)}"
    return _factor("dependencies", _worst(red, amber), text)


# ----------------------------------------------------------------------------- gates
def gates(g: GateFacts, t: Thresholds) -> Factor:
    if g.next_gate is None:
        return _factor("gates", Health.GREEN, "no readiness gate ahead")
    if g.items == 0:
        return _factor("gates", Health.NO_DATA, f"no checklist items for {g.next_gate} yet")
    if g.open == 0:
        return _factor("gates", Health.GREEN, f"all {g.items:,} items for {g.next_gate} done or waived")
    health = _worst(g.overdue >= t.gate_red_overdue, g.open >= t.gate_amber_open)
    late = f", {g.overdue:,} past due" if g.overdue else ""
    return _factor("gates", health, f"{g.open:,} of {g.items:,} items open for {g.next_gate}{late}")


# ----------------------------------------------------------------------------- KPIs
def kpis(k: KpiFacts, t: Thresholds, facts: RolloutFacts | None = None) -> Factor:
    before = facts is not None and facts.before_go_live
    if k.total == 0:
        return _factor("kpis", Health.NO_DATA, "none defined" + (" (not expected before go-live)" if before else ""))
    if k.measured == 0:
        return _factor("kpis", Health.NO_DATA, f"no readings yet for the {_plural(k.total, 'KPI')}"
                                               + (" (not expected before go-live)" if before else ""))
    unmeasured = f", {k.total - k.measured:,} without readings" if k.measured < k.total else ""
    health = _worst(k.red >= t.kpi_red_count, k.amber >= t.kpi_amber_count)
    if k.red == 0 and k.amber == 0:
        return _factor("kpis", health, f"all {_plural(k.measured, 'measured KPI')} on target{unmeasured}")
    return _factor("kpis", health, f"{k.red:,} red and {k.amber:,} amber of {_plural(k.measured, 'measured KPI')}"
                                   f"{unmeasured}")
