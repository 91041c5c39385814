"""Run the benchmark suite: `.venv/bin/python -m benchmarks.run [options]`.

    --scale full|xl|smoke
                         full (default): the issue's enterprise, 100,000 people in 2,000 teams and
                         50 rollouts; xl (issue 19): 300,000 people, 6,000 teams, 100 rollouts,
                         3,000,000 training assignments, 52 weekly usage reports of every person
                         (generating it takes minutes and GBs of disk in the cache); smoke: 5,000
                         people, 100 teams, 5 rollouts, one repetition (what
                         tests/benchmarks/test_benchmark_smoke.py runs, so the suite cannot rot)
    --repeat N           repetitions of each in-process measurement (default 5; smoke 1)
    --repeat-heavy N     repetitions of process-level and bulk ones (default 3; smoke 1)
    --only NAME ...      run only these measurements (exact names, prefixes like `ui.`, or
                         globs like `*import*`); `--list` shows the names
    --json PATH          where the JSON goes (default benchmarks/results/SCALE.json; a Markdown
                         table is written beside it, same name with .md)
    --engine E           sqlite (default: the workspace file), postgresql (the same main suites
                         against a throwaway PostgreSQL cluster started for the run, see
                         benchmarks/postgres.py) or both, side by side in one table
    --seed N             the generator's seed (default 1)
    --profile DIR        run each measurement under cProfile and leave NAME-N.prof files in DIR
                         (processes started by a measurement leave probe-*.prof); the times of
                         a profiled run are not comparable with a plain run's
    --cache-dir DIR      generated workspaces and scratch files (default benchmarks/out/,
                         git-ignored; the first full run generates for about a minute)

It generates the workspace once per scale, seed and generator version (cached), runs every
measurement several times with its baseline alternating in the same run, prints a table
(median, min, max, target, baseline, ratio median/baseline, verdict) and writes it as JSON and
Markdown with the machine it ran on. Exit status 0 when every measurement ran (misses included:
they are findings, reported in the table), 1 when one failed to run.

Measurements and generators live in `benchmarks/suites/` (one module per area, found
automatically); see `benchmarks/harness.py` and `benchmarks/generate.py` for how to add one.
Qt runs offscreen unless QT_QPA_PLATFORM says otherwise; window settings and logs go to a
scratch home under the cache folder, never to the user's profile.
"""

from __future__ import annotations

import argparse
import fnmatch
import importlib
import os
import pkgutil
import shutil
import sys
import time
from dataclasses import replace
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_CACHE = HERE / "out"
RESULTS = HERE / "results"


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    p.add_argument("--scale", choices=("full", "xl", "smoke"), default="full")
    p.add_argument("--repeat", type=int, metavar="N")
    p.add_argument("--repeat-heavy", type=int, metavar="N")
    p.add_argument("--only", nargs="+", metavar="NAME")
    p.add_argument("--json", type=Path, metavar="PATH")
    p.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE)
    p.add_argument("--profile", type=Path, metavar="DIR")
    p.add_argument("--list", action="store_true", help="list the measurements and exit")
    return p


def _isolate(home: Path) -> None:
    """Qt offscreen, and settings/logs/data in a scratch home (before anything imports Qt)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    shutil.rmtree(home, ignore_errors=True)
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data"),
                     ("XDG_STATE_HOME", "state"), ("XDG_CACHE_HOME", "cache")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[var] = str(home / sub)


def load_suites() -> None:
    import benchmarks.suites as suites

    for info in sorted(pkgutil.iter_modules(suites.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            importlib.import_module(f"benchmarks.suites.{info.name}")


def _selected(names: list[str] | None, engine: str = "sqlite"):
    from benchmarks.harness import MEASUREMENTS

    chosen = []
    for m in sorted(MEASUREMENTS.values(), key=lambda m: m.order):
        if engine != "both" and m.engine != engine:
            continue
        if not names or any(m.name == n or m.name.startswith(n) or fnmatch.fnmatch(m.name, n) for n in names):
            chosen.append(m)
    return chosen


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    cache_dir = args.cache_dir.resolve()
    work_dir = cache_dir / f"run-{args.scale}"
    _isolate(work_dir / "home")

    from benchmarks import report
    from benchmarks.generate import ensure_fixtures
    from benchmarks.harness import SCALES, Bench, run_measurement
    from benchmarks.machine import machine_info

    load_suites()
    chosen = _selected(args.only, args.engine)
    if args.list:
        for m in chosen:
            print(f"{m.name:32} {m.title}")
        return 0
    if not chosen:
        print(f"no measurement matches {args.only}", file=sys.stderr)
        return 2

    scale = SCALES[args.scale]
    if args.repeat is not None:
        scale = replace(scale, repeat=max(1, args.repeat))
    if args.repeat_heavy is not None:
        scale = replace(scale, repeat_heavy=max(1, args.repeat_heavy))

    def log(text: str) -> None:
        print(text, flush=True)

    profile_dir = args.profile.resolve() if args.profile else None
    if profile_dir is not None:
        profile_dir.mkdir(parents=True, exist_ok=True)
        os.environ["BENCH_PROFILE_DIR"] = str(profile_dir)
    started = time.perf_counter()
    fixtures = ensure_fixtures(SCALES[args.scale], args.seed, cache_dir, log)
    for name in ("scratch", "copies"):
        shutil.rmtree(work_dir / name, ignore_errors=True)
    bench = Bench(scale, seed=args.seed, cache_dir=cache_dir, work_dir=work_dir, fixtures=fixtures)
    results = []
    try:
        for m in chosen:
            repeat = scale.repeat_heavy if m.heavy else scale.repeat
            log(f"{m.name}: {m.title} (x{repeat})")
            results.append(run_measurement(bench, m, repeat, log, profile_dir))
    finally:
        bench.close()
        shutil.rmtree(work_dir / "scratch", ignore_errors=True)

    meta = {
        "scale": scale.__dict__, "seed": args.seed, "machine": machine_info(),
        "duration_s": round(time.perf_counter() - started, 1),
        "generated_s": round(fixtures.generated_s, 1), "fixture_key": fixtures.key,
        "workspace_rows": fixtures.counts,
        "command": "python -m benchmarks.run " + " ".join(argv if argv is not None else sys.argv[1:]),
    }
    print()
    print(report.text_table(results))
    print(f"\n{len(results)} measurements in {meta['duration_s']:.0f} s"
          + (f" (generating the workspace took {fixtures.generated_s:.0f} s)" if fixtures.generated_s else ""))
    # A profiled run's times are not the suite's results: they stay beside the profiles.
    json_path = args.json or (profile_dir / "results.json" if profile_dir else RESULTS / f"{args.scale}.json")
    report.write(results, meta, json_path, json_path.with_suffix(".md"))
    print(f"written {json_path} and {json_path.with_suffix('.md')}")
    return 1 if any(r.error for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
