"""Databases holding an empty workspace, reused from test to test: emptied, not copied again.

The `workspace` fixture on PostgreSQL needs a fresh empty workspace per test. Copying a template
(CREATE DATABASE ... TEMPLATE) copies ~10 MB of files and checkpoints: 0.1-0.3 s per test on a
loaded machine, for a thousand tests. Emptying the database the last test used takes a tenth
of that: delete every row (triggers and foreign keys off for it: the test's connection is
gone), put back the rows the migrations seeded, set every identity sequence back to where the
template had it. The database is then indistinguishable from a new copy, except that:

- a test that changed the schema (made a table, a trigger, a function) leaves a database that
  is no longer the template's: its catalogue's fingerprint differs, so it is dropped and a new
  copy taken instead;
- a connection the test left open is ended first (it could hold locks the emptying waits for).
"""

from __future__ import annotations

import itertools
from typing import Any

import psycopg
from psycopg import sql

#: What says the schema is the template's: every relation, column, trigger (and whether it is
#: enabled), function body and constraint of the workspace's schema, in one hash.
_FINGERPRINT = """
SELECT md5(concat_ws('|',
  (SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || a.attname || ':' || a.atttypid::text, ','
                     ORDER BY c.relname, a.attnum)
     FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relnamespace = current_schema()::regnamespace),
  (SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace),
  (SELECT string_agg(t.tgname || ':' || t.tgenabled::text, ',' ORDER BY t.tgname) FROM pg_trigger t
     JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace),
  (SELECT string_agg(p.proname || ':' || md5(p.prosrc), ',' ORDER BY p.proname) FROM pg_proc p
    WHERE p.pronamespace = current_schema()::regnamespace),
  (SELECT string_agg(n.conname || ':' || pg_get_constraintdef(n.oid), ',' ORDER BY n.conname)
     FROM pg_constraint n WHERE n.connamespace = current_schema()::regnamespace)))"""

_SEQUENCES = """SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value
                FROM pg_sequences WHERE schemaname = current_schema()"""


class WorkspacePool:
    """Hands out the address of a database holding an empty workspace (`take`) and takes it
    back after the test (`give_back`), emptied for the next one."""

    def __init__(self, cluster: Any, template: str):
        self.cluster = cluster
        self.template = template
        self._names = (f"workspace_{n}" for n in itertools.count(1))
        self._free: list[str] = []
        self._lent: dict[str, str] = {}  # address -> database name
        with psycopg.connect(cluster.url(template), autocommit=True) as conn:
            self._fingerprint = conn.execute(_FINGERPRINT).fetchone()[0]
            self._tables = [r[0] for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")]
            self._seeded: dict[str, tuple[list[str], list[tuple[Any, ...]]]] = {}
            for table in self._tables:
                cur = conn.execute(sql.SQL("SELECT * FROM {}").format(sql.Identifier(table)))
                rows = cur.fetchall()
                if rows:
                    self._seeded[table] = ([c.name for c in cur.description or ()], rows)
            self._sequences = conn.execute(_SEQUENCES).fetchall()

    def take(self) -> str:
        """The address of an empty workspace's database no one else is using."""
        if self._free:
            name = self._free.pop()
            address = self.cluster.url(name)
        else:
            name = next(self._names)
            address = self.cluster.create_database(name, template=self.template)
        self._lent[address] = name
        return address

    def give_back(self, address: str) -> None:
        """Empty the database at `address` for the next test (or drop it, if the test changed
        its schema)."""
        name = self._lent.pop(address)
        self.cluster.end_connections(name)
        with psycopg.connect(address, autocommit=True) as conn:
            if conn.execute(_FINGERPRINT).fetchone()[0] != self._fingerprint:
                reusable = False
            else:
                self._empty(conn)
                reusable = True
        if reusable:
            self._free.append(name)
        else:
            self.cluster.drop_database(name)

    def drop_all(self) -> None:
        while self._free:
            self.cluster.drop_database(self._free.pop())

    def _empty(self, conn: psycopg.Connection[Any]) -> None:
        with conn.transaction():
            # The rows go without their triggers (the audit's refusals, the counts' upkeep) and
            # without foreign-key checks, in any order: all of them go. One round trip.
            statements = [sql.SQL("SET LOCAL session_replication_role = replica")]
            statements += [sql.SQL("DELETE FROM {}").format(sql.Identifier(t)) for t in self._tables]
            statements += [sql.SQL("SELECT setval({}, {}, {})").format(
                               sql.Literal(sequence), sql.Literal(last_value or 1), sql.Literal(last_value is not None))
                           for sequence, last_value in self._sequences]
            conn.execute(sql.SQL("; ").join(statements))
            for table, (columns, rows) in self._seeded.items():
                insert = sql.SQL("INSERT INTO {} ({}) OVERRIDING SYSTEM VALUE VALUES ({})").format(
                    sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns)),
                    sql.SQL(", ").join(sql.Placeholder() * len(columns)))
                with conn.cursor() as cur:
                    cur.executemany(insert, rows)
