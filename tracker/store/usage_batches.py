"""The usage log's bulk path: events of one import batch written without per-row audit.

See tracker/store/adoption.py for how a batch, its undo and the weekly figures fit together;
this module only writes and reads the events. Keys are numpy int64: rollout << 44 | person << 20
| day (the day's ordinal).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tracker.store import adoption_increment as increment
from tracker.store import adoption_rollup as rollup
from tracker.store.convert import from_date
from tracker.store.errors import StoreValidationError
from tracker.store.usage_retention import kept_from as usage_kept_from

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike

    from tracker.store.audit import AuditedWriter



def recorded_keys(conn: sqlite3.Connection, rollout_ids: Iterable[int]) -> np.ndarray:
    """Live events of these rollouts as numpy int64 keys (rollout << 44 | person << 20 | day),
    sorted: what an import compares its rows with to count what is new."""
    import numpy as np

    parts = [(rid << 44) | rollup.live_events(conn, rid) for rid in sorted(set(rollout_ids))]
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def unrecorded_among(conn: sqlite3.Connection, keys: np.ndarray) -> np.ndarray:
    """Those of these distinct keys (as in `recorded_keys`) that are not live events, sorted: a
    look-up of each key on the events' primary key, so an import's preview costs what its file
    holds, not what the workspace has recorded before. Only the unrecorded keys come back as
    text: in a weekly report most are recorded already."""
    import numpy as np

    live = rollup.live_batch_test(conn, "e.import_id")
    parts = []
    for start in range(0, len(keys), _EVENT_CHUNK):
        chunk = keys[start:start + _EVENT_CHUNK]
        text = conn.execute(
            f"""SELECT group_concat(k.key) FROM (SELECT CAST(value AS INTEGER) AS key FROM json_each(?)) AS k
                WHERE NOT EXISTS (SELECT 1 FROM usage_events e WHERE e.rollout_id = k.key >> 44
                                  AND e.person_id = (k.key >> 20) & 16777215 AND e.day = k.key & 1048575
                                  AND {live})""",
            ("[" + ",".join(map(str, chunk.tolist())) + "]",)).fetchone()[0]
        if text:
            parts.append(np.fromstring(text, dtype=np.int64, sep=","))
    return np.sort(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def record_usage(w: AuditedWriter, keys: ArrayLike, *, source: str, rows: int, unknown_people: int = 0) -> int:
    """The bulk path inside the caller's write (the import's, or the sample workspace's);
    returns how many events were new (0: the caller should not keep the write).

    The weekly figures of a rollout whose figures are current are updated for the new events
    alone (tracker/store/adoption_increment.py, planned before the events are written, since it
    compares them with the recorded ones); the others are recounted.
    """
    import numpy as np

    keys = rollup.unique(np.asarray(keys, dtype=np.int64))
    conn = w.ws.conn
    kept_from = usage_kept_from(conn)
    if kept_from and len(keys):  # past the retention period: their weeks are frozen figures
        keys = keys[(keys & rollup.DAY_MASK) >= kept_from]
    if not len(keys):
        return 0
    rollout_of = keys >> 44
    rollout_ids = [int(r) for r in rollup.unique(rollout_of)]
    known = {r for (r,) in conn.execute("SELECT id FROM rollouts")}
    if any(r not in known for r in rollout_ids):
        raise StoreValidationError("A rollout of this import no longer exists.")
    days = keys & rollup.DAY_MASK
    # Rollouts with no event in effect yet: their live events will be exactly this batch's,
    # so the roll-up need not read them back.
    fresh = [r for r in rollout_ids if conn.execute(
        "SELECT 1 FROM usage_events WHERE rollout_id = ? AND import_id IN "
        "(SELECT id FROM usage_imports) LIMIT 1", (r,)).fetchone() is None]
    bounds = {r: np.searchsorted(rollout_of, [r, r + 1]) for r in rollout_ids}
    role = rollup.end_user_role_id(conn)
    changes = {}
    for r in rollout_ids:
        if r not in fresh:
            lo, hi = bounds[r]
            change = increment.plan(conn, r, keys[lo:hi] & ((1 << 44) - 1), role)
            if change is not None:
                changes[r] = change
    batch = w.insert("usage_imports", {
        "source": source, "imported_at": dt.datetime.now().isoformat(timespec="seconds"),
        "rows": rows, "uses": 0, "unknown_people": unknown_people,
        "first_day": from_date(dt.date.fromordinal(int(days.min()))),
        "last_day": from_date(dt.date.fromordinal(int(days.max()))),
        "rollouts": json.dumps(rollout_ids)})
    new = _insert_events(conn, keys, batch)
    if new == 0:
        return 0
    w.update("usage_imports", batch, {"uses": new})
    for change in changes.values():
        increment.apply(conn, change)
    known_events = {r: keys[bounds[r][0]:bounds[r][1]] & ((1 << 44) - 1) for r in fresh}
    rollup.recompute(conn, [r for r in rollout_ids if r not in changes], role, known_events=known_events)
    return new


_EVENT_CHUNK = 500_000


def _insert_events(conn: sqlite3.Connection, keys: np.ndarray, batch: int) -> int:
    """Insert sorted event keys for a batch; the number of events written.

    The keys travel as JSON text decoded by SQLite's json_each, which is twice as fast as an
    executemany binding four parameters per row. An event already recorded stays with its
    batch; one that only an undone batch held is taken over, so importing it again after an
    undo counts it again.
    """
    written = 0
    for start in range(0, len(keys), _EVENT_CHUNK):
        chunk = keys[start:start + _EVENT_CHUNK]
        written += conn.execute(
            """INSERT INTO usage_events (rollout_id, person_id, day, import_id)
               SELECT key >> 44, (key >> 20) & 16777215, key & 1048575, ?
               FROM (SELECT CAST(value AS INTEGER) AS key FROM json_each(?)) AS keys WHERE true
               ON CONFLICT (rollout_id, person_id, day) DO UPDATE SET import_id = excluded.import_id
               WHERE usage_events.import_id NOT IN (SELECT id FROM usage_imports)""",
            (batch, "[" + ",".join(map(str, chunk.tolist())) + "]")).rowcount  # inserted or taken over
    return written
