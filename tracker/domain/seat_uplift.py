"""Training uplift, honestly labelled: did people use the tool more after their training?

A difference-in-differences over weeks of use. For each person who completed training (their
first completion of one of the rollout's modules, or of one chosen module) in week c:

- their *active rate* before is the share of the 4 weeks c-4 … c-1 in which they used the tool,
  after it the share of the weeks c+1 … c+4 (the week of the training itself is left out: half
  of it is before);
- the *comparison* is every other seat holder of the same team not yet trained by the end of week
  c+4, over the same weeks: their change in active rate is what happened anyway (a launch
  campaign, the holidays);
- the person's uplift is their change minus the comparison's mean change.

The estimate is the mean uplift over the trained people who have a comparison, with a 95%
confidence interval from Student's t over those people (it treats each comparison mean as
known, so it is somewhat narrow). People are in it only when both windows lie within the usage
history and have ended. It is an observation, not an experiment: people choose when to train,
and the keenest train first, so it is always shown with ``CAVEAT``. Under the minimum group size
(trained people, or the people they are compared with) nothing is shown but the reason.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from tracker.domain.privacy import DEFAULT_MINIMUM
from tracker.domain.rollout_privacy import suppressed_text
from tracker.domain.seat_cohorts import UseMatrix, week_of

CAVEAT = "observational: not proof of cause"
WINDOW_WEEKS = 4
CONFIDENCE = 0.95


@dataclass(frozen=True, slots=True)
class Uplift:
    """The training uplift of a rollout (rates are shares of weeks, 0 to 1).

    ``suppressed``: the reason no figure is shown (then every figure is None); ``trained``
    and ``compared`` are then None too, since the counts are what the rule protects."""

    trained: int | None
    compared: int | None
    trained_before: float | None = None
    trained_after: float | None = None
    compared_before: float | None = None
    compared_after: float | None = None
    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    suppressed: str = ""
    caveat: str = CAVEAT

    def sentence(self) -> str:
        """The result in words, always with the caveat."""
        if self.suppressed or self.estimate is None:
            return f"Training uplift {self.suppressed or 'not measurable yet'} ({self.caveat})."
        span = ""
        if self.low is not None and self.high is not None:
            span = f", {CONFIDENCE:.0%} interval {self.low * 100:+.0f} to {self.high * 100:+.0f}"
        return (f"After training, active weeks changed by {self.estimate * 100:+.0f} percentage points more than "
                f"for untrained colleagues in the same teams{span} ({self.trained} trained, {self.compared} "
                f"compared; {self.caveat}).")


def training_uplift(matrix: UseMatrix, trained_on: Mapping[int, dt.date], team_of: Mapping[int, int | None],
                    *, last_week: int, minimum: int = DEFAULT_MINIMUM, weeks: int = WINDOW_WEEKS) -> Uplift:
    """The difference-in-differences of the module's docstring.

    ``matrix``: seat holders' use by week (tracker/domain/seat_cohorts.py `use_matrix`, built
    over every seat holder, trained or not); ``trained_on``: person id -> completion day;
    ``team_of``: person id -> team (the comparison is within a team); ``last_week``: the last
    complete week (windows ending later are not counted yet).
    """
    import numpy as np

    used = matrix.used.astype(np.float64)
    first, total = matrix.first_week, matrix.used.shape[1]
    rows = {int(p): i for i, p in enumerate(matrix.people.tolist())}
    trained_week = {p: week_of(d) for p, d in trained_on.items()}
    by_team: dict[int | None, list[int]] = {}
    for person in rows:
        by_team.setdefault(team_of.get(person), []).append(person)
    uplifts: list[float] = []
    treated: list[tuple[float, float]] = []
    compared: set[int] = set()
    comparison_rates: list[tuple[float, float]] = []
    cache: dict[tuple[int | None, int], tuple[list[int], float, float] | None] = {}
    for person, week in trained_week.items():
        i = rows.get(person)
        c = week - first
        if i is None or c - weeks < 0 or week + weeks > last_week or c + weeks >= total:
            continue
        team = team_of.get(person)
        key = (team, week)
        if key not in cache:
            others = [p for p in by_team.get(team, []) if trained_week.get(p, week + weeks + 1) > week + weeks]
            if others:
                idx = [rows[p] for p in others]
                before = used[idx, c - weeks:c].mean(axis=1)
                after = used[idx, c + 1:c + weeks + 1].mean(axis=1)
                cache[key] = (others, float(before.mean()), float(after.mean()))
            else:
                cache[key] = None
        group = cache[key]
        if group is None:
            continue
        others, control_before, control_after = group
        before_i = float(used[i, c - weeks:c].mean())
        after_i = float(used[i, c + 1:c + weeks + 1].mean())
        uplifts.append((after_i - before_i) - (control_after - control_before))
        treated.append((before_i, after_i))
        comparison_rates.append((control_before, control_after))
        compared.update(others)
    if len(uplifts) < minimum or len(compared) < minimum:
        return Uplift(None, None, suppressed=suppressed_text(minimum))
    n = len(uplifts)
    mean = sum(uplifts) / n
    low = high = None
    if n > 1:
        # Student's t quantile from scipy.special (what scipy.stats.t.ppf computes), which
        # imports in a quarter of the time of scipy.stats: a report asks once per rollout.
        from scipy.special import stdtrit

        sd = math.sqrt(sum((u - mean) ** 2 for u in uplifts) / (n - 1))
        half = float(stdtrit(n - 1, 0.5 + CONFIDENCE / 2)) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
    return Uplift(n, len(compared),
                  sum(b for b, _ in treated) / n, sum(a for _, a in treated) / n,
                  sum(b for b, _ in comparison_rates) / n, sum(a for _, a in comparison_rates) / n,
                  mean, low, high)
