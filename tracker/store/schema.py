"""The workspace schema, as sqlite-utils 4 migrations: one step per change, never edited once
released. A file holding a step this version does not know was written by a newer version.

The steps are declared by their areas and run in the one order of ``MIGRATION_ORDER``
(tracker/store/areas.py); how to add one is in CONTRIBUTING.md and docs/adding-an-area.md.
"""

from __future__ import annotations

from sqlite_utils.migrations import Migrations

from tracker.store.areas import MigrationStep, migration_steps
from tracker.store.schema_sql import APPLICATION_ID

__all__ = ["APPLICATION_ID", "STEPS", "known_migration_names", "migrations", "new_migrations"]

#: Every schema step, in the order it runs on a file.
STEPS: tuple[MigrationStep, ...] = migration_steps()


def new_migrations(steps: tuple[MigrationStep, ...] = STEPS) -> Migrations:
    """A migration set of ``steps`` in their order (each recorded under its function's name)."""
    out = Migrations("tracker")
    for step in steps:
        out(name=step.__name__)(step)
    return out


migrations = new_migrations()


def known_migration_names() -> set[str]:
    return {step.__name__ for step in STEPS}
