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
