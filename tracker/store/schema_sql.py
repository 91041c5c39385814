"""What every migration step (`tracker/store/schema_<area>.py`) uses: the running of a step's
statements, and the mark that makes a SQLite file a workspace. Kept apart from schema.py, which
orders the steps, so that the steps' modules import nothing that imports them."""

from __future__ import annotations

from sqlite_utils import Database

# 'ROLT': marks a SQLite file as a Rollout Tracker workspace.
APPLICATION_ID = 0x524F4C54


def run_statements(db: Database, statements: str) -> None:
    # executescript() would COMMIT the migration's transaction early; run one by one instead.
    for statement in statements.split(";"):
        if statement.strip():
            db.execute(statement)


def postgres_trigger(name: str, timing: str, event: str, table: str, body: list[str], *,
                     when: str = "", guard: str = "") -> list[str]:
    """A row trigger's PostgreSQL form, beside a step's SQLite one: a plpgsql function of the
    same name running ``body`` (statements without their ';'), and the trigger calling it.

    ``when`` is the trigger's WHEN (it may name only OLD and NEW); a condition with a subquery,
    which PostgreSQL's WHEN does not take, is a ``guard`` tested inside the function instead. A
    BEFORE trigger lets its row through unless the body raises."""
    passed = "NULL" if timing == "AFTER" else ("OLD" if event.startswith("DELETE") else "NEW")
    statements = " ".join(f"{statement};" for statement in body)
    if guard:
        statements = f"IF {guard} THEN {statements} END IF;"
    function = (f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {statements} RETURN {passed}; END $$")
    condition = f" WHEN ({when})" if when else ""
    return [function, f"CREATE TRIGGER {name} {timing} {event} ON {table} FOR EACH ROW{condition} "
                      f"EXECUTE FUNCTION {name}()"]


def dialect(db: object) -> str:
    """'postgresql' for the step database of a server (tracker/store/engine), else 'sqlite'
    (sqlite-utils' Database has no ``dialect``)."""
    return str(getattr(db, "dialect", "sqlite"))
