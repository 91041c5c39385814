"""Real exports in: people's accounts in other systems, saved column mappings, and the roster
dates that seat reclaim needs (hire and termination).

- `accounts`: a person's identity in another system (``system`` = "upn", "email", "github",
  "chatgpt", ...; ``account`` compared case-insensitively). Usage reports and LMS exports name
  people by these, not by employee id. One account belongs to one person per system.
- `import_mappings`: a user's mapping of a file's columns to an import's fields, saved under a
  name and found again by the file's header row (``header_key``).
- `people.hire_date`, `people.termination_date`: ISO dates from rosters that carry them.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import run_statements


def m008_imports(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE accounts (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people(id),
            system TEXT NOT NULL CHECK (trim(system) <> ''),
            account TEXT NOT NULL COLLATE NOCASE CHECK (trim(account) <> ''),
            UNIQUE (system, account)
        );
        CREATE INDEX accounts_person ON accounts(person_id);
        CREATE TABLE import_mappings (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            kind TEXT NOT NULL,
            header_key TEXT NOT NULL,
            columns TEXT NOT NULL,
            day_first INTEGER,
            account_system TEXT
        );
        CREATE INDEX import_mappings_header ON import_mappings(header_key);
        ALTER TABLE people ADD COLUMN hire_date TEXT;
        ALTER TABLE people ADD COLUMN termination_date TEXT
        """,
    )
