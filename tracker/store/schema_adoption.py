"""Adoption tables: usage imports and their events, hand-entered team figures, and the weekly
figures derived from the events.

- `usage_imports`: one audited row per imported usage file (the batch). AUTOINCREMENT, so the id
  of a batch that undo removed is never given to a later one (its events would come back).
- `usage_events`: one row per person, rollout and day of use, written in bulk (executemany),
  not through the audited writer: millions of rows with before/after JSON each would be
  gigabytes. Each carries the batch it came in with. There is deliberately no foreign key to
  `usage_imports`: undoing an import deletes the batch row and leaves its events in place, and
  every read ignores events whose batch is gone, so redo (which restores the batch row with its
  id) brings them back. WITHOUT ROWID with the natural key as primary key, unlike the other
  tables: the rows are never addressed one by one, and a single b-tree ordered by (rollout,
  person, day) makes the bulk insert sequential and the weekly roll-up a covering scan.
  `day` is the proleptic Gregorian ordinal (date.toordinal()): compact, and week arithmetic is
  integer arithmetic (Monday is the day whose (day - 1) % 7 is 0).
- `adoption_figures`: team figures entered by hand or imported for teams without logs; audited.
- `adoption_weekly`: derived per rollout, team and week end from the live events and the current
  roster (eligible, active in the 28 days to the week end, new adopters). Recomputed for a
  rollout inside the import's transaction; never audited (it is a cache of the events).
- `adoption_stale`: rollouts whose derived figures no longer match their inputs. Triggers put a
  rollout here when what its figures depend on changes outside an import (undo or redo of an
  import, a person joining, leaving or moving team, end-user roles, participating teams), and
  the next read recomputes it (tracker/store/adoption.py). The triggers only fire once any
  usage was imported, so roster imports of workspaces without logs pay nothing.
"""

from __future__ import annotations

from sqlite_utils import Database

from tracker.store.schema_sql import dialect, postgres_trigger, run_statements

_STALE_FROM_TEAM = """INSERT OR IGNORE INTO adoption_stale (rollout_id)
        SELECT rollout_id FROM participation WHERE team_id = {team}"""


_TRIGGERS = (
    """CREATE TRIGGER adoption_stale_import_in AFTER INSERT ON usage_imports BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) SELECT value FROM json_each(NEW.rollouts);
        END""",
    """CREATE TRIGGER adoption_stale_import_out AFTER DELETE ON usage_imports BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) SELECT value FROM json_each(OLD.rollouts);
        END""",
    f"""CREATE TRIGGER adoption_stale_person_in AFTER INSERT ON people
            WHEN NEW.team_id IS NOT NULL AND EXISTS (SELECT 1 FROM usage_imports) BEGIN
            {_STALE_FROM_TEAM.format(team="NEW.team_id")};
        END""",
    f"""CREATE TRIGGER adoption_stale_person_out AFTER DELETE ON people
            WHEN OLD.team_id IS NOT NULL AND EXISTS (SELECT 1 FROM usage_imports) BEGIN
            {_STALE_FROM_TEAM.format(team="OLD.team_id")};
        END""",
    f"""CREATE TRIGGER adoption_stale_person_moved AFTER UPDATE OF team_id, active ON people
            WHEN (OLD.team_id IS NOT NEW.team_id OR OLD.active IS NOT NEW.active)
                 AND EXISTS (SELECT 1 FROM usage_imports) BEGIN
            {_STALE_FROM_TEAM.format(team="OLD.team_id")};
            {_STALE_FROM_TEAM.format(team="NEW.team_id")};
        END""",
    """CREATE TRIGGER adoption_stale_role_in AFTER INSERT ON person_roles
            WHEN EXISTS (SELECT 1 FROM usage_imports) BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (NEW.rollout_id);
        END""",
    """CREATE TRIGGER adoption_stale_role_out AFTER DELETE ON person_roles
            WHEN EXISTS (SELECT 1 FROM usage_imports) BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (OLD.rollout_id);
        END""",
    """CREATE TRIGGER adoption_stale_role_changed AFTER UPDATE ON person_roles
            WHEN EXISTS (SELECT 1 FROM usage_imports) BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (OLD.rollout_id);
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (NEW.rollout_id);
        END""",
    """CREATE TRIGGER adoption_stale_role_renamed AFTER UPDATE OF name ON role_types
            WHEN EXISTS (SELECT 1 FROM usage_imports) BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) SELECT id FROM rollouts;
        END""",
    """CREATE TRIGGER adoption_stale_team_in AFTER INSERT ON participation
            WHEN EXISTS (SELECT 1 FROM usage_imports) BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (NEW.rollout_id);
        END""",
    """CREATE TRIGGER adoption_stale_team_out AFTER DELETE ON participation
            WHEN EXISTS (SELECT 1 FROM usage_imports) BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (OLD.rollout_id);
        END""",
    """CREATE TRIGGER adoption_stale_team_changed AFTER UPDATE OF team_id, rollout_id ON participation
            WHEN EXISTS (SELECT 1 FROM usage_imports) BEGIN
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (OLD.rollout_id);
            INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (NEW.rollout_id);
        END""",
)

# The same marks on PostgreSQL. A trigger's WHEN there takes no subquery, so "once any usage was
# imported" is tested inside the function; json_each is json_array_elements_text (the list of
# rollout ids is a JSON array).
_ANY_USAGE = "EXISTS (SELECT 1 FROM usage_imports)"
_MARK = "INSERT INTO adoption_stale (rollout_id) {} ON CONFLICT DO NOTHING"
_MARK_FROM_LIST = _MARK.format("SELECT value::bigint FROM json_array_elements_text({}.rollouts::json)")
_MARK_FROM_TEAM = _MARK.format("SELECT rollout_id FROM participation WHERE team_id = {}.team_id")
_MARK_ROLLOUT = _MARK.format("VALUES ({}.rollout_id)")
_POSTGRES_TRIGGERS = (
    *postgres_trigger("adoption_stale_import_in", "AFTER", "INSERT", "usage_imports",
                      [_MARK_FROM_LIST.format("NEW")]),
    *postgres_trigger("adoption_stale_import_out", "AFTER", "DELETE", "usage_imports",
                      [_MARK_FROM_LIST.format("OLD")]),
    *postgres_trigger("adoption_stale_person_in", "AFTER", "INSERT", "people", [_MARK_FROM_TEAM.format("NEW")],
                      when="NEW.team_id IS NOT NULL", guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_person_out", "AFTER", "DELETE", "people", [_MARK_FROM_TEAM.format("OLD")],
                      when="OLD.team_id IS NOT NULL", guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_person_moved", "AFTER", "UPDATE OF team_id, active", "people",
                      [_MARK_FROM_TEAM.format("OLD"), _MARK_FROM_TEAM.format("NEW")],
                      when="OLD.team_id IS DISTINCT FROM NEW.team_id OR OLD.active IS DISTINCT FROM NEW.active",
                      guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_role_in", "AFTER", "INSERT", "person_roles", [_MARK_ROLLOUT.format("NEW")],
                      guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_role_out", "AFTER", "DELETE", "person_roles", [_MARK_ROLLOUT.format("OLD")],
                      guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_role_changed", "AFTER", "UPDATE", "person_roles",
                      [_MARK_ROLLOUT.format("OLD"), _MARK_ROLLOUT.format("NEW")], guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_role_renamed", "AFTER", "UPDATE OF name", "role_types",
                      [_MARK.format("SELECT id FROM rollouts")], guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_team_in", "AFTER", "INSERT", "participation", [_MARK_ROLLOUT.format("NEW")],
                      guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_team_out", "AFTER", "DELETE", "participation", [_MARK_ROLLOUT.format("OLD")],
                      guard=_ANY_USAGE),
    *postgres_trigger("adoption_stale_team_changed", "AFTER", "UPDATE OF team_id, rollout_id", "participation",
                      [_MARK_ROLLOUT.format("OLD"), _MARK_ROLLOUT.format("NEW")], guard=_ANY_USAGE),
)


def m005_adoption(db: Database) -> None:
    run_statements(
        db,
        """
        CREATE TABLE usage_imports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            source TEXT NOT NULL DEFAULT '',
            imported_at TEXT NOT NULL,
            rows INTEGER NOT NULL DEFAULT 0 CHECK (rows >= 0),
            uses INTEGER NOT NULL DEFAULT 0 CHECK (uses >= 0),
            unknown_people INTEGER NOT NULL DEFAULT 0 CHECK (unknown_people >= 0),
            first_day TEXT,
            last_day TEXT,
            rollouts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(rollouts))
        );
        CREATE TABLE usage_events (
            rollout_id INTEGER NOT NULL,
            person_id INTEGER NOT NULL,
            day INTEGER NOT NULL,
            import_id INTEGER NOT NULL,
            PRIMARY KEY (rollout_id, person_id, day)
        ) WITHOUT ROWID;
        CREATE TABLE adoption_figures (
            id INTEGER PRIMARY KEY,
            rollout_id INTEGER NOT NULL REFERENCES rollouts(id),
            team_id INTEGER NOT NULL REFERENCES teams(id),
            period_end TEXT NOT NULL,
            eligible INTEGER NOT NULL CHECK (eligible >= 0),
            active INTEGER NOT NULL CHECK (active >= 0 AND active <= eligible),
            proficient INTEGER CHECK (proficient IS NULL OR (proficient >= 0 AND proficient <= active)),
            UNIQUE (rollout_id, team_id, period_end)
        );
        CREATE INDEX adoption_figures_team ON adoption_figures(team_id);
        CREATE TABLE adoption_weekly (
            rollout_id INTEGER NOT NULL,
            week_end INTEGER NOT NULL,
            team_id INTEGER NOT NULL,
            eligible INTEGER NOT NULL,
            active INTEGER NOT NULL,
            new_adopters INTEGER NOT NULL,
            PRIMARY KEY (rollout_id, week_end, team_id)
        ) WITHOUT ROWID;
        CREATE TABLE adoption_stale (
            rollout_id INTEGER PRIMARY KEY
        )
        """,
    )
    # One execute each: run_statements splits on ';', which a trigger body contains.
    for trigger in _POSTGRES_TRIGGERS if dialect(db) == "postgresql" else _TRIGGERS:
        db.execute(trigger)
