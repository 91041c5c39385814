"""A PostgreSQL connection that the store uses as it uses a sqlite3.Connection.

The store is written against sqlite3's small API (execute, executemany, cursors with fetchone /
fetchall / rowcount / lastrowid, commit, rollback, in_transaction) in SQLite's SQL. PgConnection
gives it the same API over psycopg 3, so every query of the store stays written once:

- each statement goes through `dialect.to_postgres` (cached per text);
- transactions as sqlite3's default mode has them: `BEGIN` / `COMMIT` when the store says so,
  and an implicit `BEGIN` before an INSERT, UPDATE or DELETE outside one (commit() ends it);
- values as SQLite gives them: booleans and whole numerics come back as int, other numerics as
  float; a bool parameter is stored as 0/1 and a date as its ISO text;
- `lastrowid` of an INSERT into a table with an `id` (added `RETURNING id`), and the table's
  identity sequence kept ahead of ids the store inserts itself (undo restores rows with their
  ids; the writer's insert_many reserves ids from `next_id`);
- `PRAGMA table_info / table_xinfo / foreign_key_list / index_list` answered from the catalogue
  in SQLite's row shapes; `PRAGMA foreign_keys = ON` accepted (PostgreSQL always checks them);
  every other PRAGMA is about a file and refused (sqlite3.OperationalError saying so);
- errors raised as sqlite3's classes with SQLite's wording for constraints ("UNIQUE constraint
  failed: people.email"), so the store's handling (errors.constraint_refusal, the open's checks, the
  callers of DatabaseEngineError) works unchanged; the psycopg error is the `__cause__`.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg.pq import TransactionStatus

from tracker.store.engine.dialect import UntranslatableSqlError, to_postgres
from tracker.store.engine.postgres_values import adapt_values_as_sqlite_does

Params = Sequence[Any] | dict[str, Any]

_PRAGMA = re.compile(r"^\s*PRAGMA\s+(\w+)\s*(?:\(\s*[\"'`]?(\w+)[\"'`]?\s*\)|=\s*(\w+))?\s*;?\s*$", re.IGNORECASE)
_INSERT = re.compile(r"^\s*INSERT\s+(?:OR\s+\w+\s+)?INTO\s+[\"]?(\w+)[\"]?\s*(?:\(([^)]*)\))?", re.IGNORECASE)
_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|WITH\b.*\b(INSERT|UPDATE|DELETE)\b)", re.IGNORECASE | re.DOTALL)
_DDL = re.compile(r"^\s*(CREATE|ALTER|DROP)\b", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _plan(sql: str) -> tuple[str, str | None, bool, bool]:
    """(translated SQL, the table an INSERT writes, whether it names `id` itself, whether it
    asks RETURNING itself) for one statement text."""
    insert = _INSERT.match(sql)
    table = insert.group(1) if insert else None
    explicit_id = bool(insert and insert.group(2)
                       and "id" in [c.strip().strip('"') for c in insert.group(2).split(",")])
    return to_postgres(sql), table, explicit_id, bool(_RETURNING.search(sql))


class PgCursor:
    """sqlite3.Cursor's API over one psycopg cursor."""

    arraysize = 1

    def __init__(self, conn: PgConnection):
        self.connection = conn
        self._cur = conn.raw.cursor()
        self.lastrowid: int | None = None
        self._rows: list[tuple[Any, ...]] | None = None  # rows answered without the server (PRAGMA)
        self._description: list[tuple[Any, ...]] | None = None

    # -------------------------------------------------------------- executing
    def execute(self, sql: str, params: Params = ()) -> PgCursor:
        self._rows = self._description = None
        pragma = _PRAGMA.match(sql)
        if pragma:
            self._pragma(pragma.group(1).lower(), pragma.group(2), pragma.group(3))
            return self
        translated, table, explicit_id, returning = self._translate(sql)
        self.connection._before(sql)
        add_returning = (table is not None and not returning and self.connection._has_id(table))
        if add_returning:
            translated = translated.rstrip().rstrip(";") + " RETURNING id"
        self._statement(sql, lambda: self._cur.execute(translated, _params(params)))
        if add_returning:
            ids = self._cur.fetchall()
            self.lastrowid = ids[-1][0] if ids else None
            if explicit_id and table is not None:
                self.connection.keep_sequence_ahead(table)
        return self

    def executemany(self, sql: str, seq_of_params: Iterable[Params]) -> PgCursor:
        self._rows = self._description = None
        translated, table, explicit_id, _returning = self._translate(sql)
        self.connection._before(sql)
        self._statement(sql, lambda: self._cur.executemany(translated, [_params(p) for p in seq_of_params]))
        if explicit_id and table is not None and self.connection._has_id(table):
            self.connection.keep_sequence_ahead(table)
        return self

    def _translate(self, sql: str) -> tuple[str, str | None, bool, bool]:
        try:
            return _plan(sql)
        except UntranslatableSqlError as e:
            raise sqlite3.OperationalError(str(e)) from e

    def _statement(self, sql: str, call: Callable[[], object]) -> None:
        """Run one statement. A write inside a transaction is its own savepoint: as in SQLite, a
        failed statement undoes itself alone and the transaction goes on (PostgreSQL would
        otherwise refuse every later statement of it)."""
        savepoint = self.connection.in_transaction and _WRITE.match(sql) is not None
        raw = self.connection.raw
        if savepoint:
            raw.execute("SAVEPOINT tracker_statement")
        try:
            call()
        except psycopg.Error as e:
            if savepoint:
                raw.execute("ROLLBACK TO SAVEPOINT tracker_statement")
                raw.execute("RELEASE SAVEPOINT tracker_statement")
            raise as_sqlite_error(e) from e
        if savepoint:
            raw.execute("RELEASE SAVEPOINT tracker_statement")

    def _pragma(self, name: str, table: str | None, value: str | None) -> None:
        answer = self.connection.pragma(name, table, value)
        self._rows, self._description = answer
        self.lastrowid = None

    # -------------------------------------------------------------- reading
    @property
    def description(self) -> list[tuple[Any, ...]] | None:
        if self._description is not None:
            return self._description
        if self._cur.description is None:
            return None
        return [(c.name, None, None, None, None, None, None) for c in self._cur.description]

    @property
    def rowcount(self) -> int:
        if self._rows is not None:
            return -1
        return self._cur.rowcount

    def fetchone(self) -> tuple[Any, ...] | None:
        if self._rows is not None:
            return self._rows.pop(0) if self._rows else None
        if self._cur.description is None:
            return None
        return self._cur.fetchone()

    def fetchall(self) -> list[tuple[Any, ...]]:
        if self._rows is not None:
            rows, self._rows = self._rows, []
            return rows
        if self._cur.description is None:
            return []
        return self._cur.fetchall()

    def fetchmany(self, size: int | None = None) -> list[tuple[Any, ...]]:
        if self._rows is not None:
            count = size or self.arraysize
            rows, self._rows = self._rows[:count], self._rows[count:]
            return rows
        if self._cur.description is None:
            return []
        return self._cur.fetchmany(size or self.arraysize)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        while (row := self.fetchone()) is not None:
            yield row

    def close(self) -> None:
        self._cur.close()


class PgConnection:
    """sqlite3.Connection's API (what the store uses of it) over a psycopg connection."""

    def __init__(self, raw: psycopg.Connection[Any], *, address: str = ""):
        raw.autocommit = True  # transactions are the statements' (BEGIN/COMMIT), as in sqlite3
        adapt_values_as_sqlite_does(raw)
        self.raw = raw
        self.address = address  # what a second connection (Workspace.for_thread) connects to
        self._id_tables: frozenset[str] | None = None
        self._sequences: dict[str, str | None] = {}

    @classmethod
    def connect(cls, address: str) -> PgConnection:
        try:
            return cls(psycopg.connect(address, autocommit=True), address=address)
        except psycopg.Error as e:
            raise as_sqlite_error(e) from e

    # -------------------------------------------------------------- sqlite3's API
    def cursor(self) -> PgCursor:
        return PgCursor(self)

    def execute(self, sql: str, params: Params = ()) -> PgCursor:
        return PgCursor(self).execute(sql, params)

    def executemany(self, sql: str, seq_of_params: Iterable[Params]) -> PgCursor:
        return PgCursor(self).executemany(sql, seq_of_params)

    def commit(self) -> None:
        if self.in_transaction:
            self.execute("COMMIT")

    def rollback(self) -> None:
        if self.in_transaction:
            self.execute("ROLLBACK")

    @property
    def in_transaction(self) -> bool:
        return self.raw.info.transaction_status != TransactionStatus.IDLE

    @property
    def total_changes(self) -> int:
        raise sqlite3.NotSupportedError("total_changes is SQLite's own counter")

    def close(self) -> None:
        self.raw.close()

    def __enter__(self) -> PgConnection:
        return self

    def __exit__(self, exc_type: object, *exc: object) -> None:
        """As sqlite3: commit on success, roll back on error; the connection stays open."""
        if exc_type is None:
            self.commit()
        else:
            self.rollback()

    # -------------------------------------------------------------- what SQLite does itself
    def _before(self, sql: str) -> None:
        """sqlite3's implicit BEGIN before a write outside a transaction; the catalogue's
        answers forgotten when the schema changes."""
        if _DDL.match(sql):
            self._id_tables = None
            self._sequences.clear()
        elif not self.in_transaction and _WRITE.match(sql):
            self.raw.execute("BEGIN")

    def _has_id(self, table: str) -> bool:
        if self._id_tables is None:
            rows = self.raw.execute(
                """SELECT c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                   WHERE a.attname = 'id' AND c.relkind = 'r' AND NOT a.attisdropped
                     AND c.relnamespace = current_schema()::regnamespace""").fetchall()
            self._id_tables = frozenset(r[0] for r in rows)
        return table.lower() in self._id_tables

    def _sequence(self, table: str) -> str | None:
        if table not in self._sequences:
            row = self.raw.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()
            self._sequences[table] = row[0] if row else None
        return self._sequences[table]

    def used_id(self, table: str) -> int:
        """The highest id `table`'s sequence has handed out (0 when none), as SQLite's
        sqlite_sequence tells for an AUTOINCREMENT table."""
        sequence = self._sequence(table)
        if sequence is None:
            return 0
        row = self.raw.execute(
            f"SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM {sequence}").fetchone()
        return int(row[0]) if row else 0

    def keep_sequence_ahead(self, table: str) -> None:
        """After rows were inserted with their own ids: the next id the sequence gives is above
        every id in the table and every id it gave before (as AUTOINCREMENT never reuses one)."""
        sequence = self._sequence(table)
        if sequence is None:
            return
        try:
            self.raw.execute(
                f"""SELECT setval(%s, top) FROM (SELECT greatest(
                        (SELECT max(id) FROM "{table}"),
                        (SELECT CASE WHEN is_called THEN last_value END FROM {sequence})) AS top) t
                    WHERE top IS NOT NULL""", (sequence,))
        except psycopg.Error as e:
            raise as_sqlite_error(e) from e

    def pragma(self, name: str, table: str | None,
               value: str | None) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """(rows, description) of a PRAGMA, in SQLite's shapes."""
        from tracker.store.engine import postgres_catalogue as catalogue

        if name == "foreign_keys" and (value or "").lower() in ("on", "1", "true"):
            return [], []
        answer = catalogue.PRAGMAS.get(name)
        if answer is None or table is None:
            raise sqlite3.OperationalError(
                f"PRAGMA {name} is about a workspace file; a shared workspace (PostgreSQL) has no such setting.")
        try:
            return answer(self.raw, table)
        except psycopg.Error as e:
            raise as_sqlite_error(e) from e


def _params(params: Params) -> Sequence[Any] | dict[str, Any]:
    if isinstance(params, dict):
        return params
    return tuple(params)


# ------------------------------------------------------------------ errors as sqlite3's
def as_sqlite_error(error: psycopg.Error) -> sqlite3.Error:
    """`error` as the sqlite3 exception the store already handles, in SQLite's words for the
    constraint failures that errors.constraint_refusal turns into sentences."""
    diag = error.diag
    table, column, constraint = diag.table_name or "", diag.column_name or "", diag.constraint_name or ""
    if isinstance(error, pg_errors.UniqueViolation):
        columns = _key_columns(diag.message_detail or "")
        named = ", ".join(f"{table}.{c}" for c in columns) or constraint
        return sqlite3.IntegrityError(f"UNIQUE constraint failed: {named}")
    if isinstance(error, pg_errors.ForeignKeyViolation):
        return sqlite3.IntegrityError("FOREIGN KEY constraint failed")
    if isinstance(error, pg_errors.NotNullViolation):
        return sqlite3.IntegrityError(f"NOT NULL constraint failed: {table}.{column}")
    if isinstance(error, pg_errors.CheckViolation):
        return sqlite3.IntegrityError(f"CHECK constraint failed: {constraint}")
    if isinstance(error, pg_errors.RaiseException):  # a trigger's refusal, as SQLite's RAISE(ABORT, ...)
        return sqlite3.IntegrityError(diag.message_primary or str(error))
    if isinstance(error, psycopg.IntegrityError):
        return sqlite3.IntegrityError(str(error).strip())
    if isinstance(error, pg_errors.InsufficientPrivilege):  # the server's roles (server_roles.py)
        from tracker.store.engine.server_roles import refused

        return refused(error)
    message = (diag.message_primary or str(error)).strip()
    if isinstance(error, (psycopg.OperationalError, psycopg.ProgrammingError)):
        return sqlite3.OperationalError(message)
    if isinstance(error, psycopg.DataError):
        return sqlite3.DataError(message)
    if isinstance(error, psycopg.InterfaceError):
        return sqlite3.InterfaceError(message)
    return sqlite3.DatabaseError(message)


def _key_columns(detail: str) -> list[str]:
    """The columns of "Key (a, lower(b))=(...) already exists." (expressions by their column)."""
    found = re.match(r"Key \((.*?)\)=", detail)
    if not found:
        return []
    return [re.sub(r"^\w+\((\w+)\)$", r"\1", c.strip()) for c in found.group(1).split(", ")]
