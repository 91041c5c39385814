"""SQLite's schema PRAGMAs answered from PostgreSQL's catalogue, in SQLite's row shapes.

The store asks a table's columns (the audited writer's guard), foreign keys (rollout delete
walks them from areas.py) and indexes in SQLite's words; on a shared workspace these answer
the same questions with the same rows, so that code stays written once. A table that does not
exist gives no rows, as in SQLite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import psycopg

Rows = list[tuple[Any, ...]]
Description = list[tuple[Any, ...]]

# PostgreSQL's names for the types the schema makes from SQLite's declarations.
_SQLITE_TYPES = {"bigint": "INTEGER", "integer": "INTEGER", "smallint": "INTEGER", "boolean": "INTEGER",
                 "double precision": "REAL", "real": "REAL", "text": "TEXT", "citext": "TEXT", "bytea": "BLOB"}
_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def _description(*names: str) -> Description:
    return [(n, None, None, None, None, None, None) for n in names]


def table_info(raw: psycopg.Connection[Any], table: str) -> tuple[Rows, Description]:
    """(cid, name, type, notnull, dflt_value, pk) per column, in declaration order."""
    rows = raw.execute(
        """SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                  pg_get_expr(d.adbin, d.adrelid), coalesce(array_position(pk.conkey, a.attnum), 0)
           FROM pg_attribute a
           LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
           LEFT JOIN pg_constraint pk ON pk.conrelid = a.attrelid AND pk.contype = 'p'
           WHERE a.attrelid = to_regclass(%s) AND a.attnum > 0 AND NOT a.attisdropped
           ORDER BY a.attnum""", (table.lower(),)).fetchall()
    found = [(cid, name, _SQLITE_TYPES.get(kind, kind.upper()), int(notnull), default, int(pk))
             for cid, (name, kind, notnull, default, pk) in enumerate(rows)]
    return found, _description("cid", "name", "type", "notnull", "dflt_value", "pk")


def table_xinfo(raw: psycopg.Connection[Any], table: str) -> tuple[Rows, Description]:
    """table_info and a last column `hidden` (always 0: PostgreSQL tables hide no columns)."""
    rows, description = table_info(raw, table)
    return [(*r, 0) for r in rows], description + _description("hidden")


def foreign_key_list(raw: psycopg.Connection[Any], table: str) -> tuple[Rows, Description]:
    """(id, seq, table, from, to, on_update, on_delete, match) per column of each foreign key."""
    rows = raw.execute(
        """SELECT dense_rank() OVER (ORDER BY con.oid) - 1, k.n - 1, ref.relname, a.attname, ra.attname,
                  con.confupdtype, con.confdeltype
           FROM pg_constraint con
           CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(col, refcol, n)
           JOIN pg_class ref ON ref.oid = con.confrelid
           JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.col
           JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refcol
           WHERE con.conrelid = to_regclass(%s) AND con.contype = 'f'
           ORDER BY 1, 2""", (table.lower(),)).fetchall()
    found = [(i, seq, parent, column, to, _ACTIONS[str(upd)], _ACTIONS[str(dele)], "NONE")
             for i, seq, parent, column, to, upd, dele in rows]
    return found, _description("id", "seq", "table", "from", "to", "on_update", "on_delete", "match")


def index_list(raw: psycopg.Connection[Any], table: str) -> tuple[Rows, Description]:
    """(seq, name, unique, origin, partial) per index: origin 'pk', 'u' (a UNIQUE constraint)
    or 'c' (CREATE INDEX)."""
    rows = raw.execute(
        """SELECT i.relname, x.indisunique,
                  CASE con.contype WHEN 'p' THEN 'pk' WHEN 'u' THEN 'u' ELSE 'c' END,
                  x.indpred IS NOT NULL
           FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype IN ('p', 'u')
           WHERE x.indrelid = to_regclass(%s)
           ORDER BY i.relname""", (table.lower(),)).fetchall()
    found = [(seq, name, int(unique), origin, int(partial)) for seq, (name, unique, origin, partial) in enumerate(rows)]
    return found, _description("seq", "name", "unique", "origin", "partial")


PRAGMAS: dict[str, Callable[[psycopg.Connection[Any], str], tuple[Rows, Description]]] = {
    "table_info": table_info,
    "table_xinfo": table_xinfo,
    "foreign_key_list": foreign_key_list,
    "index_list": index_list,
}
