"""S-curve forecast of adoption: fit a logistic to the history, read the plateau and the date the
target is reached, with an uncertainty band, or say plainly why there is no forecast.

Adoption of a new tool follows an S: a few early users, a steep middle as teams tip, then a
plateau. The logistic  rate(t) = plateau / (1 + exp(-growth * (t - midpoint)))  has exactly those
three readable parameters: the plateau is the *ultimate utilisation*, the midpoint the day half
of it is reached, the growth how steep the middle is (per day).

A line drawn through too little or too noisy data looks as confident as a good one, so the fit
refuses rather than guesses: fewer than MIN_POINTS points, no use at all, a poor fit (R² below
MIN_R_SQUARED or a residual error above MAX_RMSE) or a plateau the data cannot pin down (its
standard error above MAX_PLATEAU_SE, typically when only the early, exponential-looking part of
the curve has been seen) all give `ok=False` with a sentence in `reason`.

The uncertainty band comes from the fit's covariance: parameter sets are drawn from it with a fixed
seed (so the same history always gives the same band) and the 10th..90th percentiles of the drawn
curves and of their target dates form the band. Pure: no Qt, no SQL; scipy is imported inside
`fit_logistic` because it is slow to import and only the forecast needs it.
"""

from __future__ import annotations

import datetime as dt
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

MIN_POINTS = 4
MIN_R_SQUARED = 0.8
MAX_RMSE = 0.08
MAX_PLATEAU_SE = 0.15
MIN_RANGE = 0.03  # a history that moved less than this has no shape to fit
BAND_SAMPLES = 300
BAND_LOW, BAND_HIGH = 10.0, 90.0  # percentiles of the drawn curves: an 80 % band
_SEED = 20240611
_MAX_GROWTH = 2.0  # per day: from near 0 to the plateau within a few days; steeper is a step
_GOOD_ENOUGH_SSE = 0.01 ** 2  # per point: an RMSE of one percentage point
_GOOD_ENOUGH_R2 = 0.97
_HORIZON_DAYS = 5 * 365  # target dates further out than this are "not in sight", not a date


@dataclass(frozen=True, slots=True)
class Forecast:
    """The result of fitting a logistic to one adoption history.

    When `ok` is False the numbers are None and `reason` says why ("not enough data: 3 points, 4
    needed", "poor fit: ..."); `curve` and `band` then return empty lists so a chart draws nothing.
    `target_date` is when the fitted curve reaches the target (None when no target is set, the
    plateau is below it, or it lies beyond five years); `target_date_early`/`target_date_late`
    bound it within the band (late is None when a fair share of plausible curves never get there).
    """

    ok: bool
    reason: str
    plateau: float | None = None
    midpoint: dt.date | None = None
    growth: float | None = None  # per day
    target: float | None = None
    target_date: dt.date | None = None
    target_date_early: dt.date | None = None
    target_date_late: dt.date | None = None
    r_squared: float | None = None
    rmse: float | None = None
    n_points: int = 0
    plateau_low: float | None = None  # the band's bounds on the plateau itself
    plateau_high: float | None = None
    _origin: dt.date | None = field(default=None, repr=False, compare=False)
    _params: tuple[float, float, float] | None = field(default=None, repr=False, compare=False)
    _samples: object = field(default=None, repr=False, compare=False)  # numpy (n, 3): L, k, t0

    @property
    def reaches_target(self) -> bool:
        return self.target_date is not None

    def curve(self, dates: Sequence[dt.date]) -> list[float]:
        """The fitted rate on each date (empty when there is no forecast)."""
        if not self.ok or self._params is None or self._origin is None:
            return []
        L, k, t0 = self._params
        return [_logistic((d - self._origin).days, L, k, t0) for d in dates]

    def band(self, dates: Sequence[dt.date]) -> tuple[list[float], list[float]]:
        """Low and high edges of the uncertainty band on each date (empty when no forecast)."""
        if not self.ok or self._origin is None or self._samples is None or not len(dates):
            return [], []
        import numpy as np

        L, k, t0 = (self._samples[:, i:i + 1] for i in range(3))
        x = np.asarray([(d - self._origin).days for d in dates], dtype=float)[None, :]
        values = L / (1.0 + np.exp(np.clip(-k * (x - t0), -700.0, 700.0)))
        low, high = np.percentile(values, [BAND_LOW, BAND_HIGH], axis=0)
        return [float(v) for v in low], [float(v) for v in high]


def refuse(reason: str, n_points: int = 0) -> Forecast:
    return Forecast(ok=False, reason=reason, n_points=n_points)


def logistic_rate(day: float, plateau: float, growth: float, midpoint_day: float) -> float:
    """The logistic at `day` (days from any origin the midpoint is counted from)."""
    return _logistic(day, plateau, growth, midpoint_day)


def fit_logistic(points: Sequence[tuple[dt.date, float]], *, target: float | None) -> Forecast:
    """Fit rate = plateau / (1 + exp(-growth (t - midpoint))) to (date, rate) points.

    Points may come in any order; repeated dates keep the last rate. Rates are fractions 0..1.
    The plateau is bounded to (0, 1]; growth to (0, 2] per day.
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
    xs = [float((d - origin).days) for d in dates]
    span = xs[-1] - xs[0]
    if span <= 0:
        return refuse("not enough data: all points on one day", n)

    import numpy as np
    from scipy.optimize import OptimizeWarning, curve_fit

    x = np.asarray(xs)
    y = np.asarray(ys)

    def model(t, L, k, t0):
        return L / (1.0 + np.exp(np.clip(-k * (t - t0), -700.0, 700.0)))

    def jacobian(t, L, k, t0):
        # Analytic derivatives: several times faster than scipy's finite differences, which
        # matters when a page asks for fifty rollouts at once.
        s = 1.0 / (1.0 + np.exp(np.clip(-k * (t - t0), -700.0, 700.0)))
        ds = L * s * (1.0 - s)
        return np.column_stack((s, ds * (t - t0), -ds * k))

    lower = (1e-6, 1e-5, -2.0 * span - 365.0)
    upper = (1.0, _MAX_GROWTH, 3.0 * span + 3 * 365.0)
    sst = float(np.sum((y - y.mean()) ** 2))
    with warnings.catch_warnings():
        # A singular covariance is handled below (the plateau check); scipy's warning says no more.
        warnings.simplefilter("ignore", OptimizeWarning)
        best = _best_fit(curve_fit, model, jacobian, x, y, n, sst, _initial_guesses(xs, ys, span),
                         lower, upper)
    if best is None:
        return refuse("poor fit: the S-curve does not converge on this history", n)
    sse, params, cov = best
    L, k, t0 = (float(v) for v in params)
    r2 = 1.0 - sse / sst if sst > 0 else (1.0 if sse < 1e-12 else 0.0)
    rmse = math.sqrt(sse / n)
    quality = dict(r_squared=r2, rmse=rmse, n_points=n)
    if rmse > MAX_RMSE:
        return Forecast(ok=False, reason=f"poor fit: the points scatter {rmse:.0%} around the S-curve "
                        f"(at most {MAX_RMSE:.0%} allowed)", **quality)
    if r2 < MIN_R_SQUARED and rmse > 0.01:
        return Forecast(ok=False, reason=f"poor fit: the S-curve explains {max(r2, 0):.0%} of the "
                        f"movement (at least {MIN_R_SQUARED:.0%} needed)", **quality)
    cov = np.asarray(cov, dtype=float)
    if not np.all(np.isfinite(cov)):
        cov = np.zeros((3, 3)) if rmse < 1e-9 else None
    plateau_se = float(math.sqrt(max(cov[0, 0], 0.0))) if cov is not None else math.inf
    if plateau_se > MAX_PLATEAU_SE:
        return Forecast(ok=False, reason="poor fit: the plateau cannot be told yet (adoption is "
                        "still climbing steeply; more weeks are needed)", **quality)

    samples = _draw(np.asarray([L, k, t0]), cov, lower, upper)

    def as_date(day: float | None) -> dt.date | None:
        if day is None or not math.isfinite(day) or day - xs[-1] > _HORIZON_DAYS:
            return None
        return origin + dt.timedelta(days=round(day))

    early = late = None
    if target is not None and target > 0:
        # A drawn curve that never reaches the target counts as later than any date, so `late`
        # is None when more than a tenth of the plausible curves never get there.
        sL, sk, st0 = samples[:, 0], samples[:, 1], samples[:, 2]
        with np.errstate(divide="ignore", invalid="ignore"):
            days = np.where(sL > target + 1e-9, st0 - np.log(sL / target - 1.0) / sk, np.inf)
        early_day, late_day = np.percentile(days, [BAND_LOW, BAND_HIGH], method="nearest")
        early, late = as_date(float(early_day)), as_date(float(late_day))
    plateau_low, plateau_high = (float(v) for v in np.percentile(samples[:, 0], [BAND_LOW, BAND_HIGH]))
    return Forecast(
        ok=True, reason="", plateau=L, midpoint=origin + dt.timedelta(days=round(t0)), growth=k,
        target=target, target_date=as_date(_day_reaching(target, L, k, t0)),
        target_date_early=early, target_date_late=late,
        plateau_low=plateau_low, plateau_high=plateau_high,
        _origin=origin, _params=(L, k, t0), _samples=samples, **quality)


def _best_fit(curve_fit, model, jacobian, x, y, n, sst, guesses, lower, upper):
    """(sse, params, cov) of the best of the starts, or None when none converged."""
    best = None
    bounded_tried = False
    for guess in guesses:
        p0 = [min(max(g, lo + 1e-9), hi - 1e-9) for g, lo, hi in zip(guess, lower, upper)]
        try:
            # Levenberg-Marquardt (MINPACK, in C) first: many times faster than the bounded
            # trust-region method; that one is only needed when the free fit leaves the bounds.
            params, cov = curve_fit(model, x, y, p0=p0, jac=jacobian, method="lm", maxfev=400)
            if not all(lo <= v <= hi for v, lo, hi in zip(params, lower, upper)):
                raise RuntimeError("outside the bounds")
        except (RuntimeError, ValueError, FloatingPointError):
            if bounded_tried:  # the slow bounded method once per fit, not once per start
                continue
            bounded_tried = True
            try:
                params, cov = curve_fit(model, x, y, p0=p0, bounds=(lower, upper), jac=jacobian,
                                        max_nfev=200)
            except (RuntimeError, ValueError):
                continue
        sse = float(((model(x, *params) - y) ** 2).sum())
        if best is None or sse < best[0]:
            best = (sse, params, cov)
        if sse <= _GOOD_ENOUGH_SSE * n or sse <= (1 - _GOOD_ENOUGH_R2) * sst:
            break  # this basin already fits well; other starts would cost time for nothing
    return best


def _logistic(x: float, L: float, k: float, t0: float) -> float:
    z = -k * (x - t0)
    if z > 700:
        return 0.0
    return L / (1.0 + math.exp(z))


def _day_reaching(target: float | None, L: float, k: float, t0: float) -> float | None:
    """Day the curve reaches `target`: t0 - ln(L/target - 1)/k, or None when L <= target."""
    if target is None or target <= 0:
        return None
    if L <= target + 1e-9:
        return None
    return t0 - math.log(L / target - 1.0) / k


def _initial_guesses(xs: list[float], ys: list[float], span: float) -> list[tuple[float, float, float]]:
    """A few starting points: curve_fit is local, and an S seen only in part has several basins."""
    top = max(ys)
    half = top / 2
    t_half = next((x for x, y in zip(xs, ys) if y >= half), xs[len(xs) // 2])
    guesses = []
    for plateau in (min(top * 1.05, 1.0), min(top * 1.5, 1.0)):
        for steep in (4.0, 10.0):
            guesses.append((plateau, steep / max(span, 1.0), t_half))
    guesses.append((min(top * 1.05, 1.0), 1.0, t_half))
    return guesses


def _draw(mean, cov, lower, upper):
    """Parameter sets (numpy, one row each) drawn from the fit's covariance, kept inside the
    bounds; a fixed seed so the same history always gives the same band."""
    import numpy as np

    if not np.any(cov):
        return np.tile(mean, (2, 1))
    rng = np.random.default_rng(_SEED)
    draws = rng.multivariate_normal(mean, cov, size=BAND_SAMPLES, check_valid="ignore",
                                    method="eigh")
    return np.clip(draws, np.asarray(lower), np.asarray(upper))
