"""Rollout Tracker's benchmark suite (issue 8): `python -m benchmarks.run`, see benchmarks/run.py.

Not part of the `tracker` package and not installed with it; the ordinary test run only runs
its smoke scale (tests/benchmarks/test_benchmark_smoke.py).
"""
