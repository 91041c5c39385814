"""Other people's changes to a shared workspace, heard as they commit (PostgreSQL LISTEN/NOTIFY).

Every write to a shared workspace ends with `NOTIFY tracker_changes, '<change id>'` inside its
transaction (Workspace.write), so the server delivers it on commit and never for a rolled-back
write; a settings change and a change the trail holds no rows of (the retention purge) send the
other payloads of notifications.py. `ServerChangeListener` holds
its own connection that LISTENs, in a thread of its own (no Qt here: the window hands the events
to its GUI thread, tracker/ui/live_updates.py). For each notification not sent by one of this
workspace's own connections (their backend pids, `ServerSession.sessions`: those changes were
announced already by the write itself) it reads the change's tables and label from the audit
trail and calls `on_change` with a ChangeEvent marked `by_other`.

When the server drops the connection (a restart, a network cut), the listener says so through
`on_status`, tries again every `retry_seconds`, and once back catches up: changes committed
meanwhile (ids above the highest it knew, not yet delivered) are announced as one event, so a
page never keeps showing what was true before the cut.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Collection
from typing import Any

import psycopg

from tracker.store.engine.notifications import CHANNEL, SETTINGS_PAYLOAD, change_id_of, tables_named
from tracker.store.events import ChangeEvent

log = logging.getLogger(__name__)

#: How long one wait for notifications lasts before the thread looks whether it should stop.
POLL_SECONDS = 0.25


class ServerChangeListener:
    """LISTEN on a shared workspace's server in a thread; see the module's docstring.

    ``own_sessions()`` returns the backend pids whose notifications are ours (read at each one,
    as worker threads open connections of their own). ``on_status(text)`` hears "connection
    lost" and "connection back" sentences; ``connect()`` makes a new psycopg connection.
    """

    def __init__(self, connect: Callable[[], psycopg.Connection[Any]], on_change: Callable[[ChangeEvent], None],
                 *, own_sessions: Callable[[], Collection[int]] = frozenset,
                 on_status: Callable[[str], None] | None = None, retry_seconds: float = 2.0,
                 name: str = "the shared workspace"):
        self._connect = connect
        self._on_change = on_change
        self._own_sessions = own_sessions
        self._on_status = on_status or (lambda _text: None)
        self._retry_seconds = retry_seconds
        self._name = name
        self._stop = threading.Event()
        self._listening = threading.Event()
        self._thread: threading.Thread | None = None
        self._conn: psycopg.Connection[Any] | None = None
        self._known_top = 0  # the highest change id in the trail when we (re)connected
        self._delivered: set[int] = set()  # ids above _known_top seen since, to catch up without repeats

    # -------------------------------------------------------------- lifecycle
    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="shared-workspace-listener", daemon=True)
        self._thread.start()

    def wait_until_listening(self, timeout: float = 10.0) -> bool:
        """Whether the LISTEN is in place (for callers that must not miss a change made next)."""
        return self._listening.wait(timeout)

    def stop(self, timeout: float = 5.0) -> None:
        """End the thread (within about POLL_SECONDS) and close its connection."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)
        self._thread = None

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def session(self) -> int | None:
        """The listening connection's backend pid (None while disconnected)."""
        conn = self._conn
        return conn.info.backend_pid if conn is not None and not conn.closed else None

    # -------------------------------------------------------------- the thread
    def _run(self) -> None:
        lost = False
        while not self._stop.is_set():
            try:
                self._conn = self._connect()
                self._conn.autocommit = True
                self._conn.execute(f"LISTEN {CHANNEL}")
                caught_up = self._catch_up() if lost else None
                self._known_top = self._top_change()
                self._delivered.clear()
                self._listening.set()
                if lost:
                    lost = False
                    self._on_status(f"Live updates from {self._name} are back.")
                    if caught_up is not None:  # (None only on the first connection)
                        self._on_change(caught_up)
                self._listen(self._conn)
            except Exception as e:  # a dropped connection, or a server refusing us: try again later
                if self._stop.is_set():
                    break
                self._listening.clear()
                if not lost:
                    log.info("live updates lost: %s", e)
                    lost = True
                    self._on_status(f"Live updates from {self._name} stopped: the connection to its server "
                                    "was lost. Trying again…")
                self._stop.wait(self._retry_seconds)
            finally:
                self._close()
        self._listening.clear()
        self._close()

    def _listen(self, conn: psycopg.Connection[Any]) -> None:
        while not self._stop.is_set():
            # Taken out of the generator before reading the trail: it holds the connection
            # while it runs. Those arriving meanwhile wait in psycopg's backlog for the next round.
            for note in list(conn.notifies(timeout=POLL_SECONDS, stop_after=1)):
                if note.pid in self._own_sessions():
                    self._remember(note.payload)
                    continue
                event = self._event(conn, note.payload)
                if event is not None:
                    self._on_change(event)
                if self._stop.is_set():
                    return

    def _close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    # -------------------------------------------------------------- reading the trail
    def _remember(self, payload: str) -> None:
        change_id = change_id_of(payload)
        if change_id is not None:
            self._delivered.add(change_id)

    def _event(self, conn: psycopg.Connection[Any], payload: str) -> ChangeEvent | None:
        """The ChangeEvent of one notification; None for one this version does not know."""
        if payload == SETTINGS_PAYLOAD:
            return ChangeEvent(frozenset({"settings"}), None, "Settings changed", by_other=True)
        change_id = change_id_of(payload)
        if change_id is None:
            return None
        self._delivered.add(change_id)
        row = conn.execute("SELECT label, reverts_id FROM changes WHERE id = %s", (change_id,)).fetchone()
        tables = tables_named(payload) or frozenset(r[0] for r in conn.execute(
            "SELECT DISTINCT entity FROM audit WHERE change_id = %s", (change_id,)))
        if row is None or not tables:
            return None
        return ChangeEvent(tables, change_id, str(row[0]), row[1], by_other=True)

    def _top_change(self) -> int:
        if self._conn is None:
            return 0
        row = self._conn.execute("SELECT coalesce(max(id), 0) FROM changes").fetchone()
        return int(row[0]) if row else 0

    def _catch_up(self) -> ChangeEvent:
        """One event for what may have changed while the connection was lost: the tables of the
        changes above the highest id known then that were not announced, and the settings."""
        assert self._conn is not None
        rows = self._conn.execute(
            """SELECT DISTINCT a.entity FROM changes c JOIN audit a ON a.change_id = c.id
               WHERE c.id > %s AND NOT (c.id = ANY(%s))""",
            (self._known_top, sorted(self._delivered))).fetchall()
        # Settings changes leave no trail: they may have happened too, and are cheap to re-read.
        tables = frozenset(r[0] for r in rows) | {"settings"}
        return ChangeEvent(tables, None, "Changes made while disconnected", by_other=True)
