"""The tests' throwaway PostgreSQL cluster starts as a non-root user and gives each test a
database of its own, reachable only through its socket (tests/postgres_cluster.py)."""

from __future__ import annotations

import psycopg


def test_each_test_gets_an_empty_database_of_its_own(pg_cluster, pg_database):
    with psycopg.connect(pg_database) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] in pg_database
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
        conn.execute("CREATE TABLE t (id bigint PRIMARY KEY)")
    other = pg_cluster.create_database("another_one")
    with psycopg.connect(other) as conn:
        assert conn.execute("SELECT to_regclass('public.t')").fetchone()[0] is None


def test_the_server_listens_on_no_tcp_port_and_runs_as_no_root(pg_cluster):
    with psycopg.connect(pg_cluster.url()) as conn:
        assert conn.execute("SHOW listen_addresses").fetchone()[0] == ""
        assert conn.execute("SELECT setting FROM pg_settings WHERE name = 'data_directory'").fetchone()[0] \
            .startswith(str(pg_cluster.folder))
    owner = (pg_cluster.folder / "data").stat().st_uid
    assert owner != 0, "PostgreSQL's data folder must belong to a non-root user"


def _state(address: str) -> tuple[object, ...]:
    with psycopg.connect(address) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        role_types = conn.execute("SELECT * FROM role_types ORDER BY id").fetchall()
        sequences = conn.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1").fetchall()
    return counts, role_types, sequences


def test_a_reused_database_is_emptied_back_to_the_template(shared_workspace_pool):
    """The `workspace` fixture's databases are reused: what one test wrote (rows, a changed
    seeded row, used ids) is gone for the next, and a changed schema is not reused at all."""
    from tracker.store import Workspace

    address = shared_workspace_pool.take()
    fresh = _state(shared_workspace_pool.cluster.url(shared_workspace_pool.template))
    with Workspace.open(address) as ws:
        team = ws.teams.create("Operations")
        ws.people.create(employee_id="E1", name="Ada", team_id=team)
        ws.conn.execute("UPDATE role_types SET name = 'Renamed' WHERE id = (SELECT min(id) FROM role_types)")
        ws.conn.commit()
        left_open = Workspace.open(address)  # a connection a test forgot: ended, not waited for
        assert left_open.teams.list()
    shared_workspace_pool.give_back(address)
    again = shared_workspace_pool.take()
    assert again == address, "the emptied database is handed out again"
    assert _state(again) == fresh
    with Workspace.open(again) as ws:
        assert ws.teams.create("Operations") == team, "ids start where a new copy's start"
        ws.conn.execute("CREATE TABLE extra (id bigint)")
        ws.conn.commit()
    shared_workspace_pool.give_back(again)
    assert shared_workspace_pool.take() != again, "a database whose schema changed is dropped, not reused"
