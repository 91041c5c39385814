"""What a shared workspace's writes say on the `tracker_changes` channel (LISTEN/NOTIFY).

The payloads, sent inside the writing transaction so the server delivers them on commit:
'<change id>' for a change through the write door (the listener reads its tables from the
audit trail), 'settings' for a settings change (no change id), and '<change id> <tables>' for
a change the trail holds no rows of (the retention purge: rows of it would keep what it
erases). No database driver here, so writers import it without loading one.
"""

from __future__ import annotations

from collections.abc import Collection

CHANNEL = "tracker_changes"
SETTINGS_PAYLOAD = "settings"


def untrailed_payload(change_id: int, tables: Collection[str]) -> str:
    """The notification of change `change_id`, which wrote `tables` without audit rows."""
    return f"{change_id} {','.join(sorted(tables))}"


def change_id_of(payload: str) -> int | None:
    """The change id a notification names ('<id>' or '<id> <tables>'); None for 'settings'."""
    head = payload.split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def tables_named(payload: str) -> frozenset[str]:
    """The tables a '<change id> <tables>' notification names; empty for the other forms."""
    return frozenset(t for t in payload.partition(" ")[2].split(",") if t)
