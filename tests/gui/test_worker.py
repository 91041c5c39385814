"""The background worker: results, progress, errors and cancel reach the GUI thread."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QPushButton, QWidget

from tracker.store import StoreValidationError
from tracker.ui.context import AppContext
from tracker.ui.worker import WorkCancelled, Worker, publish_events, show_progress

pytestmark = pytest.mark.gui


def _on_gui_thread() -> bool:
    return QThread.currentThread() is QApplication.instance().thread()


def test_result_is_delivered_on_the_gui_thread(qtbot):
    seen = {}

    def work(a, b, *, progress, cancelled):
        seen["thread"] = threading.current_thread()
        return a + b

    worker = Worker(work, 2, b=3)
    received = []
    worker.finished.connect(lambda value: received.append((value, _on_gui_thread())))
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
    assert received == [(5, True)]
    assert seen["thread"] is not threading.main_thread()
    assert not worker.running


def test_progress_reports_arrive_in_order(qtbot):
    def work(*, progress, cancelled):
        for n in (10, 50, 100):
            progress(n, f"step {n}")
        progress(100, "step 100")  # an exact repeat is dropped
        return "ok"

    worker = Worker(work)
    reports = []
    worker.progress.connect(lambda n, text: reports.append((n, text, _on_gui_thread())))
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
    assert reports == [(10, "step 10", True), (50, "step 50", True), (100, "step 100", True)]


def test_errors_give_a_message_and_details(qtbot):
    def work(*, progress, cancelled):
        raise StoreValidationError("Row 3 has no employee id.")

    worker = Worker(work)
    failures = []
    worker.failed.connect(lambda message, details: failures.append((message, details)))
    worker.finished.connect(lambda _v: pytest.fail("should not finish"))
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
    [(message, details)] = failures
    assert message == "Row 3 has no employee id."
    assert "Traceback" in details and "StoreValidationError" in details


def test_unexpected_errors_are_named(qtbot):
    def work(*, progress, cancelled):
        return 1 / 0

    worker = Worker(work)
    failures = []
    worker.failed.connect(lambda message, details: failures.append(message))
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
    assert failures == ["ZeroDivisionError: division by zero"]


def test_cancel_is_cooperative(qtbot):
    started = threading.Event()
    steps = []

    def work(*, progress, cancelled):
        started.set()
        for n in range(10_000):
            if cancelled():
                raise WorkCancelled()
            steps.append(n)
            threading.Event().wait(0.001)
        return "completed"

    worker = Worker(work)
    outcomes = []
    worker.cancelled.connect(lambda: outcomes.append("cancelled"))
    worker.finished.connect(lambda v: outcomes.append(v))
    with qtbot.waitSignal(worker.done, timeout=10_000):
        worker.start()
        assert started.wait(5)
        worker.cancel()
        assert worker.cancel_requested
    assert outcomes == ["cancelled"]
    assert len(steps) < 10_000


def test_a_worker_runs_once(qtbot):
    worker = Worker(lambda *, progress, cancelled: None)
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
    with pytest.raises(RuntimeError):
        worker.start()


def test_writes_from_a_worker_reach_the_context_and_undo(qtbot, workspace):
    context = AppContext()
    context.set_workspace(workspace)

    def add_team(ws, name, *, progress, cancelled):
        assert ws is not workspace  # its own connection, made in this thread
        return ws.teams.create(name)

    worker = Worker(add_team, "Claims", workspace=workspace)
    heard = []
    context.data_changed.connect(lambda event: heard.append(event.tables))
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
    assert heard == [frozenset({"teams"})]
    assert [t.name for t in workspace.teams.list()] == ["Claims"]
    assert context.undo.undo_label() == "Add team Claims"
    context.undo.undo()
    assert workspace.teams.list() == []


def test_writes_before_a_failure_are_still_announced(qtbot, workspace):
    context = AppContext()
    context.set_workspace(workspace)

    def two_steps(ws, *, progress, cancelled):
        ws.teams.create("Claims")
        ws.teams.create("claims")  # same name: refused

    worker = Worker(two_steps, workspace=workspace)
    heard, failures = [], []
    context.data_changed.connect(lambda event: heard.append(event.label))
    worker.failed.connect(lambda message, details: failures.append(message))
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
    assert heard == ["Add team Claims"]
    assert failures == ["There is already a team called 'claims'."]


def test_publish_events_passes_a_clones_events_on(workspace):
    clone = workspace.for_thread()
    try:
        clone.teams.create("Billing")
        events = list(clone.last_events)
    finally:
        clone.close()
    heard = []
    workspace.add_listener(heard.append)
    publish_events(workspace, events)
    publish_events(None, events)  # no workspace open any more: nothing to tell
    assert [e.label for e in heard] == ["Add team Billing"]


def test_progress_dialog_follows_the_worker(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    release = threading.Event()

    def work(*, progress, cancelled):
        progress(40, "Writing")
        while not cancelled() and not release.is_set():
            threading.Event().wait(0.005)
        if cancelled():
            raise WorkCancelled()

    worker = Worker(work)
    dialog = show_progress(worker, parent, "Copying", show_after_ms=0)
    with qtbot.waitSignal(worker.done, timeout=5000):
        worker.start()
        qtbot.waitUntil(lambda: dialog.value() == 40, timeout=5000)
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        assert dialog.labelText() == "Writing"
        dialog.findChild(QPushButton).click()  # the Cancel button
    assert worker.cancel_requested
    assert not dialog.isVisible()
