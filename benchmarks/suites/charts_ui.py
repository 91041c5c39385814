"""Charts in the window: how long the GUI thread stalls while hidden charts are drawn ahead.

Issue 16 asks for no GUI-thread pause over 50 ms while charts are drawn ahead
(tracker/ui/widgets/chart_prerender.py). The ADKAR page has two charts on sub-tabs; once seen,
they are drawn ahead whenever another rollout is chosen while the page is hidden.
"""

from __future__ import annotations

import time

from benchmarks.gui import gui, settle
from benchmarks.harness import Bench, Sample, measurement
from benchmarks.suites.areas_ui import _show_dashboard_then_rollout
from benchmarks.suites.organisation_ui import _biggest_rollouts, _click_item, _counter, _navigator_items

TICK_MS = 2  # the clock that notices a stalled event loop
TIMEOUT_S = 60.0


@measurement("ui.draw_ahead_pause", "longest GUI-thread pause while hidden charts are drawn ahead",
             target_s=0.05, order=38)
def draw_ahead_pause(bench: Bench) -> Sample:
    """The ADKAR tab of one of the biggest rollouts is shown with both its charts (untimed), its
    first inner tab in front; another rollout is chosen in the navigator, and while the chart of
    the inner tab not in front is drawn ahead (hidden pages wait until shown, so drawing ahead is
    what a shown page does for its hidden inner tabs; from the moment the first such chart starts
    until the last is in), a 2-ms timer on
    the GUI thread records the longest gap between its ticks while a chart was being drawn at
    both ends of the gap: the longest the window could not answer a click because of drawing
    ahead. The details give the GUI thread's own CPU time in that gap (the rest it waited, for
    the interpreter or for a CPU on a shared machine), the process's (all threads), and the
    most the GUI thread used in any gap. Work the
    switch itself does on the GUI thread (reloading pages) is not counted; it is
    `ui.switch_to_area`'s."""
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication, QTabWidget

    from tracker.ui.widgets import chart_prerender
    from tracker.ui.widgets.chart_canvas import ChartCanvas

    g = gui(bench)
    n = _counter(bench, "draw-ahead")
    biggest = bench.shared("biggest-rollouts", lambda: _biggest_rollouts(g.ws, 5))
    first, second = biggest[n % len(biggest)], biggest[(n + 1) % len(biggest)]
    _show_dashboard_then_rollout(g, first)
    areas = g.window.rollout_page.areas
    page = areas.show("adkar")
    settle(0.5)
    for tabs in page.findChildren(QTabWidget):
        for i in range(tabs.count()):
            tabs.setCurrentIndex(i)
            settle(0.5)
        tabs.setCurrentIndex(0)
    settle(0.5)
    charts = page.findChildren(ChartCanvas)

    drawing = [0]
    gaps: list[int] = []
    started, finished = chart_prerender.drawing_started, chart_prerender.drawing_finished

    def on_start(chart) -> None:
        drawing[0] += 1
        started(chart)

    def on_finish(chart) -> None:
        finished(chart)
        drawing[0] -= 1

    clock = QElapsedTimer()
    last = [0, False]  # the previous tick's time, and whether a chart was being drawn then
    last_cpu = [time.thread_time(), time.process_time()]  # the GUI thread's and the process's CPU time then
    cpu_in_gaps: list[tuple[float, float]] = []  # beside `gaps`: the GUI thread's and the process's CPU in each

    def tick() -> None:
        # A gap counts when a chart was being drawn ahead at both of its ends: a gap that began
        # before (the switch reloading a page, drawing the visible chart) is the switch's.
        now, cpu, process = clock.elapsed(), time.thread_time(), time.process_time()
        if drawing[0] and last[1]:
            gaps.append(now - last[0])
            cpu_in_gaps.append((cpu - last_cpu[0], process - last_cpu[1]))
        last[0], last[1], last_cpu[0], last_cpu[1] = now, bool(drawing[0]), cpu, process

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    chart_prerender.drawing_started, chart_prerender.drawing_finished = on_start, on_finish
    try:
        tree, _organisation, rollouts = _navigator_items(g.window)
        _click_item(tree, rollouts[second])
        clock.start()
        timer.start()
        begun = time.perf_counter()
        while any(c.loading for c in charts) and time.perf_counter() - begun < TIMEOUT_S:
            QApplication.processEvents()
            time.sleep(0.001)
        timer.stop()
    finally:
        chart_prerender.drawing_started, chart_prerender.drawing_finished = started, finished
    if any(c.loading for c in charts):
        raise TimeoutError(f"the charts were still being drawn ahead after {TIMEOUT_S:.0f} s")
    drawn = sum(1 for c in charts if c.built_figure is not None)
    longest = max(range(len(gaps)), key=gaps.__getitem__) if gaps else None
    return Sample(max(gaps or [0]) / 1000, None, {"rollout_id": second, "charts_drawn_ahead": drawn,
                                                  "longest_pause_gui_cpu_s": round(cpu_in_gaps[longest][0], 4)
                                                  if longest is not None else 0.0,
                                                  "longest_pause_process_cpu_s": round(cpu_in_gaps[longest][1], 4)
                                                  if longest is not None else 0.0,
                                                  "most_gui_cpu_in_a_pause_s": round(max(c[0] for c in cpu_in_gaps)
                                                                                     if cpu_in_gaps else 0.0, 4),
                                                  "ticks_while_drawing": len(gaps),
                                                  "seconds_until_all_drawn": round(time.perf_counter() - begun, 3)})
