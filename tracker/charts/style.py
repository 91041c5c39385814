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

from tracker.domain.date_text import day_text, month_text

# Type sizes in points: body text (axis labels, annotations), small (ticks, legends), titles.
TITLE, BODY, SMALL = 9.5, 8.0, 7.0
TEXT, MUTED, FAINT = "#212121", "#616161", "#9e9e9e"
# Okabe & Ito's colour-blind-safe categories (black left out: it reads as an axis).
CATEGORY = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#7f7f7f")


def day(value: dt.date) -> str:
    """A date as the window writes it: 1 Feb 2027 (one wording: tracker/domain/date_text.py)."""
    return day_text(value)


def month(value: dt.date) -> str:
    return month_text(value)


def shorten(text: str, limit: int) -> str:
    """`text` cut to `limit` characters with an ellipsis (the table beside has the full text)."""
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def wrap_words(renderer, text: str, size: float, width: float, weight: str = "normal") -> str:
    """`text` broken into lines at spaces so each is at most `width` pixels (existing line
    breaks kept; a single word wider than the width stays whole)."""
    from tracker.charts.fitting import text_width

    out = []
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


def title(fig, text: str, subtitle: str = "") -> None:
    """The chart's title, top left, wrapped to the figure's width; `subtitle` (smaller, grey)
    under it. Both belong to the figure, so legends and axes are laid out below them."""
    full = text + (f"\n{subtitle}" if subtitle else "")
    artist = fig.suptitle(full, x=0.01, ha="left", fontsize=TITLE, color=TEXT)
    artist.full_text = full

    def fit(figure, renderer):
        room = figure.bbox.width - 0.02 * figure.bbox.width - 4
        artist.set_text(wrap_words(renderer, artist.full_text, TITLE, room))

    fig.before_layout.append(fit)


def title_text(fig) -> str:
    """The chart's title and subtitle as written (before wrapping), for tests and screen readers."""
    artist = getattr(fig, "_suptitle", None)
    return getattr(artist, "full_text", artist.get_text() if artist is not None else "")


def legend(fig, handles: Sequence | None = None, where: str = "lower", heading: str | None = None) -> None:
    """A legend outside the data (below the axes by default, or "upper" under the title), with
    as many columns as fit the figure's width at draw time."""
    if handles is None:
        handles = []
        for ax in fig.axes:
            for h, label in zip(*ax.get_legend_handles_labels()):
                if label not in {x.get_label() for x in handles}:
                    handles.append(h)
    if not handles:
        return
    handles = list(handles)
    state = {"ncols": len(handles), "artist": None, "width": None}

    def make(ncols):
        if state["artist"] is not None:
            state["artist"].remove()
        # The words take the title's colour: a legend made again at draw time must read on the
        # dark window too (window_scheme.py recolours the title, and puts it back for paper).
        title_artist = getattr(fig, "_suptitle", None)
        colour = title_artist.get_color() if title_artist is not None else TEXT
        made = fig.legend(handles=handles, loc=f"outside {where} center", ncols=ncols, fontsize=SMALL,
                          frameon=False, columnspacing=1.2, handlelength=1.8, borderaxespad=0.2,
                          title=heading, title_fontsize=SMALL, labelcolor=colour)
        made.get_title().set_color(colour)
        state["artist"], state["ncols"] = made, ncols

    def fit(figure, renderer):
        if state["width"] == figure.bbox.width:
            return  # fitted for this width already
        room = figure.bbox.width - 6
        ncols = len(handles)
        make(ncols)
        while ncols > 1 and state["artist"].get_window_extent(renderer).width > room:
            ncols -= 1
            make(ncols)
        state["width"] = figure.bbox.width

    make(len(handles))
    fig.before_layout.append(fit)


# --------------------------------------------------------------------------- axes
def tidy(ax) -> None:
    """The look of every plotting area: no box, small grey ticks, a faint horizontal grid."""
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=SMALL, colors="#757575", labelcolor=TEXT)
    ax.xaxis.label.set_size(BODY)
    ax.yaxis.label.set_size(BODY)


def date_axis(ax, axis: str = "x") -> None:
    """Dates on `axis`: as many concise labels as fit (see FittingDateLocator)."""
    from tracker.charts.fitting import DayMonthFormatter, FittingDateLocator

    locator = FittingDateLocator(minticks=3, maxticks=8, interval_multiples=True)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(DayMonthFormatter(locator))


def count_axis(ax, axis: str = "y") -> None:
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


def end_labels(ax, ends: Sequence[tuple[object, float, str]], *, colour: str = MUTED, size: float = SMALL,
               note: Callable[[int, int], None] | None = None) -> None:
    """Names at the right of `ax` for lines ending at (x, y), spread apart so none overlap,
    each joined to its line's end by a thin leader. Labels that do not fit the axes' height
    are left out (the worst first are kept: callers pass them in order of importance), and
    `note(shown, total)` is told how many were shown."""
    artists = []
    for x, y, name in ends:
        artists.append(ax.annotate(name, xy=(x, y), xycoords="data", xytext=(1.01, 0.5),
                                   textcoords="axes fraction", fontsize=size, color=colour, va="center",
                                   ha="left", annotation_clip=False,
                                   arrowprops={"arrowstyle": "-", "color": FAINT, "lw": 0.6, "alpha": 0.6,
                                               "linestyle": (0, (1, 1.5)),
                                               "shrinkA": 1, "shrinkB": 1}))

    def fit(figure, renderer):
        box = ax.get_window_extent(renderer)
        gap = size * figure.dpi / 72 * 1.25
        fits = max(1, int(box.height // gap))
        for k, artist in enumerate(artists):
            artist.set_visible(k < fits)
        shown = artists[:fits]
        if not shown:
            return
        to_pixels = ax.transData.transform
        wanted = [to_pixels((ax.convert_xunits(a.xy[0]), a.xy[1]))[1] for a in shown]
        ys = spread(wanted, gap, box.y0 + gap / 2, box.y1 - gap / 2)
        for artist, y in zip(shown, ys):
            artist.xyann = (1.01, (y - box.y0) / box.height)  # x as laid out: room was kept for it
        if note is not None:
            note(len(shown), len(artists))

    ax.figure.after_layout.append(fit)


def fit_rows(ax, rows: int, *, row_px: float = 13.0, note: Callable[[int, int], None] | None = None) -> None:
    """Show as many of `rows` categories (drawn at y = 0, 1, … top down) as the axes' height
    holds at `row_px` each, the first ones first; `note(shown, rows)` is told how many."""
    ax.set_ylim(rows - 0.5, -0.5)

    def fit(figure, renderer):
        room = ax.get_window_extent(renderer).height
        shown = max(1, min(rows, int(room // (row_px * figure.dpi / 100))))
        ax.set_ylim(shown - 0.5, -0.5)
        if note is not None:
            note(shown, rows)

    ax.figure.after_layout.append(fit)


def rows_note(fig, what: str) -> Callable[[int, int], None]:
    """A `note` for fit_rows that writes "N of M <what>" (or "all M <what>") as the title's last
    line; the title must have been given a subtitle of that form (it holds the line's place in
    the layout, which is done when the note is written)."""
    def note(shown: int, total: int) -> None:
        artist = fig._suptitle
        head = artist.get_text().rsplit("\n", 1)[0]
        artist.set_text(f"{head}\n" + (f"all {total:,} {what}" if shown == total else f"{shown} of {total:,} {what}"))
    return note


def point_labels(ax, points: Sequence[tuple[float, float]], names: Sequence[str], *, size: float = SMALL,
                 marker_px: float = 7.0, avoid: Sequence = (), on_hidden: Callable | None = None,
                 **text_kwargs) -> list:
    """Labels beside scatter points, placed at draw time where they cover no other label, no
    marker and none of the `avoid` texts, inside the axes; a label with no free place is left
    out (callers list points in order of importance, and say where the full list is), and
    `on_hidden(count, renderer)` is told how many were left out."""
    artists = [ax.text(x, y, name, fontsize=size, va="bottom", ha="left", in_layout=False, **text_kwargs)
               for (x, y), name in zip(points, names)]

    def fit(figure, renderer):
        from tracker.charts.fitting import text_width

        frame = ax.get_window_extent(renderer)
        scale = figure.dpi / 72
        height = size * scale * 1.25
        gap = 2 * scale
        centres = [ax.transData.transform(p) for p in points]
        taken = [(cx - marker_px, cy - marker_px, cx + marker_px, cy + marker_px) for cx, cy in centres]
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
                    artist.set_position(ax.transData.inverted().transform((x0 + gap, y0 + 0.15 * height)))
                    artist.set_visible(True)
                    break
            else:
                artist.set_visible(False)
                hidden += 1
        if on_hidden is not None:
            on_hidden(hidden, renderer)

    ax.figure.after_layout.append(fit)
    return artists
