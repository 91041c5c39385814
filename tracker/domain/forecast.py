"""The adoption forecast: when the target is reached, with an 80 % band, or plainly why not.

Adoption of a new tool follows an S: a few early users, a steep middle as teams tip, then a
plateau. Two standard curves describe it (tracker/domain/forecast_shapes.py): the logistic and
the Bass diffusion model. Each history gets the one that predicts its own last points better:
both are fitted without those points (the last fifth, at least three) and Bass is used on the
whole history only when its curve misses them by clearly less (BASS_MARGIN); the logistic
otherwise, and whenever the contest could not be fair (`_held_out_errors`). `Forecast.model`
says which.

The band is the honest part (tracker/domain/forecast_posterior.py): the plateau is weighed on a
grid, not read off a local approximation, so a curve still in its early rise gets the wide band
it deserves instead of a confident wrong one. From the draws come three answers, never two:

- REACHES: at least 90 % of the plausible curves reach the target within five years, and the
  curve is past its turn: "reaches the target on DATE (80% band EARLY to LATE)";
- DOES_NOT_REACH: 95 % of the plausible plateaus (so the top of the 80 % band too) lie below
  the target, and 95 % of the curves are past their turn;
- NOT_YET: otherwise: "not yet predictable", because the curve has not turned or has only just
  turned (a date is given only once the curve is about one unit of growth past its turn, where
  its plateau starts to show; the sentence says about how many more weeks that takes), or
  because its plateau could settle either side of the target.

Refused outright (`ok=False`, the reason in words): fewer than MIN_POINTS points, no use at all,
no movement, or a history the S-curve does not describe (R² below MIN_R_SQUARED or a scatter
above MAX_RMSE). Draws use a fixed seed, so the same history always gives the same forecast.
Pure: no Qt, no SQL; numpy is imported inside `fit_forecast` because it is slow to import.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from enum import Enum
from typing import TYPE_CHECKING

from tracker.domain.date_text import day_text

if TYPE_CHECKING:  # numpy is imported inside the functions that need it: it is slow to import
    import numpy as np

    from tracker.domain.forecast_posterior import PlateauGrid
    from tracker.domain.forecast_shapes import Shape

# How pages, charts and reports write a date; it also takes None (an open end of a band).
DateFormat = Callable[[dt.date | None], str]

MIN_POINTS = 4
MIN_R_SQUARED = 0.8
MAX_RMSE = 0.08
MIN_RANGE = 0.03  # a history that moved less than this has no shape to fit
BAND_LOW, BAND_HIGH = 0.10, 0.90  # quantiles of the drawn curves: an 80 % band
# "Does not reach" needs 95 % of the plausible plateaus below the target (so the 80 % band's top
# is below it too) and 95 % of the curves past their turn: saying it of a curve that does reach
# the target is the costliest mistake.
NEVER_QUANTILE = 0.95
HELD_OUT_SHARE = 0.2  # the last fifth of the points (at least MIN_HELD_OUT) judges the two models
MIN_HELD_OUT = 3
MIN_TO_FIT_HELD_OUT = 8  # fewer points left to fit, and the logistic is used without a contest
LAUNCH_SHARE = 0.1  # a history whose first rate is above this share of its highest started after launch
# Bass replaces the logistic only when it misses the held-out points by clearly less: on a flat
# stretch both predict the same level and a coin toss of the noise would pick Bass's shape.
BASS_MARGIN = 0.8
_SEED = 20240611
_HORIZON_DAYS = 5 * 365  # target dates further out than this are "not in sight", not a date


class Answer(Enum):
    REACHES = "reaches"
    DOES_NOT_REACH = "does_not_reach"
    NOT_YET = "not_yet"


def _pct(share: float) -> str:
    return f"{share * 100:.0f}%"


@dataclass(frozen=True, slots=True)
class Outcome:
    """The forecast's answer in plain values: what the health rule judges and every page says."""

    answer: Answer
    target: float
    plateau: float  # median plateau and its 80 % band
    plateau_low: float
    plateau_high: float
    date: dt.date | None = None  # REACHES: the median date the plausible curves reach the target
    early: dt.date | None = None  # the 80 % band of that date; None: beyond five years or never
    late: dt.date | None = None
    turned: bool = True  # the curve has passed its steepest point
    # NOT_YET before the plateau starts to show (one unit of growth past the turn): about how
    # many more weeks of data will show it. None: the plateau shows, but straddles the target.
    weeks_needed: int | None = None
    # The band's ends before rounding to dates, as fractional day ordinals (inf: beyond five
    # years or never): the calibration test measures these, not the rounded dates.
    exact_band: tuple[float, float] | None = None

    def short(self, fmt: DateFormat = day_text) -> str:
        """The answer in a table cell: the date, "does not reach" or "not yet predictable"."""
        if self.answer is Answer.REACHES:
            return fmt(self.date)
        return "does not reach" if self.answer is Answer.DOES_NOT_REACH else "not yet predictable"

    def sentence(self, fmt: DateFormat = day_text) -> str:
        """The answer in words, without a leading capital: "reaches the target on 2027-03-12 …"."""
        if self.answer is Answer.REACHES:
            band = f" (80% band {fmt(self.early)} to {fmt(self.late)})" if self.early and self.late else ""
            return f"reaches the target on {fmt(self.date)}{band}"
        if self.answer is Answer.DOES_NOT_REACH:
            return (f"does not reach the target: adoption levels off at {_pct(self.plateau)} "
                    f"(80% band {_pct(self.plateau_low)} to {_pct(self.plateau_high)}), "
                    f"below the {_pct(self.target)} target")
        if self.weeks_needed is not None:
            weeks = self.weeks_needed
            state = "has only just turned" if self.turned else "has not turned"
            return (f"not yet predictable: the curve {state} (about {weeks} more "
                    f"week{'' if weeks == 1 else 's'} of data)")
        return (f"not yet predictable: adoption may level off either side of the {_pct(self.target)} "
                f"target (80% band of the plateau {_pct(self.plateau_low)} to {_pct(self.plateau_high)}; "
                "more weeks of data will tell)")


@dataclass(frozen=True, slots=True)
class Forecast:
    """The result of fitting an S-curve to one adoption history.

    When `ok` is False the numbers are None and `reason` says why ("not enough data: 3 points, 4
    needed", "poor fit: ..."); `curve` and `band` then return empty lists so a chart draws nothing.
    `outcome` is the answer about the target (None without a target); `target_date` is set only
    when the answer is REACHES. `model` is "logistic" or "bass", `model_label` its name in words,
    `held_out` each model's error (root mean square) on the held-out last points.
    """

    ok: bool
    reason: str
    plateau: float | None = None
    plateau_low: float | None = None  # the 80 % band of the plateau
    plateau_high: float | None = None
    midpoint: dt.date | None = None  # the best curve's steepest day (the logistic's midpoint)
    growth: float | None = None  # per day: the logistic's k, Bass's p + q
    innovation: float | None = None  # Bass only: p and q, per day
    imitation: float | None = None
    model: str | None = None
    model_label: str | None = None
    held_out: tuple[tuple[str, float], ...] = ()
    target: float | None = None
    outcome: Outcome | None = None
    r_squared: float | None = None
    rmse: float | None = None
    n_points: int = 0
    _origin: dt.date | None = field(default=None, repr=False, compare=False)
    _shape: Shape | None = field(default=None, repr=False, compare=False)
    _plateaus: np.ndarray | None = field(default=None, repr=False, compare=False)  # (S,)
    _theta: np.ndarray | None = field(default=None, repr=False, compare=False)  # (S, 2)

    @property
    def answer(self) -> Answer | None:
        return self.outcome.answer if self.outcome else None

    @property
    def target_date(self) -> dt.date | None:
        return self.outcome.date if self.outcome and self.outcome.answer is Answer.REACHES else None

    @property
    def target_date_early(self) -> dt.date | None:
        return self.outcome.early if self.outcome else None

    @property
    def target_date_late(self) -> dt.date | None:
        return self.outcome.late if self.outcome else None

    @property
    def reaches_target(self) -> bool:
        return self.target_date is not None

    def sentence(self, fmt: DateFormat = day_text) -> str:
        """The forecast in words, for pages, charts and reports."""
        if self.outcome is not None:
            return self.outcome.sentence(fmt)
        # A forecast that is ok always has its plateau band; the checks tell the type checker.
        if not self.ok or self.plateau is None or self.plateau_low is None or self.plateau_high is None:
            return f"no forecast ({self.reason})"
        return (f"heading to {_pct(self.plateau)} (80% band {_pct(self.plateau_low)} to "
                f"{_pct(self.plateau_high)})")

    def _drawn(self, dates: Sequence[dt.date]) -> np.ndarray | None:
        """Every drawn curve on each date, (S, len(dates)); None without a forecast or dates."""
        if (not self.ok or not len(dates) or self._origin is None or self._shape is None
                or self._plateaus is None or self._theta is None):
            return None
        import numpy as np

        x = np.asarray([(d - self._origin).days for d in dates], dtype=float)
        shape = self._shape.values(x, self._theta)[0]
        drawn: np.ndarray = self._plateaus[:, None] * shape
        return drawn

    def curve(self, dates: Sequence[dt.date]) -> list[float]:
        """The median of the plausible curves on each date (empty when there is no forecast)."""
        drawn = self._drawn(dates)
        if drawn is None:
            return []
        import numpy as np

        return [float(v) for v in np.median(drawn, axis=0)]

    def band(self, dates: Sequence[dt.date]) -> tuple[list[float], list[float]]:
        """Low and high edges of the 80 % band on each date (empty when there is no forecast)."""
        drawn = self._drawn(dates)
        if drawn is None:
            return [], []
        import numpy as np

        low, high = np.quantile(drawn, [BAND_LOW, BAND_HIGH], axis=0)
        return [float(v) for v in low], [float(v) for v in high]


def refuse(reason: str, n_points: int = 0) -> Forecast:
    return Forecast(ok=False, reason=reason, n_points=n_points)


def fit_forecast(points: Sequence[tuple[dt.date, float]], *, target: float | None) -> Forecast:
    """Fit the better of the two S-curves to (date, rate) points and answer about `target`.

    Points may come in any order; repeated dates keep the last rate. Rates are fractions 0..1.
    """
    by_date: dict[dt.date, float] = {}
    for day, rate in points:
        if rate is None or (isinstance(rate, float) and math.isnan(rate)):
            continue
        by_date[day] = float(rate)
    n = len(by_date)
    if n < MIN_POINTS:
        return refuse(f"not enough data: {n} point{'' if n == 1 else 's'}, {MIN_POINTS} needed", n)
    dates = sorted(by_date)
    ys = [min(max(by_date[d], 0.0), 1.0) for d in dates]
    if max(ys) <= 0.0:
        return refuse("not enough data: nobody has used it yet", n)
    if max(ys) - min(ys) < MIN_RANGE:
        return refuse(f"poor fit: adoption has stayed at about {sum(ys) / n:.0%}; there is no S-curve "
                      "to fit", n)
    origin = dates[0]
    if dates[-1] == origin:
        return refuse("not enough data: all points on one day", n)

    import numpy as np

    from tracker.domain import forecast_posterior as posterior
    from tracker.domain.forecast_shapes import Bass, Logistic

    x = np.asarray([float((d - origin).days) for d in dates])
    y = np.asarray(ys)
    span = float(x[-1] - x[0])
    logistic, bass = Logistic(), Bass(_launch_day(x, y))
    model: Shape = logistic
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        coarse = posterior.coarse_grid(model, x, y, span)
        grid = posterior.fine_grid(model, x, y, span, coarse)
        held_out = _held_out_errors(logistic, bass, coarse, grid, x, y, n)
        if held_out and held_out[1][1] < BASS_MARGIN * held_out[0][1]:
            model = bass
            grid = posterior.fine_grid(model, x, y, span, posterior.coarse_grid(model, x, y, span))
    best = grid.best
    sse = float(grid.sse[best])
    sst = float(np.sum((y - y.mean()) ** 2))
    r2 = 1.0 - sse / sst if sst > 0 else (1.0 if sse < 1e-12 else 0.0)
    rmse = math.sqrt(sse / n)
    if rmse > MAX_RMSE:
        return Forecast(ok=False, reason=f"poor fit: the points scatter {rmse:.0%} around the S-curve "
                        f"(at most {MAX_RMSE:.0%} allowed)", r_squared=r2, rmse=rmse, n_points=n)
    if r2 < MIN_R_SQUARED and rmse > 0.01:
        return Forecast(ok=False, reason=f"poor fit: the S-curve explains {max(r2, 0):.0%} of the "
                        f"movement (at least {MIN_R_SQUARED:.0%} needed)", r_squared=r2, rmse=rmse, n_points=n)

    plateaus, theta = posterior.draw(model, grid, n, span, _SEED)
    p_low, p_mid, p_high = (float(v) for v in np.quantile(plateaus, [BAND_LOW, 0.5, BAND_HIGH]))
    best_theta = grid.theta[best]
    turn, unit = model.turning_day(best_theta)
    is_bass = model is bass
    outcome = None
    if target is not None and target > 0:
        outcome = _outcome(model, plateaus, theta, float(target), origin, float(x[-1]), (p_low, p_mid, p_high))
    return Forecast(
        ok=True, reason="", plateau=p_mid, plateau_low=p_low, plateau_high=p_high,
        midpoint=origin + dt.timedelta(days=round(float(turn))),
        growth=1.0 / float(unit),
        innovation=float(np.exp(best_theta[0])) if is_bass else None,
        imitation=float(np.exp(best_theta[1])) if is_bass else None,
        model=model.name, model_label=model.label, held_out=held_out, target=target, outcome=outcome,
        r_squared=r2, rmse=rmse, n_points=n,
        _origin=origin, _shape=model, _plateaus=plateaus, _theta=theta)


def _launch_day(x: np.ndarray, y: np.ndarray) -> float:
    """Bass counts time from the launch: the last point without any use before the first use,
    or one period before the first point when use was already under way."""
    first = int((y > 0).argmax())
    if first > 0:
        return float(x[first - 1])
    step = float(x[1] - x[0]) if len(x) > 1 else 7.0
    return float(x[0]) - step


def _held_out_errors(logistic: Shape, bass: Shape, coarse: PlateauGrid, grid: PlateauGrid, x: np.ndarray,
                     y: np.ndarray, n: int) -> tuple[tuple[str, float], ...]:
    """Each model's root mean square miss on the last points, fitted without them (the best
    curve of a coarse grid); empty when the comparison cannot be fair: too few points to hold
    some back, a history that starts after the launch (Bass counts time from the launch, so a
    history already under way at its first point would be judged on a guessed launch), or one
    whose shorter part is not yet well past its turn (measured: on such parts Bass won by chance
    and its bands then missed the true date far more often than 2 in 10). The logistic's fit
    on the whole history (`coarse`, `grid`) tells where the turn is and starts its shorter fit."""
    from tracker.domain import forecast_posterior as posterior

    held = max(MIN_HELD_OUT, round(n * HELD_OUT_SHARE))
    if n - held < MIN_TO_FIT_HELD_OUT or y[0] > LAUNCH_SHARE * float(y.max()):
        return ()
    fit_x, fit_y = x[:-held], y[:-held]
    turn, unit = logistic.turning_day(grid.theta[grid.best])
    if float(turn + unit) > fit_x[-1]:
        return ()  # not well past the turn: both would extrapolate an unseen plateau, a coin toss
    span = float(fit_x[-1] - fit_x[0])
    fits = (posterior.fit_grid(logistic, fit_x, fit_y, coarse.plateaus, span, coarse.theta),
            posterior.coarse_grid(bass, fit_x, fit_y, span, posterior.HELD_OUT_POINTS))
    errors: list[tuple[str, float]] = []
    for model, fit in zip((logistic, bass), fits):
        # Both judged on their best curve, not on the nearest grid value: a grid step in the
        # plateau costs the logistic more than Bass, whose launch term can make up for it.
        plateau, theta = posterior.best_curve(model, fit_x, fit_y, span, fit)
        miss = plateau * model.values(x[-held:], theta[None, :])[0][0] - y[-held:]
        errors.append((model.name, float((miss ** 2).mean() ** 0.5)))
    return tuple(errors)


def _outcome(model: Shape, plateaus: np.ndarray, theta: np.ndarray, target: float, origin: dt.date,
             last_day: float, plateau_band: tuple[float, float, float]) -> Outcome:
    import numpy as np

    p_low, p_mid, p_high = plateau_band
    reach = plateaus > target + 1e-9
    u = np.where(reach, target / plateaus, 0.5)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        days = np.where(reach, model.day_at(u, theta), np.inf)
    days = np.where(np.isfinite(days) & (days - last_day <= _HORIZON_DAYS), days, np.inf)
    early, mid, late = np.quantile(days, [BAND_LOW, 0.5, BAND_HIGH], method="inverted_cdf")

    def as_date(day: float) -> dt.date | None:
        return origin + dt.timedelta(days=round(float(day))) if math.isfinite(day) else None

    base = origin.toordinal()
    # What every answer says; each return below fills in its own part.
    plain = Outcome(Answer.NOT_YET, target, plateau=p_mid, plateau_low=p_low, plateau_high=p_high,
                    exact_band=(base + float(early), base + float(late)))
    turn, unit = model.turning_day(theta)
    # Either answer only once the curve is about one unit of growth past its turn, where the
    # plateau starts to show ("does not reach": for 95 % of the draws; a date: for the median
    # draw, or once the whole band lies inside the history). Before
    # its steepest point the rise of a low plateau and of a high one look alike; measured:
    # histories ending between the turn and that point gave bands that held the true date in
    # only a third to a half of the fits, the draws that reach the target being the optimistic ones.
    ahead = float(np.median(turn + unit)) - last_day
    if (float(np.quantile(plateaus, NEVER_QUANTILE)) < target
            and float(np.quantile(turn + unit, NEVER_QUANTILE)) <= last_day):
        return replace(plain, answer=Answer.DOES_NOT_REACH)
    if math.isfinite(late) and (ahead <= 0 or late <= last_day):
        return replace(plain, answer=Answer.REACHES, date=as_date(mid), early=as_date(early), late=as_date(late))
    turned = float(np.median(turn)) <= last_day
    weeks = max(1, math.ceil(ahead / 7.0)) if ahead > 0 else None
    return replace(plain, early=as_date(early), turned=turned, weeks_needed=weeks)
