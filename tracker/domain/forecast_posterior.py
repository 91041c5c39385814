"""What the history says about the plateau and the curve: a posterior over the S-curve's
parameters, and curves drawn from it.

Why this method (measured, see docs/forecast.md): a young history only shows the early rise, and
the early rise of a curve levelling off at 50 % looks like that of one levelling off at 90 %. A
band from the fit's covariance (a straight-line approximation around the best fit) is then
narrow around whatever plateau the noise favoured, and says "never reaches the target" of curves
that do. So the plateau is not approximated: it is laid on a grid, and for every value the two
shape parameters are fitted (a batch Levenberg-Marquardt, all grid values at once) and
approximated by a Gaussian around their fit, which they follow well once the plateau is fixed.

The posterior of a plateau value L, with the noise level integrated out (prior 1/sigma):

    p(L | data)  ∝  prior(L) * |J'J|^(-1/2) * SSE(L)^(-(n - 2) / 2)

(J the Jacobian of the fitted shape, SSE the squared error of the best curve with that plateau).
The prior is flat on the plateau between 0 and 1 (a rate cannot exceed the eligible people; the
grid starts at half the highest rate seen, below which no curve fits) and flat in the log of the
growth and in the midpoint (for Bass: in the logs of p and q). A coarse grid over the whole range finds where
the posterior lives; a finer grid there gives the draws: a plateau by its weight, then the shape
parameters from a Student t around their fit (the noise level is estimated, not known).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from tracker.domain.forecast_shapes import Shape

COARSE_POINTS = 24
FINE_POINTS = 40
HELD_OUT_POINTS = 16  # the model choice needs only the best curve (best_curve), not the posterior
DRAWS = 400
_ITERATIONS = 30
_LOG_SPAN = 14.0  # the fine grid covers plateau values within exp(-14) of the best weight


@dataclass(frozen=True)
class PlateauGrid:
    """The shape fitted for each plateau value, with its posterior weight."""

    plateaus: np.ndarray  # (G,)
    theta: np.ndarray  # (G, 2) fitted shape parameters
    sse: np.ndarray  # (G,)
    info: np.ndarray  # (G, 2, 2) J'J at the fit
    log_weight: np.ndarray  # (G,) unnormalised log posterior

    @property
    def best(self) -> int:
        return int(np.argmax(self.log_weight))


def fit_grid(model: Shape, x: np.ndarray, y: np.ndarray, plateaus: np.ndarray, span: float,
             theta: np.ndarray | None = None) -> PlateauGrid:
    """Fit the shape for every plateau value at once: Levenberg-Marquardt with one damping per
    row and the 2 x 2 normal equations solved in closed form (no per-row linear algebra calls).
    `theta` is a starting point per row (default: the shape's own guess)."""
    n = len(x)
    L = plateaus[:, None]
    theta = model.start(x, y[None, :] / L, span) if theta is None else theta
    shape, d0, d1 = model.values(x, theta)
    sse = ((y - L * shape) ** 2).sum(axis=1)
    damping = np.full(len(plateaus), 1e-3)
    limit = model.max_step(span)
    lower, upper = model.bounds(span)
    theta = np.clip(theta, lower, upper)
    for _ in range(_ITERATIONS):
        j0, j1, r = L * d0, L * d1, y - L * shape
        a, b, c = (j0 * j0).sum(axis=1), (j0 * j1).sum(axis=1), (j1 * j1).sum(axis=1)
        g0, g1 = (j0 * r).sum(axis=1), (j1 * r).sum(axis=1)
        da, dc = a * (1.0 + damping) + 1e-12, c * (1.0 + damping) + 1e-12
        det = da * dc - b * b
        step = np.column_stack(((dc * g0 - b * g1) / det, (da * g1 - b * g0) / det))
        step = np.clip(np.where(np.isfinite(step), step, 0.0), -limit, limit)
        promised = step[:, 0] * g0 + step[:, 1] * g1  # about twice the fall in SSE the step promises
        trial = np.clip(theta + step, lower, upper)
        t_shape, t_d0, t_d1 = model.values(x, trial)
        t_sse = ((y - L * t_shape) ** 2).sum(axis=1)
        better = np.isfinite(t_sse) & (t_sse <= sse)
        keep = better[:, None]
        theta = np.where(keep, trial, theta)
        shape, d0, d1 = (np.where(keep, new, old) for new, old in ((t_shape, shape), (t_d0, d0), (t_d1, d1)))
        sse = np.where(better, t_sse, sse)
        damping = np.where(better, np.maximum(damping / 5.0, 1e-9), damping * 8.0)
        # Done when every row that could carry weight has settled (its next step promises almost
        # nothing): rows whose error alone puts them beyond _LOG_SPAN below the best carry no
        # weight, however far they still crawl.
        irrelevant = 0.5 * (n - 2) * np.log(sse / (sse.min() + 1e-14) + 1e-300) > _LOG_SPAN
        if np.all((promised <= 1e-5 * sse + 1e-14) | (damping > 1e3) | irrelevant):
            break
    j0, j1 = L * d0, L * d1
    info = np.empty((len(plateaus), 2, 2))
    info[:, 0, 0] = (j0 * j0).sum(axis=1)
    info[:, 0, 1] = info[:, 1, 0] = (j0 * j1).sum(axis=1)
    info[:, 1, 1] = (j1 * j1).sum(axis=1)
    det = info[:, 0, 0] * info[:, 1, 1] - info[:, 0, 1] ** 2
    floor = max(1e-10, 1e-6 * float(np.min(sse)))  # a perfect fit must not weigh infinitely
    log_weight = -0.5 * np.log(np.maximum(det, 1e-300)) - 0.5 * (n - 2) * np.log(sse + floor)
    log_weight = np.where(np.isfinite(log_weight) & (det > 0), log_weight, -np.inf)
    return PlateauGrid(plateaus, theta, sse, info, log_weight)


def coarse_grid(model: Shape, x: np.ndarray, y: np.ndarray, span: float, points: int = COARSE_POINTS) -> PlateauGrid:
    """The whole range of plausible plateaus: from half the highest rate seen to 100 %."""
    low = max(0.5 * float(np.max(y)), 0.005)
    return fit_grid(model, x, y, np.linspace(low, 1.0, points), span)


def fine_grid(model: Shape, x: np.ndarray, y: np.ndarray, span: float, coarse: PlateauGrid) -> PlateauGrid:
    """A finer grid over the part of the coarse one that holds the posterior (within _LOG_SPAN
    of its best weight, and one coarse step beyond), started from the coarse fits (so it needs
    few iterations)."""
    keep = np.flatnonzero(coarse.log_weight >= coarse.log_weight.max() - _LOG_SPAN)
    plateaus = coarse.plateaus
    first, last = max(keep[0] - 1, 0), min(keep[-1] + 1, len(plateaus) - 1)
    fine = np.linspace(plateaus[first], plateaus[last], FINE_POINTS)
    start = np.column_stack([np.interp(fine, plateaus[first:last + 1], coarse.theta[first:last + 1, i])
                             for i in range(2)])
    return fit_grid(model, x, y, fine, span, start)


def best_curve(model: Shape, x: np.ndarray, y: np.ndarray, span: float, grid: PlateauGrid) -> tuple[float, np.ndarray]:
    """(plateau, shape parameters) of the least-squares curve, the plateau free: the grid's
    closest row polished by Levenberg-Marquardt on all three parameters. Used to compare the two
    models fairly (a grid step in the plateau would cost one model more than the other)."""
    row = int(np.argmin(grid.sse))
    params = np.array([grid.plateaus[row], *grid.theta[row]])
    lower, upper = model.bounds(span)
    lower, upper = np.array([1e-4, *lower]), np.array([1.0, *upper])

    def sse_and_jacobian(p: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
        shape, d0, d1 = model.values(x, p[None, 1:])
        r = y - p[0] * shape[0]
        return float(r @ r), r, np.column_stack((shape[0], p[0] * d0[0], p[0] * d1[0]))

    sse, r, jac = sse_and_jacobian(params)
    damping = 1e-3
    for _ in range(_ITERATIONS):
        info = jac.T @ jac
        step = np.linalg.lstsq(info + damping * np.diag(np.diag(info) + 1e-12), jac.T @ r, rcond=None)[0]
        trial = np.clip(params + step, lower, upper)
        t_sse, t_r, t_jac = sse_and_jacobian(trial)
        if np.isfinite(t_sse) and t_sse <= sse:
            settled = sse - t_sse <= 1e-7 * sse + 1e-16
            params, sse, r, jac, damping = trial, t_sse, t_r, t_jac, max(damping / 5.0, 1e-9)
            if settled:
                break
        else:
            damping *= 8.0
            if damping > 1e6:
                break
    return float(params[0]), params[1:]


def draw(model: Shape, grid: PlateauGrid, n_points: int, span: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(plateaus (S,), shape parameters (S, 2)) drawn from the posterior, repeatably."""
    rng = np.random.default_rng(seed)
    w = np.exp(grid.log_weight - grid.log_weight.max())
    w /= w.sum()
    rows = rng.choice(len(w), size=DRAWS, p=w)
    step = (grid.plateaus[-1] - grid.plateaus[0]) / max(len(grid.plateaus) - 1, 1)
    plateaus = np.clip(grid.plateaus[rows] + (rng.random(DRAWS) - 0.5) * step, 1e-4, 1.0)
    dof = max(n_points - 2, 1)
    sigma2 = grid.sse / dof
    cov = np.linalg.pinv(grid.info, hermitian=True) * sigma2[:, None, None]
    # A Gaussian through the symmetric square root, widened by a chi-square: a Student t.
    vals, vecs = np.linalg.eigh(cov)
    root = vecs * np.sqrt(np.clip(vals, 0.0, None))[:, None, :]
    z = rng.standard_normal((DRAWS, 2))
    widen = np.sqrt(dof / rng.chisquare(dof, DRAWS))
    theta = grid.theta[rows] + np.einsum("sij,sj->si", root[rows], z) * widen[:, None]
    return plateaus, np.clip(theta, *model.bounds(span))
