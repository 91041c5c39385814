"""The dependency graph of a rollout: teams as boxes, dependencies as arrows from the team that
provides to the team that waits, laid out left to right by depth.

Reading left to right follows the work: what must arrive first is on the left, the teams
closest to go-live on the right, so the critical path (drawn thick) reads as a line across the
page. Colour says the status and is always paired with a word in the legend; an overdue arrow
is also dashed, so the chart survives printing in grey. Each arrow is a pickable artist whose
`gid` is its dependency id, collected in `figure.dependency_arrows`, so a page can select the
table row behind a clicked arrow and highlight the arrow of a selected row.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tracker.charts import AMBER, BLUE, GREEN, GREY, RED, TEAL, empty_figure, new_figure, style
from tracker.domain.dependencies import Dependency, DependencyStatus
from tracker.domain.dependency_graph import SharedProvider, column_order, graph_selection

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.patches import FancyBboxPatch
    from matplotlib.text import Text

    from tracker.charts.fitting import ChartFigure, DependencyGraphFigure

    # A team's box, its name, the name in full and the box's centre.
    _Box = tuple[FancyBboxPatch, Text, str, tuple[float, float]]

STATUS_COLOURS = {
    DependencyStatus.OPEN: BLUE,
    DependencyStatus.IN_PROGRESS: TEAL,
    DependencyStatus.BLOCKED: RED,
    DependencyStatus.DONE: GREY,
}
_COLUMN_GAP, _ROW_GAP = 3.2, 1.0
_BOX_W, _BOX_H = 2.5, 0.42
GRAPH_DEPENDENCIES = 20  # arrows a graph beside the table can show legibly (graph_selection picks them)
NORMAL_WIDTH, CRITICAL_WIDTH = 1.4, 3.4
HIGHLIGHT = AMBER


def team_positions(deps: Sequence[Dependency]) -> dict[int, tuple[float, float]]:
    """Centre of each team's box: column by depth, rows centred in each column."""
    names: dict[int, str] = {}
    for d in deps:
        names[d.needer_team_id] = d.needer_name
        names[d.provider_team_id] = d.provider_name
    positions: dict[int, tuple[float, float]] = {}
    for col, teams in column_order(deps, names).items():
        for row, team in enumerate(teams):
            positions[team] = (col * _COLUMN_GAP, ((len(teams) - 1) / 2 - row) * _ROW_GAP)
    return positions


def build_dependency_graph_figure(deps: Sequence[Dependency], *, critical: Iterable[int] = (),
                                  cycle_teams: Iterable[int] = (), today: dt.date | None = None,
                                  title: str = "", limit: int = GRAPH_DEPENDENCIES) -> ChartFigure:
    """The graph of `deps` (those the page shows); `critical` ids are drawn thick.

    Past `limit` dependencies it draws the ones that matter most (graph_selection: the
    critical path, loops, blocked, overdue first) and its title says how many of how many."""
    if not deps:
        return empty_figure("No dependencies to show.\nAdd one with “Add dependency…”.")
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from tracker.charts.fitting import DependencyGraphFigure

    critical, cycle_teams = set(critical), set(cycle_teams)
    total = len(deps)
    deps = graph_selection(deps, critical=critical, cycle_teams=cycle_teams, today=today, limit=limit)
    drawn_teams = {t for d in deps for t in (d.needer_team_id, d.provider_team_id)}
    cycle_teams &= drawn_teams
    critical &= {d.id for d in deps}
    pos = team_positions(deps)
    columns = 1 + round(max(x for x, _y in pos.values()) / _COLUMN_GAP)
    rows = max(sum(1 for x, _ in pos.values() if x == col * _COLUMN_GAP) for col in range(columns))
    fig = DependencyGraphFigure(max(6.0, 2.6 * columns + 0.5), max(3.2, 0.62 * rows + 1.6))
    ax = fig.add_subplot()
    ax.set_axis_off()
    names: dict[int, str] = {}
    for d in deps:
        names[d.needer_team_id], names[d.provider_team_id] = d.needer_name, d.provider_name
    boxes: list[_Box] = []
    for team, (x, y) in pos.items():
        in_cycle = team in cycle_teams
        box = FancyBboxPatch((x - _BOX_W / 2, y - _BOX_H / 2), _BOX_W, _BOX_H,
                             boxstyle="round,pad=0.02,rounding_size=0.12", linewidth=2 if in_cycle else 1,
                             facecolor="#fdecea" if in_cycle else "#f5f5f5",
                             edgecolor=RED if in_cycle else "#757575", zorder=3, in_layout=False)
        ax.add_patch(box)
        # Inside the axes (the limits are set around the boxes): no need to measure for the layout.
        label = ax.text(x, y, names[team], ha="center", va="center", fontsize=style.SMALL, zorder=4, in_layout=False)
        boxes.append((box, label, names[team], (x, y)))
    _fit_names_in_boxes(ax, boxes)

    pair_count: dict[tuple[int, int], int] = defaultdict(int)
    for d in sorted(deps, key=lambda d: d.id):
        (px, py), (nx, ny) = pos[d.provider_team_id], pos[d.needer_team_id]
        pair = (d.provider_team_id, d.needer_team_id)
        k = pair_count[pair]
        pair_count[pair] += 1
        if px < nx:  # the usual case: provider's right edge to needer's left edge
            start, end = (px + _BOX_W / 2, py), (nx - _BOX_W / 2, ny)
            rad = 0.12 * ((k + 1) // 2) * (1 if k % 2 else -1) + (0.08 if nx - px > _COLUMN_GAP * 1.5 else 0.0)
        else:  # same column (teams in a cycle): loop out on the right
            start, end = (px + _BOX_W / 2, py), (nx + _BOX_W / 2, ny)
            rad = -0.6 - 0.15 * k if py > ny else 0.6 + 0.15 * k
        is_critical = d.id in critical
        overdue = today is not None and d.is_overdue(today)
        arrow = FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=13, connectionstyle=f"arc3,rad={rad}",
                                color=STATUS_COLOURS[d.status], linewidth=CRITICAL_WIDTH if is_critical else NORMAL_WIDTH,
                                linestyle=(0, (4, 2)) if overdue else "-", zorder=2.5 if is_critical else 2,
                                picker=6, gid=str(d.id), in_layout=False)
        ax.add_patch(arrow)
        fig.dependency_arrows[d.id] = arrow

    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    ax.set_xlim(min(xs) - _BOX_W / 2 - 0.3, max(xs) + _BOX_W / 2 + 0.9)
    ax.set_ylim(min(ys) - _BOX_H - 0.5, max(ys) + _BOX_H + 0.3)
    handles = [Line2D([], [], color=STATUS_COLOURS[s], linewidth=2, label=s.label) for s in DependencyStatus
               if any(d.status is s for d in deps)]
    if critical:
        handles.append(Line2D([], [], color="#424242", linewidth=CRITICAL_WIDTH, label="Critical path"))
    if today is not None and any(d.is_overdue(today) for d in deps):
        handles.append(Line2D([], [], color="#424242", linewidth=1.4, linestyle=(0, (4, 2)), label="Overdue"))
    if cycle_teams:
        handles.append(Line2D([], [], color=RED, marker="s", markerfacecolor="#fdecea", linestyle="",
                              label="Waiting on each other"))
    style.legend(fig, handles)
    note = (f"Showing {len(deps)} of {total:,} dependencies: the critical path, loops, blocked and overdue first; "
            "the table lists all" if len(deps) < total else "")
    style.title(fig, title or "Who waits on whom (providers left, go-live right)", note)
    return fig


def _fit_names_in_boxes(ax: Axes, boxes: Sequence[_Box]) -> None:
    """At the size the graph is drawn: each box at least as tall as its name, and each name
    shortened to its box's width (the table beside has the full name)."""
    from tracker.charts.fitting import figure_of

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:
        from tracker.charts.fitting import text_width

        (x0, y0), (x1, y1) = ax.transData.transform([(0, 0), (1, 1)])
        per_x, per_y = abs(x1 - x0), abs(y1 - y0)
        room = _BOX_W * per_x - 6
        line = style.SMALL * figure.dpi / 72 * 1.3
        height = max(_BOX_H, min(_ROW_GAP * 0.9, (line + 4) / per_y))
        for box, label, name, (x, y) in boxes:
            box.set_bounds(x - _BOX_W / 2, y - height / 2, _BOX_W, height)
            text, cut = name, len(name)
            while cut > 2 and text_width(renderer, text, style.SMALL) > room:
                cut -= 1
                text = style.shorten(name, cut)
            label.set_text(text)

    figure_of(ax).after_layout.append(fit)


def highlight(fig: DependencyGraphFigure, dependency_ids: Iterable[int]) -> None:
    """Show which arrows belong to the selected table rows (a halo; colours stay readable)."""
    from matplotlib import patheffects

    chosen = set(dependency_ids)
    for did, arrow in fig.dependency_arrows.items():
        width = arrow.get_linewidth()  # as drawn: the halo is a path effect, not a width
        if did in chosen:
            arrow.set_path_effects([patheffects.Stroke(linewidth=width + 6, foreground=HIGHLIGHT,
                                                       alpha=0.8), patheffects.Normal()])
            arrow.set_zorder(2.8)
        else:
            arrow.set_path_effects([])
            arrow.set_zorder(2.5 if width > NORMAL_WIDTH else 2)


def build_shared_providers_figure(shared: Sequence[SharedProvider], *, limit: int = 15) -> ChartFigure:
    """Teams other teams wait on in several rollouts: open and finished dependencies per team."""
    if not shared:
        return empty_figure("No team provides to more than one rollout.")
    items = list(shared)[:limit]
    fig = new_figure(6.0, max(2.6, 0.38 * len(items) + 1.2))
    ax = fig.add_subplot()
    style.tidy(ax)
    labels = [f"{style.shorten(s.team_name, 24)} ({len(s.rollouts)})" for s in items]
    rows = range(len(items))
    opened = [s.open_count for s in items]
    done = [s.total - s.open_count for s in items]
    ax.barh(rows, opened, color=BLUE, label="Unfinished")
    ax.barh(rows, done, left=opened, color=GREEN, alpha=0.6, label="Done")
    for n, s in enumerate(items):
        if s.overdue:
            ax.annotate(f"{s.overdue} overdue", xy=(s.total, n), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=style.SMALL, color=RED)
    ax.set_yticks(rows, labels, fontsize=style.SMALL)
    ax.tick_params(axis="y", length=0)
    ax.set_xlim(0, max(s.total for s in items) * 1.35 + 0.5)  # room for "N overdue" after the bars
    style.count_axis(ax, "x")
    ax.set_xlabel("Dependencies on this team")
    style.title(fig, "Teams several rollouts wait on", f"{len(items)} of {len(list(shared)):,} teams; (n) = rollouts waiting")
    style.fit_rows(ax, len(items), row_px=14, note=lambda n, _t: style.rows_note(fig, "teams; (n) = rollouts waiting")(
        n, len(list(shared))))
    style.legend(fig)
    return fig
