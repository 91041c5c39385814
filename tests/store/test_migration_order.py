"""The schema steps run in the one declared order (MIGRATION_ORDER in tracker/store/areas.py),
and files made before that order was declared open as they are.

The two files in fixtures/ were made by the version before (main at 1908c1c, when the order was
that of import lines in schema.py): `released.tracker.gz` holds every step of that version and a
few records; `before_delivery.tracker.gz` stopped before m003_delivery (the second of the two
m003 steps), as a file of an older version would.
"""

from __future__ import annotations

import gzip
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from tracker.store import Workspace, schema
from tracker.store.areas import AREAS, MIGRATION_ORDER, Area, migration_steps
from tracker.store.schema_trust import schema_of

FIXTURES = Path(__file__).parent / "fixtures"


def _unpack(name: str, tmp_path: Path) -> Path:
    target = tmp_path / name.removesuffix(".gz")
    with gzip.open(FIXTURES / name) as src, open(target, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return target


def _recorded(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT name, applied_at FROM _sqlite_migrations ORDER BY id").fetchall()
    finally:
        conn.close()


def _schema(path: Path) -> dict:
    conn = sqlite3.connect(path)
    try:
        return schema_of(conn)
    finally:
        conn.close()


@pytest.fixture(scope="module")
def new_schema(tmp_path_factory):
    path = tmp_path_factory.mktemp("new") / "new.tracker"
    Workspace.open(path).close()
    return _schema(path)


def test_the_steps_run_in_the_declared_order():
    empty = Database(sqlite3.connect(":memory:"))
    assert [m.name for m in schema.migrations.pending(empty)] == list(MIGRATION_ORDER)
    assert schema.known_migration_names() == set(MIGRATION_ORDER)
    assert [step.__name__ for step in schema.STEPS] == list(MIGRATION_ORDER)


# The steps the released file holds: every step up to m010; later steps are this version's own.
RELEASED = MIGRATION_ORDER[:MIGRATION_ORDER.index("m010_gate_evidence") + 1]


def test_a_file_of_the_previous_version_keeps_its_steps_and_gets_only_the_new_ones(tmp_path, new_schema):
    path = _unpack("released.tracker.gz", tmp_path)
    recorded = _recorded(path)
    assert [name for name, _at in recorded] == list(RELEASED)  # nothing renamed
    with Workspace.open(path, create=False) as ws:
        assert not schema.migrations.pending(ws.db)
        assert [m.code for m in ws.training.modules(ws.rollouts.list()[0].id)] == ["AI-101"]
    after = _recorded(path)
    assert after[:len(recorded)] == recorded, "a step the file already ran must not run again"
    assert [name for name, _at in after] == list(MIGRATION_ORDER)
    assert _schema(path) == new_schema


def test_an_older_file_runs_the_remaining_steps_in_order(tmp_path, new_schema):
    path = _unpack("before_delivery.tracker.gz", tmp_path)
    assert [name for name, _at in _recorded(path)] == list(MIGRATION_ORDER[:3])
    with Workspace.open(path, create=False) as ws:
        assert ws.backup_path is not None
        assert [t.name for t in ws.teams.list()] == ["Claims"]
    assert [name for name, _at in _recorded(path)] == list(MIGRATION_ORDER)
    assert _schema(path) == new_schema


def _step(db: Database) -> None:
    db.execute("CREATE TABLE pilot_notes (id INTEGER PRIMARY KEY)")


def test_a_step_must_be_declared_by_an_area_and_named_by_the_order():
    m011_pilot_notes = _step
    m011_pilot_notes.__name__ = "m011_pilot_notes"
    with_step = AREAS + (Area("notes", ("pilot_notes",), migrations=(m011_pilot_notes,)),)
    with pytest.raises(ValueError, match="m011_pilot_notes is not in MIGRATION_ORDER"):
        migration_steps(with_step)
    assert migration_steps(with_step, MIGRATION_ORDER + ("m011_pilot_notes",))[-1] is m011_pilot_notes
    with pytest.raises(ValueError, match="no area declares"):
        migration_steps(AREAS, MIGRATION_ORDER + ("m011_pilot_notes",))
    with pytest.raises(ValueError, match="twice"):
        migration_steps(AREAS, MIGRATION_ORDER + ("m002_readiness",))
