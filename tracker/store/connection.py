"""Opening a SQLite connection with the settings every workspace connection needs."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, cast

from tracker.store.file_access import read_only_uri

if TYPE_CHECKING:
    from tracker.store.encryption import WorkspaceKey

BUSY_TIMEOUT_MS = 10_000


def connect(path: Path, *, readonly: bool = False, key: WorkspaceKey | None = None,
            nobody_writes: bool = False) -> sqlite3.Connection:
    """Open `path` with foreign keys and a busy timeout (see prepare_for_writing for the rest).

    Read-only, `nobody_writes` (the caller holds the lock, or the folder cannot be written) lets
    a file without a -wal be read as immutable: nothing is written beside it, which also works
    in a read-only folder (see file_access.read_only_uri).

    `check_same_thread=False` lets the GUI hand a connection to the thread that owns it after
    creation; each worker thread still opens its own (see RELIABILITY.md). With `key`, the file
    is opened (or created) encrypted through SQLCipher (tracker/store/encryption.py), with the
    same settings; the connection then acts like a sqlite3 one, exceptions included.
    """
    uri = read_only_uri(path, nobody_writes=nobody_writes) if readonly else None
    if key is not None:
        from tracker.store.encryption import connect_encrypted

        # CipherConnection is sqlite3.Connection's API around a sqlcipher3 connection (duck-typed).
        conn = cast(sqlite3.Connection,
                    connect_encrypted(path, key, readonly=readonly, timeout=BUSY_TIMEOUT_MS / 1000, read_uri=uri))
    elif uri is not None:  # read-only
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    distrust_schema(conn, read_only=readonly)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def distrust_schema(conn: sqlite3.Connection, *, read_only: bool = False) -> sqlite3.Connection:
    """`PRAGMA trusted_schema = OFF`: a workspace may come from anyone, and its schema must not
    call functions with side effects or use virtual tables. Always on a read-only connection;
    on one that writes, wherever this SQLite can load the app's own schema that way
    (schema_trust.distrust_is_possible says why 3.40 cannot). Either way, schema objects the app
    did not make are refused on open, before any of the file's SQL runs
    (schema_trust.refuse_foreign_schema)."""
    from tracker.store.schema_trust import distrust_is_possible

    if read_only or distrust_is_possible():
        conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def connect_copy(path: Path) -> sqlite3.Connection:
    """A read-only connection to a workspace file or one of its copies (backups, the copy from
    before an upgrade), plain or encrypted: an encrypted one is opened with its key from the
    keyring (EncryptedWorkspaceError when that cannot be had)."""
    from tracker.store.encryption import key_for_file

    try:
        key = key_for_file(Path(path))
    except OSError:
        key = None  # missing or unreadable: sqlite3 below says so in its own words
    if key is not None:
        from tracker.store.encryption import connect_encrypted

        encrypted = connect_encrypted(path, key, readonly=True, timeout=BUSY_TIMEOUT_MS / 1000)
        return distrust_schema(cast(sqlite3.Connection, encrypted), read_only=True)  # the same API (above)
    # as_uri() percent-encodes, so a folder named "Q3 #2?" still opens the right file.
    return distrust_schema(sqlite3.connect(Path(path).absolute().as_uri() + "?mode=ro", uri=True), read_only=True)


def prepare_for_writing(conn: sqlite3.Connection) -> None:
    """Settings that change the file, applied only once it is known to be a workspace."""
    # secure_delete: a deleted person's name must not stay readable in the file's bytes.
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA journal_mode = WAL")
    # NORMAL under WAL: a commit survives any crash of the program; only a power cut can
    # roll back the last one.
    conn.execute("PRAGMA synchronous = NORMAL")


def quick_check(conn: sqlite3.Connection) -> str:
    """'ok', or SQLite's first complaint about the file."""
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise  # locked or unreadable just now: says nothing about the file's state
    except sqlite3.DatabaseError as e:  # too damaged to even run the check
        return one_line(str(e))
    # SQLite's findings span lines ("*** in database main ***\nPage 5: ..."); a message is one.
    if rows == [("ok",)]:
        return "ok"
    return "; ".join(one_line(str(r[0])).removeprefix("*** in database main *** ") for r in rows[:3])


def one_line(text: str) -> str:
    """`text` with its line breaks and runs of spaces folded into single spaces."""
    return " ".join(text.split())
