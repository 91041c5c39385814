"""The workspace schema on a PostgreSQL server, from the same migration steps as a file.

`create_or_upgrade` runs the steps the server has not run yet, in MIGRATION_ORDER, through
`PostgresStepDatabase` (postgres_ddl.py), and records each in `tracker_migrations`, all in one
transaction: a failed step leaves the server as it was. A server holding a step this version
does not know was written by a newer version and is refused, in the words used for a file.
Two apps upgrading one server at once take turns (a transaction-scoped advisory lock).

Before the first step the server gets what the translated steps rely on: the extension citext
(trusted since PostgreSQL 13: the database's owner may create it) and the functions standing in
for SQLite's in CHECK constraints, `tracker_date` and `tracker_json_valid`.

`schema_summary` reads the schema back from the catalogue, for the tests that compare it with a
file's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import psycopg
from sqlite_utils import Database

from tracker.store.areas import MigrationStep
from tracker.store.engine.postgres_ddl import PostgresStepDatabase
from tracker.store.errors import NewerWorkspaceError
from tracker.store.schema import STEPS

MIGRATIONS_TABLE = "tracker_migrations"

#: The advisory lock two upgrades of one database take turns on ('ROLT', as a file's mark).
_UPGRADE_LOCK = 0x524F4C54

# SQLite's date(x) for the question the CHECKs ask of it, `date(x) = x`: x itself for a bare
# YYYY-MM-DD (month 01-12, day 01-31, as SQLite reads it: it does not check the month's length),
# another text for what SQLite reads as a date with more (a time, a zone, trailing spaces), a
# Julian day number or 'now', and NULL for what SQLite cannot read (so the CHECK passes there too).
_TIME = r"([01][0-9]|2[0-4]):[0-5][0-9](:[0-5][0-9](\.[0-9]*)?)?\s*([Zz]|[+-][0-9]{2}:[0-9]{2})?\s*"
_DATE_FUNCTION = rf"""
CREATE OR REPLACE FUNCTION tracker_date(value text) RETURNS text
LANGUAGE sql STABLE STRICT PARALLEL SAFE AS $fn$
SELECT CASE
    WHEN value ~ '^-?[0-9]{{4}}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[\sT]*({_TIME})?$'
        THEN substring(value from '^-?[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}')
    WHEN value ~ '^{_TIME}$' THEN '2000-01-01'
    WHEN lower(value) = 'now' THEN to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD')
    WHEN value ~ '^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?\s*$'
         AND value::numeric >= 0 AND value::numeric < 5373484.5
        THEN to_char(date '2000-01-01' + (floor(value::numeric + 0.5) - 2451545)::int, 'YYYY-MM-DD')
END
$fn$"""

# SQLite's json_valid(x): whether x is JSON text (a scalar counts).
_JSON_FUNCTION = """
CREATE OR REPLACE FUNCTION tracker_json_valid(value text) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
BEGIN
    PERFORM value::json;
    RETURN true;
EXCEPTION WHEN data_exception THEN
    RETURN false;
END
$fn$"""

_BASE = (
    "CREATE EXTENSION IF NOT EXISTS citext",
    _DATE_FUNCTION,
    _JSON_FUNCTION,
)


def create_or_upgrade(conn: psycopg.Connection[Any], steps: Sequence[MigrationStep] = STEPS, *,
                      name: str | None = None) -> list[str]:
    """Run the steps the server has not run, in order, in one transaction (a savepoint inside
    the caller's, if one is open); returns their names. ``name`` is how a refusal names the
    workspace (the address's display form; by default the database's name).

    Raises NewerWorkspaceError, changing nothing, when the server records a step not in ``steps``.
    """
    known = {step.__name__ for step in steps}
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_UPGRADE_LOCK,))
        conn.execute(f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} "
                     "(name text PRIMARY KEY, applied_at text NOT NULL)")
        applied = {row[0] for row in conn.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
        if applied - known:
            shown = name or f"The shared workspace {conn.info.dbname}"
            raise NewerWorkspaceError(
                f"{shown} was written by a newer version of Rollout Tracker. "
                "Install the newer version to open it; this version will not change it."
            )
        pending = [step for step in steps if step.__name__ not in applied]
        if not pending:
            return []
        for statement in _BASE:
            conn.execute(statement)
        db = PostgresStepDatabase(conn)
        for step in pending:
            # The steps use what the two share: execute(sql, params) and, in m007, conn.execute.
            step(cast(Database, db))
            db.finish_step()
            conn.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES (%s, %s)",
                         (step.__name__, dt.datetime.now(dt.UTC).isoformat()))
    return [step.__name__ for step in pending]


@dataclass(frozen=True)
class ColumnSummary:
    name: str
    type: str  # format_type: bigint, double precision, text, citext
    not_null: bool
    default: str | None  # the expression without its cast: '' for ''::text
    collation: str | None
    identity: bool


@dataclass(frozen=True)
class IndexSummary:
    table: str
    columns: tuple[str, ...]
    unique: bool
    predicate: str | None  # a partial index's WHERE, as the server prints it
    constraint: bool  # made by a PRIMARY KEY or UNIQUE constraint


@dataclass(frozen=True)
class TriggerSummary:
    table: str
    timing: str  # BEFORE / AFTER
    events: tuple[str, ...]  # INSERT, DELETE, UPDATE
    columns: tuple[str, ...]  # UPDATE OF these
    condition: str | None


@dataclass
class TableSummary:
    columns: list[ColumnSummary] = field(default_factory=list)
    primary_key: tuple[str, ...] = ()
    unique: set[tuple[str, ...]] = field(default_factory=set)
    foreign_keys: set[tuple[tuple[str, ...], str, tuple[str, ...]]] = field(default_factory=set)
    checks: list[tuple[tuple[str, ...], str]] = field(default_factory=list)  # (columns, definition)


@dataclass
class SchemaSummary:
    tables: dict[str, TableSummary]
    indexes: dict[str, IndexSummary]
    triggers: dict[str, TriggerSummary]
    functions: set[str]


_COLUMNS_SQL = """
SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       pg_get_expr(d.adbin, d.adrelid), coll.collname, a.attidentity <> ''
FROM pg_attribute a
JOIN pg_class c ON c.oid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
LEFT JOIN pg_collation coll ON coll.oid = a.attcollation AND a.attcollation <> 0
WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'
  AND a.attnum > 0 AND NOT a.attisdropped
ORDER BY c.relname, a.attnum"""

_NAMES = """ARRAY(SELECT a.attname::text FROM unnest({keys}) WITH ORDINALITY AS key(num, pos)
                 JOIN pg_attribute a ON a.attrelid = {rel} AND a.attnum = key.num ORDER BY key.pos)"""

_CONSTRAINTS_SQL = f"""
SELECT c.relname, k.contype, {_NAMES.format(keys="k.conkey", rel="k.conrelid")},
       p.relname, {_NAMES.format(keys="k.confkey", rel="k.confrelid")}, pg_get_constraintdef(k.oid)
FROM pg_constraint k
JOIN pg_class c ON c.oid = k.conrelid
LEFT JOIN pg_class p ON p.oid = k.confrelid
WHERE c.relnamespace = current_schema()::regnamespace
ORDER BY c.relname, k.conname"""

_INDEXES_SQL = f"""
SELECT i.relname, t.relname, {_NAMES.format(keys="x.indkey::int2[]", rel="x.indrelid")},
       x.indisunique, pg_get_expr(x.indpred, x.indrelid),
       EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
FROM pg_index x
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_class t ON t.oid = x.indrelid
WHERE t.relnamespace = current_schema()::regnamespace"""

_TRIGGERS_SQL = f"""
SELECT g.tgname, c.relname, g.tgtype, {_NAMES.format(keys="g.tgattr::int2[]", rel="g.tgrelid")},
       substring(pg_get_triggerdef(g.oid) from 'WHEN \\((.*)\\) EXECUTE')
FROM pg_trigger g
JOIN pg_class c ON c.oid = g.tgrelid
WHERE c.relnamespace = current_schema()::regnamespace AND NOT g.tgisinternal"""

_FUNCTIONS_SQL = "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace"


def _without_cast(default: str | None) -> str | None:
    """'pilot'::text -> 'pilot'; 0 stays 0."""
    if default is None:
        return None
    head, sep, _cast = default.rpartition("::")
    return head if sep and head.startswith("'") and head.endswith("'") else default


def schema_summary(conn: psycopg.Connection[Any]) -> SchemaSummary:
    """The current schema's tables, columns, constraints, indexes, triggers and functions, from
    the catalogue (citext's own functions included in ``functions``)."""
    tables: dict[str, TableSummary] = {}
    for table, column, kind, not_null, default, collation, identity in conn.execute(_COLUMNS_SQL):
        tables.setdefault(table, TableSummary()).columns.append(
            ColumnSummary(column, kind, not_null, _without_cast(default), collation, identity))
    for table, kind, columns, parent, parent_columns, definition in conn.execute(_CONSTRAINTS_SQL):
        summary = tables[table]
        if kind == "p":
            summary.primary_key = tuple(columns)
        elif kind == "u":
            summary.unique.add(tuple(columns))
        elif kind == "f":
            summary.foreign_keys.add((tuple(columns), parent, tuple(parent_columns)))
        elif kind == "c":
            summary.checks.append((tuple(columns), definition))
    indexes = {index: IndexSummary(table, tuple(columns), unique, predicate, constraint)
               for index, table, columns, unique, predicate, constraint in conn.execute(_INDEXES_SQL)}
    triggers = {}
    for trigger, table, kind, columns, condition in conn.execute(_TRIGGERS_SQL):
        events = tuple(event for bit, event in ((4, "INSERT"), (8, "DELETE"), (16, "UPDATE")) if kind & bit)
        triggers[trigger] = TriggerSummary(table, "BEFORE" if kind & 2 else "AFTER", events,
                                           tuple(columns), condition)
    functions = {row[0] for row in conn.execute(_FUNCTIONS_SQL)}
    return SchemaSummary(tables, indexes, triggers, functions)
