"""Retention of usage rows: what stays once person-level usage older than the period is purged.

A usage event names a person and a day; with a retention period the events before the cutoff
are deleted (tracker/store/usage_retention.py). The weekly team figures that counted them must
not change, so they are kept as they are and no longer recomputed:

- `adoption_frozen`: per rollout, `purged_before` (the day ordinal before which its usage was
  purged; a later import does not record uses before the latest such day) and `frozen_before`
  (a week-end ordinal: the rollout's `adoption_weekly` rows for earlier weeks are frozen team
  figures that a recompute leaves alone; 0 when none are). One row per rollout, no person.
- `adoption_earlier_adopters`: per rollout, week and team, how many of the people the remaining
  events show as new adopters that week had in fact first used the tool before the cutoff. A
  recompute of the weeks after the frozen ones subtracts it, so "first use ever" keeps its
  meaning without keeping who those people were: team counts only.
- `usage_purged_imports`: the usage batches whose events fed frozen weeks or were purged.
  Undoing such a batch (or redoing it, if it had been undone) would need the rows that are gone
  and would leave the frozen weeks counting them, so triggers refuse it with a message the
  audited writer passes on (tracker/store/errors.py `constraint_refusal`).
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import dialect, postgres_trigger, run_statements

REFUSED = ("This usage import can no longer be undone or redone: the retention purge has removed "
           "its older person-level rows and keeps the weeks they counted in as team figures.")

_TRIGGERS = (
    f"""CREATE TRIGGER usage_purged_import_out BEFORE DELETE ON usage_imports
            WHEN OLD.id IN (SELECT import_id FROM usage_purged_imports) BEGIN
            SELECT RAISE(ABORT, '{REFUSED}');
        END""",
    f"""CREATE TRIGGER usage_purged_import_in BEFORE INSERT ON usage_imports
            WHEN NEW.id IN (SELECT import_id FROM usage_purged_imports) BEGIN
            SELECT RAISE(ABORT, '{REFUSED}');
        END""",
)

# The same refusals on PostgreSQL, as integrity errors (SQLite's RAISE(ABORT) is one too). There a
# failed statement also spoils the transaction it is in, where SQLite goes on with it.
_REFUSE = f"RAISE EXCEPTION USING MESSAGE = '{REFUSED}', ERRCODE = 'integrity_constraint_violation'"
_POSTGRES_TRIGGERS = (
    *postgres_trigger("usage_purged_import_out", "BEFORE", "DELETE", "usage_imports", [_REFUSE],
                      guard="OLD.id IN (SELECT import_id FROM usage_purged_imports)"),
    *postgres_trigger("usage_purged_import_in", "BEFORE", "INSERT", "usage_imports", [_REFUSE],
                      guard="NEW.id IN (SELECT import_id FROM usage_purged_imports)"),
)


def m006_usage_retention(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE adoption_frozen (
            rollout_id INTEGER PRIMARY KEY,
            purged_before INTEGER NOT NULL,
            frozen_before INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE adoption_earlier_adopters (
            rollout_id INTEGER NOT NULL,
            week_end INTEGER NOT NULL,
            team_id INTEGER NOT NULL,
            people INTEGER NOT NULL,
            PRIMARY KEY (rollout_id, week_end, team_id)
        ) WITHOUT ROWID;
        CREATE TABLE usage_purged_imports (
            import_id INTEGER PRIMARY KEY
        )
        """,
    )
    triggers = _POSTGRES_TRIGGERS if dialect(db) == "postgresql" else _TRIGGERS
    for trigger in triggers:  # one execute each: a trigger body contains ';'
        db.execute(trigger)
