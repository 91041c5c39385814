"""Live updates of a shared workspace: a change committed in one Workspace reaches the listeners
of another open on the same database within 2 s (LISTEN/NOTIFY, engine/change_listener.py)."""

from __future__ import annotations

import queue
import time
from collections.abc import Iterator

import psycopg
import pytest

from tracker.store import Workspace
from tracker.store.engine.change_listener import ServerChangeListener
from tracker.store.events import ChangeEvent
from tracker.store.workspace_shared import start_listening

LIVE_SECONDS = 2.0


@pytest.fixture
def two(pg_database) -> Iterator[tuple[Workspace, Workspace]]:
    address = pg_database
    mine, theirs = Workspace.open(address), Workspace.open(address)
    yield mine, theirs
    mine.close()
    theirs.close()


def _listen(ws: Workspace, **options) -> tuple[ServerChangeListener, queue.Queue[ChangeEvent], list[str]]:
    heard: queue.Queue[ChangeEvent] = queue.Queue()
    statuses: list[str] = []
    listener = start_listening(ws, lambda event: (heard.put(event), ws.notify(event)),
                               on_status=statuses.append, **options)
    assert listener.wait_until_listening(10)
    return listener, heard, statuses


def test_a_write_in_one_workspace_reaches_the_others_listeners_within_two_seconds(two):
    mine, theirs = two
    announced: list[ChangeEvent] = []
    mine.add_listener(announced.append)  # what the window's pages follow
    listener, heard, _ = _listen(mine)
    try:
        started = time.monotonic()
        team = theirs.teams.create("Claims")
        event = heard.get(timeout=LIVE_SECONDS)
        took = time.monotonic() - started
    finally:
        listener.stop()
    assert took < LIVE_SECONDS
    assert event.by_other and event.tables == frozenset({"teams"}) and event.areas == frozenset({"organisation"})
    assert event.change_id == theirs.audit.recent_changes(1)[0].id
    assert "Claims" in event.label
    assert announced == [event]  # through the same broadcast as a local edit
    assert mine.teams.get(team).name == "Claims"  # and it is there to read


def test_ones_own_writes_and_rolled_back_ones_are_not_heard_as_others(two):
    mine, theirs = two
    listener, heard, _ = _listen(mine)
    try:
        mine.teams.create("Mine")  # announced by the write itself, not again as someone else's
        worker = mine.for_thread()  # a worker thread's connection is ours too
        worker.teams.create("Worker's")
        with pytest.raises(RuntimeError), theirs.write("Abandoned") as w:
            w.insert("teams", {"name": "Never"})
            raise RuntimeError("rolled back")
        theirs.settings.set("minimum_group_size", 7)
        event = heard.get(timeout=LIVE_SECONDS)
        worker_session = worker.conn.raw.info.backend_pid
        assert worker_session in mine.server.sessions
        worker.close()
        assert worker_session not in mine.server.sessions  # the server may give the pid to another
    finally:
        listener.stop()
    assert event.tables == frozenset({"settings"}) and event.by_other and event.change_id is None
    assert heard.empty()
    assert mine.settings.minimum_group_size == 7


def test_a_retention_purge_reaches_the_others_though_it_leaves_no_audit_rows(two):
    """The purge records no before/after images (they would keep what it erases), so it names
    the tables it changed in its notification; others' pages reload the erased names."""
    import datetime as dt

    from tracker.domain.readiness import SignalSource, SignalType
    from tracker.store.retention import purge_expired, set_retention_months

    mine, theirs = two
    team = theirs.teams.create("Claims")
    ann = theirs.people.create(employee_id="E1", name="Ann", team_id=team)
    rollout = theirs.rollouts.create(name="Assistant", owner_id=ann)
    signal = theirs.readiness.signals.log(
        rollout_id=rollout, team_id=team, person_id=ann, observed_on=dt.date(2025, 1, 10),
        type=SignalType("job_security"), severity=4, source=SignalSource("one_to_one"),
        description="Ann fears for her job", as_of=dt.date(2026, 3, 15))
    set_retention_months(theirs, 12)
    listener, heard, _ = _listen(mine)
    try:
        result = purge_expired(theirs, today=dt.date(2026, 3, 15))
        event = heard.get(timeout=LIVE_SECONDS)
    finally:
        listener.stop()
    assert result.signals == 1 and result.change_id is not None
    assert event.by_other and event.tables == frozenset({"resistance_signals"})
    assert event.change_id == result.change_id and event.label.startswith("Retention (12 months)")
    assert mine.readiness.signals.get(signal).person_id is None


def test_the_listener_reconnects_after_the_server_drops_it_and_catches_up(two, pg_cluster):
    mine, theirs = two
    listener, heard, statuses = _listen(mine, retry_seconds=0.2)
    try:
        with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (listener.session,))
        deadline = time.monotonic() + 5
        while not any("stopped" in s for s in statuses) and time.monotonic() < deadline:
            time.sleep(0.02)
        theirs.people.create(employee_id="E1", name="Made while it was away")  # maybe missed: caught up
        deadline = time.monotonic() + 5
        while not any("back" in s for s in statuses) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("back" in s for s in statuses), statuses
        events = [heard.get(timeout=LIVE_SECONDS)]
        theirs.teams.create("After")
        while not any("teams" in e.tables for e in events):
            events.append(heard.get(timeout=LIVE_SECONDS))
    finally:
        listener.stop()
    assert "connection to its server was lost" in statuses[0]
    assert any("people" in e.tables for e in events)
    assert all(e.by_other for e in events)


def test_stop_ends_the_thread_and_closes_its_connection(two, pg_cluster):
    mine, _theirs = two
    listener, _heard, _ = _listen(mine)
    pid = listener.session
    listener.stop()
    assert not listener.running
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        gone = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", (pid,)).fetchone()
    assert gone == (0,)


def test_a_file_has_no_others_to_hear(tmp_path):
    from tracker.store.errors import WorkspaceError

    with Workspace.open(tmp_path / "w.tracker") as ws, pytest.raises(WorkspaceError, match="only a shared"):
        start_listening(ws, lambda _event: None)
