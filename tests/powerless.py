"""Running a child process without root's powers, so that file modes apply to it.

Root ignores file modes: a test of a read-only file or folder run as root proves nothing.
`setpriv` (util-linux) drops every capability while keeping the user, so the interpreter in
root's home still starts (switching to `nobody` would not: root's home is not readable by it).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

DROP_POWERS = ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]


def powerless_prefix() -> list[str]:
    """The command prefix that runs a child without root's powers ([] when not root); skips
    the test, saying why, where that cannot be done."""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to drop root's powers")
    if subprocess.run([*DROP_POWERS, "true"], capture_output=True).returncode != 0:
        pytest.skip("setpriv cannot drop capabilities here (no CAP_SETPCAP)")
    return DROP_POWERS
