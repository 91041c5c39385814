"""A viewer of a shared workspace (server role tracker_viewer, engine/server_roles.py) exports the
status report like anyone else: read-only, and the small-group rule hides a small team's figures."""

from __future__ import annotations

import uuid

import psycopg
from psycopg import sql
from test_small_group_reasons import _report_texts, small_team_rollout

from tracker.store import Workspace
from tracker.store.engine.server_roles import grant_role


def test_a_viewers_report_export_hides_small_groups(pg_database, pg_cluster, tmp_path):
    with Workspace.open(pg_database) as ws:  # the owner fills it: a team of 2, highly affected
        small_team_rollout(ws)
    user = f"viewer_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user)))
    with psycopg.connect(pg_database, autocommit=True) as owner:
        grant_role(owner, user, "viewer")
    database = pg_database.split("/")[3].split("?")[0]

    with Workspace.open(pg_cluster.url(database, user=user)) as viewer:
        assert viewer.readonly and viewer.server is not None and viewer.server.role == "viewer"
        reasons, why = _report_texts(viewer, tmp_path)
    for text in (reasons, why):
        assert "Resistance: suppressed: fewer than 5 people" in text, text
        assert "ADKAR: suppressed: fewer than 5 people" in text, text
        assert "2 unresolved" not in text and "Desire" not in text and "at a barrier" not in text, text
