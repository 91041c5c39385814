"""The benchmark harness: scales, the measurement registry, and running a measurement.

A *measurement* is a function registered with `@measurement(...)` in a module of
`benchmarks/suites/` (every module there is imported by `benchmarks.run`, so an area adds its
measurements by adding a file, without touching this one). It is called once per repetition
with the run's `Bench` and returns how long the measured thing took, as a float (seconds) or a
`Sample` (seconds plus MB and details); it does its own untimed preparation first, and times
only the user-visible work. A *baseline* is registered the same way with `@baseline(...)`: a
plain operation (a bare window, `python -c pass`, the sqlite3 CLI) measured in the same run,
repetition by repetition alternating with the measurement, so that the ratio of the two medians
stays meaningful on a shared, noisy machine.

Expensive shared state (a window on the big workspace, a QApplication) is built once per run
with `bench.shared(key, factory)` and torn down at the end (`bench.on_exit`).
"""

from __future__ import annotations

import gc
import statistics
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


# ----------------------------------------------------------------------------- scales
@dataclass(frozen=True)
class Scale:
    """How big the generated workspace is, and how often each measurement runs.

    The counts the later areas need (training, usage, signals, dependencies, ADKAR) are here
    already, so an area's generator reads its size from the scale instead of inventing one.
    """

    name: str
    people: int
    teams: int
    rollouts: int
    roster_rows: int  # rows of the roster CSV files the import measurements read
    training_assignments: int
    usage_rows: int
    resistance_signals: int
    dependencies: int
    adkar_per_month: int
    adkar_months: int
    repeat: int  # repetitions of in-process measurements
    repeat_heavy: int  # repetitions of process-level and bulk measurements
    usage_report_weeks: int = 12  # weekly usage reports (snapshots of every person) imported in turn


SCALES: dict[str, Scale] = {
    # The enterprise: 100,000 people in 2,000 teams, 50 rollouts, ...
    "full": Scale("full", people=100_000, teams=2_000, rollouts=50, roster_rows=100_000,
                  training_assignments=1_000_000, usage_rows=3_000_000, resistance_signals=20_000,
                  dependencies=5_000, adkar_per_month=200, adkar_months=12, repeat=5, repeat_heavy=3),
    # Issue 19's enterprise: three times the people, teams and training, twice the rollouts, and
    # a year of weekly usage reports (52 snapshots of every person). The usage log stays at
    # three million rows: it is one export, and the snapshots are the year.
    "xl": Scale("xl", people=300_000, teams=6_000, rollouts=100, roster_rows=300_000,
                training_assignments=3_000_000, usage_rows=3_000_000, resistance_signals=60_000,
                dependencies=10_000, adkar_per_month=400, adkar_months=12, repeat=3, repeat_heavy=1,
                usage_report_weeks=52),
    # Fast enough for the ordinary test run: checks every measurement still runs. Its usage log
    # is smaller than a twentieth: five small rollouts have few adopter-days to hold uses.
    "smoke": Scale("smoke", people=5_000, teams=100, rollouts=5, roster_rows=5_000,
                   training_assignments=50_000, usage_rows=50_000, resistance_signals=1_000,
                   dependencies=250, adkar_per_month=10, adkar_months=12, repeat=1, repeat_heavy=1),
}


# Issue 19: every timed interaction of the window within 0.1 s at full scale, 0.3 s at xl.
XL_INTERACTION = {"xl": 0.3}


# ----------------------------------------------------------------------------- samples
@dataclass
class Sample:
    """One repetition's result. `seconds` is the timed figure; `mb` a memory figure when the
    measurement has one; `details` anything that helps read it (phases, counts)."""

    seconds: float | None = None
    mb: float | None = None
    details: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)  # e.g. "imported PySide6": a miss
    gap_s: float | None = None  # the longest event-loop gap during the measured interaction (window ones)


def as_sample(value: float | Sample) -> Sample:
    return value if isinstance(value, Sample) else Sample(seconds=float(value))


@dataclass(frozen=True)
class Baseline:
    name: str
    title: str
    func: Callable[[Bench], float | Sample]


@dataclass(frozen=True)
class Measurement:
    name: str  # dotted id, e.g. "ui.people_search"; --only matches on it
    title: str  # the row's text in the table
    func: Callable[[Bench], float | Sample]
    target_s: float | None = None
    target_mb: float | None = None
    baseline: str | None = None  # a registered Baseline's name
    heavy: bool = False  # process-level or bulk: runs scale.repeat_heavy times
    order: int = 100  # lower runs first (process-level before the in-process window)
    note: str = ""  # what exactly is timed, for the results file
    scale_targets: dict[str, float] = field(default_factory=dict)  # scale name -> its own target_s
    target_ratio: float | None = None  # at most this many times its baseline (median / median)
    engine: str = "sqlite"  # the workspace's engine: a file, or a server (benchmarks/postgres.py)

    def target_for(self, scale: str) -> float | None:
        return self.scale_targets.get(scale, self.target_s)


MEASUREMENTS: dict[str, Measurement] = {}
BASELINES: dict[str, Baseline] = {}


def measurement(name: str, title: str, *, target_s: float | None = None, target_mb: float | None = None,
                baseline: str | None = None, heavy: bool = False, order: int = 100, note: str = "",
                scale_targets: dict[str, float] | None = None, target_ratio: float | None = None,
                engine: str = "sqlite"):
    """Register a measurement (see the module docstring). `scale_targets`: a scale's own
    target in seconds where it differs from `target_s` (e.g. {"xl": 0.3})."""

    def register(func):
        if name in MEASUREMENTS:
            raise ValueError(f"measurement {name!r} registered twice")
        text = note or (func.__doc__ or "").strip().split("\n\n")[0]
        MEASUREMENTS[name] = Measurement(name, title, func, target_s, target_mb, baseline, heavy, order,
                                         " ".join(text.split()), dict(scale_targets or {}), target_ratio,
                                         engine)
        return func

    return register


def baseline(name: str, title: str):
    """Register a baseline: a plain operation a measurement is compared with."""

    def register(func):
        if name in BASELINES:
            raise ValueError(f"baseline {name!r} registered twice")
        BASELINES[name] = Baseline(name, title, func)
        return func

    return register


# ----------------------------------------------------------------------------- the run's context
class Bench:
    """What a measurement gets: the scale, the files, and state shared across measurements."""

    def __init__(self, scale: Scale, *, seed: int, cache_dir: Path, work_dir: Path, fixtures):
        self.scale = scale
        self.seed = seed
        self.cache_dir = cache_dir  # generated workspaces, kept between runs
        self.work_dir = work_dir  # this run's copies and scratch files
        self.fixtures = fixtures  # benchmarks.generate.Fixtures: paths of the generated files
        self._shared: dict[str, Any] = {}
        self._exits: list[Callable[[], None]] = []
        self._counter = 0

    def shared(self, key: str, factory: Callable[[], Any]) -> Any:
        """Build `factory()` once per run and hand the same object to every caller."""
        if key not in self._shared:
            self._shared[key] = factory()
        return self._shared[key]

    def on_exit(self, func: Callable[[], None]) -> None:
        self._exits.append(func)

    def scratch(self, name: str) -> Path:
        """A fresh path in the work folder (nothing there yet)."""
        self._counter += 1
        folder = self.work_dir / "scratch"
        folder.mkdir(parents=True, exist_ok=True)
        return folder / f"{self._counter:04d}-{name}"

    def close(self) -> None:
        while self._exits:
            func = self._exits.pop()
            try:
                func()
            except Exception:  # a teardown problem must not hide the results
                traceback.print_exc()


# ----------------------------------------------------------------------------- statistics
def summary(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


# Issue 19: no GUI-thread stall over 50 ms during any measured interaction.
STALL_TARGET_S = 0.05


@dataclass
class Result:
    measurement: Measurement
    samples: list[Sample] = field(default_factory=list)
    baseline_samples: list[Sample] = field(default_factory=list)
    error: str | None = None
    scale: str = ""  # the run's scale: its target may differ (Measurement.scale_targets)

    @property
    def target_s(self) -> float | None:
        return self.measurement.target_for(self.scale)

    @property
    def gap_s(self) -> float | None:
        """The longest event-loop gap of any repetition: one stall is felt, however rare."""
        gaps = [s.gap_s for s in self.samples if s.gap_s is not None]
        return max(gaps) if gaps else None

    @property
    def seconds(self) -> dict[str, float] | None:
        return summary([s.seconds for s in self.samples if s.seconds is not None])

    @property
    def mb(self) -> dict[str, float] | None:
        return summary([s.mb for s in self.samples if s.mb is not None])

    @property
    def baseline_seconds(self) -> dict[str, float] | None:
        return summary([s.seconds for s in self.baseline_samples if s.seconds is not None])

    @property
    def baseline_mb(self) -> dict[str, float] | None:
        return summary([s.mb for s in self.baseline_samples if s.mb is not None])

    @property
    def ratio(self) -> float | None:
        """median / baseline median, of the seconds (of the MB for a memory-only row)."""
        mine, base = self.seconds, self.baseline_seconds
        if self.target_s is None and self.measurement.target_mb is not None:
            mine, base = self.mb, self.baseline_mb
        if mine is None or base is None or base["median"] <= 0:
            return None
        return mine["median"] / base["median"]

    @property
    def problems(self) -> list[str]:
        seen: list[str] = []
        for s in self.samples:
            seen.extend(p for p in s.problems if p not in seen)
        return seen

    def verdict(self) -> tuple[str, list[str]]:
        """('met' | 'MISS' | 'no target' | 'ERROR', reasons)."""
        m = self.measurement
        if self.error:
            return "ERROR", [self.error.strip().splitlines()[-1]]
        reasons: list[str] = []
        secs, mb, target_s = self.seconds, self.mb, self.target_s
        if target_s is not None and secs is not None and secs["median"] > target_s:
            over = secs["median"] - target_s
            reasons.append(f"{over:.3g} s over ({secs['median'] / target_s:.1f}x the target)")
        if m.target_mb is not None and mb is not None and mb["median"] > m.target_mb:
            reasons.append(f"{mb['median'] - m.target_mb:.0f} MB over")
        if m.target_ratio is not None and self.ratio is not None and self.ratio > m.target_ratio:
            reasons.append(f"{self.ratio:.1f}x its baseline (target {m.target_ratio:g}x)")
        if self.gap_s is not None and self.gap_s > STALL_TARGET_S:
            reasons.append(f"GUI thread stalled {self.gap_s * 1000:.0f} ms (over {STALL_TARGET_S * 1000:.0f} ms)")
        reasons.extend(self.problems)
        if target_s is None and m.target_mb is None and m.target_ratio is None and not reasons:
            return "no target", reasons
        return ("MISS" if reasons else "met"), reasons


# The event-loop gaps the window clock (benchmarks/gui.py) saw during the current repetition.
_gaps: list[float] = []


def record_gap(seconds: float) -> None:
    """Called by the window clock after each measured interaction with its longest event-loop gap."""
    _gaps.append(seconds)


def _call(bench: Bench, func: Callable[[Bench], float | Sample], profile: Path | None) -> Sample:
    _gaps.clear()
    if profile is None:
        sample = as_sample(func(bench))
    else:
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU time: the machine is shared
        try:
            sample = as_sample(profiler.runcall(func, bench))
        finally:
            profile.parent.mkdir(parents=True, exist_ok=True)
            profiler.dump_stats(profile)
    if sample.gap_s is None and _gaps:
        sample.gap_s = max(_gaps)
    return sample


def run_measurement(bench: Bench, m: Measurement, repeat: int, log: Callable[[str], None],
                    profile_dir: Path | None = None) -> Result:
    """Run `m` (and its baseline, alternating) `repeat` times; never raises.

    With `profile_dir`, each repetition of the measurement runs under cProfile (slower: use
    the profiles, not the times) and leaves `NAME-N.prof` there; processes the measurement
    starts leave theirs too (see benchmarks.process).
    """
    result = Result(m, scale=bench.scale.name)
    base = BASELINES.get(m.baseline) if m.baseline else None
    try:
        if m.baseline and base is None:
            raise KeyError(f"unknown baseline {m.baseline!r}")
        for i in range(repeat):
            if base is not None:
                gc.collect()
                result.baseline_samples.append(as_sample(base.func(bench)))
            gc.collect()
            started = time.perf_counter()
            sample = _call(bench, m.func, profile_dir / f"{m.name}-{i + 1}.prof" if profile_dir else None)
            result.samples.append(sample)
            shown = f"{sample.seconds:.3f} s" if sample.seconds is not None else ""
            shown += f" {sample.mb:.0f} MB" if sample.mb is not None else ""
            shown += f", longest GUI gap {sample.gap_s * 1000:.0f} ms" if sample.gap_s is not None else ""
            log(f"  {m.name} #{i + 1}: {shown} (wall {time.perf_counter() - started:.1f} s)")
    except Exception:  # one broken measurement must not stop the others
        result.error = traceback.format_exc()
        log(f"  {m.name}: ERROR\n{result.error}")
    return result
