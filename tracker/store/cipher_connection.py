"""A SQLCipher connection that behaves like a sqlite3 one (tracker/store/encryption.py opens it).

sqlcipher3's exceptions are its own classes, not sqlite3's. The store and its callers catch
sqlite3's (`sqlite3.IntegrityError` becomes a sentence for users, `sqlite3.Error` a message
box), and so does sqlite-utils, so `CipherConnection` wraps the connection and re-raises each
error as the sqlite3 exception of the same name. The wrapped objects are sqlcipher3's, which has
no type information: they are `Any` here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.store.encryption import WorkspaceKey


def _as_sqlite3(error: Exception) -> sqlite3.Error:
    """sqlcipher3's exception as the sqlite3 exception of the same name (code kept)."""
    cls = getattr(sqlite3, type(error).__name__, None)
    if not (isinstance(cls, type) and issubclass(cls, sqlite3.Error)):
        cls = sqlite3.DatabaseError
    twin = cls(*error.args)
    for attr in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(error, attr):
            setattr(twin, attr, getattr(error, attr))
    return twin


class CipherCursor:
    """A sqlcipher3 cursor whose errors are sqlite3's."""

    __slots__ = ("_raw", "_error")

    def __init__(self, raw: Any, error_class: type[Exception]):
        self._raw = raw
        self._error = error_class

    def __getattr__(self, name: str) -> Any:  # description, rowcount, lastrowid, arraysize, close, ...
        return getattr(self._raw, name)

    def __iter__(self) -> CipherCursor:
        return self

    def __next__(self) -> Any:
        try:
            return next(self._raw)
        except self._error as e:
            raise _as_sqlite3(e) from e

    def fetchone(self) -> Any:
        try:
            return self._raw.fetchone()
        except self._error as e:
            raise _as_sqlite3(e) from e

    def fetchall(self) -> Any:
        try:
            return self._raw.fetchall()
        except self._error as e:
            raise _as_sqlite3(e) from e

    def fetchmany(self, *args: Any) -> Any:
        try:
            return self._raw.fetchmany(*args)
        except self._error as e:
            raise _as_sqlite3(e) from e

    def execute(self, *args: Any) -> CipherCursor:
        try:
            self._raw.execute(*args)
        except self._error as e:
            raise _as_sqlite3(e) from e
        return self

    def executemany(self, *args: Any) -> CipherCursor:
        try:
            self._raw.executemany(*args)
        except self._error as e:
            raise _as_sqlite3(e) from e
        return self


class CipherConnection:
    """A sqlcipher3 connection that behaves like a sqlite3 one for the store and sqlite-utils:
    the same methods, sqlite3's exceptions. `workspace_key` lets copies and worker threads
    open the file (or write a copy) with the same key."""

    __slots__ = ("_raw", "_error", "workspace_key")

    def __init__(self, raw: Any, key: WorkspaceKey, error_class: type[Exception]):
        object.__setattr__(self, "_raw", raw)
        object.__setattr__(self, "_error", error_class)
        object.__setattr__(self, "workspace_key", key)

    def __getattr__(self, name: str) -> Any:  # in_transaction, total_changes, isolation_level, ...
        return getattr(self._raw, name)

    def __setattr__(self, name: str, value: Any) -> None:  # row_factory, isolation_level, ...
        setattr(self._raw, name, value)

    def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except self._error as e:
            raise _as_sqlite3(e) from e

    def execute(self, *args: Any) -> CipherCursor:
        return CipherCursor(self._call(self._raw.execute, *args), self._error)

    def executemany(self, *args: Any) -> CipherCursor:
        return CipherCursor(self._call(self._raw.executemany, *args), self._error)

    def executescript(self, *args: Any) -> CipherCursor:
        return CipherCursor(self._call(self._raw.executescript, *args), self._error)

    def cursor(self, *args: Any) -> CipherCursor:
        return CipherCursor(self._call(self._raw.cursor, *args), self._error)

    def commit(self) -> None:
        self._call(self._raw.commit)

    def rollback(self) -> None:
        self._call(self._raw.rollback)

    def close(self) -> None:
        self._call(self._raw.close)

    def create_function(self, *args: Any, **kwargs: Any) -> None:
        self._call(self._raw.create_function, *args, **kwargs)

    def backup(self, target: Any, **kwargs: Any) -> None:
        """Copy into `target`, a CipherConnection (keyed) or a raw sqlcipher3 connection."""
        self._call(self._raw.backup, getattr(target, "_raw", target), **kwargs)

    def __enter__(self) -> CipherConnection:
        self._call(self._raw.__enter__)
        return self

    def __exit__(self, *exc: object) -> Any:
        return self._call(self._raw.__exit__, *exc)
