"""The smoke-test switch the build uses: the window opens, paints, closes, and the program exits 0."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tracker.app import SMOKE_TEST_ENV
from tracker.store import Workspace
from tracker.store.lock import lock_path_for

pytestmark = pytest.mark.gui


def test_smoke_mode_paints_the_window_and_quits(tmp_path):
    path = tmp_path / "acme.tracker"
    with Workspace.open(path) as ws:
        ws.teams.create("Finance")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{SMOKE_TEST_ENV: "1"})
    done = subprocess.run([sys.executable, "-m", "tracker", str(path)], env=env, timeout=60,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert not lock_path_for(path).exists()  # the window closed the workspace properly
    assert list((tmp_path / "acme backups").glob("*.tracker"))  # and made its daily backup
