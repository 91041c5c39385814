"""Consistent copies of a workspace.

Copying the .tracker file alone loses whatever still sits in the WAL, so copies are made with
SQLite's online backup API and then checked with `PRAGMA quick_check`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from tracker.store.errors import WorkspaceError


def copy_database(conn: sqlite3.Connection, destination: Path) -> Path:
    """Write a consistent copy of the open database to `destination` and verify it."""
    destination = Path(destination)
    tmp = destination.with_name(destination.name + ".partial")
    tmp.unlink(missing_ok=True)
    target = sqlite3.connect(str(tmp))
    try:
        conn.backup(target)
        target.execute("PRAGMA journal_mode = DELETE")  # a copy is one self-contained file
        result = target.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        target.close()
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise WorkspaceError(f"The copy failed its integrity check ({result}).")
    tmp.replace(destination)  # atomic: a crash never leaves a half-written copy at the name
    return destination


def pre_migration_backup_path(workspace: Path) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    return workspace.with_name(f"{workspace.stem}.before-upgrade-{stamp}{workspace.suffix}")
