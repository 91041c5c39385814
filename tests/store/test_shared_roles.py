"""Who may do what in a shared workspace, enforced by the server (engine/server_roles.py): a
viewer reads, an editor also writes records but not the roster or the settings, an admin all."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import sql

from tracker.cli import main
from tracker.store import Workspace
from tracker.store.engine import server_roles
from tracker.store.engine.server_roles import PermissionRefusedError, grant_role, revoke_roles
from tracker.store.errors import ReadOnlyWorkspaceError, WorkspaceError


def _login(pg_cluster, name: str, *options: str) -> None:
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN " + " ".join(options)).format(sql.Identifier(name)))


@pytest.fixture
def shared(pg_database, pg_cluster) -> Iterator[dict[str, Any]]:
    """A workspace made by the cluster's superuser (its owner), one team in it, and three login
    roles granted viewer, editor and admin by `tracker grant`."""
    address = pg_database
    with Workspace.open(address) as ws:
        team = ws.teams.create("Claims")
        rollout = ws.rollouts.create(name="Assistant")
    suffix = uuid.uuid4().hex[:6]
    users = {role: f"{role}_{suffix}" for role in ("viewer", "editor", "admin")}
    for role, user in users.items():
        _login(pg_cluster, user)
        assert main(["grant", address, user, role]) == 0
    database = address.split("/")[3].split("?")[0]
    yield {"address": address, "users": users, "team": team, "rollout": rollout,
           "url": lambda role: pg_cluster.url(database, user=users[role])}


def test_the_server_refuses_a_viewers_write(shared):
    with psycopg.connect(shared["url"]("viewer"), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM teams").fetchone() == (1,)
        for statement in ("INSERT INTO rollouts (name) VALUES ('Mine')", "UPDATE teams SET name = 'X'",
                          "DELETE FROM rollouts"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)


def test_a_viewer_opens_read_only_and_still_reads(shared):
    with Workspace.open(shared["url"]("viewer")) as ws:
        assert ws.readonly and ws.server is not None and ws.server.role == "viewer"
        assert [t.name for t in ws.teams.list()] == ["Claims"]
        with pytest.raises(ReadOnlyWorkspaceError):
            ws.rollouts.create(name="Mine")


def test_an_editor_writes_records_but_the_server_refuses_the_roster_and_settings(shared):
    with Workspace.open(shared["url"]("editor")) as ws:
        assert not ws.readonly and ws.server is not None and ws.server.role == "editor"
        assert not ws.server.may_edit_roster and ws.server.may_edit_records
        ws.rollouts.create(name="Editor's rollout")
        with pytest.raises(PermissionRefusedError, match="may not change the teams .*admin role"):
            ws.teams.create("Billing")
        with pytest.raises(PermissionRefusedError, match="may not change the people"):
            ws.people.create(employee_id="E9", name="Nobody")
        with pytest.raises(PermissionRefusedError, match="settings"):
            ws.settings.set("minimum_group_size", 2)
        assert [t.name for t in ws.teams.list()] == ["Claims"]  # nothing of the refused writes
        assert ws.people.count() == 0 and ws.settings.minimum_group_size == 5
        assert "\n" not in str(PermissionRefusedError) and not ws.conn.in_transaction
    with psycopg.connect(shared["url"]("editor"), autocommit=True) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("UPDATE people SET name = 'X'")


def test_an_admin_may_write_everything(shared):
    with Workspace.open(shared["url"]("admin")) as ws:
        assert ws.server is not None and ws.server.role == "admin"
        ws.teams.create("Billing")
        ws.people.create(employee_id="E1", name="Ann")
        ws.settings.set("minimum_group_size", 6)
        assert ws.settings.minimum_group_size == 6


def test_grant_moves_a_user_between_roles_and_revoke_takes_them_away(shared, capsys):
    user = shared["users"]["editor"]
    assert main(["grant", shared["address"], user, "viewer"]) == 0
    assert f"{user} is now a viewer" in capsys.readouterr().out
    with Workspace.open(shared["url"]("editor")) as ws:
        assert ws.readonly and ws.server is not None and ws.server.role == "viewer"
    assert main(["revoke", shared["address"], user]) == 0
    assert "no longer holds tracker_viewer" in capsys.readouterr().out
    with psycopg.connect(shared["url"]("editor"), autocommit=True) as conn, \
            pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("SELECT count(*) FROM teams")


def test_grant_refuses_an_unknown_role_or_user_in_one_sentence(shared, capsys):
    assert main(["grant", shared["address"], shared["users"]["viewer"], "owner"]) != 0
    assert "'owner' is not a role: choose viewer, editor or admin." in capsys.readouterr().err
    assert main(["grant", shared["address"], "nobody_here", "viewer"]) != 0
    err = capsys.readouterr().err
    assert "has no user 'nobody_here'" in err and "Traceback" not in err


def test_a_user_who_may_not_make_roles_is_told_how_an_administrator_makes_them(pg_cluster, monkeypatch):
    """Roles belong to the whole server: fresh names stand in for missing ones."""
    suffix = uuid.uuid4().hex[:6]
    for role in ("viewer", "editor", "admin"):
        monkeypatch.setitem(server_roles.ROLES, role, f"tracker_{role}_{suffix}")
    owner = f"owner_{suffix}"
    _login(pg_cluster, owner)  # no CREATEROLE
    database = f"owned_{suffix}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {} OWNER {}").format(sql.Identifier(database), sql.Identifier(owner)))
    with Workspace.open(pg_cluster.url(database, user=owner)) as ws:
        assert ws.server is not None and ws.server.role == "admin"  # the owner may do everything
        assert f"CREATE ROLE tracker_viewer_{suffix} NOLOGIN;" in ws.server.note
        assert "administrator" in ws.server.note
    with psycopg.connect(pg_cluster.url(database, user=owner), autocommit=True) as conn, \
            pytest.raises(WorkspaceError, match="may not create them"):
        grant_role(conn, owner, "viewer")
    # Once an administrator made them, the owner's next open grants the privileges.
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        for name in server_roles.ROLES.values():
            admin.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(name)))
    with Workspace.open(pg_cluster.url(database, user=owner)) as ws:
        assert ws.server is not None and ws.server.note == ""
        viewer = server_roles.ROLES["viewer"]
        assert ws.scalar("SELECT has_table_privilege(?, 'rollouts', 'SELECT')", (viewer,)) == 1
        assert ws.scalar("SELECT has_table_privilege(?, 'rollouts', 'INSERT')", (viewer,)) == 0
    with psycopg.connect(pg_cluster.url(database, user=owner), autocommit=True) as conn:
        assert revoke_roles(conn, owner) == f"{owner} held no role of this shared workspace."


def test_a_user_who_may_not_make_tables_is_told_who_makes_the_workspace(pg_database, pg_cluster):
    user = f"nobody_{uuid.uuid4().hex[:6]}"
    _login(pg_cluster, user)
    with psycopg.connect(pg_database, autocommit=True) as owner:  # as PostgreSQL 15 has it by default
        owner.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    database = pg_database.split("/")[3].split("?")[0]
    with pytest.raises(WorkspaceError, match="holds no workspace yet, and this user may not make one there"):
        Workspace.open(pg_cluster.url(database, user=user))


def test_grant_on_a_file_is_a_usage_error(tmp_path, capsys):
    assert main(["grant", str(tmp_path / "desk.tracker"), "ann", "viewer"]) == 2
    assert "roles belong to a shared workspace" in capsys.readouterr().err
