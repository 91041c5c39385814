"""The benchmark suite at its smoke scale (5,000 people, one repetition), so it cannot rot.

Checks that every registered measurement runs and produces numbers, not how fast: timings on
a shared test machine prove nothing (the full suite, `python -m benchmarks.run`, reports
those with baselines from the same run). Runs the suite in a process of its own, as a user
would, with its cache and results in a temporary folder.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.gui  # it opens windows (offscreen)


def test_every_measurement_runs_at_smoke_scale(tmp_path):
    results = tmp_path / "smoke.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--scale", "smoke", "--cache-dir", str(tmp_path / "cache"),
         "--json", str(results)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]

    data = json.loads(results.read_text())
    listed = subprocess.run([sys.executable, "-m", "benchmarks.run", "--list", "--cache-dir", str(tmp_path / "cache")],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    registered = {line.split()[0] for line in listed.stdout.splitlines() if line.strip()}
    measured = {m["name"]: m for m in data["measurements"]}
    assert registered and registered == set(measured)
    for name, m in measured.items():
        assert m["error"] is None, f"{name}: {m['error']}"
        assert m["repetitions"] >= 1, name
        figures = [v for v in m["samples_s"] + m["samples_mb"] if v is not None]
        assert figures and all(v > 0 for v in figures), f"{name} produced no numbers: {m}"
        if m["baseline"] is not None:
            assert all(v and v > 0 for v in m["baseline"]["samples_s"]), f"{name}: baseline produced no numbers"
        assert m["verdict"] in ("met", "MISS", "no target"), name
    # Window interactions carry the longest event-loop gap the clock saw; the rest have none.
    assert all(g and g > 0 for g in measured["ui.people_sort"]["samples_gui_gap_s"])
    assert measured["import.usage"]["longest_gui_gap_s"] is None
    assert "longest GUI gap" in results.with_suffix(".md").read_text()

    machine = data["machine"]
    for key in ("cpu", "cores", "ram_gb", "python", "qt", "sqlite", "date"):
        assert machine.get(key), f"machine info lacks {key}"
    assert results.with_suffix(".md").exists()
