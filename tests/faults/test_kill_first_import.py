"""A kill during the very first import (the one that creates the workspace) leaves either no
file or a whole workspace that every command opens, with all of the import or none of it.

The workspace is built beside its name and moved there in one step (tracker/store/opening.py),
then the roster goes in as one transaction: "migrations, then data". Before, a kill among the
migrations left a half-upgraded file that `--dry-run` refused.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tracker.cli import main
from tracker.store import Workspace, schema

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
KILLS = 10


def start(workspace: Path, roster: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tracker", "import", "roster", str(workspace), str(roster)],
                            cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_kill_during_the_first_import_leaves_a_file_every_command_opens(tmp_path, capsys):
    rng = random.Random(2026_12_06)
    roster = tmp_path / "roster.csv"
    roster.write_text("employee_id,name,email,team\n" + "".join(
        f"E{i},Person {i},p{i}@example.org,Team {i % 40}\n" for i in range(4000)), encoding="utf-8")
    started = time.perf_counter()
    assert start(tmp_path / "whole.tracker", roster).wait(120) == 0
    whole = time.perf_counter() - started

    seen = {"no file": 0, "empty": 0, "all": 0}
    for trial in range(KILLS):
        path = tmp_path / f"trial{trial}" / "org.tracker"
        path.parent.mkdir()
        proc = start(path, roster)
        try:
            proc.wait(timeout=rng.uniform(0.2, whole))
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        if not path.exists():
            seen["no file"] += 1
            continue
        with Workspace.open_to_read(path) as ws:  # what report, export-data and a dry run open
            assert not schema.migrations.pending(ws.db)
            people = ws.people.count()
        assert people in (0, 4000), "a partial import survived the kill"
        seen["all" if people else "empty"] += 1
        assert main(["import", "roster", str(path), str(roster), "--dry-run"]) == 0
        capsys.readouterr()
    assert seen["no file"] + seen["empty"] > 0, seen  # some kills landed before the import was done
