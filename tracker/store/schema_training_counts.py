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

from sqlite_utils import Database

from tracker.store.schema_sql import run_statements

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


def _value(expr: str) -> str:
    return _MARK.format(source=f"VALUES ({expr})")


def _select(sql: str) -> str:
    # "WHERE true": an upsert after a SELECT needs a WHERE clause to parse unambiguously.
    return _MARK.format(source=f"SELECT module_id FROM ({sql}) WHERE true")


def _trigger(name: str, event: str, table: str, body: list[str], when: str = "") -> str:
    when_sql = f" WHEN {when}" if when else ""
    statements = "".join(f"{s}; " for s in body)
    return f"CREATE TRIGGER {name} AFTER {event} ON {table}{when_sql} BEGIN {statements}END"


def _triggers() -> list[str]:
    out = []
    for table, key in (("training_records", "module_id"), ("training_role_requirements", "module_id"),
                       ("training_team_requirements", "module_id"), ("training_modules", "id")):
        short = table.removeprefix("training_")
        out.append(_trigger(f"training_counts_{short}_insert", "INSERT", table, [_value(f"NEW.{key}")]))
        out.append(_trigger(f"training_counts_{short}_delete", "DELETE", table, [_value(f"OLD.{key}")]))
    changes = {
        "training_records": ("module_id", "person_id", "status", "assigned"),
        "training_role_requirements": ("module_id", "role_id"),
        "training_team_requirements": ("module_id", "team_id"),
        "training_modules": ("id", "rollout_id"),
    }
    for table, columns in changes.items():
        key = "id" if table == "training_modules" else "module_id"
        short = table.removeprefix("training_")
        when = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)
        out.append(_trigger(f"training_counts_{short}_update", f"UPDATE OF {', '.join(columns)}", table,
                            [_value(f"OLD.{key}"), _value(f"NEW.{key}")], when))
    out.append(_trigger("training_counts_roles_insert", "INSERT", "person_roles",
                        [_select(_ROLE_MODULES.format(r="NEW"))]))
    out.append(_trigger("training_counts_roles_delete", "DELETE", "person_roles",
                        [_select(_ROLE_MODULES.format(r="OLD"))]))
    out.append(_trigger("training_counts_roles_update", "UPDATE OF rollout_id, person_id, role_id", "person_roles",
                        [_select(_ROLE_MODULES.format(r="OLD")), _select(_ROLE_MODULES.format(r="NEW"))],
                        "OLD.rollout_id IS NOT NEW.rollout_id OR OLD.person_id IS NOT NEW.person_id "
                        "OR OLD.role_id IS NOT NEW.role_id"))
    # A person added has no roles or records yet (they refer to the person): their team's modules.
    out.append(_trigger("training_counts_people_insert", "INSERT", "people",
                        [_select("SELECT module_id FROM training_team_requirements WHERE team_id = NEW.team_id")],
                        "NEW.team_id IS NOT NULL"))
    out.append(_trigger("training_counts_people_delete", "DELETE", "people",
                        [_select(_PERSON_MODULES.format(p="OLD"))]))
    out.append(_trigger("training_counts_people_update", "UPDATE OF id, team_id, active", "people",
                        [_select(_PERSON_MODULES.format(p="OLD")), _select(_PERSON_MODULES.format(p="NEW"))],
                        "OLD.id IS NOT NEW.id OR OLD.team_id IS NOT NEW.team_id OR OLD.active IS NOT NEW.active"))
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
    for statement in _triggers():
        db.execute(statement)
    # Every module is counted now, once, so the first dashboard after the upgrade is quick.
    from tracker.store.training_status import count_into_table

    db.execute("INSERT INTO training_counts_stale (module_id) SELECT id FROM training_modules")
    count_into_table(db.conn)
