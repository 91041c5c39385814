"""Retention: named resistance signals past the period lose the person (everywhere in the file),
team figures stay the same, and the purge is in the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest

from tracker.domain.readiness import SignalSource, SignalType
from tracker.store import Workspace
from tracker.store.retention import (
    months_before,
    purge_expired,
    retention_months,
    set_retention_months,
)

TODAY = dt.date(2026, 3, 15)
SECRET_OLD = "Ann-Quietly-Fears-For-Her-Job"
SECRET_OLD_NOTE = "Weekly-one-to-one-with-Ann"
SECRET_DELETED = "Bob-Said-He-Would-Quit"
SECRET_RECENT = "Cy-Struggles-With-The-Tool"


def figures(ws, rollout):
    return (ws.readiness.counts(rollout), ws.readiness.signals.severity_counts([rollout]),
            ws.query("SELECT team_id, type, severity, source, status, observed_on, resolved_on, "
                     "count(*) AS n FROM resistance_signals GROUP BY 1, 2, 3, 4, 5, 6, 7"))


def log(ws, org, person, on, description, mitigation=""):
    return ws.readiness.signals.log(
        rollout_id=org["rollout"], team_id=org["claims"], person_id=org[person], observed_on=on,
        type=SignalType("job_security"), severity=4, source=SignalSource("one_to_one"),
        description=description, mitigation=mitigation, as_of=TODAY)


@pytest.fixture
def signals(org):
    ws = org["ws"]
    old = log(ws, org, "ann", dt.date(2025, 1, 10), SECRET_OLD, SECRET_OLD_NOTE)
    ws.readiness.signals.update(old, description=SECRET_OLD + " (confirmed)", as_of=TODAY)
    gone = log(ws, org, "bob", dt.date(2025, 2, 1), SECRET_DELETED)
    ws.readiness.signals.delete([gone])
    recent = log(ws, org, "cy", dt.date(2026, 1, 5), SECRET_RECENT)
    team_level = ws.readiness.signals.log(
        rollout_id=org["rollout"], team_id=org["billing"], observed_on=dt.date(2024, 6, 1),
        type=SignalType("role_clarity"), severity=2, source=SignalSource("survey"),
        description="Billing unsure who approves", as_of=TODAY)
    return {**org, "old": old, "recent": recent, "team_level": team_level}


def file_bytes(ws) -> bytes:
    data = ws.path.read_bytes()
    wal = ws.path.with_name(ws.path.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def test_off_by_default_and_then_nothing_is_purged(signals):
    ws = signals["ws"]
    assert retention_months(ws) is None
    assert purge_expired(ws, today=TODAY) is None
    assert ws.readiness.signals.get(signals["old"]).person_id == signals["ann"]


@pytest.mark.sqlite_only("looks for the erased name in the file's bytes and its WAL")
def test_purge_keeps_the_figures_and_erases_the_person_from_the_file(signals):
    ws, rollout = signals["ws"], signals["rollout"]
    ws.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET_OLD.encode() in file_bytes(ws) and SECRET_DELETED.encode() in file_bytes(ws)
    before = figures(ws, rollout)
    set_retention_months(ws, 12)

    result = purge_expired(ws, today=TODAY)

    assert result.cutoff == dt.date(2025, 3, 15)
    assert result.signals == 1  # the deleted one only lives in the history, the recent is kept
    assert figures(ws, rollout) == before
    old = ws.readiness.signals.get(signals["old"])
    assert (old.person_id, old.description, old.mitigation) == (None, "", "")
    assert old.team_id == signals["claims"] and old.severity == 4
    recent = ws.readiness.signals.get(signals["recent"])
    assert recent.person_id == signals["cy"] and recent.description == SECRET_RECENT
    assert ws.readiness.signals.get(signals["team_level"]).description == "Billing unsure who approves"
    history = ws.query("SELECT before, after FROM audit WHERE entity = 'resistance_signals'")
    assert not any(SECRET_OLD in (h["before"] or "") + (h["after"] or "") for h in history)
    # the bytes are gone from the database file and its WAL, not only from the queries
    data = file_bytes(ws)
    for secret in (SECRET_OLD, SECRET_OLD_NOTE, SECRET_DELETED):
        assert secret.encode() not in data, secret
    assert SECRET_RECENT.encode() in data
    ws.close()
    on_disk = ws.path.read_bytes()
    assert SECRET_OLD.encode() not in on_disk and SECRET_DELETED.encode() not in on_disk


def test_the_purge_is_in_the_audit_trail_and_not_offered_for_undo(signals):
    ws = signals["ws"]
    set_retention_months(ws, 12)
    events = []
    ws.add_listener(events.append)
    result = purge_expired(ws, today=TODAY)
    [change] = [c for c in ws.audit.recent_changes() if c.id == result.change_id]
    assert change.label.startswith("Retention (12 months): erased the names from 1 resistance")
    assert ws.audit.entries(result.change_id) == []  # no images: they would hold the names
    assert [e.change_id for e in events] == [None]
    again = purge_expired(ws, today=TODAY)
    assert (again.signals, again.history_entries, again.change_id) == (0, 0, None)


def test_undoing_an_older_edit_of_a_purged_signal_brings_no_name_back(signals):
    ws = signals["ws"]
    [edit] = [r["change_id"] for r in ws.query(
        "SELECT change_id FROM audit WHERE entity = 'resistance_signals' AND entity_id = ? "
        "AND action = 'update'", (signals["old"],))]
    set_retention_months(ws, 12)
    purge_expired(ws, today=TODAY)
    ws.audit.undo(edit)  # the images agree with the scrubbed record: no conflict
    old = ws.readiness.signals.get(signals["old"])
    assert (old.person_id, old.description) == (None, "")


def test_the_setting_travels_with_the_file(tmp_path):
    path = tmp_path / "org.tracker"
    with Workspace.open(path) as ws:
        set_retention_months(ws, 24)
    with Workspace.open(path) as ws:
        assert retention_months(ws) == 24
        set_retention_months(ws, None)
        assert retention_months(ws) is None
        with pytest.raises(ValueError):
            set_retention_months(ws, 0)


@pytest.mark.parametrize("day, months, expected", [
    (dt.date(2026, 3, 15), 12, dt.date(2025, 3, 15)),
    (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),
    (dt.date(2026, 1, 10), 3, dt.date(2025, 10, 10)),
    (dt.date(2024, 2, 29), 12, dt.date(2023, 2, 28)),
])
def test_months_before(day, months, expected):
    assert months_before(day, months) == expected
