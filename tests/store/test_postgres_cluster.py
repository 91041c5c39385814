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
