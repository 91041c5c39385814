"""Tables of the people-readiness area: stakeholders, ADKAR assessments, resistance signals.

A stakeholder is a person or a team, never both (CHECK). An assessment is one team's scores in
one rollout on one date (UNIQUE: the natural key re-imports match on). A resolved signal has
its resolution date, and only a resolved one does, so "how long open" is always answerable.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import run_statements

_SUPPORT = "('active_resistor', 'resistant', 'neutral', 'supportive', 'champion')"
_SIGNAL_TYPES = ("('job_security', 'role_clarity', 'usage_difficulty', 'lack_of_awareness', "
                 "'change_fatigue', 'distrust', 'data_privacy', 'other')")
_SOURCES = "('survey', 'one_to_one', 'helpdesk_ticket', 'usage_data', 'meeting', 'other')"


def _score(column: str) -> str:
    return f"{column} REAL NOT NULL CHECK ({column} BETWEEN 1 AND 5)"


def m002_readiness(db: Database) -> None:
    run_statements(
        db,
        f"""
        CREATE TABLE stakeholders (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            person_id INTEGER REFERENCES people(id),
            team_id INTEGER REFERENCES teams(id),
            influence INTEGER NOT NULL CHECK (influence BETWEEN 1 AND 5),
            interest INTEGER NOT NULL CHECK (interest BETWEEN 1 AND 5),
            current_support TEXT NOT NULL CHECK (current_support IN {_SUPPORT}),
            needed_support TEXT NOT NULL CHECK (needed_support IN {_SUPPORT}),
            owner_id INTEGER REFERENCES people(id),
            last_contact TEXT CHECK (last_contact IS NULL OR date(last_contact) = last_contact),
            engagement_plan TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            CHECK ((person_id IS NULL) <> (team_id IS NULL))
        );
        CREATE UNIQUE INDEX stakeholders_person ON stakeholders(rollout_id, person_id) WHERE person_id IS NOT NULL;
        CREATE UNIQUE INDEX stakeholders_team ON stakeholders(rollout_id, team_id) WHERE team_id IS NOT NULL;
        CREATE INDEX stakeholders_person_any ON stakeholders(person_id);
        CREATE INDEX stakeholders_team_any ON stakeholders(team_id);
        CREATE INDEX stakeholders_owner ON stakeholders(owner_id);
        CREATE TABLE adkar_assessments (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            team_id INTEGER NOT NULL REFERENCES teams(id),
            assessed_on TEXT NOT NULL CHECK (date(assessed_on) = assessed_on),
            {_score("awareness")},
            {_score("desire")},
            {_score("knowledge")},
            {_score("ability")},
            {_score("reinforcement")},
            respondents INTEGER NOT NULL CHECK (respondents >= 1),
            UNIQUE (rollout_id, team_id, assessed_on)
        );
        CREATE INDEX adkar_team ON adkar_assessments(team_id, assessed_on);
        CREATE TABLE resistance_signals (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            team_id INTEGER NOT NULL REFERENCES teams(id),
            person_id INTEGER REFERENCES people(id),
            observed_on TEXT NOT NULL CHECK (date(observed_on) = observed_on),
            type TEXT NOT NULL CHECK (type IN {_SIGNAL_TYPES}),
            severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 5),
            source TEXT NOT NULL CHECK (source IN {_SOURCES}),
            description TEXT NOT NULL DEFAULT '',
            owner_id INTEGER REFERENCES people(id),
            mitigation TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'mitigating', 'resolved')),
            resolved_on TEXT CHECK (resolved_on IS NULL OR date(resolved_on) = resolved_on),
            CHECK ((status = 'resolved') = (resolved_on IS NOT NULL)),
            CHECK (resolved_on IS NULL OR resolved_on >= observed_on)
        );
        CREATE INDEX resistance_rollout ON resistance_signals(rollout_id, status, observed_on);
        CREATE INDEX resistance_team ON resistance_signals(team_id, status);
        CREATE INDEX resistance_person ON resistance_signals(person_id);
        CREATE INDEX resistance_owner ON resistance_signals(owner_id)
        """,
    )
