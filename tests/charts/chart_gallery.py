"""Every chart of the window, built from a workspace the way its page builds it, with the size
it has on screen and in the report: what the chart lint (test_chart_lint.py) draws and checks,
and what `python -m tests.charts.chart_gallery OUT` saves as pictures (docs/screenshots/charts).

The sizes were measured in the window (offscreen, 1280 x 720 and 1200 x 760, the demo
workspace, every page and tab visited, before and after ChartCanvas got its size hint) as the
ChartCanvas's width x height in pixels ("shared-providers" was 10 px wide before: its second
size is its neighbours'); a figure
is drawn at 100 dpi, so pixels / 100 are its inches. The report's size is the one the
rollout sheet gives the power/interest grid (tracker.reports.rollout_sheet.grid_size) at the
report's 96 dpi.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# name -> (width, height) in window pixels, as the pages give them to the ChartCanvas.
WINDOW_SIZES: dict[str, tuple[tuple[int, int], ...]] = {
    "adoption": ((970, 260), (890, 260), (970, 292)),
    "training-by-team": ((328, 240),),
    "training-burn-up": ((328, 226),),
    "training-seat-plan": ((477, 257), (477, 232)),
    "power-interest-grid": ((420, 546),),
    "adkar-heatmap": ((436, 518), (487, 518)),
    "adkar-trend": ((436, 518),),
    "signals-over-time": ((436, 517),),
    "open-signals-by-team": ((436, 517),),
    "dependency-graph": ((690, 300), (790, 335)),
    "shared-providers": ((594, 526), (436, 526)),
    "kpi": ((638, 372),),
    "change-load": ((545, 410),),
}


AS_OF = dt.date(2026, 12, 6)  # "today" for the demo's data (its dates are fixed around 2026)


@dataclass(frozen=True)
class Chart:
    name: str  # the ChartCanvas's name on its page
    rollout: str
    build: Callable[[], object]  # () -> Figure, as the page builds it


def report_size() -> tuple[float, float]:
    """The power/interest grid's size in the report, in inches at the report's dpi."""
    from tracker.reports.rollout_sheet import grid_size

    return grid_size()


def charts(ws, today: dt.date, *, rollouts: int | None = None, name: str | None = None) -> Iterator[Chart]:
    """The charts (those called `name`, or all) of the first `rollouts` rollouts (all when
    None), the dashboard's heatmap and the across-rollouts chart; each reads its data when built."""
    from tracker.charts.adoption import build_adoption_figure
    from tracker.charts.change_load import build_change_load_figure
    from tracker.charts.dependencies import build_dependency_graph_figure, build_shared_providers_figure
    from tracker.charts.kpis import build_kpi_figure
    from tracker.charts.readiness import (
        build_adkar_heatmap_figure,
        build_adkar_trend_figure,
        build_open_signals_figure,
        build_power_interest_figure,
        build_signals_over_time_figure,
    )
    from tracker.charts.training import (
        build_burn_up_figure,
        build_completion_by_team_figure,
        build_seat_plan_figure,
    )
    from tracker.domain.dependency_graph import analyse, shared_providers
    from tracker.store.training_queries import Scope
    from tracker.ui.pages.adkar_page import weighted_overall
    from tracker.ui.widgets.change_load_panel import HEATMAP_TEAMS, load_for

    def adoption(rollout):
        summary = ws.adoption.summary(rollout.id, today)
        names = {p.team_id: p.team_name for p in ws.rollouts.participation(rollout.id)}
        teams = {names.get(tid, f"Team {tid}"): s for tid, s in ws.adoption.team_summaries(rollout.id, today).items()}
        return build_adoption_figure(summary, rollout.name, teams=teams)

    def seat_plan(rollout):
        sessions, scope = ws.training.sessions, Scope(rollout.id)
        return build_seat_plan_figure(sessions.month_plan(scope, sessions.seat_needs(scope)))

    def adkar_heatmap(rollout):
        latest = ws.readiness.adkar.latest(rollout.id)
        return build_adkar_heatmap_figure(latest, overall=weighted_overall(latest) if latest else None)

    def dependency_graph(rollout):
        deps = ws.delivery.dependencies.list(rollout.id)
        analysis = analyse(deps, today, rollout.go_live_date)
        return build_dependency_graph_figure(deps, critical=analysis.critical.dependency_ids, today=today,
                                             cycle_teams={t for c in analysis.cycles for t in c.team_ids})

    per_rollout = {
        "adoption": adoption,
        "training-by-team": lambda r: build_completion_by_team_figure(ws.training.team_progress(Scope(r.id))),
        "training-burn-up": lambda r: build_burn_up_figure(ws.training.burn_up(Scope(r.id))),
        "training-seat-plan": seat_plan,
        "power-interest-grid": lambda r: build_power_interest_figure(ws.readiness.stakeholders.list(r.id), as_of=today),
        "adkar-heatmap": adkar_heatmap,
        "adkar-trend": lambda r: build_adkar_trend_figure(ws.readiness.adkar.list(r.id)),
        "signals-over-time": lambda r: build_signals_over_time_figure(ws.readiness.signals.list(r.id)),
        "open-signals-by-team": lambda r: build_open_signals_figure(ws.readiness.signals.list(r.id)),
        "dependency-graph": dependency_graph,
    }
    if name in (None, "change-load"):
        yield Chart("change-load", "dashboard",
                    lambda: build_change_load_figure(load_for(ws, today), max_teams=HEATMAP_TEAMS))
    if name in (None, "shared-providers"):
        yield Chart("shared-providers", "all rollouts", lambda: build_shared_providers_figure(
            shared_providers(ws.delivery.dependencies.all(), today)))
    for rollout in ws.rollouts.list()[:rollouts]:
        for kind, build in per_rollout.items():
            if name in (None, kind):
                yield Chart(kind, rollout.name, lambda b=build, r=rollout: b(r))
        if name in (None, "kpi"):
            for kpi in ws.delivery.kpis.list(rollout.id)[:2]:
                yield Chart("kpi", rollout.name, lambda k=kpi: build_kpi_figure(k, ws.delivery.kpis.readings(k.id)))


def sized(figure, width_px: int, height_px: int, dpi: int = 100):
    """`figure` at the size a canvas of `width_px` x `height_px` gives it."""
    figure.set_size_inches(width_px / dpi, height_px / dpi)
    figure.set_dpi(dpi)
    return figure


def main(argv: list[str] | None = None) -> None:
    """Save one picture per chart kind (the demo's first rollout that has it) at its window size."""
    import argparse
    import tempfile
    from pathlib import Path

    from tracker.demo import write_demo_workspace
    from tracker.store import Workspace

    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--prefix", default="after-")
    parser.add_argument("--today", default=AS_OF.isoformat())
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.tracker"
        write_demo_workspace(path)
        with Workspace.open(path) as ws:
            done = set()
            for chart in charts(ws, dt.date.fromisoformat(args.today)):
                if chart.name in done:
                    continue
                figure = chart.build()
                if not figure.axes:  # "nothing to show": try the next rollout
                    continue
                done.add(chart.name)
                width, height = WINDOW_SIZES[chart.name][0]
                target = args.out / f"{args.prefix}{chart.name}.png"
                sized(figure, width, height).savefig(target, dpi=100)
                _small_png(target)
                print(chart.name, chart.rollout)


def _small_png(path) -> None:
    """The picture in 256 colours: a third of the bytes, and charts have few colours anyway."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)


if __name__ == "__main__":
    main()
