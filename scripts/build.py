#!/usr/bin/env python3
"""Build the one-folder application into dist/RolloutTracker/ and smoke-run it.

    python3 scripts/build.py             install PyInstaller into .venv, build, smoke-run
    python3 scripts/build.py --no-smoke  build only

The venv must exist (`python3 run.py test` or `python3 run.py` makes it). PyInstaller is a
build tool, not a dependency of the program, so it is installed here and nowhere else. The
smoke run checks what a user does first: `--version`, a headless `report` on the sample
workspace, and the window opened offscreen, painted and closed (ROLLOUT_TRACKER_SMOKE_TEST).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
PYINSTALLER = "pyinstaller>=6.10,<7"
WINDOWS = os.name == "nt"


def say(message: str) -> None:
    print(f"build.py: {message}", file=sys.stderr, flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if WINDOWS else "bin/python")


def built_program() -> Path:
    return ROOT / "dist" / "RolloutTracker" / ("RolloutTracker.exe" if WINDOWS else "RolloutTracker")


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build() -> float:
    python = venv_python()
    if not python.exists():
        sys.exit("build.py: no .venv yet; run `python3 run.py test` first")
    subprocess.run([str(python), "-m", "pip", "install", "-q", PYINSTALLER], check=True)
    start = time.perf_counter()
    subprocess.run([str(python), "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                    str(ROOT / "build.spec")], check=True, cwd=ROOT)
    return time.perf_counter() - start


def run(args: list[str], *, env: dict | None = None) -> tuple[str, float]:
    start = time.perf_counter()
    done = subprocess.run([str(built_program()), *args], capture_output=True, text=True, timeout=180,
                          env=env, stdin=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"build.py: `{' '.join(args)}` failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip(), elapsed


def smoke() -> None:
    from_checkout = subprocess.run([str(venv_python()), "-c", "import tracker; print(tracker.__version__)"],
                                   capture_output=True, text=True, check=True).stdout.strip()
    version, elapsed = run(["--version"])
    if version != f"Rollout Tracker {from_checkout}":
        sys.exit(f"build.py: --version said {version!r}, expected version {from_checkout}")
    say(f"--version: {version} ({elapsed:.2f} s)")
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"  # settings, logs and backups of the smoke run stay in here
        env = dict(os.environ, HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"),
                   XDG_DATA_HOME=str(home / ".local/share"), XDG_STATE_HOME=str(home / ".local/state"),
                   QT_QPA_PLATFORM="offscreen", ROLLOUT_TRACKER_SMOKE_TEST="1")
        sample, report = Path(tmp) / "sample.tracker", Path(tmp) / "status.xlsx"
        run(["demo", str(sample)], env=env)
        _, elapsed = run(["report", str(sample), "-o", str(report)], env=env)
        if not report.is_file() or report.stat().st_size < 10_000:
            sys.exit("build.py: the built program wrote no status report")
        say(f"report: {report.stat().st_size // 1024} KB workbook ({elapsed:.2f} s)")
        _, elapsed = run([str(sample)], env=env)
        say(f"window opened offscreen, painted and closed ({elapsed:.2f} s from start to exit)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-smoke", action="store_true", help="build only")
    options = parser.parse_args()
    shutil.rmtree(ROOT / "dist" / "RolloutTracker", ignore_errors=True)
    seconds = build()
    say(f"built {built_program().parent} in {seconds:.0f} s: "
        f"{folder_size(built_program().parent) / 1_000_000:.0f} MB")
    if not options.no_smoke:
        smoke()


if __name__ == "__main__":
    main()
