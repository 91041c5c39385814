"""The two S-curves the forecast can use, as "plateau x shape": the logistic and the Bass model.

Both write adoption as  rate(t) = plateau * shape(t; a, b)  with a shape rising from 0 to 1, so
the plateau (the level adoption settles at, the parameter a young history pins down worst) can
be handled apart from the two shape parameters (tracker/domain/forecast_posterior.py fixes the
plateau on a grid and fits the shape for each value). Everything here works on a batch of
parameter rows at once (numpy arrays of shape (G, 2)), because the posterior fits dozens of
plateau values together and a page fits hundreds of teams.

- Logistic: shape = 1 / (1 + exp(-k (t - t0))); parameters (ln k, t0): k the growth per day,
  t0 the midpoint, the day half the plateau is reached.
- Bass diffusion: shape = (1 - E) / (1 + (q/p) E) with E = exp(-(p + q)(t - launch)); parameters
  (ln p, ln q): p the coefficient of innovation (people who start on their own), q that of
  imitation (people who start because colleagues did). Time counts from the launch, which the
  caller sets (the forecast takes the last week without any use before the first use).

Pure numpy; no scipy, so the batch stays in a handful of array operations.
"""

from __future__ import annotations

import math
from typing import Protocol

import numpy as np

_CLIP = 60.0  # exp() arguments beyond this are 0 or 1 to double precision anyway


class Shape(Protocol):
    """What the posterior and the forecast ask of a curve (both classes below are one)."""

    name: str
    label: str

    def max_step(self, span: float) -> np.ndarray: ...
    def bounds(self, span: float) -> tuple[np.ndarray, np.ndarray]: ...
    def values(self, x: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...
    def day_at(self, u: np.ndarray, theta: np.ndarray) -> np.ndarray: ...
    def turning_day(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]: ...
    def start(self, x: np.ndarray, y_over_plateau: np.ndarray, span: float) -> np.ndarray: ...


class Logistic:
    name = "logistic"
    label = "S-curve (logistic)"

    @staticmethod
    def max_step(span: float) -> np.ndarray:
        """The largest move of (ln k, t0) in one iteration: keeps a far start from overshooting."""
        return np.array([2.0, max(span, 7.0)])

    @staticmethod
    def bounds(span: float) -> tuple[np.ndarray, np.ndarray]:
        """Growth from 1e-4 per day (decades to rise) to 2 per day (a step); the midpoint within a
        few spans and years of the history."""
        return (np.array([math.log(1e-4), -2.0 * span - 365.0]),
                np.array([math.log(2.0), 3.0 * span + 3 * 365.0]))

    @staticmethod
    def values(x: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(shape, d shape / d theta[0], d shape / d theta[1]) on days x (n,) for parameter rows
        theta (G, 2): three arrays (G, n)."""
        k = np.exp(theta[:, :1])
        t0 = theta[:, 1:2]
        z = k * (x[None, :] - t0)
        with np.errstate(over="ignore"):
            s = 1.0 / (1.0 + np.exp(-z))  # exp overflows to inf far before the start: s = 0, as it should
        ds = s * (1.0 - s)
        return s, ds * z, -ds * k

    @staticmethod
    def day_at(u: np.ndarray, theta: np.ndarray) -> np.ndarray:
        """The day the shape reaches u (0 < u < 1), per row."""
        k = np.exp(theta[..., 0])
        day: np.ndarray = theta[..., 1] + np.log(u / (1.0 - u)) / k
        return day

    @staticmethod
    def turning_day(theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The inflection (the midpoint) and the days per unit of growth after it."""
        return theta[..., 1], 1.0 / np.exp(theta[..., 0])

    @staticmethod
    def start(x: np.ndarray, y_over_plateau: np.ndarray, span: float) -> np.ndarray:
        """A starting point per row from a weighted straight line through logit(y / plateau)."""
        u = np.clip(y_over_plateau, 0.02, 0.98)
        z = np.log(u / (1.0 - u))
        w = u * (1.0 - u)
        sw = w.sum(axis=1)
        mx = (w * x).sum(axis=1) / sw
        mz = (w * z).sum(axis=1) / sw
        slope = (w * (x - mx[:, None]) * (z - mz[:, None])).sum(axis=1) / np.maximum(
            (w * (x - mx[:, None]) ** 2).sum(axis=1), 1e-12)
        fallback = 6.0 / max(span, 1.0)
        k = np.where(slope > 1e-5, slope, fallback)
        t0 = mx - mz / k
        return np.column_stack((np.log(np.clip(k, 1e-5, 2.0)), t0))


class Bass:
    name = "bass"
    label = "Bass diffusion"

    def __init__(self, origin: float):
        self.origin = origin  # the launch day, on the same axis as the points' days

    @staticmethod
    def max_step(span: float) -> np.ndarray:
        return np.array([2.0, 2.0])

    @staticmethod
    def bounds(span: float) -> tuple[np.ndarray, np.ndarray]:
        """p and q from 1e-7 to 2 per day."""
        return np.full(2, math.log(1e-7)), np.full(2, math.log(2.0))

    def _parts(self, x: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, ...]:
        p = np.exp(theta[:, :1])
        q = np.exp(theta[:, 1:2])
        total = p + q
        tau = np.maximum(x[None, :] - self.origin, 0.0)
        e = np.exp(-np.minimum(total * tau, _CLIP))
        c = q / p
        return p, q, total, tau, e, c

    def values(self, x: np.ndarray, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        p, q, total, tau, e, c = self._parts(x, theta)
        den = 1.0 + c * e
        s = (1.0 - e) / den
        d_e = -(1.0 + c) / den ** 2  # d shape / d E
        d_c = -(1.0 - e) * e / den ** 2  # d shape / d (q/p)
        d_total = d_e * (-tau * e)  # d shape / d (p + q)
        return s, d_total * p - d_c * c, d_total * q + d_c * c

    def day_at(self, u: np.ndarray, theta: np.ndarray) -> np.ndarray:
        p = np.exp(theta[..., 0])
        q = np.exp(theta[..., 1])
        e = (1.0 - u) / (1.0 + u * q / p)
        day: np.ndarray = self.origin - np.log(e) / (p + q)
        return day

    def turning_day(self, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p = np.exp(theta[..., 0])
        q = np.exp(theta[..., 1])
        return self.origin + np.maximum(np.log(q / p), 0.0) / (p + q), 1.0 / (p + q)

    def start(self, x: np.ndarray, y_over_plateau: np.ndarray, span: float) -> np.ndarray:
        """From the logistic's start: Bass with p + q = k and its inflection on the midpoint."""
        logistic = Logistic.start(x, y_over_plateau, span)
        k = np.exp(logistic[:, 0])
        c = np.exp(np.clip(k * (logistic[:, 1] - self.origin), 0.05, 30.0))
        p = k / (1.0 + c)
        return np.column_stack((np.log(p), np.log(k - p)))

