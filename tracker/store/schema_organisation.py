"""The first schema step: teams, people, rollouts and who takes part, roles, settings and the
history (changes and their audit rows), as released in the first version. Later steps of these
tables are in the modules of the areas that added them."""

from __future__ import annotations

from sqlite_utils import Database

from tracker.domain.enums import DEFAULT_ROLE_TYPES
from tracker.store.schema_sql import APPLICATION_ID, run_statements


def m001_organisation(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE teams (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            parent_id INTEGER REFERENCES teams(id),
            lead_id INTEGER REFERENCES people(id)
        );
        CREATE INDEX teams_parent ON teams(parent_id);
        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            employee_id TEXT NOT NULL UNIQUE CHECK (trim(employee_id) <> ''),
            name TEXT NOT NULL CHECK (trim(name) <> ''),
            email TEXT NOT NULL DEFAULT '',
            title TEXT NOT NULL DEFAULT '',
            team_id INTEGER REFERENCES teams(id),
            manager_id INTEGER REFERENCES people(id),
            active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
        );
        CREATE INDEX people_team ON people(team_id);
        CREATE INDEX people_manager ON people(manager_id);
        CREATE TABLE rollouts (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            description TEXT NOT NULL DEFAULT '',
            stage TEXT NOT NULL DEFAULT 'pilot'
                CHECK (stage IN ('pilot', 'scaling', 'production', 'retired')),
            owner_id INTEGER REFERENCES people(id),
            sponsor_id INTEGER REFERENCES people(id),
            start_date TEXT,
            go_live_date TEXT,
            target_adoption REAL CHECK (target_adoption IS NULL OR target_adoption BETWEEN 0 AND 1),
            target_date TEXT
        );
        CREATE TABLE participation (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            team_id INTEGER NOT NULL REFERENCES teams(id),
            impact TEXT NOT NULL CHECK (impact IN ('none', 'low', 'medium', 'high')),
            UNIQUE (rollout_id, team_id)
        );
        CREATE INDEX participation_team ON participation(team_id);
        CREATE TABLE role_types (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (trim(name) <> ''),
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE person_roles (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            person_id INTEGER NOT NULL REFERENCES people(id),
            role_id INTEGER NOT NULL REFERENCES role_types(id),
            UNIQUE (rollout_id, person_id, role_id)
        );
        CREATE INDEX person_roles_person ON person_roles(person_id);
        CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user TEXT NOT NULL,
            label TEXT NOT NULL,
            reverts_id INTEGER REFERENCES changes(id)
        );
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            change_id INTEGER NOT NULL REFERENCES changes(id),
            entity TEXT NOT NULL,
            entity_id INTEGER NOT NULL,
            action TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
            before TEXT,
            after TEXT
        );
        CREATE INDEX audit_entity ON audit(entity, entity_id);
        CREATE INDEX audit_change ON audit(change_id);
        CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    )
    for position, name in enumerate(DEFAULT_ROLE_TYPES):
        db.execute("INSERT INTO role_types (name, position) VALUES (?, ?)", [name, position])
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
