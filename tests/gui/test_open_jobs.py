"""The check, retention purge and daily backup run after the window shows a big workspace.

A big file's quick_check is deferred (tracker/store/integrity.py DEFER_CHECK_MIN_BYTES); here
the threshold is lowered so that small test files take the same path as a 185 MB workspace.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtWidgets import QMessageBox
from window_fixtures import context, messages, pages, window  # noqa: F401 - fixtures

from tracker.domain.readiness import SignalSource, SignalType
from tracker.store import Workspace, WorkspaceError, integrity
from tracker.store.backup import list_backups
from tracker.store.retention import set_retention_months

pytestmark = pytest.mark.gui
PAGE = 4096


@pytest.fixture
def deferred(monkeypatch):
    monkeypatch.setattr(integrity, "DEFER_CHECK_MIN_BYTES", 0)


@pytest.fixture
def slow_check(monkeypatch, deferred):
    """The check blocks until the test releases it (`release.set()`)."""
    release, started = threading.Event(), threading.Event()
    real = integrity.quick_check

    def quick_check(conn):
        started.set()
        release.wait(10)
        return real(conn)

    monkeypatch.setattr(integrity, "quick_check", quick_check)
    yield release, started
    release.set()


def make_workspace(path, *, retention=False):
    with Workspace.open(path) as ws:
        team = ws.teams.create("Claims")
        ann = ws.people.create(employee_id="E1", name="Ann", team_id=team)
        rollout = ws.rollouts.create(name="Copilot")
        ws.readiness.signals.log(rollout_id=rollout, team_id=team, person_id=ann,
                                 observed_on=dt.date(2020, 5, 1), type=SignalType("job_security"),
                                 severity=3, source=SignalSource("one_to_one"),
                                 description="Ann-Worried")
        if retention:
            set_retention_months(ws, 6)
    return path


def damage_reported_for(path, monkeypatch, times=None):
    """quick_check reports damage for the file at `path` (`times` times; None: always), and
    checks every other file (its backups) for real."""
    real, count = integrity.quick_check, [0]

    def quick_check(conn):
        checked = conn.execute("PRAGMA database_list").fetchone()[2]
        if checked == str(path) and (times is None or count[0] < times):
            count[0] += 1
            return "*** in database main ***; Page 7: btree"
        return real(conn)

    monkeypatch.setattr(integrity, "quick_check", quick_check)


def jobs_done(window, qtbot):
    qtbot.waitUntil(lambda: not window.files.open_jobs.running, timeout=10_000)


def test_the_window_shows_the_workspace_before_the_check_finishes(window, qtbot, tmp_path, slow_check):
    release, started = slow_check
    path = make_workspace(tmp_path / "org.tracker")
    assert window.files.open_path(path)
    ws = window.context.workspace
    assert ws is not None and ws.pending_check is not None and not ws.pending_check.finished
    assert window.body.currentWidget() is window.splitter  # the workspace is on screen
    qtbot.waitUntil(started.is_set, timeout=5_000)  # after the paint, on its own thread
    assert window.files.open_jobs.running
    release.set()
    jobs_done(window, qtbot)
    assert ws.pending_check.passed and window.context.workspace is ws
    assert len(list_backups(path)) == 1  # the daily backup followed the check


def test_a_write_during_the_check_waits_for_its_verdict(window, qtbot, tmp_path, slow_check):
    release, started = slow_check
    path = make_workspace(tmp_path / "org.tracker")
    assert window.files.open_path(path)
    ws = window.context.workspace
    qtbot.waitUntil(started.is_set, timeout=5_000)
    threading.Timer(0.3, release.set).start()
    ws.teams.create("Sales")  # blocks until the check passed, then is written
    assert ws.pending_check.passed
    assert "Sales" in {t.name for t in ws.teams.list()}
    jobs_done(window, qtbot)


def test_retention_and_backup_follow_the_check(window, qtbot, tmp_path, deferred):
    path = make_workspace(tmp_path / "org.tracker", retention=True)
    shown = []
    window.files.status_message.connect(shown.append)
    assert window.files.open_path(path)
    jobs_done(window, qtbot)
    ws = window.context.workspace
    assert ws.scalar("SELECT count(*) FROM resistance_signals WHERE person_id IS NULL") == 1
    assert any("Removed the names from 1 resistance signals" in s for s in shown)
    [backup] = list_backups(path)
    with Workspace.open(backup.path, readonly=True) as copy:  # made after the purge
        assert copy.scalar("SELECT count(*) FROM resistance_signals WHERE person_id IS NULL") == 1


def test_a_failed_check_offers_the_restore_and_nothing_is_written(window, qtbot, messages, tmp_path,
                                                                  deferred, monkeypatch):
    path = make_workspace(tmp_path / "org.tracker")
    with Workspace.open(path) as ws:
        from tracker.store.backup import make_daily_backup

        make_daily_backup(ws, now=dt.datetime(2026, 3, 2, 9, 0))
    # What SQLite says about a damaged page, for the file as it is (a real damaged file is in
    # test_damaged_workspace.py; here the damage must not trip the pages before the check).
    damage_reported_for(path, monkeypatch)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    before = path.read_bytes()
    assert window.files.open_path(path)
    ws = window.context.workspace
    with pytest.raises(WorkspaceError, match="damaged"):
        ws.teams.create("Sales")  # refused: the verdict is in before anything is written
    jobs_done(window, qtbot)
    assert window.context.workspace is None  # closed, the restore offered (and declined here)
    assert not list(tmp_path.glob("org.damaged-*"))
    assert len(list_backups(path)) == 1  # no backup of the damaged file
    assert path.read_bytes() == before


def test_a_confirmed_restore_after_the_check_reopens_the_good_copy(window, qtbot, tmp_path, deferred,
                                                                   monkeypatch):
    path = make_workspace(tmp_path / "org.tracker")
    with Workspace.open(path) as ws:
        from tracker.store.backup import make_daily_backup

        make_daily_backup(ws, now=dt.datetime(2026, 3, 2, 9, 0))
    damage_reported_for(path, monkeypatch, times=1)  # the restored file passes
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    assert window.files.open_path(path)
    qtbot.waitUntil(lambda: bool(asked) and window.context.workspace is not None, timeout=10_000)
    assert "Restore from the latest backup" in asked[0]
    [aside] = tmp_path.glob("org.damaged-*.tracker")
    assert aside.exists() and window.context.workspace.path == path
    jobs_done(window, qtbot)


def test_closing_during_the_check_still_makes_the_due_backup(window, qtbot, tmp_path, slow_check):
    release, started = slow_check
    path = make_workspace(tmp_path / "org.tracker")
    assert window.files.open_path(path)
    qtbot.waitUntil(started.is_set, timeout=5_000)
    release.set()  # (the check stops at its next step once the window closes)
    window.close()
    assert window.context.workspace is None
    assert len(list_backups(path)) == 1


def test_small_files_are_still_checked_on_open(tmp_path):
    path = make_workspace(tmp_path / "org.tracker")
    with Workspace.open(path, defer_check=True) as ws:
        assert ws.pending_check is None  # below the threshold: checked in open(), as before
    with Workspace.open(path) as ws:  # the command line never defers
        assert ws.pending_check is None
