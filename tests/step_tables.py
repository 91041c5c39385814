"""Tables a test adds to an open workspace, written once in SQLite's DDL as migration steps are.

Tests of what a future step brings (a table added to an area) create its tables on the open
workspace. On a server they go through the steps' DDL translator (engine/postgres_ddl.py) and
then the workspace's own connection, so that it knows of the new tables (which have ids)."""

from __future__ import annotations

from tracker.store import Workspace
from tracker.store.engine.postgres_ddl import translate


def add_tables(ws: Workspace, *statements: str) -> None:
    """Run `statements` (SQLite's CREATE TABLE) on `ws`, whichever its engine."""
    if ws.engine == "sqlite":
        with ws.conn:
            for statement in statements:
                ws.conn.execute(statement)
        return
    foreign_keys: list[str] = []
    for statement in statements:
        translated, keys = translate(statement)
        if translated is not None:
            ws.conn.execute(translated)
        foreign_keys += keys
    for key in foreign_keys:  # once every table exists, as a step's are added
        ws.conn.execute(key)
    ws.conn.commit()
