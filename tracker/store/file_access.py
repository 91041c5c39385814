"""What the file system allows with a workspace file, asked before SQLite touches it.

SQLite opens a file it may not write read-only without a word; the first write then fails
half-way, after the connection left -wal and -shm files beside the workspace. A read-only
connection to a WAL-mode file in a folder it cannot write fails too, because it cannot make
the -shm file (and in a writable folder it leaves an empty -wal and a -shm behind). So the
store asks first whether the file can be written, and how it can be read without writing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from tracker.store.errors import NotAWorkspaceError, WorkspaceError

COMPANIONS = ("-wal", "-shm")  # the files SQLite keeps beside a WAL-mode workspace


def companion(path: Path, suffix: str) -> Path:
    return Path(f"{path}{suffix}")


def unwritable_reason(path: Path) -> str | None:
    """None when the workspace at `path` and its -wal/-shm files may be written; else why not.

    Opening a file for writing (without truncating it) changes nothing in it, not even its
    modification time, and is the one test that agrees with what the operating system will
    allow (permissions, read-only attributes, ACLs, a read-only mount).
    """
    for item in (path, *(companion(path, s) for s in COMPANIONS)):
        try:
            fd = os.open(item, os.O_RDWR)
        except FileNotFoundError:
            continue
        except OSError as e:
            which = path.name if item == path else f"{path.name} (its {item.name} file)"
            return (f"{which} is read-only here ({e.strerror or e}), so this cannot change it; "
                    "nothing was changed.")
        os.close(fd)
    return None


def refuse_empty(path: Path) -> None:
    """A 0-byte file is not taken for a new workspace: it may be a copy or a download that
    failed, and opening it would quietly present an empty organisation in its place."""
    if path.stat().st_size == 0:
        raise NotAWorkspaceError(f"{path.name} is empty (0 bytes), so it is not a Rollout Tracker "
                                 "workspace; nothing was changed.")


def read_only_uri(path: Path, *, nobody_writes: bool) -> str:
    """The URI that reads the workspace at `path` without writing anything beside it.

    `immutable` reads the file alone, without -wal or -shm, and is right only when no -wal
    (nor a rollback -journal) exists, so the file is complete, and no one can write it
    meanwhile (we hold its lock, or nobody can make a -wal in its folder). Otherwise `mode=ro`,
    which reads a writer's WAL.
    """
    uri = Path(path).resolve().as_uri()  # percent-encoded: "Q3 #2?" is a folder name, not a query
    if nobody_writes and not any(companion(path, s).exists() for s in ("-wal", "-journal")):
        return uri + "?immutable=1"
    return uri + "?mode=ro"


def unreadable_wal_error(path: Path) -> WorkspaceError | None:
    """The message for a WAL-mode file whose -wal holds changes but whose folder cannot be
    written, so its -shm cannot be made: those changes can be read only where it can be."""
    wal, shm = companion(path, "-wal"), companion(path, "-shm")
    if wal.exists() and not shm.exists() and not os.access(path.parent, os.W_OK):
        return WorkspaceError(
            f"{path.name} has changes in {wal.name} that can only be read where its folder can be "
            "written; copy the folder somewhere writable and open it there.")
    return None


def remove_new_workspace(path: Path) -> None:
    """Delete a workspace this process just created (with its -wal/-shm), e.g. after the import
    it was made for was rejected. Never for a file that existed before."""
    for item in (path, *(companion(path, s) for s in COMPANIONS)):
        with contextlib.suppress(FileNotFoundError):
            item.unlink()
