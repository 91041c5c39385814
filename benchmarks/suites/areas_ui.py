"""The window on the big workspace: switching to a rollout's area tabs, and back to the dashboard.

In this process, on the run's main window (benchmarks/gui.py). A clock stops when the page has
been painted *with its data*: pages that count in the background (the Training page's
progress panel, the dashboard's portfolio) are waited for until their figures are in and
painted, as the user waits for them too.
"""

from __future__ import annotations

import time

from benchmarks.gui import Heartbeat, all_widgets, gui, measured_interaction, settle, time_until_painted
from benchmarks.harness import XL_INTERACTION, Bench, Sample, measurement
from benchmarks.suites.organisation_ui import _biggest_rollouts, _click_item, _counter, _navigator_items

POLL_MS = 5


BUSY_NAMES = ("loading", "computing", "_stale")
RESCAN_S = 0.25  # how old the list of widgets that can be busy may get (pages add widgets)
_candidates: dict[int, tuple[float, object, list]] = {}


def _can_be_busy(w) -> bool:
    """Does this widget have one of BUSY_NAMES (its own attribute, or its class's property)?"""
    own = getattr(w, "__dict__", None) or {}
    return any(n in own for n in BUSY_NAMES) or any(
        n in vars(k) for k in type(w).__mro__ if k.__module__.startswith(("tracker.", "benchmarks.")) for n in BUSY_NAMES)


def _busy_candidates(root) -> list:
    """The widgets under `root` that can be busy, looked for again every RESCAN_S. Asking every
    widget each poll (thousands under a rollout's page; a missing attribute costs PySide a slow
    lookup) kept the GUI thread 40-70 ms a poll, which the pause measurements counted as the app's."""
    now = time.perf_counter()
    cached = _candidates.get(id(root))
    if cached is None or cached[1] is not root or now - cached[0] > RESCAN_S:
        cached = (now, root, [w for w in all_widgets(root) if _can_be_busy(w)])
        _candidates[id(root)] = cached
    return cached[2]


def _busy(root) -> bool:
    """Is a page under `root` still counting in the background (or about to)?"""
    for w in _busy_candidates(root):
        try:
            if getattr(w, "loading", False) or getattr(w, "computing", False):
                return True
            if getattr(w, "_stale", False) is True and w.isVisible():  # the dashboard recomputes when shown
                return True
        except RuntimeError:  # deleted since the list was made
            continue
    return False


def time_until_shown(action, root, *, timeout: float = 120.0) -> float:
    """Seconds from `action()` until `root` has been painted and nothing under it is still
    loading: the first paint, then (if a page was counting) polling every few milliseconds
    until it is done and one more paint."""
    with measured_interaction():
        return _time_until_shown(action, root, timeout)


def _time_until_shown(action, root, timeout: float) -> float:
    from PySide6.QtCore import QEventLoop, QTimer

    started = time.perf_counter()
    time_until_painted(action, all_widgets(root), timeout=timeout)
    if not _busy(root):
        return time.perf_counter() - started
    loop = QEventLoop()
    poll = QTimer()
    poll.setInterval(POLL_MS)
    poll.timeout.connect(lambda: loop.quit() if not _busy(root) else None)
    guard = QTimer()
    guard.setSingleShot(True)
    guard.timeout.connect(loop.quit)
    guard.start(int(timeout * 1000))
    poll.start()
    loop.exec()
    poll.stop()
    guard.stop()
    if _busy(root):
        raise TimeoutError(f"the page was still loading after {timeout:.0f} s")
    time_until_painted(root.update, all_widgets(root), timeout=timeout)  # the paint with the figures
    return time.perf_counter() - started


def _show_dashboard_then_rollout(g, rollout_id: int) -> None:
    """Untimed: the dashboard, then a click on the rollout in the navigator, everything settled."""
    g.window.show_dashboard()
    settle(0.3)
    while _busy(g.window.dashboard_page):
        settle(0.2)
    tree, _organisation, rollouts = _navigator_items(g.window)
    _click_item(tree, rollouts[rollout_id])
    settle(0.5)
    while _busy(g.window.rollout_page):
        settle(0.2)


@measurement("ui.switch_to_area", "switch to any area tab of the biggest rollout, data shown",
             target_s=0.1, scale_targets=XL_INTERACTION, order=36)
def switch_to_area(bench: Bench) -> Sample:
    """From the dashboard (untimed) to one of the two rollouts with the most role assignments
    (each repetition the other one, so the pages have another rollout's data to show), then a
    switch to each area tab in turn (`rollout_page.areas.show(key)`, what a click on the tab
    does) until that page has been painted with its data. The figure is the slowest tab; every
    tab's time is in the details. In the first repetition each page is also built (a tab's
    page is built the first time it is shown)."""
    from tracker.ui.pages.rollout_area_tabs import AREA_TABS

    g = gui(bench)
    n = _counter(bench, "switch-area")
    biggest = bench.shared("biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    rollout_id = biggest[n % min(2, len(biggest))]
    _show_dashboard_then_rollout(g, rollout_id)
    page = g.window.rollout_page
    areas = page.areas
    times: dict[str, float] = {}
    built: list[str] = []
    keys = [a.key for a in AREA_TABS]
    if areas.tabs.currentIndex() == areas.index_of(keys[0]):  # the first switch must change the tab
        areas.tabs.setCurrentIndex(areas.index_of(keys[-1]))
        settle(0.3)
    for key in keys:
        if key not in areas.pages:
            built.append(key)
        frame = areas.tabs.widget(areas.index_of(key))
        times[key] = round(time_until_shown(lambda key=key: areas.show(key), frame), 4)
        settle(0.1)
    slowest = max(times, key=times.get)
    return Sample(times[slowest], None, {"rollout_id": rollout_id, "slowest": slowest, "built_now": built,
                                         "per_area_s": times})


@measurement("ui.switch_to_dashboard", "switch to the Dashboard after an edit, data shown",
             target_s=0.1, scale_targets=XL_INTERACTION, order=37)
def switch_to_dashboard(bench: Bench) -> Sample:
    """From a rollout's page (one of the five biggest; reached untimed), after one person's
    title was edited through the store (untimed, as any edit elsewhere would be), a click on
    "Dashboard" in the navigator until the dashboard has been painted with every rollout's
    health: the edit makes it recompute (in the background) when shown, and the wait for the
    new figures is part of the time."""
    g = gui(bench)
    n = _counter(bench, "switch-dashboard")
    biggest = bench.shared("biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    _show_dashboard_then_rollout(g, biggest[n % len(biggest)])
    g.ws.people.update(3000 + n, title=f"Dashboard benchmark title {n}")
    settle(0.3)
    dashboard = g.window.dashboard_page
    stale = bool(getattr(dashboard, "_stale", False))
    tree = g.window.navigator.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).data(0, _kind_role()) == "dashboard")
    seconds = time_until_shown(lambda: _click_item(tree, item), dashboard)
    return Sample(seconds, None, {"recomputed": stale, "rollouts": len(dashboard.statuses)})


def _kind_role():
    from PySide6.QtCore import Qt

    return Qt.ItemDataRole.UserRole


def _wait_idle(root, timeout: float = 120.0) -> None:
    """Run the event loop until nothing under `root` counts in the background any more."""
    deadline = time.perf_counter() + timeout
    while _busy(root):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"still loading after {timeout:.0f} s")
        settle(0.005)


def _build_each_area(bench: Bench, counter: str) -> tuple[int, dict[str, float], dict[str, float], dict]:
    """Each area page built anew (as the first click on its tab builds it) for one of the two
    rollouts with the most role assignments, in a window of the main window's size: (rollout,
    each area's seconds until its first paint, each area's longest GUI-thread pause after that
    paint until its background work (counts, forecasts, evidence, its charts drawn in the drawing
    thread) was done, each area's (GUI-thread CPU time in that pause, most GUI-thread CPU time in
    any pause): see Heartbeat)."""
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from tracker.ui.context import AppContext
    from tracker.ui.pages.rollout_area_tabs import AREA_TABS

    g = gui(bench)
    n = _counter(bench, counter)
    biggest = bench.shared("biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    rollout_id = biggest[n % min(2, len(biggest))]
    _show_dashboard_then_rollout(g, rollout_id)
    size = g.window.rollout_page.areas.tabs.currentWidget().size()
    times: dict[str, float] = {}
    pauses: dict[str, float] = {}
    cpu: dict[str, tuple[float, float, float]] = {}
    for area in AREA_TABS:
        # A context of its own: the page and everything it connected go when it is closed.
        context = AppContext()
        context.workspace = g.ws
        g.ws.add_listener(context._on_store_change)
        host = QWidget()
        host.resize(size)
        layout = QVBoxLayout(host)
        layout.setContentsMargins(0, 0, 0, 0)

        def build(area=area, host=host, layout=layout, context=context) -> None:
            page = area.factory(context)
            layout.addWidget(page)
            page.show_rollout(rollout_id)
            host.show()

        with Heartbeat() as beat:
            times[area.key] = round(time_until_painted(build, [host]), 4)
            beat.reset()  # the build itself is the figure above; now the background's pauses
            _wait_idle(host)
            settle(0.05)
        pauses[area.key] = round(beat.longest, 4)
        cpu[area.key] = (round(beat.cpu, 4), round(beat.most_cpu, 4), round(beat.process_cpu, 4))
        g.ws.remove_listener(context._on_store_change)
        context.workspace = None
        host.close()
        host.deleteLater()
        context.deleteLater()
        settle(0.05)
    return rollout_id, times, pauses, cpu


@measurement("ui.area_first_build", "first build of each area tab of the biggest rollout, page shown",
             target_s=0.1, scale_targets=XL_INTERACTION, order=38)
def area_first_build(bench: Bench) -> Sample:
    """Each area page built anew until its first paint (`_build_each_area`): the table and the
    controls on screen, figures that count in the background (forecasts, evidence, charts) may
    still be coming. The figure is the slowest area; the details give each area's time and the
    longest GUI-thread pause while its background work finished (`pause_s`, the figure of
    `ui.area_build_pause`)."""
    rollout_id, times, pauses, _cpu = _build_each_area(bench, "area-first-build")
    slowest = max(times, key=times.get)
    return Sample(times[slowest], None, {"rollout_id": rollout_id, "slowest": slowest, "per_area_s": times,
                                         "pause_s": pauses, "longest_pause_s": max(pauses.values())})


@measurement("ui.area_build_pause", "longest GUI-thread pause while a new area tab's charts are drawn",
             target_s=0.05, order=38)
def area_build_pause(bench: Bench) -> Sample:
    """Each area page built anew (`_build_each_area`); after its first paint, while its charts
    are built and drawn (in the drawing thread) and its background counts come in, a heartbeat
    timer asking to run every millisecond records the longest gap: the longest the window could
    not answer a click. The figure is the worst area's; each area's is in the details."""
    rollout_id, times, pauses, cpu = _build_each_area(bench, "area-build-pause")
    worst = max(pauses, key=pauses.get)
    return Sample(pauses[worst], None, {"rollout_id": rollout_id, "worst": worst, "pause_s": pauses,
                                        "worst_pause_gui_cpu_s": cpu[worst][0],
                                        "worst_pause_process_cpu_s": cpu[worst][2],
                                        "most_gui_cpu_in_a_pause_s": max(c[1] for c in cpu.values()),
                                        "first_paint_s": times})


@measurement("ui.prerender_pause", "longest GUI-thread pause while hidden charts are drawn ahead",
             target_s=0.05, order=39)
def prerender_pause(bench: Bench) -> Sample:
    """Every area tab of one big rollout shown once (untimed, so their charts know their
    size), then the Adoption tab in front and the other big rollout chosen in the navigator:
    each hidden chart gets a new figure and is drawn ahead while the window is idle. The figure
    is the longest pause of the GUI thread after the choice was handled (the pages' reload is
    `switch_s` in the details) until every chart is drawn and no page counts any more (a
    heartbeat timer asking to run every millisecond)."""
    from tracker.ui.pages.rollout_area_tabs import AREA_TABS

    g = gui(bench)
    biggest = bench.shared("biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    first, second = biggest[0], biggest[1 % len(biggest)]
    _show_dashboard_then_rollout(g, first)
    page = g.window.rollout_page
    for area in AREA_TABS:  # every chart on screen once: it knows its size
        page.areas.show(area.key)
        settle(0.2)
        _wait_idle(page)
    page.areas.show(AREA_TABS[0].key)
    settle(0.2)
    _wait_idle(page)
    tree, _organisation, rollouts = _navigator_items(g.window)
    started = time.perf_counter()
    _click_item(tree, rollouts[second])  # the pages reload (the switch's own time, in the details)
    switched = time.perf_counter()
    with Heartbeat() as beat:
        settle(0.05)
        _wait_idle(page)
        settle(0.05)
    return Sample(round(beat.longest, 4), None, {"from_rollout": first, "to_rollout": second,
                                                 "longest_pause_gui_cpu_s": round(beat.cpu, 4),
                                                 "longest_pause_process_cpu_s": round(beat.process_cpu, 4),
                                                 "most_gui_cpu_in_a_pause_s": round(beat.most_cpu, 4),
                                                 "switch_s": round(switched - started, 3),
                                                 "until_idle_s": round(time.perf_counter() - started, 3)})
