"""Readiness charts: the power/interest grid, the ADKAR heatmap and trend, resistance signals.

Every colour is paired with a word, a marker shape or a hatch, so the charts read in greyscale
and for colour-blind readers. Small groups are left out by the caller (tracker.domain.privacy)
and the chart says how many were left out and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from tracker.charts import AMBER, GREEN, GREY, RED, TEAL, empty_figure, new_figure, style
from tracker.domain.readiness import (
    ADKAR,
    HIGH_FROM,
    AdkarAssessment,
    AdkarElement,
    Quadrant,
    ResistanceSignal,
    SignalType,
    Stakeholder,
    SupportLevel,
    is_flagged,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase

    from tracker.charts.fitting import ChartFigure

SUPPORT_STYLE: dict[SupportLevel, tuple[str, str]] = {  # colour, marker
    SupportLevel.ACTIVE_RESISTOR: (RED, "v"),
    SupportLevel.RESISTANT: ("#ef6c00", "v"),
    SupportLevel.NEUTRAL: (GREY, "o"),
    SupportLevel.SUPPORTIVE: (TEAL, "^"),
    SupportLevel.CHAMPION: (GREEN, "^"),
}
SEVERITY_COLOURS = ("#c8e6c9", "#fff59d", AMBER, "#ef6c00", RED)
TYPE_COLOURS = style.CATEGORY  # colour-blind safe; each type is hatched as well
LABEL_CHARS = 24  # team names longer than this are shortened in charts (tables have them whole)
_QUADRANT_POS = {  # label position (interest, influence) in the grid's corners
    Quadrant.MANAGE_CLOSELY: (5.85, 5.85, "right", "top"),
    Quadrant.KEEP_SATISFIED: (0.55, 5.85, "left", "top"),
    Quadrant.KEEP_INFORMED: (5.85, 0.55, "right", "bottom"),
    Quadrant.MONITOR: (0.55, 0.55, "left", "bottom"),
}
# The attribute of a grid's scatter artist that lists its points' stakeholder ids, in point
# order: the page selects the row of a clicked point by it.
STAKEHOLDER_IDS = "stakeholder_ids"
_SPREAD = ((0, 0), (0.22, 0.12), (-0.22, 0.12), (0.22, -0.14), (-0.22, -0.14), (0, 0.26), (0, -0.26),
           (0.36, 0), (-0.36, 0))


def _positions(stakeholders: Sequence[Stakeholder]) -> list[tuple[float, float]]:
    """(x = interest, y = influence), spreading stakeholders that share a cell so each shows."""
    seen: dict[tuple[int, int], int] = {}
    out = []
    for s in stakeholders:
        key = (s.interest, s.influence)
        n = seen.get(key, 0)
        seen[key] = n + 1
        dx, dy = _SPREAD[n % len(_SPREAD)]
        ring = n // len(_SPREAD)
        out.append((s.interest + dx * (1 + 0.5 * ring), s.influence + dy * (1 + 0.5 * ring)))
    return out


def build_power_interest_figure(stakeholders: Sequence[Stakeholder], *, as_of: dt.date,
                                selected_id: int | None = None, width: float = 6.5, height: float = 5.5) -> ChartFigure:
    """The grid. The scatter artist is pickable; `artist.stakeholder_ids[i]` is point i's id.

    An arrow to a hollow marker in the colour of the needed support shows a gap between the
    support there is and the support needed (longer arrow, bigger gap).
    """
    if not stakeholders:
        return empty_figure("No stakeholders yet: add people and teams with Add stakeholder…", width, height)
    from matplotlib.lines import Line2D

    fig = new_figure(width, height)
    ax = fig.add_subplot()
    style.tidy(ax)
    ax.set_xlim(0.5, 5.9)  # room on the right and top for spread points, arrows and labels
    ax.set_ylim(0.5, 5.9)
    boundary = HIGH_FROM - 0.5  # a score of 3 counts as high, so the line sits below it
    ax.axvline(boundary, color="#bbbbbb", lw=1)
    ax.axhline(boundary, color="#bbbbbb", lw=1)
    corners = [ax.text(x, y, q.label, ha=ha, va=va, fontsize=style.SMALL, color="#777777", style="italic")
               for q, (x, y, ha, va) in _QUADRANT_POS.items()]
    ax.set_xlabel(f"Interest (1–5; {HIGH_FROM}+ is high)")
    ax.set_ylabel(f"Influence (1–5; {HIGH_FROM}+ is high)")
    ax.set_xticks(range(1, 6))
    ax.set_yticks(range(1, 6))

    points = _positions(stakeholders)
    colours = [SUPPORT_STYLE[s.current_support][0] for s in stakeholders]
    flagged = [is_flagged(s, as_of) for s in stakeholders]
    for s, (x, y) in zip(stakeholders, points):
        gap = s.needed_support.rank - s.current_support.rank
        if gap:
            dx = 0.16 * gap
            ax.annotate("", xy=(x + dx, y), xytext=(x, y),
                        arrowprops={"arrowstyle": "->", "color": "#555555", "lw": 1})
            ax.scatter([x + dx], [y], s=40, facecolors="none", edgecolors=SUPPORT_STYLE[s.needed_support][0],
                       linewidths=1.5, zorder=2)
    # One pickable artist per marker shape, each knowing which stakeholders it holds.
    for marker in sorted({m for _c, m in SUPPORT_STYLE.values()}):
        idx = [i for i, s in enumerate(stakeholders) if SUPPORT_STYLE[s.current_support][1] == marker]
        if not idx:
            continue
        artist = ax.scatter([points[i][0] for i in idx], [points[i][1] for i in idx], s=90, marker=marker,
                            c=[colours[i] for i in idx], edgecolors=["black" if flagged[i] else "white" for i in idx],
                            linewidths=[2.0 if flagged[i] else 0.8 for i in idx], zorder=5, picker=True, pickradius=6)
        setattr(artist, STAKEHOLDER_IDS, [stakeholders[i].id for i in idx])
    # Names where they fit, the selected one and those in the "manage closely" corner first;
    # the rest are left off and the subtitle says so (the register beside lists everyone).
    order = sorted(range(len(stakeholders)), key=lambda i: (stakeholders[i].id != selected_id,
                                                             -stakeholders[i].influence - stakeholders[i].interest))
    labels = style.point_labels(ax, [points[i] for i in order],
                                [style.shorten(stakeholders[i].name, NAME_CHARS) for i in order],
                                avoid=corners, on_hidden=lambda n, r: _say_hidden(fig, r, n, len(stakeholders)),
                                zorder=4)
    for i, label in zip(order, labels):
        if stakeholders[i].id == selected_id:
            label.set_fontweight("bold")
    handles = [Line2D([], [], marker=m, color=c, linestyle="", markersize=7, label=level.label)
               for level, (c, m) in SUPPORT_STYLE.items()]
    handles.append(Line2D([], [], marker="o", color="white", markeredgecolor="black", markeredgewidth=2,
                          linestyle="", markersize=7, label="No contact in 30 days"))
    handles.append(Line2D([], [], marker="o", color="none", markeredgecolor="#555555", linestyle="",
                          markersize=6, label="→ support needed"))
    style.title(fig, "Power / interest grid", _hidden_words(len(stakeholders), len(stakeholders)))
    style.legend(fig, handles, heading="Support now")
    return fig


NAME_CHARS = 18  # names on the grid are shortened past this; the register beside has them whole


def _hidden_words(hidden: int, total: int) -> str:
    if not hidden:
        return f"{total:,} stakeholders, all named"
    names = "name" if hidden == 1 else "names"
    return f"{total:,} stakeholders; {hidden:,} {names} left off where points crowd (the register lists all)"


def _say_hidden(fig: ChartFigure, renderer: RendererBase, hidden: int, total: int) -> None:
    """The subtitle, once the labels are placed (its room in the layout was kept for the
    longest wording, so a shorter one leaves a little space and nothing moves)."""
    from tracker.charts.style import wrap_words

    artist = fig.title_artist
    if artist is None:
        return  # no title to add the words to
    head = fig.title_words.split("\n", 1)[0]
    width = fig.bbox.width * 0.98 - 4
    artist.set_text(wrap_words(renderer, f"{head}\n{_hidden_words(hidden, total)}", style.TITLE, width))


HEATMAP_TEAMS = 12  # rows a chart beside the table can show legibly: more collapse into a smear
TREND_TEAMS = len(TYPE_COLOURS)  # one distinct colour per team line


def lowest_teams(latest: Sequence[AdkarAssessment], limit: int) -> list[AdkarAssessment]:
    """The `limit` teams whose latest assessment has the lowest average score, lowest first
    (ties by name): where the change manager's attention goes when not every team fits."""
    ranked = sorted(latest, key=lambda a: (sum(a.scores) / len(a.scores), a.team_name.casefold(), a.team_id))
    return ranked[:limit]


def _latest_per_team(history: Sequence[AdkarAssessment]) -> list[AdkarAssessment]:
    latest: dict[int, AdkarAssessment] = {}
    for a in history:
        if a.team_id not in latest or a.assessed_on >= latest[a.team_id].assessed_on:
            latest[a.team_id] = a
    return list(latest.values())


def build_adkar_heatmap_figure(latest: Sequence[AdkarAssessment], *, hidden: Mapping[int, str] | None = None,
                               overall: tuple[tuple[float, ...], int] | None = None,
                               max_teams: int = HEATMAP_TEAMS, width: float = 6.5,
                               height: float | None = None) -> ChartFigure:
    """Teams x the five elements of each team's latest assessment; the barrier cell is outlined
    and says "barrier", so it never depends on colour. Hidden teams are listed, not drawn.

    Past `max_teams` teams the chart shows the lowest-scoring ones, lowest first, and says so
    ("showing 12 of 240 teams"); the "All teams" row still counts every team, and the table
    beside it lists them all."""
    hidden = hidden or {}
    shown = [a for a in latest if a.team_id not in hidden]
    if not shown:
        reason = f" ({len(hidden)} teams hidden: too few respondents)" if hidden else ""
        return empty_figure("No ADKAR assessments to show" + reason, width, height or 4)
    from matplotlib.patches import Rectangle

    capped = len(shown) > max_teams
    total_teams = len(shown)
    if capped:
        shown = lowest_teams(shown, max_teams)

    # (label, the five scores, the barrier element)
    rows: list[tuple[str, Sequence[float], AdkarElement | None]] = [
        (f"{style.shorten(a.team_name, LABEL_CHARS)}\n{style.day(a.assessed_on)} · n={a.respondents}", a.scores, a.barrier)
        for a in shown]
    if overall is not None:
        from tracker.domain.readiness import barrier_point

        rows.append((f"All teams (weighted)\nn={overall[1]}", overall[0], barrier_point(overall[0])))
    fig = new_figure(width, height or max(2.6, 0.5 * len(rows) + 1.6))
    ax = fig.add_subplot()
    image = ax.imshow([r[1] for r in rows], cmap="RdYlGn", vmin=1, vmax=5, aspect="auto")
    ax.set_xticks(range(len(ADKAR)), [e.label for e in ADKAR], fontsize=style.SMALL)
    ax.xaxis.tick_top()
    ax.tick_params(length=0)
    ax.set_yticks(range(len(rows)), [r[0] for r in rows], fontsize=style.SMALL)
    for y, (_label, scores, barrier) in enumerate(rows):
        for x, score in enumerate(scores):
            is_barrier = barrier is not None and ADKAR.index(barrier) == x
            # Cells sit inside the axes: leaving them out of the layout saves measuring each one.
            ax.text(x, y, f"{score:.2f}" + ("\nbarrier" if is_barrier else ""), ha="center", va="center",
                    fontsize=style.SMALL, fontweight="bold" if is_barrier else "normal", in_layout=False)
            if is_barrier:
                ax.add_patch(Rectangle((x - 0.47, y - 0.45), 0.94, 0.9, fill=False, lw=2.2, ec="black",
                                       hatch="///", alpha=0.35, in_layout=False))
    _short_element_names_when_narrow(ax)
    # Below the cells, across: beside them it would take the width the five columns need.
    bar = fig.colorbar(image, ax=ax, location="bottom", shrink=0.7, aspect=30, pad=0.02, ticks=[1, 2, 3, 4, 5])
    bar.set_label("Score (3 or less is a barrier)", fontsize=style.SMALL)
    bar.ax.tick_params(labelsize=style.SMALL)
    notes = [f"showing {len(shown)} of {total_teams:,} teams: the lowest average scores"] if capped else []
    if hidden:
        notes.append(f"{len(hidden)} team(s) hidden to protect small groups")
    style.title(fig, "Latest ADKAR assessment per team", "; ".join(notes))
    return fig


_SHORT_ELEMENTS = {"Awareness": "Aware.", "Knowledge": "Knowl.", "Reinforcement": "Reinf."}


def _short_element_names_when_narrow(ax: Axes) -> None:
    """Column headings as words, or shortened when a column is narrower than its word."""
    from tracker.charts.fitting import figure_of

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:
        from tracker.charts.fitting import text_width

        column = ax.get_window_extent(renderer).width / len(ADKAR)
        longest = max(text_width(renderer, e.label, style.SMALL) for e in ADKAR)
        names = [e.label for e in ADKAR]
        if longest > column - 4:
            names = [_SHORT_ELEMENTS.get(n, n) for n in names]
        ax.set_xticks(range(len(ADKAR)), names)

    figure_of(ax).after_layout.append(fit)


def build_adkar_trend_figure(history: Sequence[AdkarAssessment], *, hidden: Mapping[int, str] | None = None,
                             max_teams: int = TREND_TEAMS, width: float = 6.5, height: float = 5.0) -> ChartFigure:
    """Each team's scores over time, one small panel per element, a line per team.

    More than `max_teams` lines cannot be told apart, so past that the chart follows the teams
    whose latest assessment scores lowest and says how many of how many it shows."""
    hidden = hidden or {}
    history = [a for a in history if a.team_id not in hidden]
    if not history:
        return empty_figure("No ADKAR assessments yet", width, height)
    latest = _latest_per_team(history)
    title = "ADKAR trend per team (shaded: barrier zone, 3 or less)"
    if len(latest) > max_teams:
        kept = {a.team_id for a in lowest_teams(latest, max_teams)}
        history = [a for a in history if a.team_id in kept]
        title += f"\n{len(kept)} of {len(latest):,} teams: those with the lowest latest scores"
    from tracker.charts.fitting import date_array

    fig = new_figure(width, height)
    axes = fig.subplots(len(ADKAR), 1, sharex=True, sharey=True)
    teams: dict[int, list[AdkarAssessment]] = {}
    for a in sorted(history, key=lambda a: a.assessed_on):
        teams.setdefault(a.team_id, []).append(a)
    styles = ("-", "--", ":", "-.")
    for i, (ax, element) in enumerate(zip(axes, ADKAR)):
        style.tidy(ax)
        ax.axhspan(1, 3, color="#f5f5f5", zorder=0)
        for n, points in enumerate(teams.values()):
            ax.plot(date_array([a.assessed_on for a in points]), [a.scores[i] for a in points], marker="o", markersize=3,
                    linestyle=styles[(n // len(TYPE_COLOURS)) % len(styles)], color=TYPE_COLOURS[n % len(TYPE_COLOURS)],
                    label=style.shorten(points[0].team_name, LABEL_CHARS) if i == 0 else None)
        ax.set_ylabel(element.label, fontsize=style.SMALL, rotation=0, ha="right", va="center")
        ax.set_ylim(0.8, 5.2)
        ax.set_yticks([1, 3, 5])
    if len({a.assessed_on for a in history}) > 1:  # one date: matplotlib's default ticks do
        style.date_axis(axes[-1])
    style.title(fig, *title.split("\n", 1))
    style.legend(fig)
    return fig


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def build_signals_over_time_figure(signals: Sequence[ResistanceSignal], *, width: float = 6.5,
                                   height: float = 4.0) -> ChartFigure:
    """Signals observed per month, stacked by type (hatched per type as well as coloured)."""
    if not signals:
        return empty_figure("No resistance signals logged", width, height)
    months = sorted({_month(s.observed_on) for s in signals})
    first, last = months[0], months[-1]
    months, m = [], first
    while m <= last:
        months.append(m)
        m = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    index = {m: i for i, m in enumerate(months)}
    from tracker.charts.fitting import date_array, date_position

    fig = new_figure(width, height)
    ax = fig.add_subplot()
    style.tidy(ax)
    bottom = [0] * len(months)
    hatches = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
    per_type = {kind: [0] * len(months) for kind in SignalType}
    for s in signals:
        per_type[s.type][index[_month(s.observed_on)]] += 1
    # Bars on real dates (centred on the month's first day, where its tick label is), so the
    # axis is a date axis with as many labels as fit.
    centres = months
    for n, kind in enumerate(SignalType):
        counts = per_type[kind]
        if not any(counts):
            continue
        ax.bar(date_array(centres), counts, width=24, bottom=bottom, color=TYPE_COLOURS[n], hatch=hatches[n],
               edgecolor="white", label=kind.label)
        bottom = [b + c for b, c in zip(bottom, counts)]
    ax.set_xlim(date_position(months[0] - dt.timedelta(days=18)), date_position(months[-1] + dt.timedelta(days=18)))
    style.date_axis(ax)
    style.count_axis(ax)
    ax.set_ylabel("Signals observed")
    style.title(fig, "Resistance signals per month, by type")
    style.legend(fig)
    return fig


SIGNAL_TEAMS = 12  # bars a chart beside the log can label legibly


def build_open_signals_figure(signals: Sequence[ResistanceSignal], *, hidden_note: str = "",
                              max_teams: int = SIGNAL_TEAMS, width: float = 6.5,
                              height: float | None = None) -> ChartFigure:
    """Unresolved signals per team, stacked by severity (the number is written on each bar).

    Past `max_teams` teams the chart shows those with the most unresolved signals and says how
    many of how many; the log lists every signal."""
    open_signals = [s for s in signals if s.unresolved]
    if not open_signals:
        return empty_figure("No unresolved resistance signals" + (f"\n{hidden_note}" if hidden_note else ""),
                            width, height or 4)
    by_team: dict[str, list[int]] = {}  # team name -> unresolved signals per severity 1..5
    for s in open_signals:
        by_team.setdefault(s.team_name, [0] * 5)[s.severity - 1] += 1
    teams = sorted(by_team, key=lambda t: (-sum(by_team[t]), t.casefold()))
    notes = [hidden_note] if hidden_note else []
    if len(teams) > max_teams:
        notes.insert(0, f"{max_teams} of {len(teams):,} teams: those with the most")
        teams = teams[:max_teams]
    fig = new_figure(width, height or max(2.5, 0.35 * len(teams) + 1.5))
    ax = fig.add_subplot()
    style.tidy(ax)
    left = [0] * len(teams)
    for severity in range(1, 6):
        counts = [by_team[t][severity - 1] for t in teams]
        if not any(counts):
            continue
        ax.barh(range(len(teams)), counts, left=left, color=SEVERITY_COLOURS[severity - 1], edgecolor="white",
                label=f"Severity {severity}")
        left = [a + b for a, b in zip(left, counts)]
    for y, total in enumerate(left):
        ax.annotate(str(total), xy=(total, y), xytext=(3, 0), textcoords="offset points", va="center",
                    fontsize=style.SMALL)
    ax.set_yticks(range(len(teams)), [style.shorten(t, LABEL_CHARS) for t in teams], fontsize=style.SMALL)
    ax.invert_yaxis()
    ax.set_xlim(0, max(left) * 1.12 + 0.5)  # room for the totals written after the bars
    style.count_axis(ax, "x")
    ax.set_xlabel("Unresolved signals")
    style.title(fig, "Unresolved signals by team and severity", "; ".join(notes))
    style.legend(fig)
    return fig
