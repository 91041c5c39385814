"""The one chart style: type sizes, colours, date and count axes, legends, titles and labels that
fit the size the chart is finally drawn at.

Why layout happens at draw time: a chart is built once (in a worker, at a nominal size) and then
drawn at whatever size its canvas has (328 x 226 px beside a table, 970 px wide above one, the
report's picture). Choices that depend on the size — how many legend columns fit, where a title
wraps, how many date ticks the axis has room for, where end labels and point labels can go —
are therefore made by "fitters" that `ChartFigure.draw` runs with the real renderer, before
(and, for labels placed in data space, after) the constrained layout.

Colours: categories use the Okabe–Ito set (distinguishable with the common colour-vision
deficiencies); status colours are the app's own red/amber/green (tracker.charts), always paired
with a word, a marker or a hatch. The dark window recolours figures in window_scheme.py.

Dates in words follow the window: "1 Feb 2027" (`day`), months "Feb 2026" (`month`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal

from tracker.domain.date_text import day_text, month_text

if TYPE_CHECKING:  # matplotlib is imported where a chart is built: it is slow to import
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.backend_bases import RendererBase
    from matplotlib.legend import Legend
    from matplotlib.text import Annotation, Text

    from tracker.charts.fitting import ChartFigure

# Type sizes in points: body text (axis labels, annotations), small (ticks, legends), titles.
TITLE, BODY, SMALL = 9.5, 8.0, 7.0
TEXT, MUTED, FAINT = "#212121", "#616161", "#9e9e9e"
# Okabe & Ito's colour-blind-safe categories (black left out: it reads as an axis).
CATEGORY = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7f7f7f")


def day(value: dt.date | None) -> str:
    """A date as the window writes it: 1 Feb 2027 (one wording: tracker/domain/date_text.py)."""
    return day_text(value)


def month(value: dt.date) -> str:
    return month_text(value)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis (the table beside has the full text)."""
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def wrap_words(renderer: RendererBase, text: str, size: float, width: float, weight: str = "normal") -> str:
    """`text` broken into lines at spaces so each is at most `width` pixels (existing line
    breaks kept; a single word wider than the width stays whole)."""
    from tracker.charts.fitting import text_width

    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width(renderer, candidate, size, weight) > width:
                out.append(line)
                line = word
            else:
                line = candidate
        out.append(line)
    return "\n".join(out)


def title(fig: ChartFigure, text: str, subtitle: str = "") -> None:
    """The chart's title, top left, wrapped to the figure's width; `subtitle` (smaller, grey)
    under it. Both belong to the figure, so legends and axes are laid out below them."""
    full = text + (f"\n{subtitle}" if subtitle else "")
    artist = fig.suptitle(full, x=0.01, ha="left", fontsize=TITLE, color=TEXT)
    fig.title_artist, fig.title_words = artist, full

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:
        room = figure.bbox.width - 0.02 * figure.bbox.width - 4
        artist.set_text(wrap_words(renderer, figure.title_words, TITLE, room))

    fig.before_layout.append(fit)


def title_text(fig: ChartFigure) -> str:
    """The chart's title and subtitle as written (before wrapping), for tests and screen readers."""
    return fig.title_words


def legend(fig: ChartFigure, handles: Sequence[Artist] | None = None, where: Literal["lower", "upper"] = "lower",
           heading: str | None = None) -> None:
    """A legend outside the data (below the axes by default, or "upper" under the title), with
    as many columns as fit the figure's width at draw time."""
    shown: list[Artist] = []
    if handles is None:
        for ax in fig.axes:
            for h, label in zip(*ax.get_legend_handles_labels()):
                if label not in {x.get_label() for x in shown}:
                    shown.append(h)
    else:
        shown = list(handles)
    if not shown:
        return
    made: Legend | None = None
    fitted_width: float | None = None

    def make(ncols: int) -> Legend:
        nonlocal made
        if made is not None:
            made.remove()
        # The words take the title's colour: a legend made again at draw time must read on the
        # dark window too (window_scheme.py recolours the title, and puts it back for paper).
        colour = fig.title_artist.get_color() if fig.title_artist is not None else TEXT
        loc: Literal["outside lower center", "outside upper center"] = (
            "outside lower center" if where == "lower" else "outside upper center")
        made = fig.legend(handles=shown, loc=loc, ncols=ncols, fontsize=SMALL,
                          frameon=False, columnspacing=1.2, handlelength=1.8, borderaxespad=0.2,
                          title=heading, title_fontsize=SMALL, labelcolor=colour)
        made.get_title().set_color(colour)
        return made

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:
        nonlocal fitted_width
        if fitted_width == figure.bbox.width:
            return  # fitted for this width already
        room = figure.bbox.width - 6
        ncols = len(shown)
        artist = make(ncols)
        while ncols > 1 and artist.get_window_extent(renderer).width > room:
            ncols -= 1
            artist = make(ncols)
        fitted_width = figure.bbox.width

    make(len(shown))
    fig.before_layout.append(fit)


# --------------------------------------------------------------------------- axes
def tidy(ax: Axes) -> None:
    """The look of every plotting area: no box, small grey ticks, a faint horizontal grid."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=SMALL, colors="#757575", labelcolor=TEXT)
    ax.xaxis.label.set_fontsize(BODY)
    ax.yaxis.label.set_fontsize(BODY)


def date_axis(ax: Axes, axis: str = "x") -> None:
    """Dates on `axis`: as many concise labels as fit (see FittingDateLocator)."""
    from tracker.charts.fitting import DayMonthFormatter, FittingDateLocator

    locator = FittingDateLocator(minticks=3, maxticks=8, interval_multiples=True)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(DayMonthFormatter(locator))


def count_axis(ax: Axes, axis: str = "y") -> None:
    """Whole numbers on `axis` (no 0.25 of a signal), with thousands separators."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    target = ax.yaxis if axis == "y" else ax.xaxis
    target.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 2.5, 5, 10], min_n_ticks=1))
    target.set_major_formatter(FuncFormatter(lambda v, _pos: f"{v:,.0f}"))


def spread(wanted: Sequence[float], gap: float, low: float, high: float) -> list[float]:
    """Positions as close to `wanted` as possible, at least `gap` apart, within [low, high]
    (one dimension, in pixels). Order is kept; returns them in the input's order."""
    order = sorted(range(len(wanted)), key=lambda i: wanted[i])
    placed = [min(max(wanted[i], low), high) for i in order]
    for k in range(1, len(placed)):  # push up
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed and placed[-1] > high:  # then back down from the top
        placed[-1] = high
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    out = [0.0] * len(wanted)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def end_labels(ax: Axes, ends: Sequence[tuple[object, float, str]], *, colour: str = MUTED, size: float = SMALL,
               note: Callable[[int, int], None] | None = None) -> None:
    """Names at the right of `ax` for lines ending at (x, y), spread apart so none overlap,
    each joined to its line's end by a thin leader. Labels that do not fit the axes' height
    are left out (the worst first are kept: callers pass them in order of importance), and
    `note(shown, total)` is told how many were shown."""
    from tracker.charts.fitting import figure_of

    artists: list[Annotation] = []
    for x, y, name in ends:
        artists.append(ax.annotate(name, xy=(x, y), xycoords="data", xytext=(1.01, 0.5),
                                   textcoords="axes fraction", fontsize=size, color=colour, va="center",
                                   ha="left", annotation_clip=False,
                                   arrowprops={"arrowstyle": "-", "color": FAINT, "lw": 0.6, "alpha": 0.6,
                                               "linestyle": (0, (1, 1.5)),
                                               "shrinkA": 1, "shrinkB": 1}))

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:
        box = ax.get_window_extent(renderer)
        gap = size * figure.dpi / 72 * 1.25
        fits = max(1, int(box.height // gap))
        for k, artist in enumerate(artists):
            artist.set_visible(k < fits)
        shown = artists[:fits]
        if not shown:
            return
        # Only the height of each line's end matters: x in axes units, y in data (no date units).
        to_pixels = ax.get_yaxis_transform().transform
        wanted = [float(to_pixels((0.0, a.xy[1]))[1]) for a in shown]
        ys = spread(wanted, gap, box.y0 + gap / 2, box.y1 - gap / 2)
        for artist, y in zip(shown, ys):
            artist.xyann = (1.01, (y - box.y0) / box.height)  # x as laid out: room was kept for it
        if note is not None:
            note(len(shown), len(artists))

    figure_of(ax).after_layout.append(fit)


def fit_rows(ax: Axes, rows: int, *, row_px: float = 13.0, note: Callable[[int, int], None] | None = None) -> None:
    """Show as many of `rows` categories (drawn at y = 0, 1, … top down) as the axes' height
    holds at `row_px` each, the first ones first; `note(shown, rows)` is told how many."""
    from tracker.charts.fitting import figure_of

    ax.set_ylim(rows - 0.5, -0.5)

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:
        room = ax.get_window_extent(renderer).height
        shown = max(1, min(rows, int(room // (row_px * figure.dpi / 100))))
        ax.set_ylim(shown - 0.5, -0.5)
        if note is not None:
            note(shown, rows)

    figure_of(ax).after_layout.append(fit)


def rows_note(fig: ChartFigure, what: str) -> Callable[[int, int], None]:
    """A `note` for fit_rows that writes "N of M <what>" (or "all M <what>") as the title's last
    line; the title must have been given a subtitle of that form (it holds the line's place in
    the layout, which is done when the note is written)."""
    def note(shown: int, total: int) -> None:
        artist = fig.title_artist
        if artist is None:
            raise ValueError("rows_note needs a title with a subtitle (style.title)")
        head = artist.get_text().rsplit("\n", 1)[0]
        artist.set_text(f"{head}\n" + (f"all {total:,} {what}" if shown == total else f"{shown} of {total:,} {what}"))
    return note


def point_labels(ax: Axes, points: Sequence[tuple[float, float]], names: Sequence[str], *, size: float = SMALL,
                 marker_px: float = 7.0, avoid: Sequence[Text] = (),
                 on_hidden: Callable[[int, RendererBase], None] | None = None, zorder: float = 3) -> list[Text]:
    """Labels beside scatter points, placed at draw time where they cover no other label, no
    marker and none of the `avoid` texts, inside the axes; a label with no free place is left
    out (callers list points in order of importance, and say where the full list is), and
    `on_hidden(count, renderer)` is told how many were left out."""
    from tracker.charts.fitting import figure_of

    artists = [ax.text(x, y, name, fontsize=size, va="bottom", ha="left", in_layout=False, zorder=zorder)
               for (x, y), name in zip(points, names)]

    def fit(figure: ChartFigure, renderer: RendererBase) -> None:
        from tracker.charts.fitting import text_width

        frame = ax.get_window_extent(renderer)
        scale = figure.dpi / 72
        height = size * scale * 1.25
        gap = 2 * scale
        centres = [ax.transData.transform(p) for p in points]
        taken: list[tuple[float, ...]] = [(cx - marker_px, cy - marker_px, cx + marker_px, cy + marker_px) for cx, cy in centres]
        taken += [tuple(t.get_window_extent(renderer).extents) for t in avoid if t.get_visible()]
        hidden = 0
        for artist, (cx, cy), name in zip(artists, centres, names):
            width = text_width(renderer, name, size) + 2 * gap
            spots = [(cx + marker_px, cy + 1), (cx - marker_px - width, cy + 1),
                     (cx + marker_px, cy - height - 1), (cx - marker_px - width, cy - height - 1),
                     (cx - width / 2, cy + marker_px), (cx - width / 2, cy - marker_px - height),
                     (cx + marker_px, cy + height), (cx - marker_px - width, cy + height),
                     (cx + marker_px, cy - 2 * height), (cx - marker_px - width, cy - 2 * height)]
            for x0, y0 in spots:
                box = (x0, y0, x0 + width, y0 + height)
                inside = frame.x0 <= box[0] and box[2] <= frame.x1 and frame.y0 <= box[1] and box[3] <= frame.y1
                if inside and all(box[2] <= b[0] or box[0] >= b[2] or box[3] <= b[1] or box[1] >= b[3]
                                  for b in taken):
                    taken.append(box)
                    x, y = ax.transData.inverted().transform((x0 + gap, y0 + 0.15 * height))
                    artist.set_position((float(x), float(y)))
                    artist.set_visible(True)
                    break
            else:
                artist.set_visible(False)
                hidden += 1
        if on_hidden is not None:
            on_hidden(hidden, renderer)

    figure_of(ax).after_layout.append(fit)
    return artists
