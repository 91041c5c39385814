"""Kept training counts: per module and team, how many must take it, completed, exempt, in progress.

Deriving who must take a module (tracker/store/training_queries.py) over a million assignments
takes seconds, and the dashboard needs it for every rollout as soon as a workspace opens. So the
counts are stored with the workspace, in `training_counts`, and triggers mark a module in
`training_counts_stale` whenever a row that its counts are derived from changes: its records,
its rules, the role assignments of its rollout for a role it requires, and people joining,
leaving or moving team (their team's modules, the modules of their roles, the ones they have a
record for). Triggers, not the store's writers, because then every path is covered: audited
edits, undo, imports, erasure, and SQL written by hand or by a benchmark generator alike.
Readers count the marked modules again (tracker/store/training_status.py); nothing else.

Due dates are not stored: they come from the module and the rollout's go-live when read, so a
new go-live or due date leaves the counts alone. `claim` lets a reader count marked modules
without holding the write lock: a write after the claim clears it, and the reader then keeps
the mark (see training_status.refresh_counts).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database

from tracker.store.schema_sql import dialect, postgres_trigger, run_statements

_MARK = ("INSERT INTO training_counts_stale (module_id) {source} "
         "ON CONFLICT (module_id) DO UPDATE SET claim = NULL WHERE claim IS NOT NULL")

# The modules one person's counts are part of: by team rule, by a role they hold, by a record.
_PERSON_MODULES = """
    SELECT tq.module_id FROM training_team_requirements tq WHERE tq.team_id = {p}.team_id
    UNION SELECT m.id FROM person_roles pr JOIN training_modules m ON m.rollout_id = pr.rollout_id
        JOIN training_role_requirements rq ON rq.module_id = m.id AND rq.role_id = pr.role_id
        WHERE pr.person_id = {p}.id
    UNION SELECT t.module_id FROM training_records t WHERE t.person_id = {p}.id"""

# The modules of a rollout that require a role (a role given or taken away).
_ROLE_MODULES = """SELECT m.id AS module_id FROM training_modules m WHERE m.rollout_id = {r}.rollout_id
    AND EXISTS (SELECT 1 FROM training_role_requirements rq WHERE rq.module_id = m.id AND rq.role_id = {r}.role_id)"""

_PERSON_ADDED = "SELECT module_id FROM training_team_requirements WHERE team_id = NEW.team_id"


# On PostgreSQL the claim in the WHERE is named with its table: a bare name could also be EXCLUDED's.
_MARK_POSTGRES = _MARK.replace("WHERE claim", "WHERE training_counts_stale.claim")


def _value(expr: str, mark: str = _MARK) -> str:
    return mark.format(source=f"VALUES ({expr})")


def _select_sqlite(sql: str) -> str:
    # "WHERE true": an upsert after a SELECT needs a WHERE clause to parse unambiguously.
    return _MARK.format(source=f"SELECT module_id FROM ({sql}) WHERE true")


def _select_postgres(sql: str) -> str:
    # DISTINCT: an upsert there may not meet the same key twice in one statement.
    return _MARK_POSTGRES.format(source=f"SELECT DISTINCT module_id FROM ({sql}) AS marked")


def _trigger(name: str, event: str, table: str, body: list[str], when: str = "") -> str:
    when_sql = f" WHEN {when}" if when else ""
    statements = "".join(f"{s}; " for s in body)
    return f"CREATE TRIGGER {name} AFTER {event} ON {table}{when_sql} BEGIN {statements}END"


def _triggers(engine: str = "sqlite") -> list[str]:
    """The triggers' statements, for SQLite or (``engine`` 'postgresql') for PostgreSQL: the same
    marks in the same cases, each PostgreSQL trigger a function and the trigger calling it."""
    postgres = engine == "postgresql"
    select = _select_postgres if postgres else _select_sqlite
    differs = "IS DISTINCT FROM" if postgres else "IS NOT"
    mark = _MARK_POSTGRES if postgres else _MARK

    def trigger(name: str, event: str, table: str, body: list[str], when: str = "") -> list[str]:
        if postgres:
            return postgres_trigger(name, "AFTER", event, table, body, when=when)
        return [_trigger(name, event, table, body, when)]

    def changed(columns: tuple[str, ...]) -> str:
        return " OR ".join(f"OLD.{c} {differs} NEW.{c}" for c in columns)

    out: list[str] = []
    for table, key in (("training_records", "module_id"), ("training_role_requirements", "module_id"),
                       ("training_team_requirements", "module_id"), ("training_modules", "id")):
        short = table.removeprefix("training_")
        out.extend(trigger(f"training_counts_{short}_insert", "INSERT", table, [_value(f"NEW.{key}", mark)]))
        out.extend(trigger(f"training_counts_{short}_delete", "DELETE", table, [_value(f"OLD.{key}", mark)]))
    changes = {
        "training_records": ("module_id", "person_id", "status", "assigned"),
        "training_role_requirements": ("module_id", "role_id"),
        "training_team_requirements": ("module_id", "team_id"),
        "training_modules": ("id", "rollout_id"),
    }
    for table, columns in changes.items():
        key = "id" if table == "training_modules" else "module_id"
        short = table.removeprefix("training_")
        out.extend(trigger(f"training_counts_{short}_update", f"UPDATE OF {', '.join(columns)}", table,
                           [_value(f"OLD.{key}", mark), _value(f"NEW.{key}", mark)], changed(columns)))
    # A role given or taken away: the modules of the rollout that require it. A person added has
    # no roles or records yet (they refer to the person): their team's modules.
    followed: tuple[tuple[str, str, Callable[[str], str], str, tuple[str, ...]], ...] = (
        ("roles", "person_roles", lambda row: _ROLE_MODULES.format(r=row), "", ("rollout_id", "person_id", "role_id")),
        ("people", "people", lambda row: _PERSON_MODULES.format(p=row), _PERSON_ADDED, ("id", "team_id", "active")),
    )
    for short, table, modules, added, columns in followed:
        out.extend(trigger(f"training_counts_{short}_insert", "INSERT", table, [select(added or modules("NEW"))],
                           "NEW.team_id IS NOT NULL" if added else ""))
        out.extend(trigger(f"training_counts_{short}_delete", "DELETE", table, [select(modules("OLD"))]))
        out.extend(trigger(f"training_counts_{short}_update", f"UPDATE OF {', '.join(columns)}", table,
                           [select(modules("OLD")), select(modules("NEW"))], changed(columns)))
    return out


def m007_training_summary(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE training_counts (
            module_id INTEGER NOT NULL,
            team_id INTEGER,
            required INTEGER NOT NULL,
            completed INTEGER NOT NULL,
            exempt INTEGER NOT NULL,
            in_progress INTEGER NOT NULL
        );
        CREATE INDEX training_counts_module
            ON training_counts(module_id, team_id, required, completed, exempt, in_progress);
        CREATE TABLE training_counts_stale (
            module_id INTEGER PRIMARY KEY,
            claim INTEGER
        )
        """,
    )
    for statement in _triggers(dialect(db)):
        db.execute(statement)
    # Every module is counted now, once, so the first dashboard after the upgrade is quick.
    from tracker.store.training_status import count_into_table

    db.execute("INSERT INTO training_counts_stale (module_id) SELECT id FROM training_modules")
    count_into_table(db.conn)
