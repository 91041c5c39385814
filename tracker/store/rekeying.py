"""Encrypt, re-key or decrypt an existing workspace, as one step that keeps a copy until it
succeeded.

SQLCipher cannot change a file's encryption in place safely for every case (plain → encrypted
and back are not possible with `PRAGMA rekey` at all), so the workspace is written anew:
`sqlcipher_export` copies schema and rows into a new file with the new key (or none), the new
file must pass `PRAGMA quick_check`, open with its new key and hold the same rows in every
table, and only then is it moved over the original in one step (`os.replace`). Until then the
original is untouched; a byte copy of it (closed, checkpointed, in its old encryption) is kept
beside it for the whole operation and removed only once the new file is in place and has opened again. The lock is
held from start to end, so nobody writes meanwhile.

The daily backups (backup.py) are copies made with the workspace's key; after a change they
are converted too, so they stay as protected as the workspace (an encrypted workspace never
has plaintext backups lying beside it) and open with the same key or passphrase. A backup
that cannot be converted is left as it was and counted in the result.

The old keyring entry (after a re-key or decrypt) is kept: copies made elsewhere (Save a copy,
files sent to others) still need it. It is named by the old workspace id, shown in the result.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

from tracker.store import encryption, schema
from tracker.store.backup import list_backups
from tracker.store.connection import connect, quick_check
from tracker.store.encryption import WorkspaceKey
from tracker.store.errors import WorkspaceError
from tracker.store.file_access import COMPANIONS, companion, remove_new_workspace

ENCRYPT, REKEY, DECRYPT = "encrypt", "rekey", "decrypt"
STEPS = ("Checking the workspace", "Keeping a copy of it", "Writing it with the new key",
         "Checking the new file", "Putting it in place", "Converting its backups")

Progress = Callable[[int, int, str], None]  # (step, of steps, what) — may raise to cancel


@dataclass
class KeyChange:
    """What an encrypt/rekey/decrypt did."""

    path: Path
    old_id: str | None  # the workspace id before (None: it was plain)
    new_id: str | None  # after (None: it is plain now)
    new_source: str | None  # "keyring", "passphrase" or None
    backups_converted: int = 0
    backups_left: list[Path] = field(default_factory=list)

    def summary(self) -> str:
        """What was done, for the user: where the key is, what older copies need."""
        from tracker.store.encryption import KEYRING_SERVICE

        name = self.path.name
        if self.new_id is None:
            said = f"{name} is no longer encrypted: anyone who can read the file can read its contents."
        elif self.new_source == "keyring":
            said = (f"{name} is encrypted; its key is in this computer's keyring: service "
                    f"\"{KEYRING_SERVICE}\", name {self.new_id}. Without that entry the file cannot be read.")
        else:
            said = (f"{name} is encrypted with your passphrase (workspace id {self.new_id}). "
                    "Without the passphrase nobody can read it, and it cannot be recovered.")
        lines = [said]
        if self.old_id is not None and self.new_id != self.old_id:
            lines.append(f"Copies made before (Save a copy, files sent on) still open only with the old key "
                         f"or passphrase (workspace id {self.old_id}).")
        if self.backups_converted:
            lines.append(f"{self.backups_converted} automatic backup(s) were converted too.")
        if self.backups_left:
            lines.append(f"{len(self.backups_left)} automatic backup(s) were left as they were: "
                         + ", ".join(str(p) for p in self.backups_left))
        return "\n".join(lines)


class KeyChangeRefusedError(WorkspaceError):
    """The action does not fit the file: encrypting an encrypted one, decrypting a plain one."""


def change_key(path: str | Path, action: str,
               make_key: Callable[[], encryption.WorkspaceKey | None] = lambda: None,
               progress: Progress | None = None) -> KeyChange:
    """`action` ENCRYPT (plain → a new key), REKEY (encrypted → a new key) or DECRYPT
    (encrypted → plain) on the closed workspace at `path`.

    `make_key()` gives the new key (None to decrypt) once the workspace passed every check
    of an open for writing, so nobody types a passphrase for a file that cannot be changed:
    encryption.create_key (stored in the keyring; forgotten again here when the change
    fails) or passphrase.new_key.

    Raises WorkspaceError (or one of its kinds: locked, read-only, damaged, refused, ...) with
    the workspace unchanged.
    """
    from tracker.store.workspace import Workspace

    path = Path(path).expanduser().absolute()
    _remove_stale_temporaries(path)
    say = progress or (lambda *_: None)
    say(0, len(STEPS), STEPS[0])
    ws = Workspace.open(path, create=False)  # every check of an open for writing; the lock
    old_key = ws.key
    new_key = None
    try:
        _refuse_mismatch(path, action, old_key)
        new_key = make_key()
        if (action == DECRYPT) != (new_key is None):
            raise ValueError(f"{action} needs {'no' if action == DECRYPT else 'a'} new key")
        counts = _row_counts(ws.conn)
        lock = ws.close_keeping_lock()  # checkpointed: the file alone holds every change
    except BaseException:
        ws.close()
        if new_key is not None:
            encryption.forget_key(new_key)
        raise
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = path.with_name(f"{path.stem}.before-{action}-{stamp}{path.suffix}")
    temporary = path.with_name(f".{path.name}.{action}-{os.getpid()}")
    replaced = False
    try:
        say(1, len(STEPS), STEPS[1])
        _clear_companions(path)
        # Closed, checkpointed and locked: a byte copy is exact (old encryption, same bytes),
        # so putting it back restores the very file that was there.
        shutil.copy2(path, kept)
        remove_new_workspace(temporary)
        say(2, len(STEPS), STEPS[2])
        export(path, old_key, temporary, new_key)
        say(3, len(STEPS), STEPS[3])
        verify(temporary, new_key, counts)
        say(4, len(STEPS), STEPS[4])
        os.replace(temporary, path)
        replaced = True
        verify(path, new_key, counts)  # the file at the name opens with the new key
    except BaseException:
        remove_new_workspace(temporary)
        if replaced:  # the new file is at the name but failed: put the original back
            os.replace(kept, path)
        else:
            kept.unlink(missing_ok=True)  # the original was never touched
        if new_key is not None:
            encryption.forget_key(new_key)
        lock.release()
        raise
    kept.unlink(missing_ok=True)  # success: the copy has served
    lock.release()
    change = KeyChange(path, old_key.id if old_key else None, new_key.id if new_key else None,
                       new_key.source if new_key else None)
    say(5, len(STEPS), STEPS[5])
    _convert_backups(path, old_key, new_key, change)
    return change


def _remove_stale_temporaries(path: Path) -> None:
    """New files a killed change left beside the workspace (`.NAME.ACTION-PID`, never the
    workspace itself, which was only ever replaced in one move). The copy it kept
    (NAME.before-ACTION-STAMP) is the original as it was, and is left for the user."""
    import glob

    from tracker.io.processes import pid_alive

    for left in path.parent.glob(f".{glob.escape(path.name)}.*-*"):
        action, _, pid = left.name.rsplit(".", 1)[-1].partition("-")
        if action in (ENCRYPT, REKEY, DECRYPT) and pid.isdigit() and not pid_alive(int(pid)):
            remove_new_workspace(left)


def _refuse_mismatch(path: Path, action: str, old_key: WorkspaceKey | None) -> None:
    if action == ENCRYPT and old_key is not None:
        raise KeyChangeRefusedError(f"{path.name} is already encrypted; change its key instead; "
                                    "nothing was changed.")
    if action in (REKEY, DECRYPT) and old_key is None:
        raise KeyChangeRefusedError(f"{path.name} is not encrypted; nothing was changed.")


def _cipher_connect(path: Path, key: WorkspaceKey | None) -> sqlite3.Connection:
    """A raw sqlcipher3 connection to `path`, keyed when `key` (plain files open too). Typed as
    sqlite3's: it has the same API (its errors are sqlcipher3's own, caught as such by export)."""
    import sqlcipher3  # type: ignore[import-untyped]  # sqlcipher3 ships no type hints

    conn = sqlcipher3.connect(str(path), check_same_thread=False)
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(f"PRAGMA key = {key.pragma_value()}")
    return cast(sqlite3.Connection, conn)


def export(source: Path, source_key: WorkspaceKey | None, target: Path, target_key: WorkspaceKey | None) -> None:
    """Write the database at `source` into the new file `target`, encrypted with `target_key`
    (plain when None), with SQLCipher's sqlcipher_export; the file's application id and
    schema version go with it (sqlcipher_export copies schema and rows only)."""
    import sqlcipher3  # no type hints either: mypy says so once, at the first import (_cipher_connect)

    conn = _cipher_connect(source, source_key)
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        target_value = target_key.pragma_value() if target_key is not None else "''"
        conn.execute(f"ATTACH DATABASE ? AS rekeyed KEY {target_value}", (str(target),))
        try:
            conn.execute("SELECT sqlcipher_export('rekeyed')").fetchall()
            conn.execute(f"PRAGMA rekeyed.application_id = {int(app_id)}")
            conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            conn.commit()
        finally:
            conn.execute("DETACH DATABASE rekeyed")
    except sqlcipher3.Error as e:
        raise WorkspaceError(f"{source.name} could not be written with the new key ({e}); "
                             "nothing was changed.") from e
    finally:
        conn.close()


def verify(path: Path, key: WorkspaceKey | None, counts: dict[str, int]) -> None:
    """The file at `path` opens with `key`, passes quick_check, is a workspace and holds
    `counts` rows in each table; WorkspaceError otherwise."""
    try:
        conn = connect(path, key=key)
    except (WorkspaceError, sqlite3.Error) as e:
        raise WorkspaceError(f"The new file does not open with the new key ({e}); nothing was changed.") from e
    try:
        problem = quick_check(conn)
        if problem != "ok":
            raise WorkspaceError(f"The new file failed its integrity check ({problem}); nothing was changed.")
        if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
            raise WorkspaceError("The new file lost its workspace mark; nothing was changed.")
        found = _row_counts(conn)
        if found != counts:
            differ = sorted(t for t in set(found) | set(counts) if found.get(t) != counts.get(t))
            raise WorkspaceError(f"The new file does not hold the same rows ({', '.join(differ[:5])}); "
                                 "nothing was changed.")
    finally:
        conn.close()


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def _clear_companions(path: Path) -> None:
    """The closed workspace's -wal must be empty (its pages are in the file), or the new file
    would be read with the old file's log; empty -wal/-shm files are removed."""
    for suffix in COMPANIONS:
        item = companion(path, suffix)
        if item.exists():
            if suffix == "-wal" and item.stat().st_size > 0:
                raise WorkspaceError(f"{path.name} still has changes in {item.name}; "
                                     "close every program using it and try again; nothing was changed.")
            item.unlink()


def _convert_backups(path: Path, old_key: WorkspaceKey | None, new_key: WorkspaceKey | None,
                     change: KeyChange) -> None:
    """Write each daily backup made with the old key anew with the new one (see the module)."""
    old_id = old_key.id if old_key else None
    action = DECRYPT if new_key is None else ENCRYPT if old_key is None else REKEY
    for backup in list_backups(path):
        try:
            _remove_stale_temporaries(backup.path)
            head = encryption.file_header(backup.path)
            was_plain = head == encryption.SQLITE_MAGIC
            if (old_id is None and not was_plain) or (
                    old_id is not None and head[: encryption.SALT_BYTES].hex() != old_id):
                change.backups_left.append(backup.path)  # made with another key: not ours to judge
                continue
            counts = _counts_of(backup.path, old_key)
            temporary = backup.path.with_name(f".{backup.path.name}.{action}-{os.getpid()}")
            remove_new_workspace(temporary)
            try:
                export(backup.path, old_key, temporary, new_key)
                verify(temporary, new_key, counts)
                os.replace(temporary, backup.path)
            finally:
                remove_new_workspace(temporary)
            change.backups_converted += 1
        except (WorkspaceError, sqlite3.Error, OSError):
            change.backups_left.append(backup.path)


def _counts_of(path: Path, key: WorkspaceKey | None) -> dict[str, int]:
    conn = connect(path, readonly=True, key=key, nobody_writes=True)
    try:
        return _row_counts(conn)
    finally:
        conn.close()
