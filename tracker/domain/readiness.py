"""People readiness: stakeholders, ADKAR assessments, resistance signals, and their rules.

The rules a change manager acts on live here as pure functions so they are easy to test and
the same everywhere (pages, the rollout's "needs attention" list, the leaders' report):
the ADKAR barrier point and the action it suggests, the power/interest quadrant, which
stakeholders are overdue for contact, and which teams need attention. Nothing here reads the
clock: every rule that depends on "today" takes an `as_of` date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from tracker.domain.date_text import day_text
from tracker.domain.enums import Impact, LabelledEnum

# --------------------------------------------------------------------------- vocabularies


class _Worded(LabelledEnum):
    """A LabelledEnum whose label may differ from the capitalised value ('One-to-one')."""

    @property
    def label(self) -> str:
        value = str(self.value)
        return _LABELS.get(value, value.replace("_", " ").capitalize())


_LABELS = {
    "one_to_one": "One-to-one",
    "data_privacy": "Data or privacy concern",
    "distrust": "Distrust of outputs",
}


class SupportLevel(_Worded):
    """Where a stakeholder stands on the rollout, from fighting it to championing it."""

    ACTIVE_RESISTOR = "active_resistor"
    RESISTANT = "resistant"
    NEUTRAL = "neutral"
    SUPPORTIVE = "supportive"
    CHAMPION = "champion"

    @property
    def rank(self) -> int:
        return list(SupportLevel).index(self)


class SignalType(_Worded):
    JOB_SECURITY = "job_security"
    ROLE_CLARITY = "role_clarity"
    USAGE_DIFFICULTY = "usage_difficulty"
    LACK_OF_AWARENESS = "lack_of_awareness"
    CHANGE_FATIGUE = "change_fatigue"
    DISTRUST = "distrust"
    DATA_PRIVACY = "data_privacy"
    OTHER = "other"


class SignalSource(_Worded):
    SURVEY = "survey"
    ONE_TO_ONE = "one_to_one"
    HELPDESK_TICKET = "helpdesk_ticket"
    USAGE_DATA = "usage_data"
    MEETING = "meeting"
    OTHER = "other"


class SignalStatus(_Worded):
    OPEN = "open"
    MITIGATING = "mitigating"
    RESOLVED = "resolved"


class AdkarElement(_Worded):
    AWARENESS = "awareness"
    DESIRE = "desire"
    KNOWLEDGE = "knowledge"
    ABILITY = "ability"
    REINFORCEMENT = "reinforcement"


ADKAR = tuple(AdkarElement)


class Quadrant(_Worded):
    MANAGE_CLOSELY = "manage_closely"
    KEEP_SATISFIED = "keep_satisfied"
    KEEP_INFORMED = "keep_informed"
    MONITOR = "monitor"


# --------------------------------------------------------------------------- records


@dataclass(frozen=True, slots=True)
class Stakeholder:
    """A person or a team (never both) with influence over and interest in one rollout."""

    id: int
    rollout_id: int
    person_id: int | None
    team_id: int | None
    name: str  # the person's or the team's name, for display
    influence: int  # 1..5
    interest: int  # 1..5
    current_support: SupportLevel
    needed_support: SupportLevel
    owner_id: int | None = None  # who owns the relationship
    owner_name: str = ""
    last_contact: dt.date | None = None
    engagement_plan: str = ""
    notes: str = ""
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def kind(self) -> str:
        return "Person" if self.person_id is not None else "Team"


@dataclass(frozen=True, slots=True)
class AdkarAssessment:
    id: int
    rollout_id: int
    team_id: int
    team_name: str
    assessed_on: dt.date
    awareness: float
    desire: float
    knowledge: float
    ability: float
    reinforcement: float
    respondents: int
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def scores(self) -> tuple[float, float, float, float, float]:
        return (self.awareness, self.desire, self.knowledge, self.ability, self.reinforcement)

    @property
    def barrier(self) -> AdkarElement | None:
        return barrier_point(self.scores)


@dataclass(frozen=True, slots=True)
class ResistanceSignal:
    id: int
    rollout_id: int
    team_id: int
    team_name: str
    observed_on: dt.date
    type: SignalType
    severity: int  # 1..5
    source: SignalSource
    status: SignalStatus
    description: str = ""
    person_id: int | None = None
    person_name: str = ""
    owner_id: int | None = None
    owner_name: str = ""
    mitigation: str = ""
    resolved_on: dt.date | None = None
    version: int = 1  # the stored record's version: an edit names it (a stale one is refused)

    @property
    def unresolved(self) -> bool:
        """Open and mitigating both count: the resistance is there until it is resolved."""
        return self.status is not SignalStatus.RESOLVED

    def days_open(self, as_of: dt.date) -> int:
        """Days from observation to resolution, or to `as_of` while unresolved."""
        end = self.resolved_on if self.resolved_on else as_of
        return max(0, (end - self.observed_on).days)


# --------------------------------------------------------------------------- ADKAR rules

BARRIER_THRESHOLD = 3.0  # an element scoring this or less blocks the ones after it

SUGGESTED_ACTIONS: dict[AdkarElement, str] = {
    AdkarElement.AWARENESS: "Sponsor and manager communication about why the change is needed",
    AdkarElement.DESIRE: "Involve the team and address what's in it for them",
    AdkarElement.KNOWLEDGE: "Training on the new way of working",
    AdkarElement.ABILITY: "Coaching, practice time and super-users on hand",
    AdkarElement.REINFORCEMENT: "Recognition, measuring use and feedback",
}


def barrier_point(scores: Sequence[float]) -> AdkarElement | None:
    """The first ADKAR element scoring 3 or less, in A-D-K-A-R order; None when all are above 3.

    Order matters, not size: ADKAR is a sequence, so an Awareness of 3.0 is the barrier even
    when Ability scores 1.5 (there is no point training people who do not see why).
    """
    if len(scores) != len(ADKAR):
        raise ValueError(f"an ADKAR assessment has {len(ADKAR)} scores, not {len(scores)}")
    for element, score in zip(ADKAR, scores):
        if score <= BARRIER_THRESHOLD:
            return element
    return None


def suggested_action(element: AdkarElement | None) -> str:
    return SUGGESTED_ACTIONS[element] if element is not None else ""


# --------------------------------------------------------------------------- stakeholder rules

HIGH_FROM = 3  # influence or interest of 3, 4 or 5 counts as high
CONTACT_WITHIN_DAYS = 30


def quadrant(influence: int, interest: int) -> Quadrant:
    """Mendelow's power/interest grid. A score of 3 (the midpoint) counts as **high**: when in
    doubt, a stakeholder gets the closer attention rather than the lighter one."""
    high_power, high_interest = influence >= HIGH_FROM, interest >= HIGH_FROM
    if high_power:
        return Quadrant.MANAGE_CLOSELY if high_interest else Quadrant.KEEP_SATISFIED
    return Quadrant.KEEP_INFORMED if high_interest else Quadrant.MONITOR


def is_flagged(stakeholder: Stakeholder, as_of: dt.date, *, within_days: int = CONTACT_WITHIN_DAYS) -> bool:
    """Needs more support than they give, and nobody has talked to them for over 30 days.

    Contact exactly 30 days before `as_of` still counts as recent; never contacted is not.
    """
    if stakeholder.needed_support.rank <= stakeholder.current_support.rank:
        return False
    last = stakeholder.last_contact
    return last is None or (as_of - last).days > within_days


# --------------------------------------------------------------------------- attention rule

ATTENTION_SEVERITY = 4  # unresolved signals this severe or worse call for attention


@dataclass(frozen=True, slots=True)
class AttentionItem:
    team_id: int
    team_name: str
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)


def needs_attention(
    teams: Iterable[tuple[int, str, Impact]],
    latest_assessments: Iterable[AdkarAssessment],
    signals: Iterable[ResistanceSignal],
) -> list[AttentionItem]:
    """Highly affected teams with serious unresolved resistance or an ADKAR barrier.

    `teams` are the rollout's (team id, name, impact); only high-impact ones can be listed.
    `latest_assessments`: each team's most recent assessment in this rollout (older ones do not
    count: a barrier that has since cleared is not a reason). The reason names the evidence
    so the user can act on it without opening another page. Most serious first.
    """
    latest = {a.team_id: a for a in latest_assessments}
    serious: dict[int, list[ResistanceSignal]] = {}
    for s in signals:
        if s.unresolved and s.severity >= ATTENTION_SEVERITY:
            serious.setdefault(s.team_id, []).append(s)
    items: list[tuple[tuple[int, int, bool, str], AttentionItem]] = []
    for team_id, name, impact in teams:
        if Impact(impact) is not Impact.HIGH:
            continue
        reasons = []
        found = serious.get(team_id, [])
        if found:
            kinds = sorted({s.type.label.lower() for s in found})
            worst = max(s.severity for s in found)
            noun = "signal" if len(found) == 1 else "signals"
            reasons.append(f"{len(found)} unresolved resistance {noun} of severity {ATTENTION_SEVERITY} "
                           f"or more (worst {worst}: {', '.join(kinds)})")
        assessment = latest.get(team_id)
        barrier = assessment.barrier if assessment else None
        if assessment is not None and barrier is not None:
            score = assessment.scores[ADKAR.index(barrier)]
            reasons.append(f"ADKAR barrier at {barrier.label} ({score:.1f} on "
                           f"{day_text(assessment.assessed_on)}): {suggested_action(barrier).lower()}")
        if reasons:
            rank = (-len(found), -(max((s.severity for s in found), default=0)), barrier is None, name.casefold())
            items.append((rank, AttentionItem(team_id, name, tuple(reasons))))
    return [item for _rank, item in sorted(items, key=lambda pair: pair[0])]
