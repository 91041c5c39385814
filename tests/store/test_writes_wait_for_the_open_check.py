"""Writes made outside Workspace.write (the stored training counts, the adoption refresh) also
wait for a deferred open-time quick_check: a file not yet known to be sound gets nothing."""

from __future__ import annotations

from tracker.store import Workspace, integrity
from tracker.store.training_status import current_counts, forget_kept, refresh_counts


def _stale(ws) -> int:
    return ws.conn.execute("SELECT COUNT(*) FROM training_counts_stale").fetchone()[0]


def test_training_counts_are_stored_only_after_the_check_passed(sample_copy, tmp_path, monkeypatch):
    path = sample_copy(tmp_path / "s.tracker")
    with Workspace.open(path) as ws:
        expected = current_counts(ws)
        forget_kept(ws)  # every module marked for recounting
    monkeypatch.setattr(integrity, "DEFER_CHECK_MIN_BYTES", 0)
    ws = Workspace.open(path, defer_check=True)
    try:
        assert ws.pending_check is not None and not ws.pending_check.finished
        marked = _stale(ws)
        assert marked > 0
        assert refresh_counts(ws) == 0  # not stored: the check has not run
        assert _stale(ws) == marked
        assert current_counts(ws) == expected  # the readers count the marked modules themselves
        assert ws.pending_check.run() is None
        assert refresh_counts(ws) == marked
        assert _stale(ws) == 0
        assert current_counts(ws) == expected
    finally:
        ws.close()


def test_the_adoption_refresh_runs_the_check_first(sample_copy, tmp_path, monkeypatch):
    path = sample_copy(tmp_path / "s.tracker")
    with Workspace.open(path) as ws:
        rollout_id = ws.rollouts.list()[0].id
        ws.conn.execute("INSERT OR IGNORE INTO adoption_stale (rollout_id) VALUES (?)", (rollout_id,))
        ws.conn.commit()
    monkeypatch.setattr(integrity, "DEFER_CHECK_MIN_BYTES", 0)
    ws = Workspace.open(path, defer_check=True)
    try:
        assert not ws.pending_check.finished
        assert ws.adoption.refresh() == [rollout_id]
        assert ws.pending_check.passed  # the refresh (a write) waited for, and here ran, the check
    finally:
        ws.close()
