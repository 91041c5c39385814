"""A workspace file changed outside the app is refused before any of its SQL can run, and a
cleaned copy keeps the app's rows without the foreign objects."""

from __future__ import annotations

import sqlite3

import pytest

from tracker.cli import main
from tracker.store import Workspace
from tracker.store.schema_trust import (
    UntrustedSchemaError,
    distrust_is_possible,
    expected_schema,
    make_cleaned_copy,
    schema_of,
)

ROSTER = "employee_id,name,email,team\n" + "".join(
    f"N{i:04},New person {i},n{i}@example.com,Claims\n" for i in range(3000))


def org(path):
    with Workspace.open(path) as ws:
        claims = ws.teams.create("Claims")
        ws.people.create(employee_id="E1", name="Ann Original", team_id=claims)
        ws.rollouts.create(name="Claims triage assistant")
    return path


def tamper(path, *statements):
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()


ATTACK = ("CREATE TABLE exfil (name TEXT)",
          "CREATE TRIGGER steal AFTER INSERT ON people BEGIN "
          "INSERT INTO exfil VALUES (NEW.name); DELETE FROM audit; END")


def test_the_attack_of_issue_22_never_runs(tmp_path, capsys):
    path = org(tmp_path / "org.tracker")
    tamper(path, *ATTACK)
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    before = path.read_bytes()

    assert main(["import", "roster", str(path), str(roster)]) == 3
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "trigger 'steal'" in err and "table 'exfil'" in err and "was changed outside" in err

    assert path.read_bytes() == before  # not opened for anything: no row, no audit deleted
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM exfil").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM people").fetchone() == (1,)
    assert conn.execute("SELECT count(*) FROM audit").fetchone()[0] > 0
    conn.close()


@pytest.mark.parametrize("statements, named", [
    (["CREATE VIEW names AS SELECT name FROM people"], "view 'names'"),
    (["CREATE INDEX people_name ON people(name)"], "index 'people_name'"),
    (["CREATE TABLE notes_elsewhere (x)"], "table 'notes_elsewhere'"),
    (["DROP TRIGGER training_counts_people_insert",
      "CREATE TRIGGER training_counts_people_insert AFTER INSERT ON people BEGIN DELETE FROM audit; END"],
     "trigger 'training_counts_people_insert' (changed)"),
    (["DROP INDEX people_team"], "index 'people_team' (missing)"),
    (["ALTER TABLE people ADD COLUMN salary INTEGER"], "table 'people' (changed)"),
])
def test_every_kind_of_foreign_object_is_named_and_refused(tmp_path, statements, named):
    path = org(tmp_path / "org.tracker")
    tamper(path, *statements)
    before = path.read_bytes()
    for opener in (lambda: Workspace.open(path), lambda: Workspace.open_to_read(path),
                   lambda: Workspace.open(path, readonly=True)):
        with pytest.raises(UntrustedSchemaError) as caught:
            opener()
        assert named in caught.value.objects
        assert named in str(caught.value)
    assert path.read_bytes() == before


def test_the_expected_schema_comes_from_the_migrations(tmp_path):
    """A fresh file is exactly the reference, and the reference knows the app's own triggers."""
    with Workspace.open(tmp_path / "fresh.tracker") as ws:
        applied = frozenset(r[0] for r in ws.conn.execute("SELECT name FROM _sqlite_migrations"))
        assert schema_of(ws.conn) == expected_schema(applied)
    reference = expected_schema(applied)
    assert ("trigger", "training_counts_people_insert") in reference
    assert ("table", "people") in reference and ("table", "exfil") not in reference
    assert expected_schema(frozenset()) == {}


def test_connections_distrust_the_schema_wherever_sqlite_can_load_the_apps_own(tmp_path):
    with Workspace.open(tmp_path / "org.tracker") as ws:
        trusted = ws.conn.execute("PRAGMA trusted_schema").fetchone()[0]
    assert trusted == (0 if distrust_is_possible() else 1)
    for reader in (Workspace.open_to_read, lambda p: Workspace.open(p, readonly=True)):
        with reader(tmp_path / "org.tracker") as ws:  # always, and the app's schema still loads
            assert ws.conn.execute("PRAGMA trusted_schema").fetchone()[0] == 0
            assert ws.people.count() == 0
    # The reason it is not always possible: the app's own CHECK calls json_valid().
    probe = sqlite3.connect(":memory:")
    probe.execute("CREATE TABLE t (x TEXT CHECK (json_valid(x)))")
    probe.execute("PRAGMA trusted_schema = OFF")
    try:
        probe.execute("INSERT INTO t VALUES ('[]')")
        json_valid_is_innocuous = True
    except sqlite3.OperationalError:
        json_valid_is_innocuous = False
    finally:
        probe.close()
    assert distrust_is_possible() == json_valid_is_innocuous


def test_a_cleaned_copy_keeps_the_rows_and_drops_the_foreign_objects(tmp_path):
    path = org(tmp_path / "org.tracker")
    tamper(path, *ATTACK, "INSERT INTO exfil VALUES ('taken earlier')")
    before = path.read_bytes()
    conn = sqlite3.connect(path)
    audit_rows = conn.execute("SELECT * FROM audit ORDER BY id").fetchall()
    conn.close()

    copy = make_cleaned_copy(path)

    assert copy.parent == path.parent and copy.name.startswith("org.cleaned-")
    assert path.read_bytes() == before
    with Workspace.open(copy) as ws:
        assert [p.name for p in ws.people.list()] == ["Ann Original"]
        assert ws.query("SELECT * FROM audit ORDER BY id") == [
            dict(zip(("id", "change_id", "entity", "entity_id", "action", "before", "after"), r))
            for r in audit_rows]
        names = {r["name"] for r in ws.query("SELECT name FROM sqlite_master")}
        assert "exfil" not in names and "steal" not in names
        ws.people.create(employee_id="E2", name="Bob New", team_id=ws.teams.list()[0].id)
        assert ws.scalar("SELECT count(*) FROM audit") > len(audit_rows)  # the history grows, untouched


def test_a_cleaned_copy_refuses_a_file_from_a_newer_version(tmp_path):
    path = org(tmp_path / "org.tracker")
    tamper(path, "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('tracker', 'm999_future', '2030-01-01')")
    with pytest.raises(Exception, match="newer version"):
        make_cleaned_copy(path)
    assert not list(tmp_path.glob("org.cleaned-*"))
