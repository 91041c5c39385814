"""Which of an import's keys are recorded already, asking the file only about what may be new.

A weekly usage report (a snapshot) repeats most of the previous week's dates: a person's
last-activity date that did not move is the same (rollout, person, day) key, recorded by the
previous import. Looking every key up costs a primary-key seek each (1.6 million per report of
300,000 people), most of them for keys the previous import has just written.

So the workspace's `Adoption` remembers the keys of the last file it imported, with the state
of the workspace right after that import (`marker`: the latest change and the live batches).
The next look-up sends SQLite only the keys not among them, as long as the marker still
holds: any write since (an undo, a redo, a retention purge, another import, by this or another
connection) changes it, and then every key is looked up again. The answer is the same either
way; only the number of seeks differs.

Only a file workspace (SQLite) remembers: a shared PostgreSQL workspace has concurrent writers
whose change ids need not commit in order, so there every key is looked up.
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING

from tracker.store import usage_batches
from tracker.store.adoption_rollup import isin_sorted
from tracker.store.usage_retention import kept_from as usage_kept_from

if TYPE_CHECKING:
    import numpy as np

    from tracker.store.workspace import Workspace

_DAY_MASK = (1 << 20) - 1
_MARKER = ("SELECT (SELECT max(id) FROM changes), (SELECT max(id) FROM usage_imports), "
           "(SELECT count(*) FROM usage_imports)")

Marker = tuple[object, ...]


def marker(conn: sqlite3.Connection) -> Marker:
    """What any write that could change the live events changes: the latest change (every write
    records one, undo and redo included) and the live batches."""
    return tuple(conn.execute(_MARKER).fetchone())


class RecordedKeys:
    """The keys known to be live events as of a marker (see the module docstring)."""

    def __init__(self, ws: Workspace):
        self.ws = ws
        self.remembers = ws.engine == "sqlite"
        self._known: tuple[Marker, np.ndarray] | None = None  # keys all recorded as of the marker
        self._asked: tuple[Marker, np.ndarray] | None = None  # the last keys looked up, as of the marker

    @property
    def conn(self) -> sqlite3.Connection:
        return self.ws.conn

    def unrecorded_among(self, keys: np.ndarray) -> np.ndarray:
        """Those of these distinct, sorted keys that are not live events, sorted."""
        now = marker(self.conn)
        if self.remembers:
            self._asked = (now, keys)
        if now[2] == 0:
            return keys  # no batch is live: nothing is recorded
        ask = keys
        if self._known is not None and self._known[0] == now:
            ask = keys[~isin_sorted(keys, self._known[1])]
        return usage_batches.unrecorded_among(self.conn, ask) if len(ask) else ask

    def forget(self) -> None:
        self._known = None

    def looked_up_now(self, seen: np.ndarray | None) -> bool:
        """Inside the import's write, before anything is written: whether `seen` (the file's
        keys) is what the last look-up asked about and nothing was written since."""
        self._known = None
        if not self.remembers or seen is None or self._asked is None or self._asked[1] is not seen:
            return False
        return marker(self.conn) == self._asked[0]

    def remember(self, seen: np.ndarray) -> None:
        """Inside the import's write, after its events are written: every key of the file is a
        live event once it commits, except those before the retention cutoff, which are never
        recorded. The marker read here is the one the committed write leaves."""
        first = usage_kept_from(self.conn)
        recorded = seen[(seen & _DAY_MASK) >= first] if first else seen
        self._known = (marker(self.conn), recorded)
