"""An edit of a record someone deleted after the editor read it is a stale edit like any other
(both engines): refused with who deleted it and when, so the window's conflict dialog says so
and offers only to keep theirs. Without a version read, a plain "no longer exists"."""

from __future__ import annotations

import pytest
from deletable_records import KINDS, Kind

from tracker.store.errors import StaleRecordError, StoreValidationError


@pytest.mark.parametrize("kind", KINDS.values(), ids=KINDS.keys())
def test_an_edit_of_a_record_deleted_since_it_was_read_is_a_stale_edit(org, kind: Kind):
    ws = org["ws"]
    record = kind.make(org)
    ws.user = "bea"
    kind.delete(ws, record)
    ws.user = "al"
    changes = ws.scalar("SELECT COUNT(*) FROM changes")
    with pytest.raises(StaleRecordError) as refused:
        kind.edit(ws, record, 1)
    error = refused.value
    assert error.current is None and error.current_version is None and error.changed_by == "bea"
    assert str(error).startswith(f"This {kind.noun} was deleted by bea at ")
    # Found in the trail: the dialog could show the record as the editor read it.
    assert error.read is not None and error.read["id"] == record
    # Without a version read (a script), the plain refusal; either way nothing is written.
    with pytest.raises(StoreValidationError, match="no longer exists"):
        kind.edit(ws, record, None)
    assert ws.scalar("SELECT COUNT(*) FROM changes") == changes
    assert ws.scalar(f"SELECT COUNT(*) FROM {kind.table}") == 0
