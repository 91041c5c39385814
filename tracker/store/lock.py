"""The lock file that keeps a second process from writing an open workspace.

SQLite's own locking keeps single statements apart but not two users' edits interleaving, so
one process owns a workspace for writing: `<file>.lock` beside it holds who (user, host, pid,
since). A lock whose process no longer runs on this host is stale and is taken over.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import socket
from pathlib import Path
from typing import Any

from tracker.io.processes import pid_alive
from tracker.store.errors import WorkspaceLockedError

# What the lock file says of its holder (user, host, pid, since), as JSON read it.
LockHolder = dict[str, Any]


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (some service accounts)
        return "unknown"


def lock_path_for(workspace: Path) -> Path:
    return workspace.with_name(workspace.name + ".lock")


def describe_holder(holder: LockHolder) -> str:
    user = holder.get("user", "someone")
    host = holder.get("host", "another computer")
    since = holder.get("since", "")
    when = f" since {since[:16].replace('T', ' ')}" if since else ""
    return f"{user} on {host}{when}"


class WorkspaceLock:
    """An exclusive claim on a workspace file, held while it is open for writing."""

    def __init__(self, workspace: Path):
        self.path = lock_path_for(workspace)
        self.held = False

    def read_holder(self) -> LockHolder | None:
        try:
            holder = json.loads(self.path.read_text(encoding="utf-8"))
            return holder if isinstance(holder, dict) else {}
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            # Unreadable or half-written lock: treat as held by an unknown process so we never
            # delete a lock we do not understand unless it is clearly stale by age.
            return {}

    def is_stale(self, holder: LockHolder) -> bool:
        """A lock is stale when its process is gone from this host."""
        if not holder:
            return False
        if holder.get("host") != socket.gethostname():
            return False  # cannot see other hosts' processes; never steal their lock
        return not pid_alive(int(holder.get("pid", 0)))

    def acquire(self) -> None:
        """Take the lock or raise WorkspaceLockedError naming who holds it."""
        me = {
            "user": current_user(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "since": dt.datetime.now().isoformat(timespec="seconds"),
        }
        for _attempt in range(2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self.read_holder()
                if holder is None:
                    continue  # released between our two calls: try again
                if holder.get("pid") == os.getpid() and holder.get("host") == me["host"]:
                    raise WorkspaceLockedError(
                        "This workspace is already open in this window.", holder
                    ) from None
                if self.is_stale(holder):
                    # The process that wrote it crashed: release its lock safely.
                    self.path.unlink(missing_ok=True)
                    continue
                raise WorkspaceLockedError(
                    f"The workspace is open for writing by {describe_holder(holder)}.", holder
                ) from None
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(me, f)
            self.held = True
            return
        raise WorkspaceLockedError("The workspace lock could not be taken; try again.")

    def release(self) -> None:
        if not self.held:
            return
        holder = self.read_holder()
        if holder and holder.get("pid") == os.getpid():
            self.path.unlink(missing_ok=True)
        self.held = False
