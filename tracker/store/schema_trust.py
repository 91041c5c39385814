"""A workspace file from elsewhere is untrusted input: its schema must be the one the app makes.

SQLite runs whatever triggers a file holds. A trigger added outside the app (`AFTER INSERT ON
people BEGIN INSERT INTO exfil VALUES (NEW.name); DELETE FROM audit; END`) would run during the
next roster import, copying names away and emptying the history as it goes. So before anything
else reads or writes a file, its schema is compared with the one this version's migrations make
for the steps the file records as applied; any trigger, view, table or index the app did not
make, and any of the app's own that was changed or removed, is named and the file is refused.

The expected schema comes from the migrations themselves: they run once per process on an
in-memory database (for each set of applied steps met), so there is no hand-kept list to go
stale. Tables are compared by their columns (name, type, default, NOT NULL, key, generated) and
foreign keys, not their CREATE text, which sqlite-utils writes for some and may format
differently in a later version; what that leaves out (a CHECK or a generated column's
expression) is an expression, which cannot write anything. Indexes, triggers and views, the
schema that can act, are compared by their SQL with case, quotes and spacing folded.

`make_cleaned_copy` is what the user may choose instead: a new file with the app's schema and
only the rows of the app's tables, made without running any of the file's triggers.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from tracker.store.connection import connect_copy, one_line, quick_check
from tracker.store.errors import NotAWorkspaceError, WorkspaceError

_SHOWN = 6  # objects named in a message; the rest are counted
_BATCH = 5000  # rows per executemany while copying


class UntrustedSchemaError(NotAWorkspaceError):
    """The file's schema holds objects the app did not make (or changed ones); `objects` names them."""

    def __init__(self, message: str, path: Path, objects: list[str]):
        super().__init__(message)
        self.path = path
        self.objects = objects


# A table's (columns, foreign keys, without rowid), another object's (table, sql): compared whole.
Schema = dict[tuple[str, str], tuple[Any, ...]]  # (type, name) -> what identifies its definition


def _fold(sql: str | None) -> str:
    """SQL with case, identifier quotes and spacing folded, so formatting alone is no change."""
    text = re.sub(r'["`\[\]]', "", (sql or "").lower())
    return " ".join(text.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split())


def schema_of(conn: sqlite3.Connection) -> Schema:
    """Every schema object of the open database but SQLite's own (`sqlite_*`)."""
    out: Schema = {}
    rows = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                        "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").fetchall()
    for kind, name, table, sql in rows:
        if kind == "table" and not _fold(sql).startswith("create virtual"):
            quoted = name.replace('"', '""')
            columns = tuple(tuple(r[1:]) for r in conn.execute(f'PRAGMA table_xinfo("{quoted}")'))
            keys = tuple(tuple(r[2:]) for r in conn.execute(f'PRAGMA foreign_key_list("{quoted}")'))
            out[(kind, name)] = (columns, keys, "without rowid" in _fold(sql))
        else:
            out[(kind, name)] = (table, _fold(sql))
    return out


def applied_steps(conn: sqlite3.Connection) -> frozenset[str]:
    """The migration steps the file records as applied (none for a new, empty file)."""
    from tracker.store import schema

    return frozenset(m.name for m in schema.migrations.applied(Database(conn, execute_plugins=False)))


@functools.lru_cache(maxsize=8)
def _reference(applied: frozenset[str]) -> tuple[Schema, tuple[tuple[str, str, str], ...]]:
    """The schema the app's migrations make when exactly the `applied` steps ran, and the
    statements that create it (type, name, SQL) in the order SQLite keeps them."""
    from tracker.store import schema

    conn = sqlite3.connect(":memory:")
    try:
        db = Database(conn, execute_plugins=False)
        if applied:  # the steps in their order, as on a real file
            schema.new_migrations(tuple(s for s in schema.STEPS if s.__name__ in applied)).apply(db)
        statements = tuple(conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid").fetchall())
        return schema_of(conn), statements
    finally:
        conn.close()


@functools.lru_cache(maxsize=1)
def distrust_is_possible() -> bool:
    """Whether this SQLite loads the app's own schema with `trusted_schema = OFF` on a
    connection that may write (a read-only one always does).

    SQLite 3.40 does not: the CHECK on usage_imports calls json_valid(), which it does not count
    as innocuous, so every statement on such a connection fails ("malformed database schema
    (usage_imports) - unsafe use of json_valid()"). Where that is so, connections that write
    keep SQLite's default and the comparison with the expected schema, made before any of the
    file's SQL can run, is the guard; a SQLite that allows it gets the pragma on them too.
    """
    from tracker.store import schema

    _, statements = _reference(frozenset(schema.known_migration_names()))
    reference, probe = sqlite3.connect(":memory:"), sqlite3.connect(":memory:")
    try:
        for _kind, _name, sql in statements:
            reference.execute(sql)
        probe.execute("PRAGMA trusted_schema = OFF")
        reference.backup(probe)
        probe.execute("SELECT count(*) FROM sqlite_master").fetchone()  # loads the schema
        return True
    except sqlite3.DatabaseError:
        return False
    finally:
        reference.close()
        probe.close()


def expected_schema(applied: frozenset[str]) -> Schema:
    return _reference(frozenset(applied))[0]


def differences(found: Schema, expected: Schema) -> list[str]:
    """What the file has that the app did not make, changed, or lacks: "trigger 'x'" etc."""
    out = [f"{kind} '{name}'" for (kind, name) in found if (kind, name) not in expected]
    out += [f"{kind} '{name}' (changed)" for key, value in found.items()
            if key in expected and expected[key] != value for kind, name in [key]]
    out += [f"{kind} '{name}' (missing)" for (kind, name) in expected if (kind, name) not in found]
    return out


def refuse_foreign_schema(path: Path, conn: sqlite3.Connection) -> None:
    """Raise UntrustedSchemaError unless the file's schema is exactly what the migrations it
    records would make. Reads only the schema: nothing of the file runs."""
    objects = differences(schema_of(conn), expected_schema(applied_steps(conn)))
    if objects:
        shown = ", ".join(objects[:_SHOWN])
        more = f" and {len(objects) - _SHOWN} more" if len(objects) > _SHOWN else ""
        raise UntrustedSchemaError(
            f"{path.name} was changed outside Rollout Tracker: it holds {shown}{more}, which this "
            "version did not make. Such objects can run hidden commands, so it was not opened and "
            "nothing in it was changed; a cleaned copy with only the app's own tables and rows "
            "can be made from it.", Path(path), objects)


# ---------------------------------------------------------------- the cleaned copy
def cleaned_copy_path(path: Path, now: dt.datetime | None = None) -> Path:
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return path.with_name(f"{path.stem}.cleaned-{stamp}{path.suffix}")


def make_cleaned_copy(path: str | Path, destination: str | Path | None = None, *,
                      progress: Callable[[int, str], None] | None = None) -> Path:
    """Write a copy of the workspace at `path` with the app's schema and the rows of the app's
    tables only; the file itself is not changed. Returns the copy's path (beside the file,
    `NAME.cleaned-STAMP.tracker`, unless `destination`). Nothing of the file's schema runs:
    its rows are read with plain SELECTs, and the copy's own triggers are created after its
    rows are in, so none fires while copying. An encrypted file's copy is encrypted with the
    same key. `progress(percent, text)` is told each table as it is copied."""
    from tracker.store import schema
    from tracker.store.backup import _open_target

    path = Path(path)
    destination = Path(destination) if destination else cleaned_copy_path(path)
    partial = destination.with_name(destination.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        source = connect_copy(path)
    except sqlite3.Error as e:
        raise WorkspaceError(f"{path.name} cannot be read ({one_line(str(e))}).") from e
    try:
        applied = applied_steps(source)
        unknown = applied - schema.known_migration_names()
        if unknown:
            raise WorkspaceError(f"{path.name} was written by a newer version of Rollout Tracker; "
                                 "this version cannot make a cleaned copy of it.")
        found = schema_of(source)
        _, statements = _reference(applied)
        target = _open_target(source, partial)
        try:
            _fill(source, target, found, statements, progress or (lambda percent, text: None))
            target.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
            broken = target.execute("PRAGMA foreign_key_check").fetchall()
            problem = quick_check(target)
        finally:
            target.close()
        if broken or problem != "ok":
            why = f"{len(broken)} broken references" if broken else problem
            raise WorkspaceError(f"The cleaned copy of {path.name} did not pass its check ({why}); "
                                 "it was not kept.")
        partial.replace(destination)
    except sqlite3.Error as e:
        raise WorkspaceError(f"The cleaned copy of {path.name} could not be made ({one_line(str(e))}).") from e
    finally:
        source.close()
        partial.unlink(missing_ok=True)
    return destination


def _fill(source: sqlite3.Connection, target: sqlite3.Connection, found: Schema,
          statements: tuple[tuple[str, str, str], ...], progress: Callable[[int, str], None]) -> None:
    """Create the app's tables, copy the columns they share with the file's tables of the
    same name, then create the app's indexes, triggers and views."""
    target.execute("PRAGMA foreign_keys = OFF")  # checked once at the end, not row by row
    target.execute("PRAGMA journal_mode = DELETE")  # a copy is one self-contained file
    target.execute("BEGIN")
    tables = [(name, sql) for kind, name, sql in statements if kind == "table"]
    for done, (name, sql) in enumerate(tables):
        progress(95 * done // len(tables), f"Copying {name}")
        target.execute(sql)
        _copy_rows(source, target, name, found.get(("table", name)))
    progress(95, "Adding the app's indexes and triggers")
    for kind, _name, sql in statements:
        if kind != "table":
            target.execute(sql)
    target.execute("COMMIT")


def _copy_rows(source: sqlite3.Connection, target: sqlite3.Connection, table: str,
               source_shape: tuple[Any, ...] | None) -> None:
    if source_shape is None or len(source_shape) != 3:
        return  # the file has no plain table of that name: the copy's stays empty
    ours = [r[1] for r in target.execute(f'PRAGMA table_xinfo("{table}")') if r[6] == 0]
    theirs = {c[0] for c in source_shape[0]}
    columns = [c for c in ours if c in theirs]
    if not columns:
        return
    names = ", ".join(f'"{c}"' for c in columns)
    cursor = source.execute(f'SELECT {names} FROM "{table}"')
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" for _ in columns)})'
    while rows := cursor.fetchmany(_BATCH):
        target.executemany(insert, rows)

