"""Calibration of the adoption forecast against histories drawn from known S-curves.

Each cell is one true logistic curve (plateau, midpoint, growth), a noise level, a cadence
(weekly or daily points) and a history length; each repetition draws a fresh noisy history with a
fixed seed and asks the forecast about a target of 90 % of the true plateau, which the true
curve reaches on a known day. An *accepted* fit is one that commits to an answer: "reaches the
target on DATE (band)" or "does not reach the target" ("not yet predictable" and refusals
commit to nothing). In every cell with at least MIN_ACCEPTED accepted fits:
- the 80 % band holds the true date in 70-90 % of them ("does not reach" counts as a miss), and
- "does not reach" is said in at most 5 % of them (every true curve here reaches its target).
The band is judged before its ends are rounded to dates (a band two days wide rounded to whole
days would hold the truth more often than it deserves).

The quick grid runs in the suite (well under a minute). The full grid (every combination of the
levels, 40 histories per cell) is not a test: at 40 histories a perfectly calibrated band falls
outside 70-90 % in about one cell in eight by chance alone, so it is measured and published
instead. Run this file as a script to print either table for docs/forecast.md:
    PYTHONPATH=. python tests/domain/test_forecast_calibration.py [--full]
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import sys
from dataclasses import dataclass

import numpy as np
import pytest

from tracker.domain.forecast import Answer, fit_forecast

ORIGIN = dt.date(2026, 1, 5)
GROWTH = 0.05  # per day: from 10 % to 90 % of the plateau in about 12 weeks
TARGET_SHARE = 0.9
MIN_ACCEPTED = 15


@dataclass(frozen=True)
class Cell:
    plateau: float
    midpoint: int  # day of the true curve's midpoint, from the first point
    noise: float  # standard deviation of each point, as a share (0.01 = 1 percentage point)
    step: int  # days between points: 7 weekly, 1 daily
    weeks: int  # history length
    reps: int = 80
    mature: bool = False  # past its turn: must give at least MIN_ACCEPTED accepted fits

    @property
    def target(self) -> float:
        return TARGET_SHARE * self.plateau

    @property
    def true_day(self) -> float:
        return self.midpoint - math.log(self.plateau / self.target - 1.0) / GROWTH

    def label(self) -> str:
        return (f"plateau {self.plateau:.0%}, midpoint day {self.midpoint}, noise {self.noise * 100:g} pp, "
                f"{'daily' if self.step == 1 else 'weekly'}, {self.weeks} weeks")


@dataclass
class Tally:
    fits: int = 0
    refused: int = 0
    not_yet: int = 0
    reaches: int = 0
    never: int = 0
    held: int = 0  # accepted fits whose band holds the true date
    bass: int = 0

    @property
    def accepted(self) -> int:
        return self.reaches + self.never

    @property
    def coverage(self) -> float:
        return self.held / self.accepted if self.accepted else math.nan

    @property
    def false_never(self) -> float:
        return self.never / self.accepted if self.accepted else math.nan


def run(cell: Cell, seed: int = 21) -> Tally:
    rng = np.random.default_rng([seed, int(cell.plateau * 100), cell.midpoint, int(cell.noise * 1000),
                                 cell.step, cell.weeks])
    days = np.arange(0, cell.weeks * 7, cell.step, dtype=float)
    truth = cell.plateau / (1.0 + np.exp(-GROWTH * (days - cell.midpoint)))
    dates = [ORIGIN + dt.timedelta(days=int(d)) for d in days]
    true_ordinal = ORIGIN.toordinal() + cell.true_day
    tally = Tally()
    for _ in range(cell.reps):
        rates = np.clip(truth + rng.normal(0.0, cell.noise, len(days)), 0.0, 1.0)
        f = fit_forecast(list(zip(dates, rates.tolist())), target=cell.target)
        tally.fits += 1
        if not f.ok:
            tally.refused += 1
            continue
        tally.bass += f.model == "bass"
        if f.answer is Answer.NOT_YET:
            tally.not_yet += 1
        elif f.answer is Answer.DOES_NOT_REACH:
            tally.never += 1
        else:
            tally.reaches += 1
            early, late = f.outcome.exact_band
            tally.held += early <= true_ordinal <= late
    return tally


# Every level of each factor appears: midpoints early (day 42) and late (day 126), plateaus 40-95 %,
# noise 1-3 points, weekly and daily points, histories 8-40 weeks.
QUICK = (
    Cell(0.40, 42, 0.01, 7, 16, mature=True),
    Cell(0.72, 126, 0.01, 7, 24, mature=True),
    Cell(0.95, 42, 0.03, 7, 24, mature=True),
    Cell(0.40, 126, 0.03, 7, 40, mature=True),
    Cell(0.72, 126, 0.02, 1, 40, mature=True),
    Cell(0.55, 42, 0.01, 1, 16, mature=True),
    Cell(0.72, 126, 0.01, 7, 16),  # issue 21's young curve: mostly "not yet predictable"
    Cell(0.95, 126, 0.02, 7, 8),  # hardly begun: refused or not yet predictable
)
FULL = tuple(Cell(p, m, n, s, w, reps=40) for p, m, n, s, w in itertools.product(
    (0.40, 0.72, 0.95), (42, 126), (0.01, 0.03), (7, 1), (8, 16, 24, 40)))


def _check(cell: Cell, tally: Tally) -> None:
    # The assertions below only bite with MIN_ACCEPTED accepted fits: a curve past its turn must
    # give that many, or the test could not fail.
    assert not cell.mature or tally.accepted >= MIN_ACCEPTED, (cell.label(), tally)
    # Whatever the number of accepted fits, never "does not reach" in more than 5 % of all fits.
    assert tally.never <= 0.05 * tally.fits, (cell.label(), tally)
    if tally.accepted >= MIN_ACCEPTED:
        assert 0.70 <= tally.coverage <= 0.90, (cell.label(), tally)
        assert tally.false_never <= 0.05, (cell.label(), tally)


@pytest.mark.parametrize("cell", QUICK, ids=lambda c: c.label())
def test_the_80_percent_band_holds_the_true_date_in_70_to_90_percent_of_accepted_fits(cell):
    _check(cell, run(cell))


def _table(cells) -> str:
    rows = ["| True curve | Fits | Refused | Not yet predictable | Reaches | Does not reach "
            "| Band holds the true date | Bass chosen |", "|---|---|---|---|---|---|---|---|"]
    for cell in cells:
        t = run(cell)
        held = f"{t.held} of {t.accepted} ({t.coverage:.0%})" if t.accepted else "—"
        rows.append(f"| {cell.label()} | {t.fits} | {t.refused} | {t.not_yet} | {t.reaches} | {t.never} | "
                    f"{held} | {t.bass} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(_table(FULL if "--full" in sys.argv else QUICK))
