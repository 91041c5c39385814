"""The workspace schema on PostgreSQL (tracker/store/engine/postgres_schema.py): the same tables,
keys, checks, indexes and triggers as a new file's, read from both catalogues and compared, and
the same behaviour where the engines' SQL differs (triggers, CHECK functions, NOCASE)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlite_utils import Database

from tracker.store import schema
from tracker.store.areas import SYSTEM_TABLES
from tracker.store.engine.postgres_ddl import TranslationError, translate
from tracker.store.engine.postgres_schema import MIGRATIONS_TABLE, create_or_upgrade, schema_summary
from tracker.store.errors import NewerWorkspaceError
from tracker.store.schema_retention import REFUSED

_TYPES = {"INTEGER": "bigint", "REAL": "double precision", "TEXT": "text"}


@pytest.fixture
def pg(pg_database: str) -> Iterator[psycopg.Connection[Any]]:
    """A server database holding the workspace schema."""
    with psycopg.connect(pg_database) as conn:
        create_or_upgrade(conn)
        conn.commit()
        yield conn


@pytest.fixture
def lite() -> Iterator[sqlite3.Connection]:
    """A new workspace's schema in a SQLite database, made by the same steps."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    schema.migrations.apply(Database(conn))
    yield conn
    conn.close()


# ------------------------------------------------------------------ the file's schema, read back

def _lite_tables(conn: sqlite3.Connection) -> list[str]:
    return [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            if name not in SYSTEM_TABLES]


def _lite_indexes(conn: sqlite3.Connection, table: str) -> Iterator[tuple[str, bool, str, bool, list[Any]]]:
    """(name, unique, origin, partial, index_xinfo key rows) of each index of ``table``."""
    for _seq, name, unique, origin, partial in conn.execute(f"PRAGMA index_list({table})"):
        keys = [row for row in conn.execute(f"PRAGMA index_xinfo({name})") if row[5]]
        yield name, bool(unique), origin, bool(partial), keys


def _lite_nocase(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """(table, column) of the NOCASE columns, from the collations of the indexes on them."""
    return {(table, key[2]) for table in _lite_tables(conn)
            for *_, keys in _lite_indexes(conn, table) for key in keys if key[4] == "NOCASE"}


def _check_columns(create_sql: str, columns: set[str]) -> list[tuple[str, ...]]:
    """The columns each CHECK of a CREATE TABLE names (its text is all SQLite keeps of it)."""
    words = re.findall(r"'(?:[^']|'')*'|\w+|[()]", create_sql)
    out = []
    for i, word in enumerate(words):
        if word.upper() != "CHECK":
            continue
        depth, named = 0, set()
        for token in words[i + 1:]:
            depth += (token == "(") - (token == ")")
            if token in columns:
                named.add(token)
            if depth == 0:
                break
        out.append(tuple(sorted(named)))
    return sorted(out)


def _normal(expression: str) -> str:
    return re.sub(r"[()\s]", "", expression.lower())


_TRIGGER_HEAD = re.compile(r"CREATE TRIGGER (\w+) (BEFORE|AFTER) (INSERT|DELETE|UPDATE)(?: OF ([\w, ]+?))? ON (\w+)")


# ------------------------------------------------------------------------------- the comparison

def test_every_table_column_key_check_index_and_trigger_of_a_file_is_on_the_server(lite, pg):
    server = schema_summary(pg)
    tables = _lite_tables(lite)
    assert sorted(set(server.tables) - {MIGRATIONS_TABLE}) == tables
    nocase = _lite_nocase(lite)
    assert nocase >= {("teams", "name"), ("accounts", "account"), ("seats", "account")}
    lite_indexes, lite_unique = {}, set()
    for table in tables:
        info = list(lite.execute(f"PRAGMA table_info({table})"))
        mine = server.tables[table]
        expected_columns = [
            (name, "citext" if (table, name) in nocase else _TYPES[kind], bool(not_null or pk), default)
            for _cid, name, kind, not_null, default, pk in info]
        assert [(c.name, c.type, c.not_null, c.default) for c in mine.columns] == expected_columns, table
        assert {c.collation for c in mine.columns if c.type in ("text", "citext")} <= {"C"}, table
        assert mine.primary_key == tuple(row[1] for row in sorted((r for r in info if r[5]), key=lambda r: r[5]))
        foreign: dict[int, tuple[list[str], str, list[str]]] = {}
        for fk_id, _seq, parent, column, parent_column, *_ in lite.execute(f"PRAGMA foreign_key_list({table})"):
            foreign.setdefault(fk_id, ([], parent, []))
            foreign[fk_id][0].append(column)
            foreign[fk_id][2].append(parent_column)
        assert mine.foreign_keys == {(tuple(c), p, tuple(pc)) for c, p, pc in foreign.values()}, table
        create_sql = lite.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
        assert sorted(tuple(sorted(c)) for c, _ in mine.checks) == _check_columns(create_sql, {r[1] for r in info})
        for name, unique, origin, partial, keys in _lite_indexes(lite, table):
            columns = tuple(key[2] for key in keys)
            if origin == "u":
                lite_unique.add((table, columns))
            elif origin == "c":
                sql = lite.execute("SELECT sql FROM sqlite_master WHERE name = ?", (name,)).fetchone()[0]
                where = _normal(sql.split(" WHERE ", 1)[1]) if partial else None
                lite_indexes[name] = (table, columns, unique, where)
    assert {(t, cols) for t in tables for cols in server.tables[t].unique} == lite_unique
    assert {name: (i.table, i.columns, i.unique, i.predicate and _normal(i.predicate))
            for name, i in server.indexes.items() if not i.constraint} == lite_indexes
    lite_triggers = {}
    for (sql,) in lite.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"):
        name, timing, event, columns, table = _TRIGGER_HEAD.match(sql).groups()
        lite_triggers[name] = (table, timing, (event,), tuple(c.strip() for c in (columns or "").split(",") if c))
    assert len(lite_triggers) > 30
    assert {name: (t.table, t.timing, t.events, t.columns) for name, t in server.triggers.items()} == lite_triggers


def test_the_rows_the_steps_insert_are_on_the_server(lite, pg):
    for query in ("SELECT id, name, position FROM role_types ORDER BY id",
                  "SELECT id, transition, area, text, position, evidence_rule FROM gate_template ORDER BY id"):
        rows = lite.execute(query).fetchall()
        assert rows and pg.execute(query).fetchall() == rows
    assert lite.execute("SELECT count(*) FROM gate_template WHERE evidence_rule <> ''").fetchone()[0] > 0


# ------------------------------------------------------------------- behaviour on both engines

Run = Callable[..., list[tuple[Any, ...]]]


def _runner_lite(conn: sqlite3.Connection) -> Run:
    def run(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        return conn.execute(sql, params).fetchall()
    return run


def _runner_pg(conn: psycopg.Connection[Any]) -> Run:
    def run(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        cursor = conn.execute(sql.replace("?", "%s"), params)
        return cursor.fetchall() if cursor.description else []
    return run


def _both(lite: sqlite3.Connection, pg: psycopg.Connection[Any], scenario: Callable[[Run], list[Any]]) -> list[Any]:
    """The scenario's observations on each engine, which must agree; returns SQLite's."""
    on_file = scenario(_runner_lite(lite))
    assert scenario(_runner_pg(pg)) == on_file
    return on_file


def _organisation(run: Run) -> None:
    run("INSERT INTO teams (id, name) VALUES (1, 'Finance'), (2, 'Legal')")
    run("INSERT INTO rollouts (id, name) VALUES (1, 'Copilot'), (2, 'Search')")
    run("INSERT INTO people (id, employee_id, name, team_id) VALUES (1, 'E1', 'Ann', 1)")


def _marked_after_each(table: str, columns: str, writes: list[tuple[str, ...]]) -> Callable[[Run], list[Any]]:
    """A scenario: after the organisation, each step's writes, then the rows marked in ``table``
    (cleared for the next step)."""
    def scenario(run: Run) -> list[Any]:
        _organisation(run)
        seen = []
        for statements in writes:
            for statement in statements:
                run(statement)
            seen.append(sorted(run(f"SELECT {columns} FROM {table}")))
            run(f"DELETE FROM {table}")
        return seen
    return scenario


def test_training_counts_stale_marks_the_same_modules(lite, pg):
    scenario = _marked_after_each("training_counts_stale", "module_id, claim", [
        ("INSERT INTO training_modules (id, rollout_id, code, title, available_from) "
         "VALUES (10, 1, 'M1', 'Basics', '2024-01-01'), (11, 1, 'M2', 'Advanced', '2024-01-01')",),
        ("INSERT INTO training_team_requirements (module_id, team_id) VALUES (10, 1)",
         "INSERT INTO training_role_requirements (module_id, role_id) VALUES (11, 4)"),
        ("INSERT INTO training_counts_stale (module_id, claim) VALUES (10, 77)",  # a write clears the claim
         "INSERT INTO training_records (module_id, person_id, status) VALUES (10, 1, 'in_progress')"),
        ("UPDATE people SET title = 'Analyst' WHERE id = 1",),  # not a column the counts follow
        ("UPDATE people SET team_id = 2 WHERE id = 1",),
        ("INSERT INTO person_roles (rollout_id, person_id, role_id) VALUES (1, 1, 4)",),
        ("UPDATE training_records SET status = 'in_progress' WHERE module_id = 10",),  # no change
        ("DELETE FROM person_roles",),
    ])
    assert _both(lite, pg, scenario) == [[(10, None), (11, None)], [(10, None), (11, None)], [(10, None)], [],
                                         [(10, None)], [(11, None)], [], [(11, None)]]


def test_adoption_stale_marks_the_same_rollouts(lite, pg):
    scenario = _marked_after_each("adoption_stale", "rollout_id", [
        ("INSERT INTO participation (rollout_id, team_id, impact) VALUES (1, 1, 'high')",),  # no usage yet
        ("INSERT INTO usage_imports (id, imported_at, rollouts) VALUES (5, '2024-01-01', '[1, 2, 1]')",),
        ("INSERT INTO people (id, employee_id, name, team_id) VALUES (2, 'E2', 'Bo', 1)",),
        ("UPDATE people SET active = 0 WHERE id = 2",),
        ("UPDATE role_types SET name = 'Everyone' WHERE id = 7",),
        ("INSERT INTO person_roles (rollout_id, person_id, role_id) VALUES (2, 1, 7)",),
        ("DELETE FROM usage_imports",),
        ("DELETE FROM person_roles",),  # no usage left: nothing
    ])
    assert _both(lite, pg, scenario) == [[], [(1,), (2,)], [(1,)], [(1,)], [(1,), (2,)], [(2,)], [(1,), (2,)], []]


def test_a_purged_usage_import_is_refused_with_the_same_message(lite, pg):
    for run in (_runner_lite(lite), _runner_pg(pg)):
        run("INSERT INTO usage_imports (id, imported_at) VALUES (3, '2024-01-01'), (4, '2024-01-02')")
        run("INSERT INTO usage_purged_imports (import_id) VALUES (3)")
        run("DELETE FROM usage_imports WHERE id = 4")  # not purged: allowed
    with pytest.raises(sqlite3.IntegrityError, match=re.escape(REFUSED)):
        lite.execute("DELETE FROM usage_imports WHERE id = 3")
    for statement in ("DELETE FROM usage_imports WHERE id = 3",
                      "INSERT INTO usage_imports (id, imported_at) VALUES (3, '2024-01-03')"):
        with pytest.raises(psycopg.errors.IntegrityError) as refused, pg.transaction():
            pg.execute(statement)
        assert refused.value.diag.message_primary == REFUSED
    assert pg.execute("SELECT id FROM usage_imports").fetchall() == [(3,)]


# (statement, whether SQLite takes it). Ids are given where rows with given ids exist: a server's
# identity sequence does not look at them (the store's connection keeps it ahead).
_BAD_ROWS = [
    ("INSERT INTO teams (id, name) VALUES (3, '   ')", False),
    ("INSERT INTO teams (id, name) VALUES (3, 'Ops')", True),
    ("INSERT INTO adkar_assessments (rollout_id, team_id, assessed_on, awareness, desire, knowledge, ability, "
     "reinforcement, respondents) VALUES (1, 1, '2024-03-01 10:00', 3, 3, 3, 3, 3, 5)", False),
    ("INSERT INTO adkar_assessments (rollout_id, team_id, assessed_on, awareness, desire, knowledge, ability, "
     "reinforcement, respondents) VALUES (1, 1, '2024-03-01', 3, 3, 3, 3, 3, 5)", True),
    ("INSERT INTO decisions (rollout_id, decided_on, decision, decided_by) VALUES (1, '2460000', 'Go', 'Ann')", False),
    ("INSERT INTO usage_imports (imported_at, rollouts) VALUES ('2024-01-01', '[1, 2')", False),
    ("INSERT INTO usage_imports (imported_at, rollouts) VALUES ('2024-01-01', '[1, 2]')", True),
    ("INSERT INTO training_modules (id, rollout_id, code, title, available_from) "
     "VALUES (20, 1, 'T1', 'Intro', '2024-01-01')", True),
    ("INSERT INTO training_sessions (module_id, starts_on, start_time, duration_minutes, capacity) "
     "VALUES (20, '2024-02-01', '9:00', 60, 10)", False),
    ("INSERT INTO training_sessions (module_id, starts_on, start_time, duration_minutes, capacity) "
     "VALUES (20, '2024-02-01', '09:30', 60, 10)", True),
    ("INSERT INTO stakeholders (rollout_id, person_id, team_id, influence, interest, current_support, "
     "needed_support) VALUES (1, 1, 1, 3, 3, 'neutral', 'champion')", False),
]


def test_the_checks_refuse_the_same_rows(lite, pg):
    _organisation(_runner_lite(lite))
    _organisation(_runner_pg(pg))
    for statement, taken in _BAD_ROWS:
        try:
            lite.execute(statement)
            on_file = True
        except sqlite3.IntegrityError:
            on_file = False
        try:
            with pg.transaction():
                pg.execute(statement)
            on_server = True
        except psycopg.errors.IntegrityError:
            on_server = False
        assert (on_file, on_server) == (taken, taken), statement


_DATE_TEXTS = ["2024-01-05", "2024-02-30", "2023-02-29", "2024-13-01", "2024-00-10", "2024-01-32", "2024-1-5",
               "abc", "", "2024-01-05 10:00", "2024-01-05T10:00:00", "2024-01-05T10:00:00.123Z", "2024-01-05xyz",
               "2460000", "now", " 2024-01-05", "2024-01-05 ", "0000-01-01", "9999-12-31", "2024-01-05Z",
               "2024-01-05 10:00+02:00", "12.5", "-1", "2024/01/05", "20240105", "2024-01-05 25:00", "10:30"]


def test_the_date_check_answers_as_sqlite_does(lite, pg):
    on_file = [lite.execute("SELECT date(?) = ?", (text, text)).fetchone()[0] for text in _DATE_TEXTS]
    on_server = [pg.execute("SELECT tracker_date(%s) = %s", (text, text)).fetchone()[0]
                 for text in _DATE_TEXTS]
    assert [None if v is None else bool(v) for v in on_file] == on_server
    assert on_server.count(True) >= 3 and on_server.count(False) >= 5  # every kind of answer is probed


def test_nocase_columns_are_case_insensitive_on_both(lite, pg):
    def scenario(run: Run) -> list[Any]:
        seen = []
        run("INSERT INTO teams (name) VALUES ('Finance')")
        try:
            run("INSERT INTO teams (name) VALUES ('FINANCE')")
            seen.append("taken")
        except (sqlite3.IntegrityError, psycopg.errors.IntegrityError):
            seen.append("refused")
        seen.append(run("SELECT name FROM teams WHERE name = 'fInAnCe'"))
        run("INSERT INTO people (id, employee_id, name) VALUES (1, 'E1', 'Ann')")
        run("INSERT INTO accounts (person_id, system, account) VALUES (1, 'upn', 'Ann@Example.com')")
        run("INSERT INTO accounts (person_id, system, account) VALUES (1, 'UPN', 'ann@example.com')")  # system: exact
        seen.append(run("SELECT system FROM accounts WHERE account = 'ANN@EXAMPLE.COM' ORDER BY system"))
        return seen

    savepoint_pg = _runner_pg(pg)

    def on_server(sql: str, *params: Any) -> list[tuple[Any, ...]]:
        with pg.transaction():
            return savepoint_pg(sql, *params)

    on_file = scenario(_runner_lite(lite))
    assert scenario(on_server) == on_file == ["refused", [("Finance",)], [("UPN",), ("upn",)]]


# ------------------------------------------------------------------------------------ upgrades

def test_a_second_run_runs_nothing(pg):
    before = schema_summary(pg)
    assert create_or_upgrade(pg) == []
    assert schema_summary(pg) == before
    recorded = [row[0] for row in pg.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")]
    assert sorted(recorded) == sorted(step.__name__ for step in schema.STEPS)


def test_a_server_with_an_unknown_step_is_refused_unchanged(pg):
    pg.execute(f"INSERT INTO {MIGRATIONS_TABLE} (name, applied_at) VALUES ('m999_from_later', 'x')")
    pg.commit()
    before = schema_summary(pg)
    with pytest.raises(NewerWorkspaceError, match="written by a newer version of Rollout Tracker"):
        create_or_upgrade(pg, name="Shared workspace on test")
    assert schema_summary(pg) == before


@pytest.mark.parametrize("first", [1, 4, 7, 10])
def test_the_first_steps_then_the_rest_make_the_same_schema(pg_cluster, pg, first):
    address = pg_cluster.create_database(f"steps_{first}_{id(pg)}")
    with psycopg.connect(address) as conn:
        assert create_or_upgrade(conn, schema.STEPS[:first]) == [s.__name__ for s in schema.STEPS[:first]]
        conn.commit()
        assert create_or_upgrade(conn) == [s.__name__ for s in schema.STEPS[first:]]
        conn.commit()
        assert schema_summary(conn) == schema_summary(pg)


def test_a_failing_step_leaves_the_server_as_it_was(pg_database):
    def m999_broken(db: Any) -> None:
        db.execute("CREATE TABLE half_done (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO no_such_table VALUES (1)")

    with psycopg.connect(pg_database) as conn:
        with pytest.raises(psycopg.errors.UndefinedTable):
            create_or_upgrade(conn, (*schema.STEPS, m999_broken))
        conn.commit()
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (0,)


# ------------------------------------------------------------------------------ the translator

@pytest.mark.parametrize("statement, refusal", [
    ("CREATE TRIGGER t AFTER INSERT ON teams BEGIN SELECT 1; END", "must give a PostgreSQL body"),
    ("CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT CHECK (strftime('%Y', at) = '2024'))", "strftime"),
    ("PRAGMA journal_mode = WAL", "journal_mode"),
    ("CREATE TABLE t (id INTEGER PRIMARY KEY, blob BLOB)", "no PostgreSQL type for 'BLOB'"),
    ("CREATE VIEW v AS SELECT 1", "no PostgreSQL translation for: CREATE VIEW"),
])
def test_what_has_no_translation_is_refused_by_name(statement, refusal):
    with pytest.raises(TranslationError, match=re.escape(refusal)):
        translate(statement)


def test_translation_of_types_keys_and_glob():
    sql, foreign_keys = translate(
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE COLLATE NOCASE, "
        "at TEXT CHECK (at GLOB '[0-2][0-9]:*'), owner_id INTEGER REFERENCES people(id)) WITHOUT ROWID")
    assert sql is not None
    assert '"id" bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY' in sql
    assert '"name" citext COLLATE "C" NOT NULL UNIQUE' in sql
    assert "at ~ '^[0-2][0-9]:.*$'" in sql
    assert "REFERENCES" not in sql and "ROWID" not in sql
    assert foreign_keys == ['ALTER TABLE "t" ADD FOREIGN KEY ("owner_id") REFERENCES "people" ("id")']
    assert translate("PRAGMA application_id = 1") == (None, [])
