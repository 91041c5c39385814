"""Refresh the README's screenshots from the sample workspace.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--only NAME ...]

Writes the seeded sample workspace into a temporary folder, opens the real main window on it
(offscreen unless a display is set), walks to each page the way a user would and saves a PNG of
the window. Window settings go to a temporary folder too, so the user's own are untouched and
every run starts from the same layout.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WINDOW_SIZE = (1280, 720)  # a laptop's screen: what a new user sees first


def _settle(app, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents()


def _wait_for_background(window, app, seconds: float = 30.0) -> None:
    """Until no page counts and no chart is built or drawn in a worker thread any more."""
    from PySide6.QtWidgets import QWidget

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(
            getattr(w, "loading", False) for w in [window, *window.findChildren(QWidget)]):
        _settle(app)
        time.sleep(0.01)
    _settle(app, 10)


def _shots(window, app):
    """(file name, action) in the order they are taken; each action brings its page up."""
    ws = window.context.workspace
    rollouts = ws.rollouts.list()
    busiest = max(rollouts, key=lambda r: len(ws.roles.assignments(r.id)))

    def show_rollout_tab(rollout, key=None, inner=None):
        def act():
            window.context.rollout_selected.emit(rollout.id)
            page = window.rollout_page
            if key is None:
                page.tabs.setCurrentIndex(1)  # Teams
            else:
                area = page.areas.show(key)
                if inner is not None:
                    inner(area)
        return act

    shots = [
        ("main-window.png", window.show_dashboard),  # the page the window opens on
        ("rollout-page.png", show_rollout_tab(busiest)),
        ("organisation.png", window.show_organisation),
        ("training-page.png", show_rollout_tab(busiest, "training")),
        ("stakeholder-grid.png", show_rollout_tab(busiest, "stakeholders")),
        ("adkar-heatmap.png", show_rollout_tab(busiest, "adkar")),
        ("resistance-signals.png", show_rollout_tab(busiest, "resistance")),
        ("dependency-graph.png", show_rollout_tab(_with_most_dependencies(ws), "dependencies")),
        ("gate-checklist.png", show_rollout_tab(busiest, "gates")),
        ("kpis.png", show_rollout_tab(busiest, "kpis")),
    ]
    shots.append(("adoption-forecast.png", show_rollout_tab(_with_adoption_below_target(ws), "adoption")))
    from tracker.ui.pages.seats_page import COHORTS_TAB, UPLIFT_TAB

    seats = _with_most_seats_to_reclaim(ws)
    shots.append(("seats-reclaim.png", show_rollout_tab(seats, "seats", _approve_first_two)))
    shots.append(("seats-cohorts.png", show_rollout_tab(seats, "seats", _seats_tab(COHORTS_TAB))))
    shots.append(("seats-uplift.png", show_rollout_tab(_with_measured_uplift(ws), "seats", _seats_tab(UPLIFT_TAB))))
    shots.append(("dashboard-seats.png", _dashboard_seats(window, app)))
    shots.append(("dark-mode.png", _dark(app, show_rollout_tab(busiest, "adkar"))))
    shots.append(("first-steps.png", _first_steps(window, app)))  # last: it opens another workspace
    return shots


def _first_steps(window, app):
    """A new workspace after its roster came in: the first steps, one ticked, the next offered."""
    def act():
        from tracker.store import Workspace
        from tracker.ui import theme

        theme.set_appearance(theme.LIGHT)
        folder = window.context.workspace.path.parent
        ws = Workspace.open(folder / "New workspace.tracker")
        claims = ws.teams.create("Claims")
        for n, name in enumerate(("Ann Example", "Bo Example", "Cy Example"), start=1):
            ws.people.create(employee_id=f"E{n}", name=name, team_id=claims)
        window.context.set_workspace(ws)
        _settle(app, 20)
    return act


def _dark(app, then):
    """The window in View → Appearance → Dark."""
    def act():
        from tracker.ui import theme

        theme.set_appearance(theme.DARK)
        _settle(app)
        then()
    return act


def _with_adoption_below_target(ws):
    """The rollout whose adoption lags its target most: the forecast has something to say."""
    def gap(rollout):
        s = ws.adoption.summary(rollout.id)
        return (s.rate - s.target) if s.rate is not None and s.target is not None else 1.0
    return min(ws.rollouts.list(), key=gap)


def _with_measured_uplift(ws):
    """The rollout whose training uplift is measured (not suppressed), with the most people trained."""
    from tracker.services.seat_insights import seat_uplift

    def trained(rollout):
        uplift = seat_uplift(ws, rollout.id)
        return (not uplift.suppressed, uplift.trained or 0)
    return max(ws.rollouts.list(), key=trained)


def _with_most_seats_to_reclaim(ws):
    """The rollout with the most seats recommended for reclaim (then the most seats)."""
    def seats(rollout):
        listed = ws.seats.reclaim_list(rollout.id)
        return len(listed.recommended), listed.held_seats
    return max(ws.rollouts.list(), key=seats)


def _wait_for_seats(page) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + 30
    while page.computing and time.monotonic() < deadline:
        QApplication.processEvents()
        time.sleep(0.01)


def _approve_first_two(page) -> None:
    """The reclaim list after a change manager approved its first two recommendations."""
    from tracker.ui.pages.seats_page import RECLAIM_TAB

    _wait_for_seats(page)
    page.show_tab(RECLAIM_TAB)
    panel = page.reclaim
    first = [line for line in panel.model.shown() if line.decision is None][:2]
    if first:
        panel.table.select_where(lambda line: any(line is chosen for chosen in first))
        panel.approve()
        _wait_for_seats(page)


def _seats_tab(index: int):
    """An inner tab of the Seats tab, judged as of the usage data's last day when the tab offers it
    (the sample's usage ends on 20 Nov 2026: later months would read as months without use)."""
    def act(page) -> None:
        _wait_for_seats(page)
        if not page.judge_check.isHidden() and not page.judge_check.isChecked():
            page.judge_check.setChecked(True)
            _wait_for_seats(page)
        page.show_tab(index)
    return act


def _dashboard_seats(window, app):
    """The dashboard with its seats view (per rollout) beside the portfolio."""
    def act():
        window.show_dashboard()
        dashboard = window.dashboard_page
        dashboard.side_tabs.setCurrentWidget(dashboard.seats)
        deadline = time.monotonic() + 30
        while (dashboard.seats.portfolio is None or dashboard.seats.computing) and time.monotonic() < deadline:
            _settle(app)
            time.sleep(0.01)
    return act


def _with_most_dependencies(ws):
    return max(ws.rollouts.list(), key=lambda r: len(ws.delivery.dependencies.list(r.id)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", nargs="*", default=None, help="file names to refresh (default: all)")
    args = parser.parse_args(argv)

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from tracker.demo import write_demo_workspace
    from tracker.store import Workspace
    from tracker.ui.context import AppContext
    from tracker.ui.main_window import MainWindow

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(tmp) / "settings"))
        app = QApplication.instance() or QApplication(["screenshots"])
        app.setApplicationName("Rollout Tracker")
        path = write_demo_workspace(Path(tmp) / "Sample organisation.tracker")
        context = AppContext()
        context.set_workspace(Workspace.open(path))
        window = MainWindow(context)
        window.resize(*WINDOW_SIZE)
        window.show()
        _settle(app)
        args.out.mkdir(parents=True, exist_ok=True)
        # Wait for the dashboard's figures and heatmap, which arrive just after the first paint.
        for _ in range(400):
            _settle(app)
            time.sleep(0.01)
            if (not window.dashboard_page.out_of_date and not window.dashboard_page.computing
                    and window.dashboard_page.change_load.load is not None):
                break
        for name, action in _shots(window, app):
            if args.only and name not in args.only:
                continue
            action()
            _settle(app, 10)
            _wait_for_background(window, app)
            target = args.out / name
            window.grab().save(str(target))
            print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
        window.close()
        _settle(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
