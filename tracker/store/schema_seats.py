"""Seats: licences of a rollout's AI tool, leave marks, reclaim decisions and the seat rules.

- `seat_settings`: one row per rollout that changed its rules (inactive days, grace days, the
  tool's name for the cross-tool view); a rollout without a row uses the defaults
  (tracker/domain/seats.py). Audited like any record.
- `seats`: the licence admin's list, imported (`tracker import seats`). A seat is held by a
  person, or, when the file's account matched no one in the roster, by that account text
  (person NULL). People a usage report names hold a seat too; those are derived on read and
  get a row only when a decision needs one (source 'usage'). `monthly_cost` per seat and
  month, in `currency` (empty: unknown).
- `seat_leave`: a person is on leave from `starts_on` to `ends_on` (NULL: until further
  notice); not a rollout's record, it holds for every tool.
- `seat_decisions`: a change manager's approval or rejection of one seat's reclaim
  recommendation, with who, when and why. The latest per seat counts; older ones are history.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import run_statements


def m011_seats(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE seat_settings (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL UNIQUE REFERENCES rollouts(id),
            inactive_days INTEGER NOT NULL DEFAULT 30 CHECK (inactive_days BETWEEN 1 AND 365),
            grace_days INTEGER NOT NULL DEFAULT 30 CHECK (grace_days BETWEEN 0 AND 365),
            tool TEXT NOT NULL DEFAULT ''
        );
        CREATE TABLE seats (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            person_id INTEGER REFERENCES people(id),
            account TEXT NOT NULL DEFAULT '' COLLATE NOCASE,
            assigned_on TEXT,
            monthly_cost REAL CHECK (monthly_cost IS NULL OR monthly_cost >= 0),
            currency TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT 'import' CHECK (source IN ('import', 'usage')),
            CHECK (person_id IS NOT NULL OR trim(account) <> '')
        );
        CREATE UNIQUE INDEX seats_person ON seats(rollout_id, person_id) WHERE person_id IS NOT NULL;
        CREATE UNIQUE INDEX seats_account ON seats(rollout_id, account) WHERE person_id IS NULL;
        CREATE INDEX seats_holder ON seats(person_id);
        CREATE TABLE seat_leave (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            starts_on TEXT NOT NULL,
            ends_on TEXT CHECK (ends_on IS NULL OR ends_on >= starts_on)
        );
        CREATE INDEX seat_leave_person ON seat_leave(person_id);
        CREATE TABLE seat_decisions (
            id INTEGER PRIMARY KEY,
            seat_id INTEGER NOT NULL REFERENCES seats(id),
            decision TEXT NOT NULL CHECK (decision IN ('approved', 'rejected')),
            decided_by TEXT NOT NULL CHECK (trim(decided_by) <> ''),
            decided_on TEXT NOT NULL,
            reason TEXT NOT NULL DEFAULT ''
        );
        CREATE INDEX seat_decisions_seat ON seat_decisions(seat_id, decided_on)
        """,
    )
