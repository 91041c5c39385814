"""Issue 17's "done when", end to end: two windows on one machine, connected to the same local
server as two users, edit the same rollout and each sees the other's change within 2 s with no
action; a stale edit gets the conflict dialog naming the other user, and the history names each
database user.

Both windows live in this process, each with its own AppContext, its own connections and its
own listener (tracker/ui/live_updates.py), exactly as two copies of the app would; everything is
driven through the widgets. With TRACKER_SHARED_SCREENSHOTS=FOLDER set, the test also saves the
two windows side by side (1280×720) at each step: `docs/screenshots/shared/` is made that way.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QDialogButtonBox, QWidget
from window_fixtures import pages  # noqa: F401 - fixture

from tracker.store import Workspace
from tracker.store.engine.server_roles import grant_role
from tracker.ui.context import AppContext
from tracker.ui.dialogs.conflict_dialog import ConflictDialog
from tracker.ui.dialogs.history_dialog import HistoryDialog
from tracker.ui.dialogs.signal_dialog import SignalDialog

pytestmark = pytest.mark.gui

LIVE_S = 2.0  # the bound on seeing someone else's change
SLOW_MS = 30_000  # anything else: generous, for a loaded machine
SHOT_SIZE = (1280, 720)
CAPTION_H = 26
NAVIGATOR_W = 160  # the navigator's least width
SCREENSHOTS_ENV = "TRACKER_SHARED_SCREENSHOTS"


def _editor(pg_cluster, address: str, user: str) -> tuple[str, str]:
    """Login `user` (made once per cluster) holding the editor role in the workspace at
    `address`; (user, the workspace's address as that user)."""
    with psycopg.connect(pg_cluster.url(), autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone() is None:
            admin.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user)))
    with psycopg.connect(address, autocommit=True) as owner:
        grant_role(owner, user, "editor")
    database = address.split("/")[3].split("?")[0]
    return user, pg_cluster.url(database, user=user)


def _seed(address: str) -> tuple[int, int]:
    """As the workspace's owner: a team in a rollout, its people; (rollout id, team id)."""
    with Workspace.open(address) as ws:
        team = ws.teams.create("Claims")
        owner = ws.people.create(employee_id="E1", name="Ada Boss", team_id=team)
        for n, name in enumerate(("Ann Claims", "Bea Claims", "Cy Claims"), start=2):
            ws.people.create(employee_id=f"E{n}", name=name, team_id=team, manager_id=owner)
        rollout = ws.rollouts.create(name="Claims triage assistant", owner_id=owner,
                                     description="Faster first answers on claims.")
        ws.rollouts.set_impact(rollout, team, "high")
        return rollout, team


class Desk:
    """One user's window: its context, the workspace it opened, and how it looks."""

    def __init__(self, qtbot, user: str, address: str, left: int):
        from tracker.ui.main_window import MainWindow

        self.user = user
        self.context = AppContext()
        self.window = MainWindow(self.context)
        qtbot.addWidget(self.window)
        self.window.resize(SHOT_SIZE[0] // 2, SHOT_SIZE[1] - CAPTION_H)
        self.window.move(left, 0)
        self.window.show()
        qtbot.waitExposed(self.window)
        # Half a screen each: the user drags the navigator narrower (and it stays so).
        self.window.splitter.moveSplitter(NAVIGATOR_W, 1)
        assert self.window.files.open_path(address)
        qtbot.waitUntil(lambda: self.context.workspace is not None, timeout=SLOW_MS)
        ws = self.context.workspace
        assert ws is not None and ws.engine == "postgresql" and not ws.readonly
        qtbot.waitUntil(lambda: self.window.live_updates.listening, timeout=SLOW_MS)
        listener = self.window.live_updates._listener
        assert listener is not None and listener.wait_until_listening(30)

    @property
    def page(self):
        return self.window.rollout_page

    @property
    def form(self):
        return self.page.details

    def open_rollout(self, qtbot, rollout_id: int) -> None:
        self.window.navigator.choose_rollout(rollout_id)  # as a click in the navigator
        qtbot.waitUntil(lambda: self.page.rollout_id == rollout_id and self.form.rollout_id() == rollout_id,
                        timeout=SLOW_MS)

    def show_details(self) -> None:
        self.page.tabs.setCurrentIndex(0)

    def close(self) -> None:
        self.window.close()
        self.context.set_workspace(None)


@pytest.fixture
def desks(qtbot, pages, pg_database, pg_cluster):
    rollout, team = _seed(pg_database)
    ann, ann_address = _editor(pg_cluster, pg_database, "ann")
    bea, bea_address = _editor(pg_cluster, pg_database, "bea")
    a = Desk(qtbot, ann, ann_address, 0)
    b = Desk(qtbot, bea, bea_address, SHOT_SIZE[0] // 2)
    yield a, b, rollout, team
    for desk in (a, b):
        desk.close()


def _seen_within(qtbot, shown, started: float) -> float:
    """Seconds from `started` until `shown()` holds; fails past the issue's 2 s."""
    qtbot.waitUntil(shown, timeout=int(LIVE_S * 1000))
    took = time.monotonic() - started
    assert took < LIVE_S
    return took


def _save(qtbot, form) -> float:
    """Click the form's Save; the moment it returned (the change is committed by then)."""
    assert form.save_button.isEnabled()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    return time.monotonic()


def _picture(name: str, a: Desk, b: Desk, over_b: QWidget | None = None) -> None:
    """With TRACKER_SHARED_SCREENSHOTS set: both windows side by side, each under a caption
    naming its user (and `over_b`, a dialog, drawn over the second), as one 1280×720 PNG."""
    folder = os.environ.get(SCREENSHOTS_ENV)
    if not folder:
        return
    for desk in (a, b):  # the tab's left edge in view (a click on Save scrolls to the button)
        scroll = desk.page.tabs.currentWidget()
        if isinstance(scroll, QAbstractScrollArea):
            scroll.horizontalScrollBar().setValue(0)
    deadline = time.monotonic() + 30  # charts drawn in the background, a page laid out again
    while time.monotonic() < deadline and any(
            getattr(w, "loading", False) for desk in (a, b) for w in desk.window.findChildren(QWidget)):
        QApplication.processEvents()
        time.sleep(0.02)
    for _ in range(5):
        QApplication.processEvents()
    image = QImage(*SHOT_SIZE, QImage.Format.Format_RGB32)
    image.fill(QColor("#3c4048"))
    painter = QPainter(image)
    half = SHOT_SIZE[0] // 2
    for at, desk in ((0, a), (half, b)):
        painter.setPen(QColor("white"))
        painter.drawText(QRect(at + 10, 0, half - 20, CAPTION_H), Qt.AlignmentFlag.AlignVCenter,
                         f"Window of {desk.user} (editor) — same shared workspace")
        painter.drawPixmap(at, CAPTION_H, desk.window.grab())
    if over_b is not None:  # with a title bar of its own, as the window manager would draw it
        shot = over_b.grab()
        left = min(half + max(0, (half - shot.width()) // 2), SHOT_SIZE[0] - shot.width())
        top = CAPTION_H + max(0, (SHOT_SIZE[1] - CAPTION_H - shot.height()) // 2)
        painter.fillRect(QRect(left, top - CAPTION_H, shot.width(), CAPTION_H), QColor("#2b5797"))
        painter.setPen(QColor("white"))
        painter.drawText(QRect(left + 10, top - CAPTION_H, shot.width() - 20, CAPTION_H),
                         Qt.AlignmentFlag.AlignVCenter, over_b.windowTitle())
        painter.drawPixmap(left, top, shot)
        painter.setPen(QColor("#2b5797"))
        painter.drawRect(QRect(left, top - CAPTION_H, shot.width() - 1, shot.height() + CAPTION_H - 1))
    painter.end()
    Path(folder).mkdir(parents=True, exist_ok=True)
    assert image.save(str(Path(folder) / name))


def test_two_users_see_each_others_edits_and_a_stale_edit_asks(desks, qtbot, monkeypatch):
    a, b, rollout, team = desks
    for desk in (a, b):
        desk.open_rollout(qtbot, rollout)
        desk.show_details()
    _picture("two-windows-before.png", a, b)

    # 1. Ann edits the rollout's details; Bea's window shows them with no action of hers.
    a.form.description_edit.setPlainText("Answer 80% of first claims questions within a day.")
    a.form.target_spin.setValue(80)
    started = _save(qtbot, a.form)
    took_details = _seen_within(qtbot, lambda: (
        b.form.description_edit.toPlainText() == "Answer 80% of first claims questions within a day."
        and "Target 80% adoption" in b.page.meta_label.text()), started)
    assert b.form.target_spin.value() == 80 and not b.form.is_dirty()
    _picture("two-windows-live-edit.png", a, b)

    # 2. Bea logs a resistance signal on the rollout; Ann's Resistance tab shows it.
    a_signals, b_signals = a.page.areas.show("resistance"), b.page.areas.show("resistance")
    # The 2 s are the other user's change reaching a window at rest, not the first build of a
    # tab just opened: both pages finish loading (data read, charts drawn) first.
    qtbot.waitUntil(lambda: not any(getattr(w, "loading", False) for desk in (a, b)
                                    for w in desk.window.findChildren(QWidget)), timeout=SLOW_MS)

    def fill_and_save(dialog):
        dialog.team_combo.setCurrentIndex(dialog.team_combo.findData(team))
        dialog.severity_spin.setValue(4)
        dialog.description_edit.setPlainText("Claims handlers fear the assistant will grade them.")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        return dialog.result()
    monkeypatch.setattr(SignalDialog, "exec", fill_and_save)
    qtbot.mouseClick(b_signals.log_button, Qt.MouseButton.LeftButton)
    started = time.monotonic()
    assert [s.description for s in b_signals.shown_signals()] == [
        "Claims handlers fear the assistant will grade them."]
    took_signal = _seen_within(qtbot, lambda: [s.severity for s in a_signals.shown_signals()] == [4], started)
    _picture("two-windows-live-signal.png", a, b)

    # 3. Both edit the description; Ann saves first; Bea's save is stale: the conflict dialog
    #    names Ann and shows both texts; Bea applies hers on top, and both windows end on it.
    for desk in (a, b):
        desk.show_details()
    a.form.description_edit.setPlainText("Ann: first answers within a day.")
    b.form.description_edit.setPlainText("Bea: first answers within the hour.")
    with qtbot.waitSignal(b.context.data_changed, timeout=SLOW_MS,  # Bea's window hears Ann's save
                          check_params_cb=lambda event: event.by_other and "rollouts" in event.tables):
        _save(qtbot, a.form)
    # Bea is mid-edit: her text stays (the form does not reload under her typing).
    assert b.form.is_dirty() and b.form.description_edit.toPlainText().startswith("Bea:")

    asked: list[tuple[str, list[tuple[str, str, str]]]] = []

    def answer_apply_mine(dialog: ConflictDialog) -> int:
        dialog.show()
        qtbot.waitExposed(dialog)
        asked.append((dialog.message.text(), dialog.rows()))
        _picture("conflict-dialog.png", a, b, over_b=dialog)
        assert dialog.apply_mine is not None
        dialog.apply_mine.click()
        return dialog.result()
    monkeypatch.setattr(ConflictDialog, "exec", answer_apply_mine)
    _save(qtbot, b.form)
    [(message, rows)] = asked
    assert a.user in message
    assert rows == [("Description", "Ann: first answers within a day.",
                     "Bea: first answers within the hour.")]
    started = time.monotonic()
    bea_text = "Bea: first answers within the hour."
    assert b.form.description_edit.toPlainText() == bea_text and not b.form.is_dirty()
    _seen_within(qtbot, lambda: a.form.description_edit.toPlainText() == bea_text, started)
    _picture("two-windows-after-conflict.png", a, b)

    # The rollout's history names each database user: the owner who made it, then Ann and Bea.
    who: list[list[str]] = []

    def read_history(dialog: HistoryDialog) -> int:
        who.append([entry.user for entry in dialog.changes.source_model.rows()])
        return 0
    monkeypatch.setattr(HistoryDialog, "exec", read_history)
    qtbot.mouseClick(a.page.history_button, Qt.MouseButton.LeftButton)
    [users] = who
    assert users.count(a.user) == 2 and users.count(b.user) == 1 and "tracker_test" in users
    print(f"seen by the other window: details {took_details:.2f} s, signal {took_signal:.2f} s")
