"""Tables of the delivery area: dependencies, readiness gates (and their template), RACI,
decisions and KPIs.

Rows that belong to a rollout carry its id, also the grandchildren (KPI readings, RACI cells),
with a composite foreign key that keeps it equal to their parent's: deleting a rollout then
removes its rows table by table through the audited writer, with no cascade (undo brings them
back). Enumerations, the "reason when blocked/waived" rules and "one person or one team" are
CHECK constraints, so even a bug in the app cannot store a record that breaks them.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.domain.gates import BUILTIN_TEMPLATE
from tracker.store.schema_sql import run_statements

_DATE = "CHECK ({0} IS NULL OR date({0}) = {0})"
_TRANSITION = "CHECK (transition IN ('pilot_to_scaling', 'scaling_to_production'))"
_AREA = "CHECK (area IN ('people', 'data', 'infrastructure', 'governance'))"
_STAGE = "IN ('pilot', 'scaling', 'production', 'retired')"


def m003_delivery(db: Database) -> None:
    run_statements(
        db,
        f"""
        CREATE TABLE dependencies (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            needer_team_id INTEGER NOT NULL REFERENCES teams(id),
            provider_team_id INTEGER NOT NULL REFERENCES teams(id),
            description TEXT NOT NULL CHECK (trim(description) <> ''),
            kind TEXT NOT NULL DEFAULT 'other'
                CHECK (kind IN ('data', 'infrastructure', 'approval', 'integration', 'training', 'other')),
            owner_id INTEGER REFERENCES people(id),
            due_date TEXT {_DATE.format("due_date")},
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'blocked', 'done')),
            blocked_reason TEXT NOT NULL DEFAULT '',
            CHECK (needer_team_id <> provider_team_id),
            CHECK (status <> 'blocked' OR trim(blocked_reason) <> '')
        );
        CREATE INDEX dependencies_rollout ON dependencies(rollout_id, status);
        CREATE INDEX dependencies_needer ON dependencies(needer_team_id);
        CREATE INDEX dependencies_provider ON dependencies(provider_team_id, status);
        CREATE INDEX dependencies_owner ON dependencies(owner_id);
        CREATE TABLE gate_template (
            id INTEGER PRIMARY KEY,
            transition TEXT NOT NULL {_TRANSITION},
            area TEXT NOT NULL {_AREA},
            text TEXT NOT NULL CHECK (trim(text) <> ''),
            position INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE gate_items (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            transition TEXT NOT NULL {_TRANSITION},
            area TEXT NOT NULL {_AREA},
            text TEXT NOT NULL CHECK (trim(text) <> ''),
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'waived')),
            owner_id INTEGER REFERENCES people(id),
            evidence TEXT NOT NULL DEFAULT '',
            due_date TEXT {_DATE.format("due_date")},
            waiver_reason TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            CHECK (status <> 'waived' OR trim(waiver_reason) <> '')
        );
        CREATE INDEX gate_items_rollout ON gate_items(rollout_id, transition, status);
        CREATE INDEX gate_items_owner ON gate_items(owner_id);
        CREATE TABLE raci_responsibilities (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            name TEXT NOT NULL COLLATE NOCASE CHECK (trim(name) <> ''),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (rollout_id, name),
            UNIQUE (id, rollout_id)
        );
        CREATE TABLE raci_assignments (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            responsibility_id INTEGER NOT NULL,
            person_id INTEGER REFERENCES people(id),
            team_id INTEGER REFERENCES teams(id),
            role TEXT NOT NULL CHECK (role IN ('R', 'A', 'C', 'I')),
            FOREIGN KEY (responsibility_id, rollout_id) REFERENCES raci_responsibilities(id, rollout_id),
            CHECK ((person_id IS NULL) <> (team_id IS NULL))
        );
        CREATE UNIQUE INDEX raci_person ON raci_assignments(responsibility_id, person_id) WHERE person_id IS NOT NULL;
        CREATE UNIQUE INDEX raci_team ON raci_assignments(responsibility_id, team_id) WHERE team_id IS NOT NULL;
        CREATE INDEX raci_rollout ON raci_assignments(rollout_id);
        CREATE INDEX raci_person_any ON raci_assignments(person_id);
        CREATE INDEX raci_team_any ON raci_assignments(team_id);
        CREATE TABLE decisions (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            decided_on TEXT NOT NULL CHECK (date(decided_on) = decided_on),
            decision TEXT NOT NULL CHECK (trim(decision) <> ''),
            decided_by TEXT NOT NULL CHECK (trim(decided_by) <> ''),
            rationale TEXT NOT NULL DEFAULT '',
            links TEXT NOT NULL DEFAULT '',
            from_stage TEXT CHECK (from_stage IS NULL OR from_stage {_STAGE}),
            to_stage TEXT CHECK (to_stage IS NULL OR to_stage {_STAGE})
        );
        CREATE INDEX decisions_rollout ON decisions(rollout_id, decided_on);
        CREATE TABLE kpis (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            name TEXT NOT NULL COLLATE NOCASE CHECK (trim(name) <> ''),
            unit TEXT NOT NULL DEFAULT '',
            target REAL NOT NULL,
            direction TEXT NOT NULL CHECK (direction IN ('higher_better', 'lower_better')),
            tolerance REAL NOT NULL DEFAULT 0 CHECK (tolerance >= 0),
            position INTEGER NOT NULL DEFAULT 0,
            UNIQUE (rollout_id, name),
            UNIQUE (id, rollout_id)
        );
        CREATE TABLE kpi_readings (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            kpi_id INTEGER NOT NULL,
            measured_on TEXT NOT NULL CHECK (date(measured_on) = measured_on),
            value REAL NOT NULL,
            FOREIGN KEY (kpi_id, rollout_id) REFERENCES kpis(id, rollout_id),
            UNIQUE (kpi_id, measured_on)
        );
        CREATE INDEX kpi_readings_rollout ON kpi_readings(rollout_id)
        """,
    )
    for position, (transition, area, text) in enumerate(BUILTIN_TEMPLATE):
        db.execute("INSERT INTO gate_template (transition, area, text, position) VALUES (?, ?, ?, ?)",
                   [transition.value, area.value, text, position])
