"""Opening a SQLite connection with the settings every workspace connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path, *, readonly: bool = False) -> sqlite3.Connection:
    """Open `path` with foreign keys and a busy timeout (see prepare_for_writing for the rest).

    `check_same_thread=False` lets the GUI hand a connection to the thread that owns it after
    creation; each worker thread still opens its own (see RELIABILITY.md).
    """
    if readonly:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def prepare_for_writing(conn: sqlite3.Connection) -> None:
    """Settings that change the file, applied only once it is known to be a workspace."""
    # secure_delete: a deleted person's name must not stay readable in the file's bytes.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL under WAL: a commit survives any crash of the program; only a power cut can
    # roll back the last one.
    conn.execute("PRAGMA synchronous = NORMAL")
