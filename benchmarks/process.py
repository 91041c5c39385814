"""Running a probe in a process of its own and reading what it wrote down."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROBES = Path(__file__).resolve().parent / "probes"


class ProbeError(RuntimeError):
    pass


def run_process(cmd: list[str], *, timeout: float = 180, env: dict | None = None,
                probe_out: bool = False) -> tuple[float, dict]:
    """Run `cmd`; returns (wall seconds from just before the start to its exit, what the probe
    wrote). The probe gets BENCH_T0 (this process's clock just before the start) and
    BENCH_PROBE_OUT (a file for its JSON)."""
    environment = dict(os.environ if env is None else env)
    with tempfile.TemporaryDirectory(prefix="bench-probe-") as tmp:
        out_path = Path(tmp) / "out.json"
        environment["BENCH_PROBE_OUT"] = str(out_path)
        profile_dir = environment.get("BENCH_PROFILE_DIR")
        if profile_dir and probe_out:  # the probe profiles itself (see the probes' docstrings)
            environment["BENCH_PROFILE"] = str(Path(profile_dir) / f"probe-{Path(cmd[1]).stem}-{time.time_ns()}.prof")
        t0 = time.time()
        environment["BENCH_T0"] = repr(t0)
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=ROOT, env=environment, capture_output=True, timeout=timeout, text=True)
        wall = time.perf_counter() - started
        data: dict = {}
        if probe_out:
            if not out_path.exists():
                raise ProbeError(f"{' '.join(cmd)} exited {done.returncode} without a result:\n"
                                 f"{done.stderr[-3000:]}")
            data = json.loads(out_path.read_text())
            data["t0"] = t0
            if data.get("error"):
                raise ProbeError(f"{data['error']}\n{done.stderr[-3000:]}")
        data["returncode"] = done.returncode
        data["stderr_tail"] = done.stderr[-500:]
        return wall, data


def probe_cmd(script: str, *args: str) -> list[str]:
    return [sys.executable, str(PROBES / script), *args]
