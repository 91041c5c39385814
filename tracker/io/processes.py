"""Whether a process of this computer still runs, for whatever names its writer by process id
(a workspace's lock file, an interrupted key change, a report's temporary file): what such a
process left behind may be cleared once it is gone."""

from __future__ import annotations

import os
import sys


def pid_alive(pid: int) -> bool:
    """True while process `pid` runs here (one that exists but is not ours counts as running)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
