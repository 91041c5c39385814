"""Adoption and training under the small-group rule: what the health rule may read, and the
sentences it then writes (tracker/domain/withheld_facts.py, tracker/domain/rollout_privacy.py)."""

from __future__ import annotations

import datetime as dt

from tracker.domain.health import AdoptionFacts, Health, RolloutFacts, TrainingFacts, assess_health, reasons
from tracker.domain.rollout_privacy import adoption_suppression, rollout_privacy, training_suppression
from tracker.domain.withheld_facts import team_training, withhold_adoption, withhold_training

AS_OF = dt.date(2026, 6, 1)


def _factor(facts: RolloutFacts, key: str):
    _health, factors = assess_health(facts)
    return next(f for f in factors if f.key == key)


def test_a_rollout_with_too_few_eligible_people_shows_no_adoption_figure():
    privacy = rollout_privacy({}, {}, 5, eligible={1: 2, 2: 1}, rollout_eligible=3)
    assert privacy.adoption_total_hidden
    seen = AdoptionFacts(rate=1.0, target_rate=0.5, target_date=AS_OF, planned_rate=0.4, data_ends=AS_OF)
    withheld = withhold_adoption(seen, privacy)
    assert (withheld.rate, withheld.planned_rate, withheld.withheld_below) == (None, None, 5)
    factor = _factor(RolloutFacts(as_of=AS_OF, stage="scaling", adoption=withheld), "adoption")
    # 100 % active against a 50 % target would be green: the hidden figure decides nothing.
    assert factor.health is Health.NO_DATA
    assert factor.reason == "Adoption: suppressed: fewer than 5 people."
    assert _factor(RolloutFacts(as_of=AS_OF, stage="scaling", adoption=seen), "adoption").health is Health.GREEN


def test_adoption_figures_of_a_big_enough_rollout_are_judged_as_they_are():
    privacy = rollout_privacy({}, {}, 5, eligible={1: 2, 2: 9}, rollout_eligible=11)
    facts = AdoptionFacts(rate=0.4, target_rate=0.5)
    assert withhold_adoption(facts, privacy) is facts
    # The small team is hidden, and the next-smallest with it: 11 - 9 would give it away.
    assert privacy.adoption_hidden(1) and privacy.adoption_hidden(2)


def test_no_one_eligible_hides_nothing():
    assert adoption_suppression({}, 0).hidden == {} and not adoption_suppression({}, 0).total_hidden
    assert not training_suppression({}).total_hidden


def test_people_outside_the_listed_teams_are_protected_in_adoption():
    """The rollout's eligible people beyond its teams' are a group of their own."""
    hidden = adoption_suppression({1: 20, 2: 30}, rollout_eligible=52, minimum=5)
    assert hidden.is_hidden(1)  # 52 - 30 - 20 = 2 people would be shown otherwise


def test_trainees_are_never_overcounted():
    counts = {10: (1, dt.date(2026, 5, 1), {7: (3, 1, 0, 0), None: (1, 0, 0, 0)}),
              11: (1, dt.date(2026, 7, 1), {7: (4, 4, 0, 0)}),
              12: (2, None, {8: (6, 0, 0, 0)})}
    assert team_training(counts, AS_OF) == {1: {7: (4, 2), None: (1, 1)}, 2: {8: (6, 0)}}


def test_a_rollout_with_too_few_trainees_shows_no_training_figure():
    privacy = rollout_privacy({}, {}, 5, trainees={7: 3, None: 1})
    facts = withhold_training(TrainingFacts(required=4, completed=4), {7: 0, None: 0}, privacy)
    assert facts == TrainingFacts(withheld_below=5)
    factor = _factor(RolloutFacts(as_of=AS_OF, training=facts), "training")
    assert factor.health is Health.NO_DATA and factor.reason == "Training: suppressed: fewer than 5 people."


def test_overdue_teams_are_counted_only_among_the_teams_shown():
    privacy = rollout_privacy({}, {}, 5, trainees={1: 2, 2: 3, 3: 20})
    assert privacy.training_hidden(1) and privacy.training_hidden(2) and not privacy.training_hidden(3)
    late = {1: 2, 2: 0, 3: 1}
    all_facts = TrainingFacts(required=25, completed=20, overdue=3, teams_overdue=2)
    facts = withhold_training(all_facts, late, privacy)
    assert (facts.teams_overdue, facts.teams_suppressed, facts.suppressed_below) == (1, 2, 5)
    # Whichever hidden team is late, the sentence is the same.
    other = withhold_training(all_facts, {1: 0, 2: 2, 3: 1}, privacy)
    assert other == facts
    reason = _factor(RolloutFacts(as_of=AS_OF, training=facts), "training").reason
    assert reason == ("Training: 80% complete, 1 team overdue (3 assignments, 12% of those required); "
                      "2 more teams not named, suppressed: fewer than 5 people.")
    assert reason in reasons(assess_health(RolloutFacts(as_of=AS_OF, training=facts))[1])


def test_a_team_hidden_only_as_cover_is_said_to_be():
    privacy = rollout_privacy({}, {}, 5, trainees={1: 2, 2: 6, 3: 20})
    assert privacy.training_hidden(2) and not privacy.training_hidden(3)
    facts = withhold_training(TrainingFacts(required=28, completed=20, overdue=8, teams_overdue=2),
                              {1: 2, 2: 6, 3: 0}, privacy)
    assert facts.suppressed_derived and facts.teams_overdue == 0
    reason = _factor(RolloutFacts(as_of=AS_OF, training=facts), "training").reason
    assert reason.endswith("2 more teams not named, suppressed: fewer than 5 people, or figures that would let "
                           "such a group be worked out.")


def test_nothing_hidden_leaves_the_facts_alone():
    privacy = rollout_privacy({}, {}, 5, trainees={1: 8, 2: 9})
    facts = TrainingFacts(required=17, completed=10, overdue=7, teams_overdue=2)
    assert withhold_training(facts, {1: 3, 2: 4}, privacy) is facts
