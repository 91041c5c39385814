"""What a rollout may show about its people: one decision, taken before any figure is built.

Resistance signals, ADKAR assessments, tool use and training progress are about groups of
colleagues; a figure about a group smaller than the workspace's minimum group size identifies them. Every output (the
dashboard, the rollout page, the leader views, the report's cells, the health reasons built
from figures, the factor colours, charts and tooltips) asks `rollout_privacy` which of the
rollout's groups it must hide, so a team hidden in one place is hidden in all of them and
cannot be subtracted out of a total shown in another (tracker.domain.privacy holds the rule:
small groups, then the next-smallest ones a released total would give away).

The groups of a rollout:
- signals: every participating team (and any other team a signal names), sized by its active
  people, released beside the rollout's total (the Summary's "Open signals", the resistance
  reason). When that total is itself hidden, no resistance figure of the rollout is shown.
- ADKAR: each team's latest assessment, sized by its respondents, released beside their total
  (the leader view's "All teams" row). The ADKAR reason counts only the teams shown.
- adoption: each team with usage figures, sized by its eligible people in its latest week,
  released beside the rollout's own figures (the Summary's Adoption %, the weekly table and its
  chart, the dashboard's line). When the rollout's eligible people are fewer than the minimum,
  no adoption figure of the rollout is shown.
- training: each team with required training (people without a team are one group), sized by
  the people who must take some module (counted as the most any one module requires of the
  team: never more than there are), beside the rollout's totals (Training %, overdue). When
  those people are fewer than the minimum, no training figure of the rollout is shown.

`suppressed_text` is the sentence a figure says instead of the evidence it may not use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from tracker.domain.privacy import DEFAULT_MINIMUM, K, Suppression, suppress


@dataclass(frozen=True)
class RolloutPrivacy:
    """The teams whose resistance, ADKAR, adoption and training figures a rollout hides, and why."""

    minimum: int
    signals: Suppression[int]  # by team, group size = the team's active people
    adkar: Suppression[int]  # by team, group size = the latest assessment's respondents
    adoption: Suppression[int] = field(default_factory=Suppression)  # by team, size = latest eligible people
    training: Suppression[int | None] = field(default_factory=Suppression)  # by team (None: no team), size = trainees

    def signals_hidden(self, team_id: int) -> bool:
        return self.signals.is_hidden(team_id)

    def adkar_hidden(self, team_id: int) -> bool:
        return self.adkar.is_hidden(team_id)

    def adoption_hidden(self, team_id: int) -> bool:
        return self.adoption.is_hidden(team_id)

    def training_hidden(self, team_id: int | None) -> bool:
        return self.training.is_hidden(team_id)

    @property
    def signal_total_hidden(self) -> bool:
        """The rollout's own resistance figures (totals, the reason) may not be shown."""
        return self.signals.total_hidden

    @property
    def adoption_total_hidden(self) -> bool:
        """The rollout's own adoption figures (rate, weeks, forecast, the reason) may not be shown."""
        return self.adoption.total_hidden

    @property
    def training_total_hidden(self) -> bool:
        """The rollout's own training figures (% complete, overdue, the reason) may not be shown."""
        return self.training.total_hidden


def signal_suppression(team_people: Mapping[int, int], minimum: int = DEFAULT_MINIMUM) -> Suppression[int]:
    """Teams sized by active people, with the rollout's total released beside them."""
    return suppress(team_people, minimum, total=sum(team_people.values()))


def adkar_suppression(respondents: Mapping[int, int], minimum: int = DEFAULT_MINIMUM) -> Suppression[int]:
    """Teams sized by their latest assessment's respondents, with the total released beside them."""
    return suppress(respondents, minimum, total=sum(respondents.values()))


def adoption_suppression(eligible: Mapping[int, int], rollout_eligible: int = 0,
                         minimum: int = DEFAULT_MINIMUM) -> Suppression[int]:
    """Teams sized by their latest week's eligible people, beside the rollout's figures (whose
    eligible people may include some in no listed team: that remainder is protected too). No
    one eligible anywhere: nothing to hide."""
    total = max(rollout_eligible, sum(eligible.values()))
    return suppress(eligible, minimum, total=total) if total else Suppression()


def training_suppression(trainees: Mapping[K, int], minimum: int = DEFAULT_MINIMUM) -> Suppression[K]:
    """Teams sized by their trainees, beside the rollout's totals; no training: nothing to hide."""
    total = sum(trainees.values())
    return suppress(trainees, minimum, total=total) if total else Suppression()


def module_suppression(required: Mapping[K, int], minimum: int = DEFAULT_MINIMUM) -> Suppression[K]:
    """One team's modules, each sized by the people who must take it, beside the team's own
    figure over all of them (its Training % on the rollout's sheet): a module that only a few of
    a shown team must take is a small group of its own (a team's two champions)."""
    return suppress(required, minimum, total=sum(required.values()))


def rollout_privacy(team_people: Mapping[int, int], respondents: Mapping[int, int],
                    minimum: int = DEFAULT_MINIMUM, *, eligible: Mapping[int, int] | None = None,
                    rollout_eligible: int = 0, trainees: Mapping[int | None, int] | None = None) -> RolloutPrivacy:
    """`team_people`: every team of the rollout or named by one of its signals -> active people;
    `respondents`: team -> respondents of its latest ADKAR assessment; `eligible`: team -> its
    eligible people in its latest week with usage figures, and `rollout_eligible` the rollout's
    own in its latest week; `trainees`: team (None: no team) -> people with required training
    (tracker/domain/withheld_facts.py `team_training`)."""
    return RolloutPrivacy(minimum, signal_suppression(team_people, minimum),
                          adkar_suppression(respondents, minimum),
                          adoption_suppression(eligible or {}, rollout_eligible, minimum),
                          training_suppression(trainees or {}, minimum))


def suppressed_text(minimum: int, *, derived: bool = False) -> str:
    """What a figure says instead of suppressed evidence. `derived`: some of it is hidden only
    so that a small group cannot be worked out from a total."""
    text = f"suppressed: fewer than {minimum} people"
    return text + (", or figures that would let such a group be worked out" if derived else "")


def only_small(suppression: Suppression[K], groups: Iterable[K]) -> bool:
    """Whether every hidden group among `groups` is hidden for its own size (not as cover)."""
    return all(suppression.hidden[g].startswith("fewer than") for g in groups if g in suppression.hidden)
