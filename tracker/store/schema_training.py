"""Training tables: modules, what requires them, per-person progress, sessions and seats.

Requirements are stored as rules (module ↔ role, module ↔ team), not as one row per person:
who must take a module is derived by joining the rules with `person_roles` and `people`, so a
role change or a move to another team changes a person's required modules with no sync step.
`training_records` holds only what is known about a person and a module (progress, completion,
score, exemption, and `assigned` for modules given by hand); a required module with no record
is "not started".

The indexes serve the team roll-up over a million assignments (Training.team_progress): each
join of the derivation is answered from an index alone. Two of them are on other areas' tables
(`person_roles`, `people`) because the derivation joins those: (team, active, manager) lets
the team branch count people without reading their rows.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import run_statements


def m003_training(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE training_modules (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            code TEXT NOT NULL COLLATE NOCASE CHECK (trim(code) <> ''),
            title TEXT NOT NULL CHECK (trim(title) <> ''),
            hours REAL NOT NULL DEFAULT 1 CHECK (hours >= 0 AND hours <= 1000),
            format TEXT NOT NULL DEFAULT 'e_learning'
                CHECK (format IN ('e_learning', 'classroom', 'workshop', 'coaching')),
            due_date TEXT,
            due_offset_days INTEGER CHECK (due_offset_days IS NULL OR due_offset_days BETWEEN -3650 AND 3650),
            available_from TEXT NOT NULL,
            CHECK (due_date IS NULL OR due_offset_days IS NULL),
            UNIQUE (rollout_id, code)
        );
        CREATE TABLE training_role_requirements (
            id INTEGER PRIMARY KEY,
            module_id INTEGER NOT NULL REFERENCES training_modules(id),
            role_id INTEGER NOT NULL REFERENCES role_types(id),
            UNIQUE (module_id, role_id)
        );
        CREATE INDEX training_role_requirements_role ON training_role_requirements(role_id);
        CREATE TABLE training_team_requirements (
            id INTEGER PRIMARY KEY,
            module_id INTEGER NOT NULL REFERENCES training_modules(id),
            team_id INTEGER NOT NULL REFERENCES teams(id),
            UNIQUE (module_id, team_id)
        );
        CREATE INDEX training_team_requirements_team ON training_team_requirements(team_id);
        CREATE TABLE training_records (
            id INTEGER PRIMARY KEY,
            module_id INTEGER NOT NULL REFERENCES training_modules(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            status TEXT NOT NULL DEFAULT 'not_started'
                CHECK (status IN ('not_started', 'in_progress', 'completed', 'exempt')),
            completed_on TEXT,
            score REAL CHECK (score IS NULL OR score BETWEEN 0 AND 100),
            exempt_reason TEXT NOT NULL DEFAULT '',
            assigned INTEGER NOT NULL DEFAULT 0 CHECK (assigned IN (0, 1)),
            CHECK ((status = 'completed') = (completed_on IS NOT NULL)),
            CHECK (status <> 'exempt' OR trim(exempt_reason) <> ''),
            UNIQUE (module_id, person_id)
        );
        CREATE INDEX training_records_cover
            ON training_records(module_id, person_id, status, completed_on, assigned);
        CREATE INDEX training_records_person ON training_records(person_id);
        CREATE INDEX training_records_assigned ON training_records(module_id, person_id) WHERE assigned = 1;
        CREATE INDEX training_person_roles_by_role ON person_roles(rollout_id, role_id, person_id);
        CREATE INDEX training_people_by_team ON people(team_id, active, manager_id);
        CREATE TABLE training_sessions (
            id INTEGER PRIMARY KEY,
            module_id INTEGER NOT NULL REFERENCES training_modules(id),
            starts_on TEXT NOT NULL,
            start_time TEXT NOT NULL DEFAULT '09:00'
                CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]'),
            duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 7200),
            capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
            place TEXT NOT NULL DEFAULT '',
            online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0, 1)),
            trainer_id INTEGER REFERENCES people(id)
        );
        CREATE INDEX training_sessions_module ON training_sessions(module_id, starts_on);
        CREATE INDEX training_sessions_trainer ON training_sessions(trainer_id);
        CREATE TABLE training_enrolments (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES training_sessions(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            UNIQUE (session_id, person_id)
        );
        CREATE INDEX training_enrolments_person ON training_enrolments(person_id, session_id)
        """,
    )
