"""What the health rule may read of a rollout's adoption and training once the small-group rule
has decided (tracker/domain/rollout_privacy.py): the evidence is suppressed before any reason
is written, because a sentence built from figures is a figure.

- Adoption: when the rollout's eligible people are fewer than the minimum, every adoption
  figure is withheld and the factor says "suppressed: fewer than N people" (No data, never green
  on what may not be read). Otherwise the rollout's own figures are a group big enough to show.
- Training: the same for the rollout's trainees. Otherwise the totals stay (they are the whole
  rollout's, and the rule keeps what they reveal of the hidden teams at the minimum or more),
  but "N teams overdue" counts only the teams shown: counting a hidden team there would tell
  whether it is late, beside its "hidden" cell.

Kept apart from the factors themselves (tracker/domain/health_factors.py) so the adoption
factor stays one rule and this step reads as one small function applied before it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping

from tracker.domain.health import FACTOR_NAMES, AdoptionFacts, Factor, Health, TrainingFacts
from tracker.domain.rollout_privacy import RolloutPrivacy, only_small, suppressed_text


def withhold_adoption(facts: AdoptionFacts, privacy: RolloutPrivacy) -> AdoptionFacts:
    """The facts the adoption factor may read: all of them, or none (the rollout's target and
    the date the usage data ends are not figures about people and stay)."""
    if not privacy.adoption_total_hidden:
        return facts
    return AdoptionFacts(target_rate=facts.target_rate, target_date=facts.target_date, data_ends=facts.data_ends,
                         withheld_below=privacy.minimum)


def withheld_adoption(facts: AdoptionFacts) -> Factor | None:
    """The adoption factor when its evidence was withheld; None when the rule may judge it."""
    if facts.withheld_below is None:
        return None
    name = FACTOR_NAMES["adoption"]
    return Factor("adoption", name, Health.NO_DATA, f"{name}: {suppressed_text(facts.withheld_below)}.")


def team_training(counts: Mapping[int, tuple[int, dt.date | None, Mapping[int | None, tuple[int, ...]]]], as_of: dt.date
                  ) -> dict[int, dict[int | None, tuple[int, int]]]:
    """rollout -> team (None: no team) -> (trainees, overdue assignments), from per-module counts
    (module -> (rollout, due date, team -> (required, completed, exempt, in progress)), the
    shape tracker/store/training_status.py keeps). Trainees are the people who must take some
    module, counted as the most any one module requires of the team (a person takes a module
    once): never more than the true number, so a group this calls big enough is."""
    out: dict[int, dict[int | None, tuple[int, int]]] = {}
    for rollout_id, due, teams in counts.values():
        past_due = due is not None and due < as_of
        by_team = out.setdefault(rollout_id, {})
        for team_id, (required, completed, exempt, *_rest) in teams.items():
            trainees, overdue = by_team.get(team_id, (0, 0))
            by_team[team_id] = (max(trainees, required), overdue + (required - completed - exempt if past_due else 0))
    return out


def withhold_training(facts: TrainingFacts, team_overdue: Mapping[int | None, int],
                      privacy: RolloutPrivacy) -> TrainingFacts:
    """The facts the training factor may read. `team_overdue`: team (None: no team) -> its
    overdue assignments."""
    suppression = privacy.training
    if suppression.total_hidden:
        return TrainingFacts(withheld_below=privacy.minimum)
    hidden = [t for t in team_overdue if t is not None and suppression.is_hidden(t)]  # teams, by name
    if not hidden:
        return facts
    shown_late = sum(1 for t, n in team_overdue.items() if n and t is not None and not suppression.is_hidden(t))
    return dataclasses.replace(facts, teams_overdue=shown_late, teams_suppressed=len(hidden),
                               suppressed_below=privacy.minimum,
                               suppressed_derived=not only_small(suppression, hidden))
