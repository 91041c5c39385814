"""The audit trail's writing side: every write records what changed (AuditedWriter).

A *change* is one user action (an edit, an import, an undo) and groups the *audit* rows of the
records it touched, each with the whole row before and after. Reading the trail and undoing a
change are in audit_log.py. The trail itself is never rewritten, so the history of a record
always shows what really happened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from tracker.store.audit_json import rows_as_json
from tracker.store.errors import StoreValidationError, constraint_refusal
from tracker.store.record_versions import record_noun, stale_record, version_of

if TYPE_CHECKING:
    from tracker.store.workspace import Workspace

# Tables (and their columns) that audited writes may touch; table and column names are never
# taken from user input, and this list keeps it so.
_INTERNAL = {"changes", "audit", "_sqlite_migrations", "settings"}

# One encoder for every audit row: json.dumps(value, default=str) builds a new one per call,
# which was a fifth of the audit cost of a 100,000-person import. Same output as dumps.
_ENCODE = json.JSONEncoder(default=str).encode
Row = dict[str, Any]  # a row by column name, as stored
_AUDIT_INSERT = "INSERT INTO audit (change_id, entity, entity_id, action, before, after) VALUES (?, ?, ?, ?, ?, ?)"


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class AuditedWriter:
    """Writes records inside `Workspace.write()` and records each change in the audit table."""

    def __init__(self, ws: Workspace, label: str, *, reverts_id: int | None = None):
        self.ws = ws
        self.conn = ws.conn
        self.label = label
        self.reverts_id = reverts_id
        self.change_id: int | None = None
        self.tables: set[str] = set()
        self._columns: dict[str, list[str]] = {}

    # -------------------------------------------------------------- schema guard
    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            if table in _INTERNAL or not table.isidentifier():
                raise ValueError(f"{table!r} is not an audited table")
            cols = [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]
            if not cols:
                raise ValueError(f"no table {table!r}")
            self._columns[table] = cols
        return self._columns[table]

    def _check_fields(self, table: str, fields: Iterable[str]) -> None:
        allowed = set(self.columns(table))
        bad = [f for f in fields if f not in allowed]
        if bad:
            raise ValueError(f"{table} has no column {bad[0]!r}")

    def _row(self, table: str, row_id: int) -> Row | None:
        cols = self.columns(table)
        row = self.conn.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (row_id,)).fetchone()
        return dict(zip(cols, row)) if row else None

    def _rows(self, table: str, row_ids: list[int]) -> dict[int, Row]:
        """Many rows by id in one query (the bulk writes' before and after images)."""
        rows = self._tuples(table, row_ids)
        cols = self.columns(table)
        at = cols.index("id")
        return {row[at]: dict(zip(cols, row)) for row in rows}

    def _tuples(self, table: str, row_ids: list[int]) -> list[tuple[Any, ...]]:
        """The rows of these ids as tuples in `columns(table)` order, in the order of `row_ids`."""
        cols = self.columns(table)
        if "id" not in cols:
            raise ValueError(f"{table} has no id column")
        at = cols.index("id")
        select = f"SELECT {', '.join(cols)} FROM {table} WHERE "
        if row_ids and row_ids[-1] - row_ids[0] == len(row_ids) - 1 and row_ids == sorted(row_ids):
            # A batch just inserted: its ids run without gaps, and a range is one index seek.
            rows = self.conn.execute(select + "id BETWEEN ? AND ? ORDER BY id", (row_ids[0], row_ids[-1])).fetchall()
            if len(rows) == len(row_ids):
                return rows
        else:
            rows = self.conn.execute(select + "id IN (SELECT CAST(value AS INTEGER) FROM json_each(?))",
                                     (json.dumps(row_ids),)).fetchall()
        by_id = {row[at]: row for row in rows}
        return [by_id[row_id] for row_id in row_ids if row_id in by_id]

    # -------------------------------------------------------------- recording
    def _start_change(self) -> int:
        if self.change_id is None:
            cur = self.conn.execute(
                "INSERT INTO changes (at, user, label, reverts_id) VALUES (?, ?, ?, ?)",
                (_now(), self.ws.user, self.label, self.reverts_id),
            )
            assert cur.lastrowid is not None  # an INSERT always sets it
            self.change_id = cur.lastrowid
        return self.change_id

    def _record(self, table: str, row_id: int, action: str, before: Row | None, after: Row | None) -> None:
        self._record_many(table, action, [(row_id, before, after)])

    def _record_many(self, table: str, action: str, entries: list[tuple[int, Row | None, Row | None]]) -> None:
        """Audit rows for (row id, before, after) in this order, in one statement."""
        self._write_audit(table, action, [
            (row_id, None if before is None else _ENCODE(before), None if after is None else _ENCODE(after))
            for row_id, before, after in entries])

    def _write_audit(self, table: str, action: str, entries: list[tuple[int, str | None, str | None]]) -> None:
        """Audit rows for (row id, before, after as JSON text) in this order, in one statement."""
        if not entries:
            return
        change_id = self._start_change()
        rows = [(change_id, table, row_id, action, before, after) for row_id, before, after in entries]
        with self._indexes_deferred("audit", len(rows)):
            self.conn.executemany(_AUDIT_INSERT, rows)
        self.tables.add(table)

    @contextlib.contextmanager
    def _indexes_deferred(self, table: str, adding: int) -> Iterator[None]:
        """Build `table`'s plain indexes once after a batch bigger than the table, not row by row.

        A first roster import puts 100,000 people into an empty table: inserting each into
        three indexes in random order took twice as long as the rows themselves; building them
        from the finished table is a sort. Unique indexes stay (they are constraints, and a
        duplicate must fail on its own row), small batches into big tables keep their indexes
        (rebuilding would cost more), and with planner statistics (sqlite_stat1, which DROP
        INDEX would lose) nothing is deferred. All inside the write's transaction, and the
        indexes are rebuilt even when the batch fails: the schema after commit is the same text.
        """
        if self.ws.engine != "sqlite":  # a server maintains its indexes in bulk itself
            yield
            return
        if adding < 1_000 or adding <= (self.conn.execute(f"SELECT MAX(rowid) FROM {table}").fetchone()[0] or 0) \
                or self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            yield  # small batches (every single-row write) ask nothing more
            return
        plain = [r[1] for r in self.conn.execute(f"PRAGMA index_list({table})") if r[3] == "c" and not r[2]]
        sqls = [r[0] for r in self.conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND name IN (SELECT value FROM json_each(?))",
            (json.dumps(plain),))]
        for name in plain:
            self.conn.execute(f'DROP INDEX "{name}"')
        try:
            yield
        finally:  # also after a failed batch, should the caller go on and commit the rest
            for sql in sqls:
                self.conn.execute(sql)

    # -------------------------------------------------------------- writes
    def insert(self, table: str, values: dict[str, Any]) -> int:
        self._check_fields(table, values)
        names = list(values)
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        try:
            row_id = self.conn.execute(sql, [values[n] for n in names]).lastrowid
        except Exception as e:
            raise constraint_refusal(e) from e
        assert row_id is not None  # an INSERT always sets it
        self._record(table, row_id, "insert", None, self._row(table, row_id))
        return row_id

    def update(self, table: str, row_id: int, changes: dict[str, Any], *,
               expected_version: int | None = None) -> bool:
        """Apply `changes`; returns False (and records nothing) when nothing actually changed.

        The record's version goes up by one in the same statement. With `expected_version` (the
        version the caller read) an edit of a record someone has changed since is refused with
        StaleRecordError; without it (imports, internal writes) the edit applies to the record
        as it is now, and its audit row still shows exactly what it replaced.
        """
        if "version" in changes:
            raise ValueError("a record's version is kept by the writer, not set by callers")
        self._check_fields(table, changes)
        versioned = "version" in self.columns(table)
        while True:
            before = self._row(table, row_id)
            if before is None:
                if expected_version is not None:
                    raise stale_record(self.conn, table, row_id, expected_version, None, changes)
                raise StoreValidationError(f"The {record_noun(table)} no longer exists.")
            # Stale even when the values happen to agree: the caller decided on what it read.
            if expected_version is not None and versioned and version_of(before) != expected_version:
                raise stale_record(self.conn, table, row_id, expected_version, before, changes)
            real = {k: v for k, v in changes.items() if before.get(k) != v}
            if not real:
                return False
            sets = ", ".join(f"{k} = ?" for k in real)
            params = [*real.values(), row_id]
            if versioned:  # only the version read above: another writer's commit in between shows
                sets += ", version = version + 1"
                params.append(before["version"])
            try:
                cur = self.conn.execute(
                    f"UPDATE {table} SET {sets} WHERE id = ?{' AND version = ?' if versioned else ''}", params)
            except Exception as e:
                raise constraint_refusal(e) from e
            if cur.rowcount:
                break  # else a server's other writer committed between the read and here: again
        self._record(table, row_id, "update", before, self._row(table, row_id))
        return True

    def touch(self, table: str, row_id: int) -> None:
        """Move a record's version on without changing a field of it: for an edit of what
        belongs to the record in other tables (a module's requirement rules), so that an editor
        who read the record before that edit is refused as for an edit of its own fields."""
        before = self._row(table, row_id)
        if before is None or "version" not in before:
            return
        self.conn.execute(f"UPDATE {table} SET version = version + 1 WHERE id = ?", (row_id,))
        self._record(table, row_id, "update", before, self._row(table, row_id))

    def lock(self, table: str, row_ids: Iterable[int]) -> None:
        """Hold these records until the write ends: a second writer locking them waits for this
        write to commit, then reads what it wrote.

        For a check that no version can carry: a new row inserted on the strength of what was
        read (a seat's next reclaim decision, a cell of the RACI grid that was empty, a day's
        first KPI reading, a training record not stored yet) has no row of its own to update
        `WHERE version = ?`. Lock the record it belongs to first, then read and check. SQLite
        needs nothing: write() began with BEGIN IMMEDIATE, which holds the whole file's write
        lock already. PostgreSQL, at READ COMMITTED, locks rows, and each statement sees what
        was committed before it began, so the check after the lock sees the other writer's row.
        FOR NO KEY UPDATE rather than FOR UPDATE: inserting rows that refer to the record (which
        takes KEY SHARE on it, as every import does) is not held up by it.
        """
        self.columns(table)  # refuses internal and unknown tables
        ids = sorted(set(row_ids))  # every writer locks in the same order: two never deadlock
        if self.ws.engine == "sqlite" or not ids:
            return
        self.conn.execute(f"SELECT id FROM {table} WHERE id IN (SELECT CAST(value AS INTEGER) FROM json_each(?)) "
                          "ORDER BY id FOR NO KEY UPDATE", (json.dumps(ids),))

    # -------------------------------------------------------------- bulk writes
    # The same records and the same audit trail as calling insert()/update() once per row, in
    # the same order, with a handful of statements instead of three per row: a 100,000-person
    # roster import spent most of its apply time in those per-row round trips.

    def next_id(self, table: str) -> int:
        """The id SQLite would give the next row inserted into `table` without one.

        For callers of insert_many whose rows refer to each other (a new manager's id in the
        rows of their new reports): ids counted up from here are the ones one insert() per row
        would have produced. Tables with AUTOINCREMENT also never reuse an id of a deleted row.
        """
        self.columns(table)  # refuses internal and unknown tables
        top = self.conn.execute(f"SELECT MAX(id) FROM {table}").fetchone()[0] or 0
        if self.ws.engine == "postgresql":  # the identity sequence: the ids it gave, kept ahead
            from tracker.store.engine.postgres_connection import PgConnection

            assert isinstance(self.conn, PgConnection)
            return max(top, self.conn.used_id(table)) + 1
        has_sequence = self.conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'").fetchone()
        if has_sequence:
            seq = self.conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
            if seq is not None:
                top = max(top, seq[0])
        return top + 1

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> list[int]:
        """Insert rows that all name the same columns, in order; returns their ids.

        A row may give its own "id" (counted from next_id()) when other rows of the batch refer
        to it; then every row must. Rows are inserted in the order given, so a row may refer to
        one before it (a team's parent, a person's manager) under immediate foreign key checks.
        """
        if not rows:
            return []
        names = list(rows[0])
        if not all(map(tuple(names).__eq__, map(tuple, rows))):  # (C-level passes: a row's keys in order)
            raise ValueError("insert_many needs rows that all name the same columns in the same order")
        return self.insert_rows(table, names, list(map(tuple, map(dict.values, rows))))

    def insert_rows(self, table: str, names: list[str], rows: list[tuple[Any, ...]]) -> list[int]:
        """insert_many() for rows given as tuples of the columns in ``names`` (for a caller that
        builds its rows column by column: no dictionary per row to build and take apart)."""
        if not rows:
            return []
        if not all(map(len(names).__eq__, map(len, rows))):
            raise ValueError(f"insert_rows needs {len(names)} values in every row")
        self._check_fields(table, names)
        values: list[tuple[Any, ...]]
        if "id" in names:
            ids = list(map(itemgetter(names.index("id")), rows))
            values = rows
        else:
            first = self.next_id(table)
            ids = list(range(first, first + len(rows)))
            names = ["id", *names]
            values = [(row_id, *row) for row_id, row in zip(ids, rows)]
        sql = f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        try:
            with self._indexes_deferred(table, len(values)):
                self.conn.executemany(sql, values)
        except Exception as e:
            raise constraint_refusal(e) from e
        # The inserted rows read back as stored (defaults, triggers, type affinity), as tuples
        # and encoded column by column (audit_json.py): dictionaries and one encoder call per
        # row were a third of a 100,000-person import's apply time.
        cols = self.columns(table)
        after = self._tuples(table, ids)
        at = cols.index("id")
        self._write_audit(table, "insert", [(row[at], None, text) for row, text in zip(after, rows_as_json(cols, after))])
        return ids

    def update_many(self, table: str, updates: list[tuple[int, dict[str, Any]]]) -> int:
        """update() for each (row id, changes), each row at most once; returns how many changed.

        As update(), fields that already hold the new value are left out and a row with no real
        change writes and records nothing. Rows are updated in the order given.
        """
        ids = [row_id for row_id, _changes in updates]
        if len(set(ids)) != len(ids):
            raise ValueError("update_many updates each row at most once")
        fields = {name for _row_id, changes in updates for name in changes}
        if "version" in fields:
            raise ValueError("a record's version is kept by the writer, not set by callers")
        self._check_fields(table, fields)
        before = self._rows(table, ids)
        real_updates: list[tuple[int, dict[str, Any]]] = []
        for row_id, changes in updates:
            old = before.get(row_id)
            if old is None:
                raise StoreValidationError(f"The {record_noun(table)} no longer exists.")
            real = {k: v for k, v in changes.items() if old.get(k) != v}
            if real:
                real_updates.append((row_id, real))
        # One executemany per run of rows changing the same fields, so the order is kept.
        run: list[list[Any]] = []
        run_fields: tuple[str, ...] = ()
        try:
            for row_id, real in real_updates:
                keys = tuple(real)
                if keys != run_fields and run:
                    self._update_run(table, run_fields, run)
                    run = []
                run_fields = keys
                run.append([*real.values(), row_id])
            if run:
                self._update_run(table, run_fields, run)
        except Exception as e:
            raise constraint_refusal(e) from e
        changed = [row_id for row_id, _real in real_updates]
        after = self._rows(table, changed)
        self._record_many(table, "update", [(row_id, before[row_id], after[row_id]) for row_id in changed])
        return len(changed)

    def _update_run(self, table: str, fields: tuple[str, ...], values: list[list[Any]]) -> None:
        sets = ", ".join(f"{k} = ?" for k in fields)
        if "version" in self.columns(table):
            sets += ", version = version + 1"
        self.conn.executemany(f"UPDATE {table} SET {sets} WHERE id = ?", values)

    def delete(self, table: str, row_id: int, *, expected_version: int | None = None) -> bool:
        """Delete one record; False when it is already gone. With `expected_version`, a record
        changed (or deleted) since the caller read it is refused with StaleRecordError."""
        versioned = "version" in self.columns(table)
        while True:
            before = self._row(table, row_id)
            if before is None:
                if expected_version is not None:
                    raise stale_record(self.conn, table, row_id, expected_version, None, {})
                return False
            if expected_version is not None and versioned and version_of(before) != expected_version:
                raise stale_record(self.conn, table, row_id, expected_version, before, {})
            try:
                if versioned:
                    cur = self.conn.execute(f"DELETE FROM {table} WHERE id = ? AND version = ?",
                                            (row_id, before["version"]))
                else:
                    cur = self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            except Exception as e:
                raise constraint_refusal(e) from e
            if cur.rowcount:
                break
        self._record(table, row_id, "delete", before, None)
        return True

    def restore(self, table: str, row: dict[str, Any]) -> None:
        """Put back a deleted row with its original id and version (used by undo)."""
        self.insert(table, row)
