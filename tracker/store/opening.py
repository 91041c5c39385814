"""Before a workspace file is used: is it one, is it whole, is its schema the app's own, and
does it need upgrading; and a new file's making, in one step.

`Workspace.open` (workspace.py) decides how to open (for writing, read-only, holding the lock);
this module holds the checks it runs on every file it opens, in order.
"""

from __future__ import annotations

import glob
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from tracker.store import encryption, schema
from tracker.store.backup import copy_database, pre_migration_backup_path
from tracker.store.connection import connect, prepare_for_writing
from tracker.store.errors import NeedsUpgradeError, NewerWorkspaceError, NotAWorkspaceError, WorkspaceError
from tracker.store.file_access import refuse_empty, remove_new_workspace
from tracker.store.integrity import check_workspace
from tracker.store.schema_trust import refuse_foreign_schema

_SQLITE_MAGIC = b"SQLite format 3\x00"


def check_existing(path: Path) -> encryption.WorkspaceKey | None:
    """Refuse what is not a workspace (a folder, an empty file, anything without a SQLite
    header); the key when the file is encrypted (encryption.load_key: one already used in this
    process, the keyring's, or one from a passphrase)."""
    if path.is_dir():
        raise WorkspaceError(f"{path} is a folder, not a workspace file.")
    try:
        with open(path, "rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as e:
        raise WorkspaceError(f"{path.name} cannot be read: {e.strerror or e}.") from e
    refuse_empty(path)
    if head == _SQLITE_MAGIC:
        return None
    if encryption.looks_encrypted(path, head):
        return encryption.load_key(path)  # EncryptedWorkspaceError: no sqlcipher3, no key
    raise NotAWorkspaceError(f"{path.name} is not a Rollout Tracker workspace.")


def create_file(path: Path, key: encryption.WorkspaceKey | None) -> None:
    """Build a new workspace beside `path` and move it there in one step (the caller holds
    the lock): a crash while the migrations run leaves no half-made file at the name, so
    every command can open whatever is there, and an import's data follows in a
    transaction of its own."""
    from tracker.io.processes import pid_alive

    for left in path.parent.glob(f".{glob.escape(path.name)}.new-*"):  # of a creation that was killed
        pid = left.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not pid_alive(int(pid)):
            remove_new_workspace(left)
    temporary = path.with_name(f".{path.name}.new-{os.getpid()}")
    remove_new_workspace(temporary)
    try:
        conn = connect(temporary, key=key)
        try:
            check_and_migrate(temporary, conn, readonly=False)
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()
        if path.exists():
            raise WorkspaceError(f"{path.name} appeared while it was being created; it was left as it is.")
        os.replace(temporary, path)
    except BaseException:
        remove_new_workspace(temporary)
        raise


def check_and_migrate(path: Path, conn: sqlite3.Connection, *, readonly: bool,
                      check: bool = True) -> Path | None:
    """Refuse a file that is not a workspace, is from a newer version, holds schema objects the
    app did not make, or is damaged (`check`); then, for writing, upgrade it. Returns the copy
    kept from before an upgrade, if one ran."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app_id != schema.APPLICATION_ID and (app_id != 0 or tables):
        raise NotAWorkspaceError(f"{path.name} is a database, but not a Rollout Tracker workspace.")
    db = Database(conn, execute_plugins=False)
    applied = {m.name for m in schema.migrations.applied(db)}
    unknown = applied - schema.known_migration_names()
    if unknown:
        raise NewerWorkspaceError(
            f"{path.name} was written by a newer version of Rollout Tracker. "
            "Install the newer version to open it; this version will not change it."
        )
    refuse_foreign_schema(path, conn)  # before anything of the file can run
    if tables and (check or schema.migrations.pending(db)):
        check_workspace(path, conn)  # refuse a damaged file before anything writes to it
    if not readonly:
        prepare_for_writing(conn)
    pending = schema.migrations.pending(db)
    if not pending:
        return None
    if readonly:
        raise NeedsUpgradeError(
            f"{path.name} needs upgrading to this version, which cannot be done read-only; "
            "open it once for writing (in the window, or an import) to upgrade it."
        )
    backup = None
    if tables:  # an existing workspace: keep a copy from before the upgrade
        backup = copy_database(conn, pre_migration_backup_path(path))
    schema.migrations.apply(db)
    problems = conn.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise WorkspaceError(
            f"Upgrading {path.name} left {len(problems)} broken references; "
            f"the copy from before the upgrade is {backup}."
        )
    return backup
